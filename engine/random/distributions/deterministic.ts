import { requireFinite } from './check.js';
import type { Sampler } from './sampler.js';

/** Always `value`; takes no source, so it consumes no random numbers. */
export function deterministic(value: number): Sampler {
  requireFinite('deterministic', 'value', value);
  return () => value;
}
