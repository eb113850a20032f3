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
  /** the least power that buys the tier one instance (decode, and prefill where it has its own racks) */
  minimumMw: number;
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

/**
 * Gives every tier at least the power of one instance, taken from the tiers above their minimum in
 * proportion to their excess. A demand-aware policy may rank a tier last and leave it nothing; a
 * factory still offers every tier it sells, and a tier without a single instance cannot be planned.
 * Throws AllocationError when the cap cannot buy one instance of every tier.
 */
export function withMinimumPower(policy: string, tiers: readonly TierAllocationInput[], allocatedMw: readonly number[], powerCapMw: number): number[] {
  // A hair above the minimum, so rounding never turns one instance into 0.999.
  const minimum = tiers.map((t) => t.minimumMw * (1 + 1e-9));
  const needMw = minimum.reduce((s, m) => s + m, 0);
  if (needMw > powerCapMw) {
    throw new AllocationError(
      `policies.allocation: '${policy}' cannot give every tier one instance: that needs ${needMw.toFixed(3)} MW of a ${powerCapMw} MW cap`,
    );
  }
  const deficitMw = allocatedMw.reduce((s, mw, i) => s + Math.max(0, minimum[i] - mw), 0);
  if (deficitMw === 0) return [...allocatedMw];
  const excess = allocatedMw.map((mw, i) => Math.max(0, mw - minimum[i]));
  const excessMw = excess.reduce((s, e) => s + e, 0);
  // The free power (cap minus what is allocated) pays first; the excess of the others pays the rest.
  const freeMw = Math.max(0, powerCapMw - allocatedMw.reduce((s, mw) => s + mw, 0));
  const takeMw = Math.max(0, deficitMw - freeMw);
  return allocatedMw.map((mw, i) => (mw < minimum[i] ? minimum[i] : mw - (excessMw > 0 ? (takeMw * excess[i]) / excessMw : 0)));
}
