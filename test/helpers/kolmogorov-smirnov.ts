/**
 * √n·D above which a one-sample Kolmogorov–Smirnov test rejects at α = 0.001 (asymptotic
 * Kolmogorov distribution: P(K > 1.9495) = 0.001).
 */
export const KS_CRITICAL_ALPHA_0_001 = 1.95;

/**
 * The one-sample KS statistic D = sup |F̂ₙ(x) − F(x)| of `samples` against a continuous `cdf`.
 * Sorts a copy of the samples.
 */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}
