// Reference CDFs and PMFs for the distribution tests, written independently of engine/random
// (different algorithms from the engine's special functions, so a shared bug cannot hide).

// Stirling-series coefficients B₂ₖ / (2k(2k − 1)) for ln Γ.
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

/** ln Γ(x) for x > 0: shift up to x ≥ 10 by Γ(x + 1) = xΓ(x), then Stirling's series. */
export function lnGamma(x: number): number {
  let shiftLog = 0;
  let y = x;
  while (y < 10) {
    shiftLog += Math.log(y);
    y += 1;
  }
  const inverse2 = 1 / (y * y);
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inverse2 + STIRLING[k];
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series / y - shiftLog;
}

/** The regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a) (Numerical Recipes §6.2). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** The upper complement Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * prefactor(a, x);
}

function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return prefactor(a, x) * h;
}

/** Φ through erf(t) = P(1/2, t²). */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  const z = (x - mean) / sd;
  const half = 0.5 * regularizedGammaQ(0.5, (z * z) / 2); // P(Z > |z|)
  return z < 0 ? half : 1 - half;
}

export function exponentialCdf(x: number, rate: number): number {
  return x <= 0 ? 0 : -Math.expm1(-rate * x);
}

export function uniformCdf(x: number, min: number, max: number): number {
  return x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min);
}

export function lognormalCdf(x: number, mu: number, sigma: number): number {
  return x <= 0 ? 0 : normalCdf(Math.log(x), mu, sigma);
}

export function gammaCdf(x: number, shape: number, scale: number): number {
  return regularizedGammaP(shape, x / scale);
}

export function weibullCdf(x: number, shape: number, scale: number): number {
  return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape));
}

export function boundedParetoCdf(x: number, alpha: number, lower: number, upper: number): number {
  if (x <= lower) return 0;
  if (x >= upper) return 1;
  return (1 - Math.pow(lower / x, alpha)) / (1 - Math.pow(lower / upper, alpha));
}

/** E[X^k] of the bounded Pareto. */
export function boundedParetoRawMoment(k: number, alpha: number, lower: number, upper: number): number {
  const normaliser = 1 - Math.pow(lower / upper, alpha);
  const integral =
    k === alpha
      ? Math.log(upper / lower)
      : (Math.pow(upper, k - alpha) - Math.pow(lower, k - alpha)) / (k - alpha);
  return (alpha * Math.pow(lower, alpha) * integral) / normaliser;
}

export function poissonPmf(k: number, mean: number): number {
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mean) - mean - lnGamma(k + 1));
}

export function geometricPmf(k: number, p: number): number {
  return p * Math.pow(1 - p, k);
}

/** The CDF of the piecewise-linear interpolation through sorted values at quantiles i/(n − 1). */
export function interpolatedEmpiricalCdf(x: number, sorted: ArrayLike<number>): number {
  const last = sorted.length - 1;
  if (x < sorted[0]) return 0;
  if (x >= sorted[last]) return 1;
  // Find the last i with sorted[i] ≤ x.
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= x) low = mid;
    else high = mid;
  }
  return (low + (x - sorted[low]) / (sorted[low + 1] - sorted[low])) / last;
}

/** Central moments (variance, fourth) from raw moments E[X], E[X²], E[X³], E[X⁴]. */
export function centralFromRaw(raw: readonly [number, number, number, number]): {
  mean: number;
  variance: number;
  fourthCentral: number;
} {
  const [m1, m2, m3, m4] = raw;
  return {
    mean: m1,
    variance: m2 - m1 * m1,
    fourthCentral: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4,
  };
}
