import { requireDemands, withMinimumPower, type AllocationPolicy } from './allocation.js';

/**
 * Marginal revenue per MW, greedily: tiers sorted by revenue per MW at their operating point get the
 * power their demand needs (plus `headroom` for queueing) until the cap runs out. With linear revenue
 * per MW up to the demand, greedy is optimal (a fractional knapsack). Tiers earning nothing per MW
 * share what is left in proportion to their needs. When demand exceeds the cap, the last tiers would
 * get nothing: every tier keeps at least one instance, paid for by the others.
 */
export function revenueGreedyAllocation(headroom = 1.25): AllocationPolicy {
  return {
    name: 'revenue-greedy',
    allocate(tiers, powerCapMw) {
      const demands = requireDemands('revenue-greedy', tiers);
      const needMw = tiers.map((t, i) => (headroom * demands[i]) / t.requestsPerSPerMw);
      const order = tiers.map((_, i) => i).sort((a, b) => tiers[b].revenueUsdPerSPerMw - tiers[a].revenueUsdPerSPerMw || a - b);
      const allocated = tiers.map(() => 0);
      let leftMw = powerCapMw;
      for (const i of order) {
        if (tiers[i].revenueUsdPerSPerMw <= 0) continue;
        allocated[i] = Math.min(needMw[i], leftMw);
        leftMw -= allocated[i];
      }
      const unpaid = order.filter((i) => tiers[i].revenueUsdPerSPerMw <= 0);
      const unpaidNeed = unpaid.reduce((s, i) => s + needMw[i], 0);
      for (const i of unpaid) allocated[i] = unpaidNeed > 0 ? (leftMw * needMw[i]) / unpaidNeed : 0;
      return withMinimumPower('revenue-greedy', tiers, allocated, powerCapMw);
    },
  };
}
