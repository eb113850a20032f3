import type { AllocationPolicy } from './allocation.js';

/** Each tier gets its fixed share of the cap (the keynote's 25/25/25/25). Shares must sum to ≤ 1. */
export function staticSplitAllocation(): AllocationPolicy {
  return {
    name: 'static-split',
    allocate: (tiers, powerCapMw) => tiers.map((t) => t.powerShare * powerCapMw),
  };
}
