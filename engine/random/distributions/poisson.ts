import type { RandomSource } from '../random-source.js';
import { requireNonNegative } from './check.js';
import type { Sampler } from './sampler.js';
import { logFactorial } from './special-functions.js';

/** Below this mean, sequential inversion (~mean + 1 steps); from it on, Hörmann's PTRS. */
const PTRS_MIN_MEAN = 10;

/**
 * Poisson with the given mean. Both methods are exact in distribution:
 * - mean < 10: inversion by sequential search from 0, one uniform a draw;
 * - mean ≥ 10: PTRS, transformed rejection with squeeze (Hörmann 1993, "The transformed rejection
 *   method for generating Poisson random variables"), ~1.1 pairs of uniforms a draw at any mean.
 */
export function poisson(source: RandomSource, mean: number): Sampler {
  requireNonNegative('poisson', 'mean', mean);
  return mean < PTRS_MIN_MEAN ? poissonByInversion(source, mean) : poissonByPtrs(source, mean);
}

function poissonByInversion(source: RandomSource, mean: number): Sampler {
  const probabilityOfZero = Math.exp(-mean);
  return () => {
    const u = source.next();
    let k = 0;
    let probability = probabilityOfZero;
    let cumulative = probability;
    // `probability > 0` only guards against a source that breaks its [0, 1) contract.
    while (u >= cumulative && probability > 0) {
      k++;
      probability *= mean / k;
      cumulative += probability;
    }
    return k;
  };
}

function poissonByPtrs(source: RandomSource, mean: number): Sampler {
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  return () => {
    for (;;) {
      const u = source.next() - 0.5;
      const v = source.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b) <=
        -mean + k * logMean - logFactorial(k)
      ) {
        return k;
      }
    }
  };
}
