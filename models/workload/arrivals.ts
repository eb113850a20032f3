import type { RandomSource } from '../../engine/random/random-source.js';
import type { ArrivalProcess } from './arrival-process.js';
import { dailyCycleArrivals, dailyCycleRate, type DailyCycleArrivalSpec } from './daily-cycle-arrivals.js';
import { gammaRenewalArrivals, type GammaRenewalArrivalSpec } from './gamma-renewal-arrivals.js';
import { mmppArrivals, mmppMeanRatePerS, type MmppArrivalSpec } from './mmpp-arrivals.js';
import { poissonArrivals, type PoissonArrivalSpec } from './poisson-arrivals.js';
import { traceReplayArrivals, traceReplayMeanRatePerS, type TraceReplayArrivalSpec } from './trace-replay-arrivals.js';

/** How requests of one tier arrive: plain data, chosen by `kind`. */
export type ArrivalSpec =
  | PoissonArrivalSpec
  | GammaRenewalArrivalSpec
  | DailyCycleArrivalSpec
  | MmppArrivalSpec
  | TraceReplayArrivalSpec;

export type ArrivalKind = ArrivalSpec['kind'];

/** The process a spec describes, drawing from `source` (its own stream: one per tier's arrivals). */
export function createArrivalProcess(spec: ArrivalSpec, source: RandomSource): ArrivalProcess {
  switch (spec.kind) {
    case 'poisson':
      return poissonArrivals(spec, source);
    case 'gamma':
      return gammaRenewalArrivals(spec, source);
    case 'daily-cycle':
      return dailyCycleArrivals(spec, source);
    case 'mmpp':
      return mmppArrivals(spec, source);
    case 'trace-replay':
      return traceReplayArrivals(spec);
    default:
      return unknownKind(spec);
  }
}

/**
 * The long-run mean arrival rate, requests per second. For a daily cycle, the mean over a week; for
 * a trace replay, the rate while the trace plays (a replay without `loop` stops after its last request).
 */
export function meanRatePerS(spec: ArrivalSpec): number {
  switch (spec.kind) {
    case 'poisson':
    case 'gamma':
      return spec.ratePerS;
    case 'daily-cycle':
      return spec.meanRatePerS;
    case 'mmpp':
      return mmppMeanRatePerS(spec);
    case 'trace-replay':
      return traceReplayMeanRatePerS(spec);
    default:
      return unknownKind(spec);
  }
}

/**
 * The mean rate expected over [fromS, toS], requests per second, as a function of the span: what a
 * policy planning the next interval can know of the demand. A daily cycle's profile is averaged over
 * the span (composite Simpson's rule on 64 panels: the profile is a smooth cosine within a day, so this
 * is exact to ~1e-9 except across a weekday/weekend midnight); every other kind gives its long-run mean
 * (an MMPP's hidden state and a trace's coming rows are not something a planner knows).
 */
export function expectedRate(spec: ArrivalSpec): (fromS: number, toS: number) => number {
  if (spec.kind !== 'daily-cycle') {
    const mean = meanRatePerS(spec);
    return () => mean;
  }
  const rate = dailyCycleRate(spec);
  const panels = 64;
  return (fromS, toS) => {
    if (!(toS > fromS)) return rate(fromS);
    const h = (toS - fromS) / panels;
    let sum = rate(fromS) + rate(toS);
    for (let k = 1; k < panels; k++) sum += (k % 2 === 1 ? 4 : 2) * rate(fromS + k * h);
    return (sum * h) / 3 / (toS - fromS);
  };
}

/**
 * The same process with every rate multiplied by `factor`, so its mean rate is factor × the
 * original's; its shape (cv, daily profile, burst and gap lengths) is unchanged. A trace replay is
 * sped up by `factor` instead, which compresses its times, so it must be > 0.
 */
export function scaleSpec<S extends ArrivalSpec>(spec: S, factor: number): S {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`scaleSpec: factor must be a finite number ≥ 0, got ${factor}`);
  }
  const s: ArrivalSpec = spec;
  switch (s.kind) {
    case 'poisson':
    case 'gamma':
      return { ...spec, ratePerS: s.ratePerS * factor };
    case 'daily-cycle':
      return { ...spec, meanRatePerS: s.meanRatePerS * factor };
    case 'mmpp':
      return { ...spec, baseRatePerS: s.baseRatePerS * factor, burstRatePerS: s.burstRatePerS * factor };
    case 'trace-replay':
      if (factor === 0) throw new RangeError('scaleSpec: a trace replay cannot be scaled by 0 (its speedup must be > 0)');
      return { ...spec, speedup: (s.speedup ?? 1) * factor };
    default:
      return unknownKind(s);
  }
}

/** The same process scaled to a mean rate of `ratePerS` (e.g. a fraction of a pool's capacity). */
export function specWithMeanRate<S extends ArrivalSpec>(spec: S, ratePerS: number): S {
  if (typeof ratePerS !== 'number' || !Number.isFinite(ratePerS) || ratePerS < 0) {
    throw new RangeError(`specWithMeanRate: ratePerS must be a finite number ≥ 0, got ${ratePerS}`);
  }
  const current = meanRatePerS(spec);
  if (!(current > 0)) {
    throw new RangeError(`specWithMeanRate: a ${spec.kind} spec with mean rate ${current} cannot be scaled to ${ratePerS}/s`);
  }
  return scaleSpec(spec, ratePerS / current);
}

function unknownKind(spec: never): never {
  throw new RangeError(`unknown arrival process kind ${JSON.stringify((spec as { kind?: unknown }).kind)}`);
}
