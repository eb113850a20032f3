import type { RandomSource } from '../random-source.js';
import { requireFinite, requirePositive } from './check.js';
import type { Sampler } from './sampler.js';

/**
 * Standard normal by Marsaglia's polar method. Each accepted pair of uniforms yields two
 * independent variates; the second is kept and returned by the next call.
 */
export function standardNormal(source: RandomSource): Sampler {
  // A typed-array cell, not a `let`: V8 boxes a double stored in a closure variable, which would
  // allocate on every other draw.
  const spare = new Float64Array(1);
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0];
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * source.next() - 1;
      y = 2 * source.next() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare[0] = y * factor;
    hasSpare = true;
    return x * factor;
  };
}

/** Normal with mean `mean` and standard deviation `sd`. */
export function normal(source: RandomSource, mean: number, sd: number): Sampler {
  requireFinite('normal', 'mean', mean);
  requirePositive('normal', 'sd', sd);
  const z = standardNormal(source);
  return () => mean + sd * z();
}
