import { RandomStreams } from '../../engine/random/random-source.js';
import { studentTInterval } from '../../engine/stats/confidence-interval.js';
import type { ConfidenceInterval } from '../../engine/stats/confidence-interval.js';

/** Runs `replications` independent replications, replication r drawing from `RandomStreams(seed, r)`. */
export function replicate<T>(seed: string | number, replications: number, run: (streams: RandomStreams) => T): T[] {
  return Array.from({ length: replications }, (_, r) => run(new RandomStreams(seed, r)));
}

/**
 * How far a simulated mean may sit from theory:
 *
 *   tolerance = max(K_HALF_WIDTHS · halfWidth₉₅, RELATIVE_SLACK · |theory|)
 *
 * - K_HALF_WIDTHS = 2: the 95% half-width with R = 10 replications is t₀.₉₇₅,₉ ≈ 2.26 standard errors,
 *   so the band is ≈ 4.5 standard errors and an unbiased estimator falls outside it with
 *   probability P(|T₉| > 4.5) ≈ 0.15% per check. The seeds are fixed, so a test is deterministic
 *   either way; the wide band just keeps a change of seed or run length from turning a correct
 *   kernel red.
 * - RELATIVE_SLACK = 1%: finite runs keep a small bias that more replications do not remove (what
 *   is left of the empty-start transient after warm-up deletion; ratio estimators such as a time
 *   average over a random window). Without this floor a very precise estimate could fail on it.
 *
 * Neither term is loose enough to accept a wrong answer: the negative controls use the same check.
 */
export const K_HALF_WIDTHS = 2;
export const RELATIVE_SLACK = 0.01;

export interface Agreement {
  agrees: boolean;
  interval: ConfidenceInterval;
  theory: number;
  tolerance: number;
  /** simulated mean − theory */
  error: number;
}

export function agreement(samples: readonly number[], theory: number): Agreement {
  const interval = studentTInterval(samples, 0.95);
  const tolerance = Math.max(K_HALF_WIDTHS * interval.halfWidth, RELATIVE_SLACK * Math.abs(theory));
  const error = interval.mean - theory;
  return { agrees: Math.abs(error) <= tolerance, interval, theory, tolerance, error };
}

/** A readable one-liner for failure messages and logs. */
export function describeAgreement(label: string, a: Agreement): string {
  const { mean, halfWidth, n } = a.interval;
  return (
    `${label}: simulated ${mean.toPrecision(5)} ± ${halfWidth.toPrecision(3)} (95%, R=${n}), ` +
    `theory ${a.theory.toPrecision(5)}, error ${a.error.toPrecision(3)}, tolerance ${a.tolerance.toPrecision(3)}`
  );
}
