import { describe, expect, it } from 'vitest';
import { createAllocation } from '../../../models/policies/allocation/index.js';
import { reallocationTargets } from '../../../models/policies/allocation/periodic-reallocation.js';
import { dailyCycleRate, type DailyCycleArrivalSpec } from '../../../models/workload/daily-cycle-arrivals.js';
import { expectedRate } from '../../../models/workload/arrivals.js';

describe('periodic re-allocation: the split it aims for', () => {
  it('sums to the instances, gives each tier its minimum, and is proportional up to rounding', () => {
    for (const [needs, n] of [
      [[3, 1], 8],
      [[0.2, 5.1, 2.7], 11],
      [[1, 1, 1], 7],
      [[10, 0], 5],
    ] as [number[], number][]) {
      const targets = reallocationTargets(needs, n);
      expect(targets.reduce((a, b) => a + b, 0)).toBe(n);
      for (const t of targets) expect(t).toBeGreaterThanOrEqual(1);
      // Hamilton rounding: each tier within one instance of its exact share of what is left after the minimums
      const spare = n - needs.length;
      const total = needs.reduce((a, b) => a + b, 0);
      needs.forEach((need, i) => expect(Math.abs(targets[i] - 1 - (need / total) * spare)).toBeLessThan(1));
    }
    expect(reallocationTargets([3, 1], 10)).toEqual([7, 3]); // 1 each, then 8 split 6 : 2
    expect(reallocationTargets([4, 1, 1], 6)).toEqual([3, 2, 1]); // 3 spare: 2, 0.5, 0.5 → 2, 0, 0, then the tie by index
  });

  it('splits evenly without any demand, and refuses too few instances', () => {
    expect(reallocationTargets([0, 0, 0], 6)).toEqual([2, 2, 2]);
    expect(() => reallocationTargets([1, 1, 1], 2)).toThrow(RangeError);
  });

  it('splits the power at plan time as the static split does', () => {
    const tiers = [
      { tierId: 'a', powerShare: 0.3, requestsPerSPerMw: 1, revenueUsdPerSPerMw: 1, demandRequestsPerS: undefined, minimumMw: 0 },
      { tierId: 'b', powerShare: 0.7, requestsPerSPerMw: 2, revenueUsdPerSPerMw: 1, demandRequestsPerS: undefined, minimumMw: 0 },
    ];
    expect(createAllocation('periodic').allocate(tiers, 100)).toEqual(createAllocation('static-split').allocate(tiers, 100));
  });
});

describe('expectedRate: the demand a planner expects over the next interval', () => {
  const spec: DailyCycleArrivalSpec = { kind: 'daily-cycle', meanRatePerS: 10, peakToTroughRatio: 3, peakHour: 14, weekendFactor: 0.5 };

  it('averages a daily cycle over the span: a whole weekday gives the weekday level, a short span the rate there', () => {
    const expected = expectedRate(spec);
    const rate = dailyCycleRate(spec);
    const weekdayLevel = (10 * 7) / (5 + 2 * 0.5); // the cosine averages to 0 over a day
    expect(expected(86_400, 2 * 86_400)).toBeCloseTo(weekdayLevel, 9); // Tuesday
    expect(expected(5 * 86_400, 6 * 86_400)).toBeCloseTo(0.5 * weekdayLevel, 9); // Saturday
    // over a minute the average differs from the midpoint rate by (60 s)² / 24 × λ'' ≈ 1e-5 here
    expect(expected(50_000, 50_060)).toBeCloseTo(rate(50_030), 4);
    // the cycle's peak hour beats its trough
    expect(expected(13.5 * 3600, 14.5 * 3600)).toBeGreaterThan(expected(1.5 * 3600, 2.5 * 3600));
  });

  it('gives the long-run mean for processes a planner cannot see ahead of', () => {
    expect(expectedRate({ kind: 'poisson', ratePerS: 4 })(0, 100)).toBe(4);
    expect(expectedRate({ kind: 'mmpp', baseRatePerS: 1, burstRatePerS: 9, meanBurstS: 10, meanGapS: 30 })(0, 100)).toBeCloseTo(3, 12);
  });
});
