import { describe, expect, it } from 'vitest';
import { mmppArrivals, mmppMeanRatePerS, type MmppArrivalSpec } from '../../../models/workload/mmpp-arrivals.js';
import { arrivalsUntil, mean, standardError, stream, variance, windowCounts } from './statistics.js';

const spec: MmppArrivalSpec = { kind: 'mmpp', baseRatePerS: 2, burstRatePerS: 20, meanBurstS: 10, meanGapS: 90 };

/**
 * Index of dispersion of counts of a 2-state MMPP in windows of t (Heffes and Lucantoni 1986):
 * 1 + 2 (λ1 − λ2)² r1 r2 / (r³ λ̄) · (1 − (1 − e^(−r t)) / (r t)), r1, r2 the switching rates, r = r1 + r2.
 */
function theoreticalDispersion(windowS: number): number {
  const leaveGap = 1 / spec.meanGapS;
  const leaveBurst = 1 / spec.meanBurstS;
  const r = leaveGap + leaveBurst;
  const rateGap = spec.burstRatePerS - spec.baseRatePerS;
  const factor = (2 * rateGap * rateGap * leaveGap * leaveBurst) / (r ** 3 * mmppMeanRatePerS(spec));
  return 1 + factor * (1 - (1 - Math.exp(-r * windowS)) / (r * windowS));
}

describe('mmppArrivals', () => {
  it('has the long-run rate (base·gap + burst·burst) / (gap + burst) and counts overdispersed as theory says', () => {
    const expectedRate = (spec.baseRatePerS * spec.meanGapS + spec.burstRatePerS * spec.meanBurstS) / (spec.meanGapS + spec.meanBurstS);
    expect(mmppMeanRatePerS(spec)).toBeCloseTo(expectedRate, 12);
    // Independent replications give honest standard errors for these correlated counts.
    const durationS = 50_000;
    const windowS = 100;
    const rates: number[] = [];
    const dispersions: number[] = [];
    for (let r = 0; r < 20; r++) {
      const times = arrivalsUntil(mmppArrivals(spec, stream('mmpp', r)), durationS);
      rates.push(times.length / durationS);
      const counts = windowCounts(times, windowS, durationS / windowS);
      dispersions.push(variance(counts) / mean(counts));
    }
    expect(Math.abs(mean(rates) - expectedRate)).toBeLessThan(4 * standardError(rates));
    const dispersion = mean(dispersions);
    expect(dispersion).toBeGreaterThan(1 + 4 * standardError(dispersions));
    expect(Math.abs(dispersion - theoreticalDispersion(windowS))).toBeLessThan(4 * standardError(dispersions));
  });

  it('starts stationary: the first window already has the long-run mean count', () => {
    const counts: number[] = [];
    for (let r = 0; r < 3000; r++) counts.push(arrivalsUntil(mmppArrivals(spec, stream('mmpp-start', r)), 5).length);
    expect(Math.abs(mean(counts) - 5 * mmppMeanRatePerS(spec))).toBeLessThan(4 * standardError(counts));
  });

  it('handles a silent state (base rate 0): arrivals only in bursts', () => {
    const onOff: MmppArrivalSpec = { kind: 'mmpp', baseRatePerS: 0, burstRatePerS: 50, meanBurstS: 1, meanGapS: 9 };
    const times = arrivalsUntil(mmppArrivals(onOff, stream('mmpp-on-off')), 20_000);
    expect(times.every(Number.isFinite)).toBe(true);
    const rate = times.length / 20_000;
    expect(Math.abs(rate - 5) / 5).toBeLessThan(0.1); // about 2000 bursts: relative sd ≈ √(1/2000 · (1 + 50)) ≈ 3.6%
  });

  it('rejects bad parameters and never arrives when both rates are 0', () => {
    expect(() => mmppArrivals({ ...spec, meanBurstS: 0 }, stream('m'))).toThrow(/mmpp.meanBurstS must be a finite number > 0, got 0/);
    expect(() => mmppArrivals({ ...spec, burstRatePerS: -1 }, stream('m'))).toThrow(/mmpp.burstRatePerS/);
    expect(mmppArrivals({ ...spec, baseRatePerS: 0, burstRatePerS: 0 }, stream('m')).nextArrivalS(0)).toBe(Infinity);
  });
});
