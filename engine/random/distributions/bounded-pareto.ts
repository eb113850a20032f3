import type { RandomSource } from '../random-source.js';
import { requireGreater, requirePositive } from './check.js';
import type { Sampler } from './sampler.js';

/**
 * Pareto with tail index `alpha` restricted to [lower, upper]:
 * CDF (1 − (lower/x)^alpha) / (1 − (lower/upper)^alpha), sampled by inverting it.
 */
export function boundedPareto(source: RandomSource, alpha: number, lower: number, upper: number): Sampler {
  requirePositive('boundedPareto', 'alpha', alpha);
  requirePositive('boundedPareto', 'lower', lower);
  requireGreater('boundedPareto', 'upper', upper, 'lower', lower);
  const massBelowUpper = 1 - Math.pow(lower / upper, alpha);
  const exponent = -1 / alpha;
  // Rounding near u → 1 could land an ulp above `upper`; the clamp keeps the support exact.
  return () => Math.min(upper, lower * Math.pow(1 - source.next() * massBelowUpper, exponent));
}
