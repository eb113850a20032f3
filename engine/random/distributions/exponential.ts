import type { RandomSource } from '../random-source.js';
import { requirePositive } from './check.js';
import type { Sampler } from './sampler.js';

/** Exponential with rate `ratePerS` (mean 1 / ratePerS), by inversion: one uniform and one log a draw. */
export function exponential(source: RandomSource, ratePerS: number): Sampler {
  requirePositive('exponential', 'ratePerS', ratePerS);
  const meanS = 1 / ratePerS;
  // 1 − u lies in (0, 1], so u = 0 gives 0, never Infinity. `0 − ln` rather than `−ln` makes that
  // 0 positive, not −0; log1p(−u) would too, but costs ~25% more than log here.
  return () => (0 - Math.log(1 - source.next())) * meanS;
}
