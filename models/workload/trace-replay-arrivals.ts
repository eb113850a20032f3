import { requireRate, requireStartTime, type ArrivalProcess } from './arrival-process.js';

/**
 * Replays recorded arrival times: arrival i comes at start + timesS[i] / speedup, where start is the
 * time of the first `nextArrivalS` call. Deterministic: it draws no random numbers.
 */
export interface TraceReplayArrivalSpec {
  kind: 'trace-replay';
  /** arrival offsets in seconds from the start, non-decreasing, ≥ 0 (a parsed trace's timesS); not copied */
  timesS: Float64Array | readonly number[];
  /**
   * replay the trace again and again (default false: exhausted after the last request). One loop
   * lasts the trace's span plus one mean inter-arrival time, span · n / (n − 1), so the seam between
   * loops looks like an ordinary gap.
   */
  loop?: boolean;
  /** time compression, > 0 (default 1): 2 replays the trace twice as fast, at twice the rate */
  speedup?: number;
}

export function traceReplayArrivals(spec: TraceReplayArrivalSpec): ArrivalProcess {
  const { timesS, loop, speedup } = checkedTraceReplay(spec);
  const n = timesS.length;
  const loopS = loop ? traceLoopS(timesS) : Infinity;
  let index = -1;
  let loopStartS = NaN;
  return {
    nextArrivalS(nowS: number): number {
      if (index < 0) {
        requireStartTime(nowS);
        loopStartS = nowS;
      }
      index++;
      if (index === n) {
        if (!loop) {
          index = n - 1; // stay exhausted
          return Infinity;
        }
        index = 0;
        loopStartS += loopS / speedup;
      }
      return loopStartS + timesS[index] / speedup;
    },
  };
}

/** The long-run rate while the trace plays, requests per second: n / loop length · speedup. */
export function traceReplayMeanRatePerS(spec: TraceReplayArrivalSpec): number {
  const { timesS, speedup } = checkedTraceReplay(spec);
  return (timesS.length / traceLoopS(timesS)) * speedup;
}

function checkedTraceReplay(spec: TraceReplayArrivalSpec): {
  timesS: Float64Array | readonly number[];
  loop: boolean;
  speedup: number;
} {
  const timesS = spec.timesS;
  if (timesS == null || typeof timesS.length !== 'number' || timesS.length === 0) {
    throw new RangeError('trace-replay.timesS must be a non-empty list of times');
  }
  let previous = 0;
  for (let i = 0; i < timesS.length; i++) {
    const t = timesS[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < previous) {
      throw new RangeError(
        `trace-replay.timesS[${i}] must be a finite time ≥ ${i === 0 ? '0' : `timesS[${i - 1}] (${previous})`}, got ${t}`,
      );
    }
    previous = t;
  }
  const speedup = spec.speedup ?? 1;
  requireRate('trace-replay.speedup', speedup, true);
  const loop = spec.loop ?? false;
  if (loop) traceLoopS(timesS);
  return { timesS, loop, speedup };
}

/** Span · n / (n − 1): the span plus one mean gap. Undefined for a trace spanning no time. */
function traceLoopS(timesS: Float64Array | readonly number[]): number {
  const n = timesS.length;
  const spanS = timesS[n - 1] - timesS[0];
  if (!(spanS > 0)) {
    throw new RangeError('trace-replay: a trace whose requests all arrive at one time has no rate and cannot loop');
  }
  return (spanS * n) / (n - 1);
}
