import {
  type ConfidenceInterval,
  studentTIntervalFromSummary,
} from './confidence-interval.js';

/** A Tally's whole state as plain data, so a shard can write it and a merge step can read it back. */
export interface TallyState {
  count: number;
  /** The first observation; the variance is accumulated on observations minus it. */
  shift: number;
  /** Mean of the observations minus `shift`. */
  shiftedMean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
  min: number;
  max: number;
  sum: number;
  /** Neumaier compensation term of `sum`. */
  sumCompensation: number;
}

/**
 * Running statistics of observations (latencies, per-replication results) in O(1) memory.
 *
 * The variance uses Welford's update on observations minus the first one, so a large common
 * offset (1e9 + noise) costs no digits; the mean and sum use compensated (Neumaier) summation;
 * `merge` uses Chan et al.'s pairwise formula, so per-shard tallies combine into the tally of all
 * observations (equal up to rounding, not bit for bit). Statistics that an empty (or, for the
 * variance, single-observation) tally cannot define are NaN: check `count` before reporting.
 */
export class Tally {
  private n = 0;
  private shift = 0;
  private shiftedMean = 0;
  private m2 = 0;
  private minimum = Infinity;
  private maximum = -Infinity;
  private runningSum = 0;
  private sumCompensation = 0;

  /** Records one observation; it must be finite (a NaN would silently poison every statistic). */
  add(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`Tally.add needs a finite number, got ${x}`);
    if (this.n === 0) this.shift = x;
    this.n++;
    const shifted = x - this.shift; // exact when x is within a factor 2 of the shift
    const delta = shifted - this.shiftedMean;
    this.shiftedMean += delta / this.n;
    this.m2 += delta * (shifted - this.shiftedMean);
    if (x < this.minimum) this.minimum = x;
    if (x > this.maximum) this.maximum = x;
    this.addToSum(x);
  }

  /** Folds `other` into this tally, as if its observations had been added here; `other` is unchanged. */
  merge(other: Tally): this {
    const nb = other.n;
    if (nb === 0) return this;
    const na = this.n;
    const n = na + nb;
    if (na === 0) {
      this.shift = other.shift;
      this.shiftedMean = other.shiftedMean;
    } else {
      const delta = other.shift - this.shift + (other.shiftedMean - this.shiftedMean);
      this.shiftedMean += (delta * nb) / n;
      this.m2 += ((delta * delta * na) / n) * nb;
    }
    this.m2 += other.m2;
    this.n = n;
    if (other.minimum < this.minimum) this.minimum = other.minimum;
    if (other.maximum > this.maximum) this.maximum = other.maximum;
    this.addToSum(other.runningSum);
    this.sumCompensation += other.sumCompensation;
    return this;
  }

  get count(): number {
    return this.n;
  }

  /**
   * Arithmetic mean; NaN when empty. Taken from the compensated sum, which is correctly rounded
   * where Welford's running mean (kept for the variance) drifts by a few ulps per thousand adds.
   */
  get mean(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }

  /** Sample variance (n − 1 denominator); NaN below 2 observations. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Sample standard deviation; NaN below 2 observations. */
  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation; NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.minimum;
  }

  /** Largest observation; NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.maximum;
  }

  /** Sum of the observations (compensated, so adding many small values to a large one loses nothing); 0 when empty. */
  get sum(): number {
    return this.runningSum + this.sumCompensation;
  }

  /** Student-t interval on the mean, treating the observations as i.i.d.; throws below 2 observations. */
  confidenceInterval(confidence = 0.95): ConfidenceInterval {
    return studentTIntervalFromSummary({ n: this.n, mean: this.mean, stdDev: this.stdDev }, confidence);
  }

  toState(): TallyState {
    return {
      count: this.n,
      shift: this.shift,
      shiftedMean: this.shiftedMean,
      m2: this.m2,
      min: this.minimum,
      max: this.maximum,
      sum: this.runningSum,
      sumCompensation: this.sumCompensation,
    };
  }

  static fromState(state: TallyState): Tally {
    if (!Number.isInteger(state.count) || state.count < 0) {
      throw new RangeError(`TallyState.count must be an integer ≥ 0, got ${state.count}`);
    }
    const tally = new Tally();
    tally.n = state.count;
    tally.shift = state.shift;
    tally.shiftedMean = state.shiftedMean;
    tally.m2 = state.m2;
    // JSON turns ±Infinity (an empty tally's min/max) into null: restore them.
    tally.minimum = state.count === 0 ? Infinity : state.min;
    tally.maximum = state.count === 0 ? -Infinity : state.max;
    tally.runningSum = state.sum;
    tally.sumCompensation = state.sumCompensation;
    return tally;
  }

  /** Neumaier's compensated summation step. */
  private addToSum(x: number): void {
    const t = this.runningSum + x;
    if (Math.abs(this.runningSum) >= Math.abs(x)) this.sumCompensation += this.runningSum - t + x;
    else this.sumCompensation += x - t + this.runningSum;
    this.runningSum = t;
  }
}
