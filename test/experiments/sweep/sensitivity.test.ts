import { describe, expect, it } from 'vitest';
import { SeededStream } from '../../../engine/random/random-source.js';
import { latinHypercubeDesign } from '../../../experiments/sweep/designs/latin-hypercube.js';
import { spearman, standardizedRegression } from '../../../experiments/sweep/sensitivity.js';

function sd(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('standardised regression coefficients', () => {
  it('on a 2×2 factorial of y = 3a − b: SRCs 3/√10 and −1/√10, R² = 1', () => {
    // a and b orthogonal with equal spread: var(y) = 9 var(a) + var(b) = 10 var(a)
    const a = [-1, -1, 1, 1];
    const b = [-1, 1, -1, 1];
    const y = a.map((ai, i) => 3 * ai - b[i]);
    const fit = standardizedRegression([a, b], y)!;
    expect(fit.src[0]).toBeCloseTo(3 / Math.sqrt(10), 12);
    expect(fit.src[1]).toBeCloseTo(-1 / Math.sqrt(10), 12);
    expect(fit.rSquared).toBeCloseTo(1, 12);
  });

  it('on a Latin hypercube sample of y = 3a − b + 7: SRC_j = β_j·sd(x_j)/sd(y) exactly, whatever the sample\'s correlation', () => {
    const points = latinHypercubeDesign(
      [
        { low: 0, high: 10, scale: 'linear' },
        { low: 100, high: 400, scale: 'linear' },
      ],
      30,
      new SeededStream('src-closed-form'),
    );
    const a = points.map((p) => p[0]);
    const b = points.map((p) => p[1]);
    const y = points.map(([ai, bi]) => 3 * ai - bi + 7);
    const fit = standardizedRegression([a, b], y)!;
    expect(fit.src[0]).toBeCloseTo((3 * sd(a)) / sd(y), 10);
    expect(fit.src[1]).toBeCloseTo((-1 * sd(b)) / sd(y), 10);
    expect(fit.src[0] / fit.src[1]).toBeCloseTo((-3 * sd(a)) / sd(b), 9);
    expect(fit.rSquared).toBeCloseTo(1, 12);
  });

  it('gives a parameter with no effect an SRC of 0 on an orthogonal design', () => {
    const a = [-1, -1, 1, 1, -1, -1, 1, 1];
    const b = [-1, 1, -1, 1, -1, 1, -1, 1];
    const c = [-1, -1, -1, -1, 1, 1, 1, 1];
    const y = a.map((ai, i) => 2 * ai + b[i]);
    const fit = standardizedRegression([a, b, c], y)!;
    expect(fit.src[2]).toBeCloseTo(0, 12);
    expect(fit.src[0]).toBeCloseTo(2 / Math.sqrt(5), 12);
  });

  it('gives R² below 1 for a relationship the line misses', () => {
    const x = Array.from({ length: 21 }, (_, i) => i - 10);
    const fit = standardizedRegression([x], x.map((v) => v * v))!;
    expect(fit.src[0]).toBeCloseTo(0, 12);
    expect(fit.rSquared).toBeCloseTo(0, 12);
  });

  it('is undefined for a constant metric or parameter, collinear parameters, or no more points than coefficients', () => {
    expect(standardizedRegression([[1, 2, 3, 4]], [5, 5, 5, 5])).toBeUndefined();
    expect(standardizedRegression([[1, 1, 1, 1]], [1, 2, 3, 4])).toBeUndefined();
    expect(standardizedRegression([[1, 2, 3, 4], [2, 4, 6, 8]], [1, 3, 2, 5])).toBeUndefined();
    expect(standardizedRegression([[1, 2], [3, 5]], [1, 2])).toBeUndefined();
    // 3 points, 2 slopes and an intercept: a perfect fit whatever y is, so no measure at all
    expect(standardizedRegression([[1, 2, 3], [3, 1, 2]], [1, 5, 2])).toBeUndefined();
    expect(standardizedRegression([[1, 2, 3, 4], [3, 1, 2, 5]], [1, 5, 2, 3])).toBeDefined();
  });
});

describe('Spearman rank correlation', () => {
  const x = [0.3, 2.5, 1.1, 7, 4.2, 0.01, 3.3];

  it('is 1 for any increasing function and −1 for any decreasing one', () => {
    expect(spearman(x, x.map(Math.exp))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => v ** 5 + Math.log(v)))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => 1 / v))).toBeCloseTo(-1, 12);
  });

  it('equals the closed form 1 − 6Σd²/(n(n²−1)) without ties', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    // rank differences 1, 1, 1, 1, 0: ρ = 1 − 6·4/(5·24) = 0.8
    expect(spearman(a, b)).toBeCloseTo(0.8, 12);
  });

  it('does not depend on the order the pairs come in, with ties', () => {
    const a = [1, 2, 2, 3, 4, 4, 5];
    const b = [3, 1, 2, 5, 4, 6, 7];
    const order = [6, 2, 0, 5, 1, 4, 3];
    expect(spearman(order.map((i) => a[i]), order.map((i) => b[i]))).toBeCloseTo(spearman(a, b)!, 14);
  });

  it('is undefined when either side is constant', () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeUndefined();
    expect(spearman([1], [2])).toBeUndefined();
  });
});
