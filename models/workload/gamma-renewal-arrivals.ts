import type { RandomSource } from '../../engine/random/random-source.js';
import { gamma } from '../../engine/random/distributions/index.js';
import { SampleBlock } from '../../engine/random/sample-block.js';
import { requireRate, requireStartTime, type ArrivalProcess } from './arrival-process.js';

/**
 * A renewal process with Gamma inter-arrival times of mean 1 / ratePerS and coefficient of variation
 * `cv` (shape 1/cv², scale cv²/ratePerS). cv = 1 is Poisson; cv > 1 is burstier, as production
 * traffic is (BurstGPT; the Azure 2023 code trace has cv ≈ 13); cv < 1 is more regular.
 */
export interface GammaRenewalArrivalSpec {
  kind: 'gamma';
  /** requests per second (0: no arrivals) */
  ratePerS: number;
  /** standard deviation / mean of the inter-arrival time, > 0 */
  cv: number;
}

/**
 * The process starts in equilibrium: the first arrival comes after the residual life of an interval
 * in progress, U · Gamma(k + 1, θ) (the length-biased interval is Gamma(k + 1, θ) and the origin
 * falls uniformly inside it). So counts in any window, including the first, have the long-run mean.
 */
export function gammaRenewalArrivals(spec: GammaRenewalArrivalSpec, source: RandomSource): ArrivalProcess {
  requireRate('gamma.ratePerS', spec.ratePerS);
  requireRate('gamma.cv', spec.cv, true);
  if (spec.ratePerS === 0) return { nextArrivalS: () => Infinity };
  const shape = 1 / (spec.cv * spec.cv);
  const scaleS = (spec.cv * spec.cv) / spec.ratePerS;
  const lengthBiasedGapS = gamma(source, shape + 1, scaleS);
  // Gaps drawn ahead in blocks (the first block once the first arrival has drawn): the same values
  // in the same order, without boxing each one (see SampleBlock).
  const gapsS = new SampleBlock(gamma(source, shape, scaleS));
  let lastS = NaN;
  return {
    nextArrivalS(nowS: number): number {
      if (Number.isNaN(lastS)) {
        requireStartTime(nowS);
        lastS = nowS + source.next() * lengthBiasedGapS();
      } else {
        lastS += gapsS.next();
      }
      return lastS;
    },
  };
}
