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
  // Every field keeps one type for the estimator's life, and the exact values live in a Float64Array
  // (a JS array changes its elements kind as values arrive, and V8 deoptimises the code that pushed
  // to it). Either kind of change deoptimised the per-request code that adds latencies, and left some
  // processes ~15x slower in `add` for the rest of the run.
  /** The values while exact, in [0, count); growing up to exactLimit. */
  private values = new Float64Array(0);
  private count_ = 0;
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
    const n = this.count_;
    if (n === this.exactLimit) {
      this.switchToSketch();
      this.sketch.add(x);
      return;
    }
    if (n === this.values.length) this.grow();
    const values = this.values;
    if (this.sorted && n > 0 && x < values[n - 1]) this.sorted = false;
    values[n] = x;
    this.count_ = n + 1;
  }

  /** Folds `other` in (other is unchanged); afterwards this answers as if it had seen every value. */
  merge(other: QuantileEstimator): this {
    if (other.exactLimit !== this.exactLimit) {
      throw new RangeError(`cannot merge estimators with exactLimit ${this.exactLimit} and ${other.exactLimit}`);
    }
    if (this.exact && other.exact && this.count_ + other.count_ <= this.exactLimit) {
      for (let i = 0; i < other.count_; i++) this.add(other.values[i]);
      return this;
    }
    if (this.exact) this.switchToSketch();
    if (!other.exact) this.sketch.merge(other.sketch);
    else for (let i = 0; i < other.count_; i++) this.sketch.add(other.values[i]);
    return this;
  }

  get count(): number {
    return this.exact ? this.count_ : this.sketch.count;
  }

  /** True while every value is kept and quantiles are exact. */
  get isExact(): boolean {
    return this.exact;
  }

  /** The q-quantile, q in [0, 1]; throws when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
    if (!this.exact) return this.sketch.quantile(q);
    if (this.count_ === 0) throw new RangeError('quantile of an empty estimator');
    const values = this.values.subarray(0, this.count_);
    if (!this.sorted) {
      values.sort(); // a typed array sorts numerically
      this.sorted = true;
    }
    return quantileSorted(values as unknown as number[], q);
  }

  /** Doubles the room for exact values (at least 64, at most exactLimit). */
  private grow(): void {
    const capacity = Math.min(this.exactLimit, Math.max(64, 2 * this.values.length));
    const grown = new Float64Array(capacity);
    grown.set(this.values);
    this.values = grown;
  }

  private switchToSketch(): void {
    for (let i = 0; i < this.count_; i++) this.sketch.add(this.values[i]);
    this.values = new Float64Array(0);
    this.count_ = 0;
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
