import { mean as sampleMean } from 'simple-statistics';
import { type ConfidenceInterval, studentTInterval } from './confidence-interval.js';

/** A batch-means interval on the steady-state mean, with what it rests on. */
export interface BatchMeansInterval extends ConfidenceInterval {
  batchCount: number;
  /** Observations per batch. */
  batchSize: number;
  /** Observations left out because the series did not divide into whole batches. */
  discardedCount: number;
  /**
   * Lag-1 autocorrelation of the batch means: near 0 when batches are long enough to be nearly
   * independent; above ~0.2 the interval is likely too narrow (use fewer, longer batches or a
   * longer run). 0 when every batch mean is equal (nothing varies, so nothing is correlated).
   */
  lag1Autocorrelation: number;
}

export interface BatchMeansOptions {
  /** Number of batches k (≥ 2); default 20, within the 10–30 most texts recommend. */
  batchCount?: number;
  confidence?: number;
}

const DEFAULT_BATCH_COUNT = 20;

/**
 * The method of batch means for one long run after warm-up: split the series into k equal
 * consecutive batches, treat their means as roughly i.i.d. normal, and give a Student-t interval on
 * the grand mean from them. Autocorrelation within the run widens the interval, as it should,
 * where a naive interval over the raw observations would be far too narrow.
 *
 * When the length is not a multiple of k, the first `length mod k` observations are dropped (the
 * earliest are the ones most affected by the initial state).
 */
export function batchMeansInterval(series: readonly number[], options: BatchMeansOptions = {}): BatchMeansInterval {
  const batchCount = options.batchCount ?? DEFAULT_BATCH_COUNT;
  if (!Number.isInteger(batchCount) || batchCount < 2) {
    throw new RangeError(`batchCount must be an integer ≥ 2, got ${batchCount}`);
  }
  const batchSize = Math.floor(series.length / batchCount);
  if (batchSize < 1) {
    throw new RangeError(`batch means needs at least batchCount (${batchCount}) observations, got ${series.length}`);
  }
  const discardedCount = series.length - batchSize * batchCount;
  const means: number[] = [];
  for (let b = 0; b < batchCount; b++) {
    const start = discardedCount + b * batchSize;
    means.push(sampleMean(series.slice(start, start + batchSize)));
  }
  return {
    ...studentTInterval(means, options.confidence),
    batchCount,
    batchSize,
    discardedCount,
    lag1Autocorrelation: lag1Autocorrelation(means),
  };
}

/**
 * Lag-1 sample autocorrelation r₁ = Σ (xᵢ − x̄)(xᵢ₊₁ − x̄) / Σ (xᵢ − x̄)²; 0 for a constant series.
 */
export function lag1Autocorrelation(series: readonly number[]): number {
  if (series.length < 2) throw new RangeError(`autocorrelation needs at least 2 values, got ${series.length}`);
  const m = sampleMean(series);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < series.length; i++) {
    const d = series[i] - m;
    denominator += d * d;
    if (i + 1 < series.length) numerator += d * (series[i + 1] - m);
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Batch means over a stream too long to keep: holds between k and 2k − 1 full batch means in
 * O(k) memory. Batches start one observation long; whenever 2k are full, neighbours are averaged
 * pairwise into k batches of twice the length. Until 2k observations have arrived the batches are
 * single observations, i.e. the naive interval: watch `lag1Autocorrelation`.
 */
export class StreamingBatchMeans {
  readonly minBatchCount: number;
  private batchSize = 1;
  private readonly means: number[] = [];
  private partialSum = 0;
  private partialCount = 0;

  constructor(minBatchCount = DEFAULT_BATCH_COUNT) {
    if (!Number.isInteger(minBatchCount) || minBatchCount < 2) {
      throw new RangeError(`minBatchCount must be an integer ≥ 2, got ${minBatchCount}`);
    }
    this.minBatchCount = minBatchCount;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`StreamingBatchMeans.add needs a finite number, got ${x}`);
    this.partialSum += x;
    this.partialCount++;
    if (this.partialCount < this.batchSize) return;
    this.means.push(this.partialSum / this.batchSize);
    this.partialSum = 0;
    this.partialCount = 0;
    if (this.means.length === 2 * this.minBatchCount) {
      for (let i = 0; i < this.minBatchCount; i++) {
        this.means[i] = (this.means[2 * i] + this.means[2 * i + 1]) / 2;
      }
      this.means.length = this.minBatchCount;
      this.batchSize *= 2;
    }
  }

  /** Observations added so far. */
  get count(): number {
    return this.means.length * this.batchSize + this.partialCount;
  }

  /** Interval over the full batches; the trailing partial batch is `discardedCount`. Needs 2 full batches. */
  interval(confidence = 0.95): BatchMeansInterval {
    if (this.means.length < 2) {
      throw new RangeError(`batch means needs at least 2 full batches, got ${this.means.length}`);
    }
    return {
      ...studentTInterval(this.means, confidence),
      batchCount: this.means.length,
      batchSize: this.batchSize,
      discardedCount: this.partialCount,
      lag1Autocorrelation: lag1Autocorrelation(this.means),
    };
  }
}
