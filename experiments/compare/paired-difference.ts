import { studentTIntervalOrPoint, type PossiblyDegenerateInterval } from '../../engine/stats/confidence-interval.js';

/** The paired-t interval on the mean of `variant − baseline`, and whether it says they differ. */
export interface PairedDifference extends PossiblyDegenerateInterval {
  /** the interval excludes 0; never with one replication, which has no interval to speak of */
  significant: boolean;
}

/**
 * Variants run with common random numbers: replication r of every variant draws the same streams, so
 * the differences d_r = variant_r − baseline_r cancel the noise both share and their Student-t interval
 * (n − 1 degrees of freedom) is far narrower than two independent intervals would suggest.
 * `variant[r]` and `baseline[r]` must be the same replication.
 */
export function pairedDifference(variant: readonly number[], baseline: readonly number[], confidence = 0.95): PairedDifference {
  if (variant.length !== baseline.length) {
    throw new RangeError(`paired samples must have the same length, got ${variant.length} and ${baseline.length}`);
  }
  const ci = studentTIntervalOrPoint(
    variant.map((v, r) => v - baseline[r]),
    confidence,
  );
  return { ...ci, significant: !ci.degenerate && (ci.lower > 0 || ci.upper < 0) };
}
