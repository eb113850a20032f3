/** Options of a DDSketch. */
export interface DDSketchOptions {
  /** Relative accuracy α in (0, 1); default 0.01. */
  relativeAccuracy?: number;
  /**
   * Most buckets kept; beyond it the lowest buckets collapse into one. The default spans a ratio
   * max/min of 1e18 (1 ns to 30 years) before anything collapses: 2,074 buckets at α = 0.01,
   * 20,725 at α = 0.001. Buckets are only allocated across the range the data actually covers.
   */
  maxBucketCount?: number;
}

const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** max/min ratio the default bucket cap spans without collapsing. */
const DEFAULT_SPANNED_RATIO = 1e18;
const INITIAL_CAPACITY = 64;
/** Values below this count as zero: their logarithm would leave the index range of doubles. */
const MIN_INDEXABLE_VALUE = 1e-300;

/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019): a quantile sketch with relative-error guarantees for
 * non-negative values such as latencies, sizes and queue lengths.
 *
 * Values fall in logarithmic buckets (γ^(i−1), γ^i] with γ = (1 + α)/(1 − α); a bucket reports
 * 2γ^i/(γ + 1), which is within relative error α of every value in it.
 *
 * Guarantee: for a sample x_(0) ≤ … ≤ x_(n−1) and q in [0, 1], `quantile(q)` is within relative
 * error α of the sample quantile that simple-statistics' `quantile` computes (linear interpolation
 * between x_(⌊h⌋) and x_(⌈h⌉), h = q(n − 1)), as long as no bucket has collapsed below that rank;
 * q = 0 and q = 1 give the exact min and max. Memory: one counter per bucket between the smallest
 * and largest value, i.e. about ln(max/min)/(2α) counters, capped at `maxBucketCount`.
 *
 * Negative and non-finite values are rejected (shift signed data first); values below 1e-300
 * count as 0 and are reported as exactly 0.
 */
export class DDSketch {
  readonly relativeAccuracy: number;
  readonly maxBucketCount: number;
  private readonly gamma: number;
  private readonly inverseLogGamma: number;

