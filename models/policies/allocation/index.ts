import type { AllocationPolicy } from './allocation.js';
import { demandProportionalAllocation } from './demand-proportional.js';
import { periodicReallocation } from './periodic-reallocation.js';
import { revenueGreedyAllocation } from './revenue-greedy.js';
import { staticSplitAllocation } from './static-split.js';

export { AllocationError, type AllocationPolicy, type TierAllocationInput } from './allocation.js';

/** Allocation policies by the name a scenario uses. */
export const ALLOCATIONS = {
  'static-split': staticSplitAllocation,
  'demand-proportional': demandProportionalAllocation,
  'revenue-greedy': () => revenueGreedyAllocation(),
  periodic: periodicReallocation,
} satisfies Record<string, () => AllocationPolicy>;

export type AllocationName = keyof typeof ALLOCATIONS;

export const ALLOCATION_NAMES = Object.keys(ALLOCATIONS) as AllocationName[];

export function createAllocation(name: AllocationName): AllocationPolicy {
  return ALLOCATIONS[name]();
}
