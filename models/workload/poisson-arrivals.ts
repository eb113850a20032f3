import type { RandomSource } from '../../engine/random/random-source.js';
import { exponential } from '../../engine/random/distributions/index.js';
import { requireRate, requireStartTime, type ArrivalProcess } from './arrival-process.js';

/** Poisson arrivals: exponential inter-arrival times with mean 1 / ratePerS. */
export interface PoissonArrivalSpec {
  kind: 'poisson';
  /** requests per second (0: no arrivals) */
  ratePerS: number;
}

export function poissonArrivals(spec: PoissonArrivalSpec, source: RandomSource): ArrivalProcess {
  requireRate('poisson.ratePerS', spec.ratePerS);
  if (spec.ratePerS === 0) return { nextArrivalS: () => Infinity };
  const gapS = exponential(source, spec.ratePerS);
  let lastS = NaN;
  return {
    nextArrivalS(nowS: number): number {
      if (Number.isNaN(lastS)) {
        requireStartTime(nowS);
        lastS = nowS;
      }
      lastS += gapS();
      return lastS;
    },
  };
}