  /** Bucket counts; counts[k] holds bucket index `offset + k`. */
  private counts = new Float64Array(INITIAL_CAPACITY);
  private offset = 0;
  private minIndex = Infinity;
  private maxIndex = -Infinity;
  private zeroCount = 0;
  private n = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  constructor(options: DDSketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`relativeAccuracy must be in (0, 1), got ${alpha}`);
    const gamma = (1 + alpha) / (1 - alpha);
    const maxBucketCount = options.maxBucketCount ?? Math.ceil(Math.log(DEFAULT_SPANNED_RATIO) / Math.log(gamma)) + 1;
    if (!Number.isInteger(maxBucketCount) || maxBucketCount < 1) {
      throw new RangeError(`maxBucketCount must be an integer ≥ 1, got ${maxBucketCount}`);
    }
    this.relativeAccuracy = alpha;
    this.maxBucketCount = maxBucketCount;
    this.gamma = gamma;
    this.inverseLogGamma = 1 / Math.log(gamma);
  }

  add(x: number): void {
    if (!(x >= 0) || x === Infinity) {
      throw new RangeError(`DDSketch.add needs a finite value ≥ 0, got ${x}`);
    }
    this.n++;
    if (x < this.minimum) this.minimum = x;
    if (x > this.maximum) this.maximum = x;
    if (x < MIN_INDEXABLE_VALUE) this.zeroCount++;
    else this.addToBucket(Math.ceil(Math.log(x) * this.inverseLogGamma), 1);
  }

  /** Adds `other`'s counts into this sketch: the result answers exactly as one fed all values would. */
  merge(other: DDSketch): this {
    if (other.gamma !== this.gamma || other.maxBucketCount !== this.maxBucketCount) {
      throw new RangeError(
        `cannot merge DDSketches with different settings (α ${this.relativeAccuracy} vs ${other.relativeAccuracy}, ` +
          `maxBucketCount ${this.maxBucketCount} vs ${other.maxBucketCount})`,
      );
    }
    if (other.n === 0) return this;
    // Highest bucket first, so any collapse happens once, at the final range.
    for (let index = other.maxIndex; index >= other.minIndex; index--) {
      const count = other.counts[index - other.offset];
      if (count > 0) this.addToBucket(index, count);
    }
    this.zeroCount += other.zeroCount;
    this.n += other.n;
    if (other.minimum < this.minimum) this.minimum = other.minimum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
    return this;
  }

  get count(): number {
    return this.n;
  }

  /** Exact smallest value added; NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.minimum;
  }

  /** Exact largest value added; NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.maximum;
  }

  /** Number of bucket counters in use (the sketch's memory, apart from a constant). */
  get bucketCount(): number {
    return this.maxIndex < this.minIndex ? 0 : this.maxIndex - this.minIndex + 1;
  }

  /** The q-quantile (q in [0, 1]) within relative error α; see the class comment. Throws when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
    if (this.n === 0) throw new RangeError('quantile of an empty sketch');
    if (q === 0) return this.minimum;
    if (q === 1) return this.maximum;
    // Interpolate like simple-statistics (type 7): a convex combination of two values each within
    // relative error α of their order statistic is within α of the interpolated quantile.
    const h = q * (this.n - 1);
    const lowerRank = Math.floor(h);
    const fraction = h - lowerRank;
    const lower = this.valueAtRank(lowerRank);
    if (fraction === 0) return lower;
    const upper = this.valueAtRank(lowerRank + 1);
    return lower + fraction * (upper - lower);
  }

  /** Estimate of the order statistic x_(rank) (0-based), clamped to the exact [min, max]. */
  private valueAtRank(rank: number): number {
    if (rank < this.zeroCount) return 0;
    let seen = this.zeroCount;
    for (let index = this.minIndex; index <= this.maxIndex; index++) {
      seen += this.counts[index - this.offset];
      if (seen > rank) {
        const estimate = (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
        // Clamping moves the estimate toward the true value, which lies in [min, max].
        return Math.min(Math.max(estimate, this.minimum), this.maximum);
      }
    }
    return this.maximum; // unreachable while counts add up to n
  }

  private addToBucket(index: number, count: number): void {
    if (index < this.minIndex || index > this.maxIndex) index = this.extendRange(index);
    this.counts[index - this.offset] += count;
  }

  /**
   * Makes room for bucket `index`, collapsing the lowest buckets when the range would exceed
   * `maxBucketCount`; returns the bucket the value now goes to.
   */
  private extendRange(index: number): number {
    let newMin = Math.min(this.minIndex, index);
    const newMax = Math.max(this.maxIndex, index);
    if (newMax - newMin + 1 > this.maxBucketCount) {
      newMin = newMax - this.maxBucketCount + 1;
      if (index < newMin) index = newMin;
    }
    const needed = newMax - newMin + 1;
    const fits = newMin >= this.offset && newMax < this.offset + this.counts.length;
    if (!fits) {
      const capacity = Math.min(Math.max(needed, 2 * this.counts.length), this.maxBucketCount);
      const grown = new Float64Array(capacity);
      const newOffset = newMin - Math.floor((capacity - needed) / 2);
      this.copyCounts(grown, newOffset, newMin);
      this.counts = grown;
      this.offset = newOffset;
    } else if (newMin > this.minIndex) {
      this.copyCounts(this.counts, this.offset, newMin);
    }
    this.minIndex = newMin;
    this.maxIndex = newMax;
    return index;
  }

  /**
   * Writes the current buckets into `target` (offset `targetOffset`), folding every bucket below
   * `newMin` into bucket `newMin`. `target` may be `this.counts` itself (same offset).
   */
  private copyCounts(target: Float64Array, targetOffset: number, newMin: number): void {
    if (this.maxIndex < this.minIndex) return; // empty: nothing to copy
    let collapsed = 0;
    for (let index = this.minIndex; index <= this.maxIndex; index++) {
      const count = this.counts[index - this.offset];
      if (index < newMin) {
        collapsed += count;
        if (target === this.counts) this.counts[index - this.offset] = 0;
      } else if (target !== this.counts) {
        target[index - targetOffset] = count;
      }
    }
    target[newMin - targetOffset] += collapsed;
  }
}
