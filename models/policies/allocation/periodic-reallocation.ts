import type { AllocationPolicy } from './allocation.js';
import { staticSplitAllocation } from './static-split.js';

/**
 * Periodic re-allocation following the demand's daily cycle. At plan time the power is split as the
 * static split does (`powerShare`): that buys each tier's racks. During the run, every
 * `policies.reallocationIntervalS`, tiers whose instances are interchangeable (same rack, model,
 * layout and performance, no prefill pool, not shared) pass instances between them toward the
 * demand-proportional split of the demand expected over the next interval (reallocationTargets). An
 * instance moving stops taking new requests, finishes those it holds, then joins the other tier (its
 * batch cap and timeouts become that tier's): models/factory/reallocation.ts.
 */
export function periodicReallocation(): AllocationPolicy {
  return { name: 'periodic', allocate: staticSplitAllocation().allocate };
}

/**
 * `instances` whole instances split in proportion to `needs` (instances each tier's expected demand
 * would keep busy), each tier keeping at least `minimum` so that it can still serve: the largest-
 * remainder (Hamilton) rounding of the proportional split, after the minimums. Without any need, the
 * instances are split evenly.
 */
export function reallocationTargets(needs: readonly number[], instances: number, minimum = 1): number[] {
  const n = needs.length;
  if (!Number.isInteger(instances) || instances < n * minimum) {
    throw new RangeError(`reallocationTargets: ${instances} instances cannot give ${n} tiers ${minimum} each`);
  }
  const total = needs.reduce((a, b) => a + Math.max(0, b), 0);
  const spare = instances - n * minimum;
  const shares = needs.map((need) => (total > 0 ? (Math.max(0, need) / total) * spare : spare / n));
  const targets = shares.map((share) => minimum + Math.floor(share));
  let left = instances - targets.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((share, i) => i).sort((a, b) => shares[b] - Math.floor(shares[b]) - (shares[a] - Math.floor(shares[a])) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    targets[i]++;
    left--;
  }
  return targets;
}
