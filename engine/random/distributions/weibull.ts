import type { RandomSource } from '../random-source.js';
import { requirePositive } from './check.js';
import type { Sampler } from './sampler.js';

/** Weibull with `shape` k and `scale` λ: CDF 1 − exp(−(x/λ)^k), by inversion. */
export function weibull(source: RandomSource, shape: number, scale: number): Sampler {
  requirePositive('weibull', 'shape', shape);
  requirePositive('weibull', 'scale', scale);
  const inverseShape = 1 / shape;
  // 0 − ln(1 − u) is a unit exponential: finite for u in [0, 1), and +0 (not −0) at u = 0.
  return () => scale * Math.pow(0 - Math.log(1 - source.next()), inverseShape);
}
