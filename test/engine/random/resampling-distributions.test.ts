import { describe, expect, it } from 'vitest';
import {
  categorical,
  empirical,
  exponential,
  normal,
  poisson,
  truncated,
} from '../../../engine/random/distributions/index.js';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { draw, expectChiSquareFit, expectKsFit, sampleMean } from '../../helpers/distribution-checks.js';
import { interpolatedEmpiricalCdf } from '../../helpers/reference-distributions.js';

const N = 30_000;
const stream = (name: string) => new RandomStreams('test', 0).stream(name);

describe('categorical (alias method)', () => {
  it('draws each index with probability proportional to its weight, never a zero weight', () => {
    const weights = [1, 0, 3, 6, 0.5, 0];
    const total = weights.reduce((a, b) => a + b, 0);
    const samples = draw(categorical(stream('categorical'), weights), N);
    expect(samples.every((i) => weights[i] > 0)).toBe(true);
    expectChiSquareFit(samples, (k) => (k < weights.length ? weights[k] / total : 0), weights.length - 1);
  });

  it('handles many uneven weights', () => {
    const source = stream('categorical-weights');
    const weights = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 0 : source.next() ** 3 * 10));
    const total = weights.reduce((a, b) => a + b, 0);
    const samples = draw(categorical(stream('categorical-many'), weights), 60_000);
    expectChiSquareFit(samples, (k) => (k < weights.length ? weights[k] / total : 0), weights.length - 1);
  });

  it('always returns the only index with weight', () => {
    expect(draw(categorical(stream('categorical-one'), [0, 0, 2]), 1000).every((i) => i === 2)).toBe(true);
    expect(draw(categorical(stream('categorical-single'), [5]), 1000).every((i) => i === 0)).toBe(true);
  });

  it('copes with weights that do not sum to a round number', () => {
    const weights = [1 / 3, 1 / 3, 1 / 3, 1e-9];
    const samples = draw(categorical(stream('categorical-thirds'), weights), N);
    expectChiSquareFit(samples, (k) => (k < 3 ? 1 / 3 : 0), 2);
  });
});

describe('empirical', () => {
  const data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
  const sorted = Float64Array.from(data).sort();
  const dataMean = sampleMean(data);

  it('resamples the observed values with their frequencies', () => {
    const samples = draw(empirical(stream('empirical'), data), N);
    expect(samples.every((x) => data.includes(x))).toBe(true);
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - dataMean) ** 2, 0) / data.length);
    expect(Math.abs(sampleMean(samples) - dataMean)).toBeLessThan((4 * sd) / Math.sqrt(N));
    // Chi-square on the values themselves (all small integers here).
    const pmf = (k: number) => data.filter((x) => x === k).length / data.length;
    expectChiSquareFit(samples, pmf, 9);
  });

  it('with interpolate, follows the piecewise-linear CDF within [min, max] of the samples', () => {
    const samples = draw(empirical(stream('empirical-interpolated'), data, { interpolate: true }), N);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(sorted[0]);
    expect(Math.max(...samples)).toBeLessThanOrEqual(sorted[sorted.length - 1]);
    expect(samples.some((x) => !Number.isInteger(x))).toBe(true);
    // KS needs a continuous CDF: repeated values would put atoms in it, so test on distinct ones.
    const distinct = [3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5, 8, 7, 9.5];
    const distinctSorted = Float64Array.from(distinct).sort();
    const continuous = draw(empirical(stream('empirical-distinct'), distinct, { interpolate: true }), N);
    expectKsFit(continuous, (x) => interpolatedEmpiricalCdf(x, distinctSorted));
    // The interpolated mean is the trapezoid mean, close to the data mean (here within 0.2).
    const n = sorted.length;
    let trapezoid = 0;
    for (let i = 0; i + 1 < n; i++) trapezoid += (sorted[i] + sorted[i + 1]) / 2 / (n - 1);
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - dataMean) ** 2, 0) / n);
    expect(Math.abs(sampleMean(samples) - trapezoid)).toBeLessThan((4 * sd) / Math.sqrt(N));
    expect(Math.abs(trapezoid - dataMean)).toBeLessThan(0.2);
  });

  it('copies its input and handles a single sample', () => {
    const values = [2, 4];
    const sampler = empirical(stream('empirical-copy'), values);
    values[0] = 1000;
    expect(draw(sampler, 1000).every((x) => x === 2 || x === 4)).toBe(true);
    expect(draw(empirical(stream('empirical-single'), [7], { interpolate: true }), 10).every((x) => x === 7)).toBe(
      true,
    );
  });
});

describe('truncated', () => {
  it('keeps every draw in [lower, upper] and follows the conditional distribution', () => {
    const [lower, upper] = [-1, 2];
    const samples = draw(truncated(normal(stream('truncated-normal'), 0, 1), lower, upper), N);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(lower);
    expect(Math.max(...samples)).toBeLessThanOrEqual(upper);
    // Conditional CDF of N(0,1) on [−1, 2], via the exponential-free route: empirical check of the
    // fraction below 0, which is (Φ(0) − Φ(−1)) / (Φ(2) − Φ(−1)).
    const phiMinus1 = 0.15865525393145707;
    const phi2 = 0.9772498680518208;
    const belowZero = (0.5 - phiMinus1) / (phi2 - phiMinus1);
    const fraction = samples.filter((x) => x < 0).length / N;
    expect(Math.abs(fraction - belowZero)).toBeLessThan(4 * Math.sqrt((belowZero * (1 - belowZero)) / N));
  });

  it('includes both bounds (discrete draws on the bounds are kept)', () => {
    const samples = draw(truncated(poisson(stream('truncated-poisson'), 3), 2, 4), 5000);
    expect(new Set(samples)).toEqual(new Set([2, 3, 4]));
  });

  it('throws a clear error when the interval seems to hold no probability', () => {
    const sampler = truncated(exponential(stream('truncated-empty'), 1), 50, 60);
    expect(() => sampler()).toThrow(/truncated: no draw fell in \[50, 60\] in 1000 tries/);
    const fewTries = truncated(exponential(stream('truncated-few'), 1), 50, 60, 5);
    expect(() => fewTries()).toThrow(/in 5 tries/);
  });
});
