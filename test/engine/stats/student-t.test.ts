import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../../engine/stats/student-t.js';
import { logGamma, standardNormalQuantile } from '../../../engine/stats/special-functions.js';

function expectRelativelyClose(actual: number, expected: number, relativeTolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(relativeTolerance);
}

describe('studentTQuantile', () => {
  // Four-decimal values as printed in standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [0.975, 1, 12.7062],
    [0.975, 4, 2.7764],
    [0.975, 9, 2.2622],
    [0.975, 29, 2.0452],
    [0.995, 10, 3.1693],
    [0.95, 6, 1.9432],
    [0.9, 20, 1.3253],
    [0.999, 2, 22.3271],
  ])('matches the printed table: t(%s, df=%s) = %s', (p, df, table) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(table, 4);
  });

  // Reference values to 17 digits from an independent root-finder on mpmath's incomplete beta at
  // 40 digits (they agree with R's qt() to every printed digit).
  it.each([
    [0.975, 1, 12.706204736174693],
    [0.975, 2, 4.3026527297494618],
    [0.975, 3, 3.1824463052837084],
    [0.975, 4, 2.7764451051977935],
    [0.975, 9, 2.262157162798205],
    [0.975, 29, 2.0452296421327039],
    [0.995, 10, 3.1692726726169507],
    [0.975, 100, 1.9839715185235519],
    [0.975, 5000, 1.9604385517065075],
    [0.975, 20000, 1.9600826051581348],
    [0.975, 1e7, 1.9599642217672051],
    [0.05, 7, -1.8945786050900074],
    [0.9999999, 5, 39.34181962105261],
    [1e-12, 3, -10331.108244292486],
    [0.95, 1.5, 3.7051808200967493],
    [0.999, 3.5, 8.3155676045161151],
  ])('is accurate to 1e-10 relative: t(%s, df=%s)', (p, df, reference) => {
    expectRelativelyClose(studentTQuantile(p, df), reference, 1e-10);
  });

  it('tends to the normal quantile as df grows', () => {
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 12);
    expect(studentTQuantile(0.975, 1e12)).toBeCloseTo(1.959963984540054, 10);
  });

  it('is antisymmetric about p = 0.5 and decreases in df', () => {
    for (const df of [1, 2, 3, 7.5, 30, 1e5]) {
      for (const p of [0.6, 0.9, 0.975, 0.999]) {
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 10);
      }
      expect(studentTQuantile(0.5, df)).toBe(0);
      expect(studentTQuantile(0.975, df)).toBeGreaterThan(studentTQuantile(0.975, df * 2));
    }
  });

  it('inverts the CDF', () => {
    for (const df of [1, 2, 3, 4.5, 10, 60, 500]) {
      for (const p of [1e-9, 0.001, 0.1, 0.3, 0.7, 0.95, 0.999999]) {
        const t = studentTQuantile(p, df);
        expectRelativelyClose(studentTCdf(t, df), p, 1e-10);
      }
    }
  });

  it('returns ∓Infinity at 0 and 1 and rejects bad input', () => {
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(() => studentTQuantile(1.2, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, -2)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it('has closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [-50, -3, -0.2, 0, 0.7, 4, 1e3]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });
});

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expectRelativelyClose(logGamma(10), Math.log(362880), 1e-14);
    expectRelativelyClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRelativelyClose(logGamma(171), 706.5730622457874, 1e-14); // ln(170!)
  });

  it('standardNormalQuantile matches known values', () => {
    expectRelativelyClose(standardNormalQuantile(0.975), 1.959963984540054, 1e-15);
    expectRelativelyClose(standardNormalQuantile(0.001), -3.090232306167813, 1e-15);
    expectRelativelyClose(standardNormalQuantile(1e-10), -6.361340902404056, 1e-15);
    expect(standardNormalQuantile(0.5)).toBe(0);
  });
});
