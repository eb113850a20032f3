import type { RandomSource } from '../../engine/random/random-source.js';
import { requireRate, requireStartTime, type ArrivalProcess } from './arrival-process.js';

/**
 * Bursts: a two-state Markov-modulated Poisson process (see README.md). The process alternates
 * between a gap state (Poisson at baseRatePerS) and a burst state (Poisson at burstRatePerS); it
 * stays in each for an exponential time with mean meanGapS or meanBurstS. Long-run rate:
 *
 *   λ̄ = (baseRatePerS · meanGapS + burstRatePerS · meanBurstS) / (meanGapS + meanBurstS)
 */
export interface MmppArrivalSpec {
  kind: 'mmpp';
  /** requests per second between bursts, ≥ 0 */
  baseRatePerS: number;
  /** requests per second during a burst, ≥ 0 (usually > baseRatePerS) */
  burstRatePerS: number;
  /** mean length of a burst, seconds, > 0 */
  meanBurstS: number;
  /** mean time between bursts, seconds, > 0 */
  meanGapS: number;
}

const GAP = 0;
const BURST = 1;

/**
 * The state switches are found lazily inside `nextArrivalS`: draw the next arrival at the current
 * state's rate; if it falls after the state ends, jump to the switch and draw again in the new state
 * (exact, since both clocks are memoryless). So bursts cost no simulation events. The initial state
 * is drawn from the stationary distribution (burst with probability meanBurstS / (meanBurstS +
 * meanGapS)), so the process is stationary from its start.
 */
export function mmppArrivals(spec: MmppArrivalSpec, source: RandomSource): ArrivalProcess {
  requireRate('mmpp.baseRatePerS', spec.baseRatePerS);
  requireRate('mmpp.burstRatePerS', spec.burstRatePerS);
  requireRate('mmpp.meanBurstS', spec.meanBurstS, true);
  requireRate('mmpp.meanGapS', spec.meanGapS, true);
  if (spec.baseRatePerS === 0 && spec.burstRatePerS === 0) return { nextArrivalS: () => Infinity };
  const meanArrivalGapS = [1 / spec.baseRatePerS, 1 / spec.burstRatePerS]; // Infinity for a silent state
  const meanStayS = [spec.meanGapS, spec.meanBurstS];
  const exponentialS = (meanS: number): number => -Math.log(1 - source.next()) * meanS;

  let state = GAP;
  let stateEndS = NaN;
  let lastS = NaN;
  return {
    nextArrivalS(nowS: number): number {
      if (Number.isNaN(lastS)) {
        requireStartTime(nowS);
        lastS = nowS;
        state = source.next() * (spec.meanBurstS + spec.meanGapS) < spec.meanBurstS ? BURST : GAP;
        stateEndS = nowS + exponentialS(meanStayS[state]);
      }
      let t = lastS;
      for (;;) {
        const meanInterArrivalS = meanArrivalGapS[state];
        const candidateS = meanInterArrivalS === Infinity ? Infinity : t + exponentialS(meanInterArrivalS);
        if (candidateS < stateEndS) {
          lastS = candidateS;
          return candidateS;
        }
        t = stateEndS;
        state = 1 - state;
        stateEndS = t + exponentialS(meanStayS[state]);
      }
    },
  };
}

/** λ̄ of the spec, requests per second. */
export function mmppMeanRatePerS(spec: MmppArrivalSpec): number {
  return (spec.baseRatePerS * spec.meanGapS + spec.burstRatePerS * spec.meanBurstS) / (spec.meanGapS + spec.meanBurstS);
}
