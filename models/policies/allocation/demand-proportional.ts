import { requireDemands, withMinimumPower, type AllocationPolicy } from './allocation.js';

/**
 * Power in proportion to the power each tier's demand needs at its operating point, so every tier
 * runs at the same load; if demand needs less than the cap, each tier gets what it needs scaled up
 * to fill the cap (headroom shared in the same proportion). Every tier gets at least one instance.
 */
export function demandProportionalAllocation(): AllocationPolicy {
  return {
    name: 'demand-proportional',
    allocate(tiers, powerCapMw) {
      const demands = requireDemands('demand-proportional', tiers);
      const needMw = tiers.map((t, i) => demands[i] / t.requestsPerSPerMw);
      const total = needMw.reduce((a, b) => a + b, 0);
      const allocated = total > 0 ? needMw.map((mw) => (mw / total) * powerCapMw) : tiers.map(() => powerCapMw / tiers.length);
      return withMinimumPower('demand-proportional', tiers, allocated, powerCapMw);
    },
  };
}
