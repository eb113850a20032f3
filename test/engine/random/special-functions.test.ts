import { describe, expect, it } from 'vitest';
import { logFactorial, logGamma, standardNormalCdf } from '../../../engine/random/distributions/index.js';
import { KS_CRITICAL_ALPHA_0_001, ksStatistic } from '../../helpers/kolmogorov-smirnov.js';
import { lnGamma, normalCdf, regularizedGammaP } from '../../helpers/reference-distributions.js';
import { chiSquareGoodnessOfFit } from '../../helpers/chi-square.js';

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('engine special functions', () => {
  it('Φ matches published values in both tails', () => {
    const published: [number, number][] = [
      [0, 0.5],
      [-1, 0.15865525393145707],
      [-2, 0.022750131948179195],
      [-3, 0.0013498980316300946],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160527e-24],
      [1.96, 0.9750021048517795],
    ];
    for (const [x, value] of published) expect(relativeError(standardNormalCdf(x), value)).toBeLessThan(1e-12);
    expect(standardNormalCdf(-Infinity)).toBe(0);
    expect(standardNormalCdf(Infinity)).toBe(1);
  });

  it('Φ agrees with the reference built on the incomplete gamma function', () => {
    for (let x = -8; x <= 8; x += 0.173) {
      expect(Math.abs(standardNormalCdf(x) - normalCdf(x))).toBeLessThan(1e-14);
    }
  });

  it('ln Γ and ln k! agree with the reference and with exact factorials', () => {
    for (const x of [0.1, 0.5, 1, 1.5, 2.7, 9.99, 33.3, 170.5, 1e4]) {
      expect(relativeError(logGamma(x), lnGamma(x)) < 1e-13 || Math.abs(logGamma(x) - lnGamma(x)) < 1e-14).toBe(true);
    }
    let factorial = 1;
    for (let k = 0; k <= 20; k++) {
      if (k > 0) factorial *= k;
      expect(logFactorial(k)).toBeCloseTo(Math.log(factorial), 12);
    }
    for (const k of [255, 256, 257, 1000, 123_456]) {
      expect(relativeError(logFactorial(k), lnGamma(k + 1))).toBeLessThan(1e-14);
    }
  });
});

describe('test helpers', () => {
  it('the incomplete gamma function matches closed forms', () => {
    // P(1, x) = 1 − e^−x; P(2, x) = 1 − (1 + x)e^−x.
    for (const x of [0.01, 0.5, 1, 3, 10, 40]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
      expect(regularizedGammaP(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 14);
    }
  });

  it('the KS statistic flags a wrong CDF and passes the right one', () => {
    const n = 10_000;
    const grid = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    expect(ksStatistic(grid, (x) => x) * Math.sqrt(n)).toBeLessThan(0.01);
    expect(ksStatistic(grid, (x) => x * x) * Math.sqrt(n)).toBeGreaterThan(KS_CRITICAL_ALPHA_0_001);
  });

  it('the chi-square test flags a wrong PMF and passes the right one', () => {
    const samples = Float64Array.from({ length: 6000 }, (_, i) => i % 3);
    expect(chiSquareGoodnessOfFit(samples, () => 1 / 3, 2).pValue).toBeGreaterThan(0.99);
    expect(chiSquareGoodnessOfFit(samples, (k) => [0.5, 0.25, 0.25][k] ?? 0, 2).pValue).toBeLessThan(1e-6);
  });
});
