import { describe, expect, it } from 'vitest';
import {
  createArrivalProcess,
  meanRatePerS,
  scaleSpec,
  specWithMeanRate,
  type ArrivalSpec,
} from '../../../models/workload/arrivals.js';
import { arrivalsUntil, stream } from './statistics.js';

const specs: ArrivalSpec[] = [
  { kind: 'poisson', ratePerS: 4 },
  { kind: 'gamma', ratePerS: 4, cv: 1.5 },
  { kind: 'daily-cycle', meanRatePerS: 4, peakToTroughRatio: 2.5, peakHour: 13, weekendFactor: 0.7, startHour: 9, startDayOfWeek: 'wed' },
  { kind: 'mmpp', baseRatePerS: 2, burstRatePerS: 22, meanBurstS: 5, meanGapS: 45 },
  { kind: 'trace-replay', timesS: [0, 0.1, 0.3, 0.35, 0.9, 1], loop: true },
];

describe('arrival specs', () => {
  it('report their mean rate', () => {
    expect(specs.map(meanRatePerS)).toEqual([4, 4, 4, (2 * 45 + 22 * 5) / 50, 6 / (1 * 6 / 5)]);
  });

  it.each(specs.map((spec) => [spec.kind, spec] as const))('%s: scaleSpec multiplies the mean rate and keeps the shape', (_kind, spec) => {
    const scaled = scaleSpec(spec, 2.5);
    expect(meanRatePerS(scaled)).toBeCloseTo(2.5 * meanRatePerS(spec), 10);
    expect(scaled.kind).toBe(spec.kind);
    if (scaled.kind === 'gamma' && spec.kind === 'gamma') expect(scaled.cv).toBe(spec.cv);
    if (scaled.kind === 'mmpp' && spec.kind === 'mmpp') expect([scaled.meanBurstS, scaled.meanGapS]).toEqual([spec.meanBurstS, spec.meanGapS]);
    expect(spec).not.toBe(scaled); // a new object; the original is untouched
  });

  it.each(specs.map((spec) => [spec.kind, spec] as const))('%s: the process runs at the mean rate of the scaled spec', (kind, spec) => {
    // Over a whole week so the daily cycle averages out; the count's sd is at most a few % here.
    const scaled = specWithMeanRate(spec, 0.05);
    expect(meanRatePerS(scaled)).toBeCloseTo(0.05, 12);
    const durationS = 7 * 86_400;
    const times = arrivalsUntil(createArrivalProcess(scaled, stream(`scaled-${kind}`)), durationS);
    const expected = 0.05 * durationS; // 30,240
    // Long-window count variance = dispersion · mean: 1 for Poisson and the daily cycle, cv² = 2.25 for
    // the gamma renewal, 1 + 2Δλ²r1r2/(r³λ̄) ≈ 1.65 for this MMPP, 0 for the replay. Bound by 2.25.
    expect(Math.abs(times.length - expected)).toBeLessThan(4 * Math.sqrt(2.25 * expected));
  });

  it('rejects a negative factor, a zero factor for a trace, and an unknown kind', () => {
    expect(() => scaleSpec(specs[0], -1)).toThrow(/factor must be a finite number ≥ 0, got -1/);
    expect(scaleSpec(specs[0], 0)).toEqual({ kind: 'poisson', ratePerS: 0 });
    expect(() => scaleSpec(specs[4], 0)).toThrow(/cannot be scaled by 0/);
    expect(() => createArrivalProcess({ kind: 'weibull' } as never, stream('x'))).toThrow(/unknown arrival process kind "weibull"/);
    expect(() => specWithMeanRate({ kind: 'poisson', ratePerS: 0 }, 3)).toThrow(/cannot be scaled/);
  });
});
