import { beforeAll, describe, expect, it } from 'vitest';
import { dailyCycleArrivals, dailyCycleRate, type DailyCycleArrivalSpec } from '../../../models/workload/daily-cycle-arrivals.js';
import { arrivalsUntil, mean, stream, variance } from './statistics.js';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const WEEK_S = 7 * DAY_S;

const spec: DailyCycleArrivalSpec = {
  kind: 'daily-cycle',
  meanRatePerS: 0.5,
  peakToTroughRatio: 2.5,
  peakHour: 11.5,
  weekendFactor: 0.6,
};
const weeks = 4;

describe('dailyCycleRate (the profile)', () => {
  const rate = dailyCycleRate(spec);

  it('averages to meanRatePerS over a week', () => {
    // Midpoint rule on 60 s steps: the profile is smooth within days, so this is accurate to ~1e-9.
    const stepS = 60;
    let sum = 0;
    for (let t = stepS / 2; t < WEEK_S; t += stepS) sum += rate(t) * stepS;
    expect(sum / WEEK_S).toBeCloseTo(spec.meanRatePerS, 8);
  });

  it('peaks at peakHour and bottoms 12 h later with the given ratio, weekends scaled by weekendFactor', () => {
    const peak = rate(spec.peakHour * HOUR_S);
    const trough = rate((spec.peakHour + 12) * HOUR_S); // Monday 23:30
    expect(peak / trough).toBeCloseTo(spec.peakToTroughRatio, 12);
    for (let h = 0; h < 24; h += 0.25) expect(rate(h * HOUR_S)).toBeLessThanOrEqual(peak * (1 + 1e-12));
    const saturdayPeak = rate(5 * DAY_S + spec.peakHour * HOUR_S);
    expect(saturdayPeak / peak).toBeCloseTo(spec.weekendFactor, 12);
  });

  it('shifts with startHour and startDayOfWeek', () => {
    const shifted = dailyCycleRate({ ...spec, startHour: 18, startDayOfWeek: 'sat' });
    const offsetS = 5 * DAY_S + 18 * HOUR_S;
    for (let t = 0; t < WEEK_S; t += 5000) expect(shifted(t)).toBeCloseTo(rate(t + offsetS), 12);
  });

  it('rejects out-of-range parameters with the field name', () => {
    expect(() => dailyCycleRate({ ...spec, peakToTroughRatio: 0.5 })).toThrow(/peakToTroughRatio must be a finite number ≥ 1, got 0.5/);
    expect(() => dailyCycleRate({ ...spec, peakHour: 24 })).toThrow(/peakHour must be an hour in \[0, 24\), got 24/);
    expect(() => dailyCycleRate({ ...spec, weekendFactor: -1 })).toThrow(/weekendFactor/);
    expect(() => dailyCycleRate({ ...spec, startDayOfWeek: 'monday' as never })).toThrow(/startDayOfWeek must be one of mon, tue/);
  });
});

describe('dailyCycleArrivals', () => {
  const weekdayLevel = (spec.meanRatePerS * 7) / (5 + 2 * spec.weekendFactor);
  const amplitude = (spec.peakToTroughRatio - 1) / (spec.peakToTroughRatio + 1);
  let times: number[] = [];
  const weekdayHourCounts = new Float64Array(24);
  let weekdayCount = 0;
  let weekendCount = 0;
  const weekdayCos: number[] = [];
  const weekdaySin: number[] = [];

  beforeAll(() => {
    times = arrivalsUntil(dailyCycleArrivals(spec, stream('daily')), weeks * WEEK_S);
    for (const t of times) tally(t);
  });

  function tally(t: number): void {
    const day = Math.floor(t / DAY_S) % 7; // the run starts Monday 00:00
    const hourOfDay = (t % DAY_S) / HOUR_S;
    if (day >= 5) {
      weekendCount++;
      return;
    }
    weekdayCount++;
    weekdayHourCounts[Math.floor(hourOfDay)]++;
    const phase = (2 * Math.PI * (hourOfDay - spec.peakHour)) / 24;
    weekdayCos.push(Math.cos(phase));
    weekdaySin.push(Math.sin(phase));
  }

  it('has the weekly mean rate', () => {
    const durationS = weeks * WEEK_S;
    // A Poisson count: sd √N.
    expect(Math.abs(times.length / durationS - spec.meanRatePerS)).toBeLessThan((4 * Math.sqrt(times.length)) / durationS);
  });

  it('puts arrivals in each weekday hour as the profile integrates to (z-scores within 4.5)', () => {
    for (let h = 0; h < 24; h++) {
      const shape =
        HOUR_S +
        amplitude *
          (DAY_S / (2 * Math.PI)) *
          (Math.sin((2 * Math.PI * (h + 1 - spec.peakHour)) / 24) - Math.sin((2 * Math.PI * (h - spec.peakHour)) / 24));
      const expected = 5 * weeks * weekdayLevel * shape;
      expect(Math.abs(weekdayHourCounts[h] - expected) / Math.sqrt(expected)).toBeLessThan(4.5);
    }
    const busiest = weekdayHourCounts.indexOf(Math.max(...weekdayHourCounts));
    expect(Math.abs(busiest - Math.floor(spec.peakHour))).toBeLessThanOrEqual(1);
  });

  it('has the peak/trough ratio (from the profile amplitude, E[cos θ] = a/2) and its peak at peakHour (E[sin θ] = 0)', () => {
    const aHat = 2 * mean(weekdayCos);
    const aSe = 2 * Math.sqrt(variance(weekdayCos) / weekdayCos.length);
    expect(Math.abs(aHat - amplitude)).toBeLessThan(4 * aSe);
    const ratioLow = (1 + aHat - 4 * aSe) / (1 - aHat + 4 * aSe);
    const ratioHigh = (1 + aHat + 4 * aSe) / (1 - aHat - 4 * aSe);
    expect(spec.peakToTroughRatio).toBeGreaterThan(ratioLow);
    expect(spec.peakToTroughRatio).toBeLessThan(ratioHigh);
    expect(Math.abs(mean(weekdaySin))).toBeLessThan(4 * Math.sqrt(variance(weekdaySin) / weekdaySin.length));
  });

  it('has weekend days lower by weekendFactor', () => {
    const ratio = weekendCount / 2 / (weekdayCount / 5);
    const logSe = Math.sqrt(1 / weekendCount + 1 / weekdayCount);
    expect(Math.abs(Math.log(ratio / spec.weekendFactor))).toBeLessThan(4 * logSe);
  });

  it('sends nothing on a weekend with weekendFactor 0, from the configured start day', () => {
    const process = dailyCycleArrivals({ ...spec, weekendFactor: 0, startDayOfWeek: 'sat', startHour: 0 }, stream('daily-weekend'));
    const first = process.nextArrivalS(0);
    expect(first).toBeGreaterThanOrEqual(2 * DAY_S);
    expect(first).toBeLessThan(2 * DAY_S + 60);
  });

  it('never arrives at mean rate 0', () => {
    expect(dailyCycleArrivals({ ...spec, meanRatePerS: 0 }, stream('d0')).nextArrivalS(0)).toBe(Infinity);
  });
});
