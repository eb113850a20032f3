import type { RandomSource } from '../random-source.js';
import { requireFiniteList } from './check.js';
import type { Sampler } from './sampler.js';

export interface EmpiricalOptions {
  /**
   * false (default): resample the observed values, each with probability 1/n.
   * true: draw from the piecewise-linear inverse CDF through the order statistics, x₍ᵢ₎ at
   * quantile i/(n − 1): a continuous distribution on [min, max] of the samples.
   */
  interpolate?: boolean;
}

/**
 * The empirical distribution of `samples` (copied, so later changes to the array do not leak in).
 * Values are sorted, so each draw is monotone in its uniform, which keeps common random numbers
 * aligned across runs that differ only in other streams.
 */
export function empirical(
  source: RandomSource,
  samples: ArrayLike<number>,
  options: EmpiricalOptions = {},
): Sampler {
  requireFiniteList('empirical', 'samples', samples);
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (!options.interpolate || n === 1) {
    return () => sorted[Math.floor(source.next() * n)];
  }
  const last = n - 1;
  return () => {
    const position = source.next() * last; // < last, so i + 1 ≤ last
    const i = Math.floor(position);
    const below = sorted[i];
    return below + (position - i) * (sorted[i + 1] - below);
  };
}
