import type { RandomSource } from '../../engine/random/random-source.js';

/**
 * Inline service and inter-arrival samplers for the validation tests. They deliberately do not use
 * the engine's distributions: the queueing checks must stand on their own, so a bug in a
 * distribution cannot hide (or cause) a bug in the kernel check.
 */

/** Draws one variate (seconds). */
export type Sampler = () => number;

/** A sampler together with the moments the closed forms need. */
export interface ServiceLaw {
  sample: Sampler;
  meanS: number;
  /** E[S²] */
  secondMomentS2: number;
}

/** Exponential with the given mean, by inversion. 1 − u lies in (0, 1], so the log is finite. */
export function exponential(source: RandomSource, meanS: number): ServiceLaw {
  return {
    sample: () => -meanS * Math.log(1 - source.next()),
    meanS,
    secondMomentS2: 2 * meanS * meanS,
  };
}

/** Always `valueS`. */
export function deterministic(valueS: number): ServiceLaw {
  return { sample: () => valueS, meanS: valueS, secondMomentS2: valueS * valueS };
}

/**
 * Two-phase hyperexponential with balanced means (p₁/μ₁ = p₂/μ₂ = mean/2) and squared coefficient of
 * variation `scv` > 1: p₁ = (1 + √((scv − 1)/(scv + 1)))/2, μᵢ = 2pᵢ/mean, so E[S²] = (1 + scv)·mean².
 */
export function hyperexponential(source: RandomSource, meanS: number, scv: number): ServiceLaw {
  if (!(scv > 1)) throw new RangeError(`a hyperexponential needs scv > 1, got ${scv}`);
  const p1 = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const mean1 = meanS / (2 * p1);
  const mean2 = meanS / (2 * (1 - p1));
  return {
    sample: () => -(source.next() < p1 ? mean1 : mean2) * Math.log(1 - source.next()),
    meanS,
    secondMomentS2: (1 + scv) * meanS * meanS,
  };
}
