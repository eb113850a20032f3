import { describe, expect, it } from 'vitest';
import { median } from 'simple-statistics';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import {
  batchMeansInterval,
  lag1Autocorrelation,
  StreamingBatchMeans,
} from '../../../engine/stats/batch-means.js';
import { studentTInterval, studentTQuantile } from '../../../engine/stats/confidence-interval.js';

function normal(source: RandomSource): number {
  const u1 = 1 - source.next();
  const u2 = source.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const TRUE_MEAN = 10;
const PHI = 0.9;

/** Stationary AR(1): X_t = μ + φ(X_{t−1} − μ) + ε_t, ε ~ N(0, 1), X_0 from the stationary law. */
function ar1(length: number, replication: number): number[] {
  const source = new RandomStreams('stats', replication).stream('ar1');
  const series = new Array<number>(length);
  let x = TRUE_MEAN + normal(source) / Math.sqrt(1 - PHI * PHI);
  for (let t = 0; t < length; t++) {
    series[t] = x;
    x = TRUE_MEAN + PHI * (x - TRUE_MEAN) + normal(source);
  }
  return series;
}

describe('batchMeansInterval', () => {
  it('covers the true mean of an AR(1) series at close to the nominal rate, where the naive interval fails', () => {
    const trials = 200;
    const length = 10_000; // 20 batches of 500, ~26 autocorrelation times ((1 + φ)/(1 − φ) = 19) each
    let batchCovered = 0;
    let naiveCovered = 0;
    const widthRatios: number[] = [];
    const autocorrelations: number[] = [];
    for (let i = 0; i < trials; i++) {
      const series = ar1(length, i);
      const batch = batchMeansInterval(series);
      const naive = studentTInterval(series);
      if (batch.lower <= TRUE_MEAN && TRUE_MEAN <= batch.upper) batchCovered++;
      if (naive.lower <= TRUE_MEAN && TRUE_MEAN <= naive.upper) naiveCovered++;
      widthRatios.push(batch.halfWidth / naive.halfWidth);
      autocorrelations.push(batch.lag1Autocorrelation);
      expect(batch.batchCount).toBe(20);
      expect(batch.batchSize).toBe(500);
    }
    // Binomial tolerance: 4 standard errors below the nominal 95%.
    const standardError = Math.sqrt((0.95 * 0.05) / trials);
    expect(batchCovered / trials).toBeGreaterThanOrEqual(0.95 - 4 * standardError);
    // The naive interval ignores the correlation: Var(X̄) is (1 + φ)/(1 − φ) = 19 times what it assumes.
    expect(naiveCovered / trials).toBeLessThan(0.6);
    // So the batch-means half-width is wider by √19 · t(0.975, 19)/t(0.975, 9999) ≈ 4.66.
    const expectedRatio =
      Math.sqrt((1 + PHI) / (1 - PHI)) * (studentTQuantile(0.975, 19) / studentTQuantile(0.975, length - 1));
    expect(Math.abs(median(widthRatios) / expectedRatio - 1)).toBeLessThan(0.15);
    // Batches of 500 are long enough that their means are nearly uncorrelated.
    expect(Math.abs(median(autocorrelations))).toBeLessThan(0.2);
  });

  it('flags batches that are too short with a high lag-1 autocorrelation', () => {
    const short = batchMeansInterval(ar1(200, 1), { batchCount: 100 }); // batches of 2
    expect(short.lag1Autocorrelation).toBeGreaterThan(0.5);
  });

  it('drops the earliest observations that do not fill a batch', () => {
    const series = [100, 1, 1, 2, 2, 3, 3, 4, 4];
    const interval = batchMeansInterval(series, { batchCount: 4 });
    expect(interval.discardedCount).toBe(1);
    expect(interval.batchSize).toBe(2);
    expect(interval).toMatchObject(studentTInterval([1, 2, 3, 4]));
  });

  it('rejects too few observations or batches', () => {
    expect(() => batchMeansInterval([1, 2, 3], { batchCount: 4 })).toThrow(RangeError);
    expect(() => batchMeansInterval([1, 2, 3], { batchCount: 1 })).toThrow(RangeError);
  });
});

describe('lag1Autocorrelation', () => {
  it('is −1-ish for alternation, 0 for a constant, and near φ for AR(1)', () => {
    expect(lag1Autocorrelation([1, -1, 1, -1, 1, -1, 1, -1])).toBeCloseTo(-7 / 8, 14);
    expect(lag1Autocorrelation([3, 3, 3])).toBe(0);
    expect(lag1Autocorrelation(ar1(50_000, 2))).toBeCloseTo(PHI, 1);
  });
});

describe('StreamingBatchMeans', () => {
  it('keeps between k and 2k − 1 batches and agrees with batchMeansInterval on the same batches', () => {
    const series = ar1(30_001, 3);
    const streaming = new StreamingBatchMeans(20);
    for (const x of series) streaming.add(x);
    expect(streaming.count).toBe(series.length);
    const interval = streaming.interval();
    expect(interval.batchCount).toBeGreaterThanOrEqual(20);
    expect(interval.batchCount).toBeLessThan(40);
    const used = interval.batchCount * interval.batchSize;
    expect(interval.discardedCount).toBe(series.length - used);
    const reference = batchMeansInterval(series.slice(0, used), { batchCount: interval.batchCount });
    expect(interval.mean).toBeCloseTo(reference.mean, 10);
    expect(interval.halfWidth).toBeCloseTo(reference.halfWidth, 10);
    expect(interval.lag1Autocorrelation).toBeCloseTo(reference.lag1Autocorrelation, 10);
  });

  it('needs two full batches', () => {
    const streaming = new StreamingBatchMeans();
    streaming.add(1);
    expect(() => streaming.interval()).toThrow(RangeError);
  });
});
