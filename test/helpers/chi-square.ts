import { regularizedGammaQ } from './reference-distributions.js';

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's goodness-of-fit test of integer samples against a PMF on {0, 1, 2, …}. Neighbouring
 * values are pooled left to right until each bin expects ≥ 5 draws; the tail beyond the largest
 * value considered joins the last bin, so the expected probabilities sum to 1.
 */
export function chiSquareGoodnessOfFit(
  samples: ArrayLike<number>,
  pmf: (k: number) => number,
  maxValue: number,
): ChiSquareResult {
  const n = samples.length;
  const counts = new Float64Array(maxValue + 2);
  for (let i = 0; i < n; i++) {
    const k = samples[i];
    if (!Number.isInteger(k) || k < 0) throw new Error(`not a count: ${k}`);
    counts[Math.min(k, maxValue + 1)]++;
  }
  const probabilities = new Float64Array(maxValue + 2);
  let listed = 0;
  for (let k = 0; k <= maxValue; k++) {
    probabilities[k] = pmf(k);
    listed += probabilities[k];
  }
  probabilities[maxValue + 1] = Math.max(0, 1 - listed);

  const observed: number[] = [];
  const expected: number[] = [];
  let binObserved = 0;
  let binExpected = 0;
  for (let k = 0; k < probabilities.length; k++) {
    binObserved += counts[k];
    binExpected += probabilities[k] * n;
    if (binExpected >= 5) {
      observed.push(binObserved);
      expected.push(binExpected);
      binObserved = 0;
      binExpected = 0;
    }
  }
  if (expected.length === 0) throw new Error('no bin expects 5 draws: draw more samples');
  observed[observed.length - 1] += binObserved;
  expected[expected.length - 1] += binExpected;

  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  const degreesOfFreedom = observed.length - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
  return { statistic, degreesOfFreedom, pValue };
}
