import { describe, expect, it } from 'vitest';
import { pairedDifference } from '../../../experiments/compare/paired-difference.js';

/** t quantiles from a printed table (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2), not from the code. */
const T_975_DF4 = 2.776445105;
const T_975_DF3 = 3.182446305;

describe('pairedDifference', () => {
  it('is the Student-t interval of the per-replication differences (hand-computed)', () => {
    // d = [2, 3, 1, 3, 1]: mean 2, deviations [0, 1, −1, 1, −1], Σ² = 4, s² = 4/4 = 1, s = 1, se = 1/√5
    const variant = [12, 15, 11, 14, 13];
    const baseline = [10, 12, 10, 11, 12];
    const d = pairedDifference(variant, baseline);
    const halfWidth = T_975_DF4 / Math.sqrt(5);
    expect(d.n).toBe(5);
    expect(d.mean).toBeCloseTo(2, 12);
    expect(d.stdDev).toBeCloseTo(1, 12);
    expect(d.halfWidth).toBeCloseTo(halfWidth, 8);
    expect(d.lower).toBeCloseTo(2 - halfWidth, 8);
    expect(d.upper).toBeCloseTo(2 + halfWidth, 8);
    expect(d.significant).toBe(true);
  });

  it('pairs by replication: the shared noise cancels where two independent intervals would overlap', () => {
    // both series swing together by ±50; the variant is always exactly 1 above
    const baseline = [100, 150, 50, 120];
    const variant = baseline.map((b) => b + 1);
    const d = pairedDifference(variant, baseline);
    expect(d.mean).toBeCloseTo(1, 12);
    expect(d.halfWidth).toBeLessThan(1e-12);
    expect(d.significant).toBe(true);
  });

  it('says "not significant" when the interval contains 0', () => {
    // d = [1, −1, 2, −2]: mean 0, s² = 10/3
    const d = pairedDifference([11, 9, 12, 8], [10, 10, 10, 10]);
    expect(d.mean).toBeCloseTo(0, 12);
    expect(d.halfWidth).toBeCloseTo((T_975_DF3 * Math.sqrt(10 / 3)) / 2, 8);
    expect(d.significant).toBe(false);
  });

  it('gives exactly 0 with a zero-width interval for identical series', () => {
    const values = [3.7, 1e9 + 0.1, -2.5];
    const d = pairedDifference(values, [...values]);
    expect(d).toMatchObject({ mean: 0, stdDev: 0, halfWidth: 0, lower: 0, upper: 0, significant: false });
  });

  it('never calls a single replication significant (there is no interval)', () => {
    const d = pairedDifference([5], [1]);
    expect(d.degenerate).toBe(true);
    expect(d.mean).toBe(4);
    expect(d.significant).toBe(false);
  });

  it('refuses series of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/same length/);
  });
});
