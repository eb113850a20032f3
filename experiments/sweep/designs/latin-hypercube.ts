import type { RandomSource } from '../../../engine/random/random-source.js';

export interface SampledRange {
  low: number;
  high: number;
  /** log: uniform in log(value), for quantities known only to an order of magnitude (needs low > 0) */
  scale: 'linear' | 'log';
}

/**
 * Latin hypercube sample: `samples` points in which each parameter's range, cut into `samples`
 * equally likely strata, has exactly one point in every stratum, the strata paired across parameters
 * by independent random permutations and each point placed uniformly inside its stratum. Covers each
 * parameter's range evenly with far fewer points than a grid. Draws come from `rng` alone, in a fixed
 * order (per parameter: its permutation, then its jitters), so a seed gives the same design anywhere.
 */
export function latinHypercubeDesign(ranges: readonly SampledRange[], samples: number, rng: RandomSource): number[][] {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be an integer ≥ 1, got ${samples}`);
  const points: number[][] = Array.from({ length: samples }, () => new Array<number>(ranges.length));
  ranges.forEach((range, j) => {
    const strata = permutation(samples, rng);
    for (let i = 0; i < samples; i++) {
      const u = (strata[i] + rng.next()) / samples;
      points[i][j] = fromUnit(range, u);
    }
  });
  return points;
}

/** The value at quantile u ∈ [0, 1) of a range, on its scale (kept inside [low, high] despite rounding). */
export function fromUnit(range: SampledRange, u: number): number {
  const { low, high } = range;
  const value = range.scale === 'log' ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
  return Math.min(Math.max(value, Math.min(low, high)), Math.max(low, high));
}

/** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
function permutation(n: number, rng: RandomSource): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
