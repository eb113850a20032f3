import type { RandomSource } from '../random-source.js';
import { requireProbability } from './check.js';
import type { Sampler } from './sampler.js';

/** 1 with probability p, else 0. */
export function bernoulli(source: RandomSource, p: number): Sampler {
  requireProbability('bernoulli', 'p', p, true);
  return () => (source.next() < p ? 1 : 0);
}
