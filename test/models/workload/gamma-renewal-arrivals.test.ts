import { describe, expect, it } from 'vitest';
import { gammaRenewalArrivals } from '../../../models/workload/gamma-renewal-arrivals.js';
import { cv, gaps, mean, standardError, stream } from './statistics.js';

/** n inter-arrival times after the first arrival. */
function interArrivals(ratePerS: number, targetCv: number, n: number, name: string): number[] {
  const process = gammaRenewalArrivals({ kind: 'gamma', ratePerS, cv: targetCv }, stream(name));
  const times = [process.nextArrivalS(0)];
  for (let i = 0; i < n; i++) times.push(process.nextArrivalS(times[times.length - 1]));
  return gaps(times);
}

describe('gammaRenewalArrivals', () => {
  it.each([0.5, 1, 2, 4])('has inter-arrival CV ≈ %s and mean 1/rate', (targetCv) => {
    const ratePerS = 3;
    const batches = 20;
    const perBatch = 10_000;
    const all = interArrivals(ratePerS, targetCv, batches * perBatch, `gamma-cv-${targetCv}`);
    // Standard errors from independent batches (the renewal gaps are i.i.d.).
    const batchCvs: number[] = [];
    const batchMeans: number[] = [];
    for (let b = 0; b < batches; b++) {
      const batch = all.slice(b * perBatch, (b + 1) * perBatch);
      batchCvs.push(cv(batch));
      batchMeans.push(mean(batch));
    }
    expect(Math.abs(cv(all) - targetCv)).toBeLessThan(4 * standardError(batchCvs));
    expect(Math.abs(mean(all) - 1 / ratePerS)).toBeLessThan(4 * standardError(batchMeans));
  });

  it('starts in equilibrium: the first arrival comes after a mean residual life (1 + cv²) / (2 rate)', () => {
    const ratePerS = 2;
    const targetCv = 2;
    const firsts: number[] = [];
    for (let r = 0; r < 4000; r++) {
      firsts.push(gammaRenewalArrivals({ kind: 'gamma', ratePerS, cv: targetCv }, stream('gamma-first', r)).nextArrivalS(10) - 10);
    }
    const expected = (1 + targetCv * targetCv) / (2 * ratePerS);
    expect(Math.abs(mean(firsts) - expected)).toBeLessThan(4 * standardError(firsts));
  });

  it('rejects a cv ≤ 0 and never arrives at rate 0', () => {
    expect(() => gammaRenewalArrivals({ kind: 'gamma', ratePerS: 1, cv: 0 }, stream('g'))).toThrow(/gamma.cv must be a finite number > 0, got 0/);
    expect(gammaRenewalArrivals({ kind: 'gamma', ratePerS: 0, cv: 2 }, stream('g')).nextArrivalS(0)).toBe(Infinity);
  });
});
