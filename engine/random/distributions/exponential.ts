import type { RandomSource } from '../random-source.js';
import { requirePositive } from './check.js';
import type { Sampler } from './sampler.js';

/** Exponential with rate `ratePerS` (mean 1 / ratePerS), by inversion: one uniform and one log a draw. */
export function exponential(source: RandomSource, ratePerS: number): Sampler {
  requirePositive('exponential', 'ratePerS', ratePerS);
  const meanS = 1 / ratePerS;
  // −ln(1 − u) with u in [0, 1) is finite; log1p(−u) computes it and gives +0 (not −0) at u = 0.
  return () => -Math.log1p(-source.next()) * meanS;
}
