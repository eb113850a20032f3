import { mean as sampleMean, sampleStandardDeviation } from 'simple-statistics';
import { studentTQuantile } from './student-t.js';

export { studentTQuantile } from './student-t.js';

/** A two-sided interval `mean ± halfWidth` on a population mean; every field is a finite number. */
export interface ConfidenceInterval {
  n: number;
  mean: number;
  /** Sample standard deviation of the observations (n − 1 denominator). */
  stdDev: number;
  halfWidth: number;
  lower: number;
  upper: number;
  /** Nominal coverage, e.g. 0.95. */
  confidence: number;
}

/** An interval that may rest on a single observation, flagged rather than made infinite or NaN. */
export interface PossiblyDegenerateInterval extends ConfidenceInterval {
  /** True when n = 1: halfWidth and stdDev are 0 because there is no spread to measure, not because there is none. */
  degenerate: boolean;
}

/** The summary an interval needs: enough to build one from a Tally without keeping the samples. */
export interface SampleSummary {
  n: number;
  mean: number;
  stdDev: number;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
}

function checkFinite(samples: readonly number[]): void {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) {
      throw new RangeError(`samples must be finite numbers, got ${samples[i]} at index ${i}`);
    }
  }
}

/**
 * Student-t interval from a summary (n ≥ 2): mean ± t_{(1+c)/2, n−1} · stdDev / √n.
 * Throws RangeError for n < 2 (see `studentTInterval`).
 */
export function studentTIntervalFromSummary(summary: SampleSummary, confidence = 0.95): ConfidenceInterval {
  checkConfidence(confidence);
  const { n, mean, stdDev } = summary;
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(
      `a Student-t interval needs at least 2 observations, got ${n} (studentTIntervalOrPoint accepts 1)`,
    );
  }
  if (!Number.isFinite(mean) || !(stdDev >= 0) || !Number.isFinite(stdDev)) {
    throw new RangeError(`mean and stdDev must be finite (stdDev ≥ 0), got mean=${mean}, stdDev=${stdDev}`);
  }
  const halfWidth = (studentTQuantile((1 + confidence) / 2, n - 1) * stdDev) / Math.sqrt(n);
  return { n, mean, stdDev, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth, confidence };
}

/**
 * Student-t confidence interval on the mean of i.i.d. (approximately normal) samples.
 *
 * Needs n ≥ 2 and throws a RangeError otherwise: with one observation the interval is unbounded,
 * and neither Infinity nor NaN survives a CSV or a JSON file. Callers that must report something
 * for a single replication use `studentTIntervalOrPoint`, which flags the point estimate instead.
 */
export function studentTInterval(samples: readonly number[], confidence = 0.95): ConfidenceInterval {
  checkConfidence(confidence);
  checkFinite(samples);
  if (samples.length < 2) {
    throw new RangeError(
      `a Student-t interval needs at least 2 samples, got ${samples.length} (studentTIntervalOrPoint accepts 1)`,
    );
  }
  return studentTIntervalFromSummary(
    { n: samples.length, mean: sampleMean(samples), stdDev: sampleStandardDeviation(samples) },
    confidence,
  );
}

/**
 * Like `studentTInterval`, but one sample gives a point: halfWidth = stdDev = 0, lower = upper =
 * mean, `degenerate: true`. Still throws for an empty sample (there is no mean to report).
 */
export function studentTIntervalOrPoint(samples: readonly number[], confidence = 0.95): PossiblyDegenerateInterval {
  checkConfidence(confidence);
  checkFinite(samples);
  if (samples.length === 0) throw new RangeError('an interval needs at least 1 sample, got 0');
  if (samples.length === 1) {
    const value = samples[0];
    return { n: 1, mean: value, stdDev: 0, halfWidth: 0, lower: value, upper: value, confidence, degenerate: true };
  }
  return { ...studentTInterval(samples, confidence), degenerate: false };
}
