import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import {
  studentTInterval,
  studentTIntervalFromSummary,
  studentTIntervalOrPoint,
} from '../../../engine/stats/confidence-interval.js';

/** One standard normal draw by Box–Muller (the cosine half; simplicity over speed). */
function normal(source: RandomSource): number {
  const u1 = 1 - source.next(); // in (0, 1], so the log is finite
  const u2 = source.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

describe('studentTInterval', () => {
  it('computes mean ± t·s/√n by hand on a small sample', () => {
    // mean 5, sample variance ((−3)² + (−1)² + 1² + 3²)/3 = 20/3, t(0.975, 3) = 3.1824463
    const interval = studentTInterval([2, 4, 6, 8]);
    const halfWidth = (3.1824463052837084 * Math.sqrt(20 / 3)) / 2;
    expect(interval.n).toBe(4);
    expect(interval.mean).toBeCloseTo(5, 14);
    expect(interval.stdDev).toBeCloseTo(Math.sqrt(20 / 3), 14);
    expect(interval.halfWidth).toBeCloseTo(halfWidth, 12);
    expect(interval.lower).toBeCloseTo(5 - halfWidth, 12);
    expect(interval.upper).toBeCloseTo(5 + halfWidth, 12);
    expect(interval.confidence).toBe(0.95);
  });

  // Under i.i.d. normal samples the interval covers the true mean with probability exactly
  // `confidence`; over T seeded trials the observed rate is binomial, so allow 4 standard errors.
  it.each([
    [2, 0.95],
    [5, 0.95],
    [5, 0.8],
    [30, 0.99],
  ])('covers the true mean at the nominal rate (n = %s, confidence %s)', (n, confidence) => {
    const trials = 2000;
    const trueMean = 3;
    const trueStdDev = 2;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const source = new RandomStreams('stats', i).stream('x');
      const samples = Array.from({ length: n }, () => trueMean + trueStdDev * normal(source));
      const { lower, upper } = studentTInterval(samples, confidence);
      if (lower <= trueMean && trueMean <= upper) covered++;
    }
    const standardError = Math.sqrt((confidence * (1 - confidence)) / trials);
    expect(Math.abs(covered / trials - confidence)).toBeLessThanOrEqual(4 * standardError);
  });

  it('rejects fewer than 2 samples, non-finite samples and a bad confidence', () => {
    expect(() => studentTInterval([])).toThrow(RangeError);
    expect(() => studentTInterval([1])).toThrow(/at least 2 samples.*studentTIntervalOrPoint/);
    expect(() => studentTInterval([1, Number.NaN])).toThrow(RangeError);
    expect(() => studentTInterval([1, Infinity])).toThrow(RangeError);
    expect(() => studentTInterval([1, 2], 1)).toThrow(RangeError);
    expect(() => studentTInterval([1, 2], 0)).toThrow(RangeError);
  });
});

describe('studentTIntervalOrPoint', () => {
  it('turns one sample into a flagged point, never NaN or Infinity', () => {
    expect(studentTIntervalOrPoint([7])).toEqual({
      n: 1,
      mean: 7,
      stdDev: 0,
      halfWidth: 0,
      lower: 7,
      upper: 7,
      confidence: 0.95,
      degenerate: true,
    });
    expect(() => studentTIntervalOrPoint([])).toThrow(RangeError);
  });

  it('agrees with studentTInterval from 2 samples on', () => {
    const samples = [1, 4, 2, 8];
    expect(studentTIntervalOrPoint(samples, 0.9)).toEqual({ ...studentTInterval(samples, 0.9), degenerate: false });
  });
});

describe('studentTIntervalFromSummary', () => {
  it('equals the interval from the samples', () => {
    const samples = [1, 4, 2, 8, 5];
    const fromSamples = studentTInterval(samples);
    const fromSummary = studentTIntervalFromSummary({ n: 5, mean: fromSamples.mean, stdDev: fromSamples.stdDev });
    expect(fromSummary).toEqual(fromSamples);
    expect(() => studentTIntervalFromSummary({ n: 1, mean: 0, stdDev: 0 })).toThrow(RangeError);
  });
});
