import { describe, expect, it } from 'vitest';
import { traceReplayArrivals, traceReplayMeanRatePerS } from '../../../models/workload/trace-replay-arrivals.js';

function drain(process: ReturnType<typeof traceReplayArrivals>, startS: number, count: number): number[] {
  const out: number[] = [];
  let t = process.nextArrivalS(startS);
  for (let i = 0; i < count; i++) {
    out.push(t);
    t = process.nextArrivalS(t);
  }
  return out;
}

describe('traceReplayArrivals', () => {
  const timesS = new Float64Array([0, 0, 1.5, 2, 6]);

  it('reproduces the times from the start, then is exhausted', () => {
    const process = traceReplayArrivals({ kind: 'trace-replay', timesS });
    expect(drain(process, 100, 5)).toEqual([100, 100, 101.5, 102, 106]);
    expect(process.nextArrivalS(106)).toBe(Infinity);
    expect(process.nextArrivalS(106)).toBe(Infinity);
  });

  it('compresses time by speedup', () => {
    const process = traceReplayArrivals({ kind: 'trace-replay', timesS: [0, 1, 3], speedup: 2 });
    expect(drain(process, 0, 3)).toEqual([0, 0.5, 1.5]);
  });

  it('loops with a period of span · n / (n − 1), so the seam is one mean gap', () => {
    const process = traceReplayArrivals({ kind: 'trace-replay', timesS, loop: true });
    const periodS = (6 * 5) / 4; // 7.5
    expect(drain(process, 0, 12)).toEqual([0, 0, 1.5, 2, 6, 7.5, 7.5, 9, 9.5, 13.5, 15, 15]);
    expect(traceReplayMeanRatePerS({ kind: 'trace-replay', timesS, loop: true })).toBeCloseTo(5 / periodS, 12);
    expect(traceReplayMeanRatePerS({ kind: 'trace-replay', timesS, speedup: 3 })).toBeCloseTo((3 * 5) / periodS, 12);
  });

  it('keeps an offset first time on every loop', () => {
    const process = traceReplayArrivals({ kind: 'trace-replay', timesS: [2, 3, 4], loop: true, speedup: 2 });
    // period = span 2 · 3 / 2 = 3 trace seconds = 1.5 s at speedup 2
    expect(drain(process, 10, 6)).toEqual([11, 11.5, 12, 12.5, 13, 13.5]);
  });

  it('rejects unsorted, negative, empty and unloopable traces', () => {
    expect(() => traceReplayArrivals({ kind: 'trace-replay', timesS: [0, 2, 1] })).toThrow(
      /trace-replay.timesS\[2\] must be a finite time ≥ timesS\[1\] \(2\), got 1/,
    );
    expect(() => traceReplayArrivals({ kind: 'trace-replay', timesS: [-1, 2] })).toThrow(/timesS\[0\] must be a finite time ≥ 0/);
    expect(() => traceReplayArrivals({ kind: 'trace-replay', timesS: [] })).toThrow(/non-empty/);
    expect(() => traceReplayArrivals({ kind: 'trace-replay', timesS: [3, 3], loop: true })).toThrow(/cannot loop/);
    expect(() => traceReplayArrivals({ kind: 'trace-replay', timesS: [0, 1], speedup: 0 })).toThrow(/speedup must be a finite number > 0/);
  });
});
