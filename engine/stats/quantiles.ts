import { quantile as simpleQuantile, quantileSorted } from 'simple-statistics';
import { DDSketch } from './ddsketch.js';

export interface QuantileEstimatorOptions {
  /** Values kept exactly before switching to the sketch; default 10,000. */
  exactLimit?: number;
  /** Relative accuracy α of the sketch once it takes over; default 0.01. */
  relativeAccuracy?: number;
  /** Bucket cap of the sketch; see `DDSketchOptions.maxBucketCount`. */
  maxBucketCount?: number;
}

const DEFAULT_EXACT_LIMIT = 10_000;

/**
 * Quantiles of a stream of non-negative values (latencies, sizes, queue lengths): exact while at
 * most `exactLimit` values have been seen, then a DDSketch in bounded memory.
 *
 * Guarantee: `quantile(q)` equals simple-statistics' `quantile(values, q)` (linear interpolation,
 * numpy's default) while `count ≤ exactLimit`; above it, it is within relative error α (default 1%)
 * of that value, with the exact min and max at q = 0 and 1 (see `DDSketch`). Merging gives the
 * same answers as adding every value to one estimator. Negative and non-finite values are rejected
 * in both modes, so whether a value is accepted never depends on how many came before it.
 */
export class QuantileEstimator {
  readonly exactLimit: number;
  // Every field keeps one type for the estimator's life (the values are emptied, not nulled, at the
  // switch; the sketch exists from the start): a field changing type deoptimised the code adding
  // latencies once per request, and some processes stayed ~15x slower in `add` after it.
  /** The values while exact; emptied once the sketch has taken over. */
  private values: number[] = [];
  private exact = true;
  private sorted = true;
  /** Empty until the switch, then holds every value. */
  private readonly sketch: DDSketch;

  constructor(options: QuantileEstimatorOptions = {}) {
    const exactLimit = options.exactLimit ?? DEFAULT_EXACT_LIMIT;
    if (!Number.isInteger(exactLimit) || exactLimit < 0) {
      throw new RangeError(`exactLimit must be an integer ≥ 0, got ${exactLimit}`);
    }
    this.exactLimit = exactLimit;
    // validates the sketch options now, not at the switch
    this.sketch = new DDSketch({ relativeAccuracy: options.relativeAccuracy, maxBucketCount: options.maxBucketCount });
  }

  add(x: number): void {
    if (!this.exact) {
      this.sketch.add(x);
      return;
    }
    if (!(x >= 0) || x === Infinity) {
      throw new RangeError(`QuantileEstimator.add needs a finite value ≥ 0, got ${x}`);
    }
    const values = this.values;
    if (values.length === this.exactLimit) {
      this.switchToSketch();
      this.sketch.add(x);
      return;
    }
    if (this.sorted && values.length > 0 && x < values[values.length - 1]) this.sorted = false;
    values.push(x);
  }

  /** Folds `other` in (other is unchanged); afterwards this answers as if it had seen every value. */
  merge(other: QuantileEstimator): this {
    if (other.exactLimit !== this.exactLimit) {
      throw new RangeError(`cannot merge estimators with exactLimit ${this.exactLimit} and ${other.exactLimit}`);
    }
    if (this.exact && other.exact && this.values.length + other.values.length <= this.exactLimit) {
      for (const x of other.values) this.add(x);
      return this;
    }
    if (this.exact) this.switchToSketch();
    if (!other.exact) this.sketch.merge(other.sketch);
    else for (const x of other.values) this.sketch.add(x);
    return this;
  }

  get count(): number {
    return this.exact ? this.values.length : this.sketch.count;
  }

  /** True while every value is kept and quantiles are exact. */
  get isExact(): boolean {
    return this.exact;
  }

  /** The q-quantile, q in [0, 1]; throws when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
    if (!this.exact) return this.sketch.quantile(q);
    if (this.values.length === 0) throw new RangeError('quantile of an empty estimator');
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return quantileSorted(this.values, q);
  }

  private switchToSketch(): void {
    for (const x of this.values) this.sketch.add(x);
    this.values = [];
    this.exact = false;
  }
}

/**
 * Exact sample quantile of an array (linear interpolation between order statistics, numpy's
 * default), without modifying it; simple-statistics' `quantile`, with clear errors. For many
 * quantiles of one sorted array, use `quantileSorted`.
 */
export function sampleQuantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty array');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  return simpleQuantile(values, q);
}

export { quantileSorted };
