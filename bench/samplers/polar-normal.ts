// Reference for `npm run bench -- samplers`: the standard normal by Marsaglia's polar method
// (Marsaglia and Bray 1964), as engine/random/distributions/normal.ts drew it before the ziggurat.
// Kept here only so the benchmark can time the old method beside the new one in the same run.
import type { RandomSource } from '../../engine/random/random-source.js';
import type { Sampler } from '../../engine/random/distributions/sampler.js';

/**
 * Standard normal by the polar method: a point uniform in the unit disc (rejection from the square,
 * 4/π ≈ 1.27 tries) gives two independent normals for one logarithm and one square root. The
 * second is kept for the next call in a one-cell Float64Array, as the old code did: a captured
 * `let` holding a double would be a heap number, and every store would allocate a new one.
 */
export function polarStandardNormal(source: RandomSource): Sampler {
  const spare = new Float64Array(1);
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0];
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * source.next() - 1;
      v = 2 * source.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare[0] = v * m;
    hasSpare = true;
    return u * m;
  };
}

/** Lognormal exp(mu + sigma·Z) with Z from `normalFactory` (engine/random/distributions/lognormal.ts with the normal made a parameter). */
export function lognormalWith(source: RandomSource, mu: number, sigma: number, normalFactory: (source: RandomSource) => Sampler): Sampler {
  const z = normalFactory(source);
  return () => Math.exp(mu + sigma * z());
}
