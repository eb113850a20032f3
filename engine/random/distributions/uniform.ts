import type { RandomSource } from '../random-source.js';
import { requireFinite, requireGreater } from './check.js';
import type { Sampler } from './sampler.js';

/** Uniform on [min, max). */
export function uniform(source: RandomSource, min: number, max: number): Sampler {
  requireFinite('uniform', 'min', min);
  requireGreater('uniform', 'max', max, 'min', min);
  const width = max - min;
  return () => min + width * source.next();
}
