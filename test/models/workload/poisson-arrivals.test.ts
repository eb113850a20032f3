import { describe, expect, it } from 'vitest';
import { poissonArrivals } from '../../../models/workload/poisson-arrivals.js';
import { arrivalsUntil, mean, stream, variance, windowCounts } from './statistics.js';

describe('poissonArrivals', () => {
  it('gives counts in windows with mean = variance = λt', () => {
    const ratePerS = 5;
    const windowS = 10;
    const windows = 20_000;
    const times = arrivalsUntil(poissonArrivals({ kind: 'poisson', ratePerS }, stream('poisson')), windowS * windows);
    const counts = windowCounts(times, windowS, windows);
    const lambdaT = ratePerS * windowS;
    // Poisson(λt): sd of the sample mean √(λt/n); of the sample variance √((μ4 − σ⁴)/n) = √((λt + 2(λt)²)/n).
    const meanSe = Math.sqrt(lambdaT / windows);
    const varianceSe = Math.sqrt((lambdaT + 2 * lambdaT * lambdaT) / windows);
    expect(Math.abs(mean(counts) - lambdaT)).toBeLessThan(4 * meanSe);
    expect(Math.abs(variance(counts) - lambdaT)).toBeLessThan(4 * varianceSe);
  });

  it('starts at the time of the first call and never goes backwards', () => {
    const process = poissonArrivals({ kind: 'poisson', ratePerS: 100 }, stream('poisson-start'));
    let previous = process.nextArrivalS(1000);
    expect(previous).toBeGreaterThanOrEqual(1000);
    for (let i = 0; i < 1000; i++) {
      const next = process.nextArrivalS(previous);
      expect(next).toBeGreaterThanOrEqual(previous);
      previous = next;
    }
  });

  it('never arrives at rate 0, and rejects a negative or non-finite rate', () => {
    expect(poissonArrivals({ kind: 'poisson', ratePerS: 0 }, stream('p0')).nextArrivalS(0)).toBe(Infinity);
    expect(() => poissonArrivals({ kind: 'poisson', ratePerS: -1 }, stream('p'))).toThrow(/poisson.ratePerS must be a finite number ≥ 0, got -1/);
    expect(() => poissonArrivals({ kind: 'poisson', ratePerS: NaN }, stream('p'))).toThrow(/poisson.ratePerS/);
  });

  it('rejects a non-finite start time', () => {
    const process = poissonArrivals({ kind: 'poisson', ratePerS: 1 }, stream('p'));
    expect(() => process.nextArrivalS(NaN)).toThrow(/nowS must be a finite time/);
  });
});
