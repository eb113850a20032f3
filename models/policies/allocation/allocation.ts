/** What an allocation policy knows of each tier when it splits the factory's power. */
export interface TierAllocationInput {
  tierId: string;
  /** the scenario's share for the static split */
  powerShare: number;
  /** requests/s one facility MW serves at the tier's operating point (fluid model) */
  requestsPerSPerMw: number;
  /** revenue $/s one facility MW earns when busy at the operating point */
  revenueUsdPerSPerMw: number;
  /** the tier's demand for the whole factory, requests/s; undefined when given relative to capacity */
  demandRequestsPerS: number | undefined;
}

/**
 * Splits the facility power cap (MW) across tiers; returns MW per tier, in input order, summing to at
 * most the cap. One policy per file, chosen by name from the scenario.
 */
export interface AllocationPolicy {
  readonly name: string;
  allocate(tiers: readonly TierAllocationInput[], powerCapMw: number): number[];
}

export class AllocationError extends Error {
  override name = 'AllocationError';
}

/** Demands are needed by demand-aware policies; a tier without one is a scenario error. */
export function requireDemands(policy: string, tiers: readonly TierAllocationInput[]): number[] {
  return tiers.map((t, i) => {
    if (t.demandRequestsPerS === undefined) {
      throw new AllocationError(
        `tiers[${i}].demand: allocation '${policy}' needs an absolute demand (an arrival rate without loadFraction)`,
      );
    }
    return t.demandRequestsPerS;
  });
}
