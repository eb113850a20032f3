import { annualCosts, SECONDS_PER_YEAR, type AnnualCosts } from '../economics/costs.js';
import type { FactoryPlan, TierPlan } from './plan.js';
import type { ReplicationResult, TierReplicationResult } from './replication.js';

/** One tier's outcome in one replication, scaled to the whole factory (counts and $ over the window). */
export interface TierOutcome {
  tier: string;
  model: string;
  rack: string;
  requestsArrived: number;
  requestsServed: number;
  requestsRejected: number;
  /** of the rejected: refused because the power controller was shedding the tier (oversubscription) */
  requestsRejectedForPower: number;
  requestsAbandoned: number;
  requestsInFlightAtEnd: number;
  inputTokens: number;
  outputTokens: number;
  grossRevenueUsd: number;
  goodputRevenueUsd: number;
  sloAttainment: number;
  ttftP50S: number;
  ttftP99S: number;
  tpotP50S: number;
  tpotP99S: number;
  outputTokPerS: number;
  outputTokPerSPerMw: number;
  grossRevenueUsdPerYear: number;
  goodputRevenueUsdPerYear: number;
  /** cost of the tier's racks and share of the facility per million output tokens */
  costUsdPerMTokOut: number;
}

export interface FactoryOutcome {
  revenueUsdPerYear: number;
  goodputRevenueUsdPerYear: number;
  costs: AnnualCosts;
  marginUsdPerYear: number;
  outputTokPerS: number;
  outputTokPerSPerMw: number;
  revenueUsdPerYearPerMw: number;
  meanFacilityPowerMw: number;
  peakIntervalFacilityPowerMw: number;
  energyMwh: number;
  capMw: number;
}

/** Quantile or 0 when nothing was observed (CSV cells stay numeric). */
function q(estimator: { count: number; quantile(p: number): number }, p: number): number {
  return estimator.count > 0 ? estimator.quantile(p) : 0;
}

export function tierOutcome(plan: FactoryPlan, tierPlan: TierPlan, result: TierReplicationResult, measuredS: number): TierOutcome {
  const m = result.metrics;
  const k = result.scale;
  const perYear = measuredS > 0 ? SECONDS_PER_YEAR / measuredS : 0;
  const outputTokPerS = measuredS > 0 ? (m.outputTokens * k) / measuredS : 0;
  const tierCosts = annualCosts(
    { ...plan.scenario.factory, powerCapMw: tierPlan.allocatedMw },
    rackCosts(tierPlan),
    tierPlan.peakFacilityMw,
  );
  const tokensPerYear = outputTokPerS * SECONDS_PER_YEAR;
  return {
    tier: tierPlan.tier.id,
    model: tierPlan.llm.id,
    rack: tierPlan.prefill ? `${tierPlan.prefill.rack.id}+${tierPlan.decode.rack.id}` : tierPlan.decode.rack.id,
    requestsArrived: m.arrived * k,
    requestsServed: m.served * k,
    requestsRejected: m.rejected * k,
    requestsRejectedForPower: m.rejectedForPower * k,
    requestsAbandoned: m.abandoned * k,
    requestsInFlightAtEnd: m.inFlightAtEnd * k,
    inputTokens: m.inputTokens * k,
    outputTokens: m.outputTokens * k,
    grossRevenueUsd: m.grossRevenueUsd * k,
    goodputRevenueUsd: m.goodputRevenueUsd * k,
    sloAttainment: m.served > 0 ? m.sloMet / m.served : 0,
    ttftP50S: q(m.ttftS, 0.5),
    ttftP99S: q(m.ttftS, 0.99),
    tpotP50S: q(m.tpotS, 0.5),
    tpotP99S: q(m.tpotS, 0.99),
    outputTokPerS,
    outputTokPerSPerMw: tierPlan.peakFacilityMw > 0 ? outputTokPerS / tierPlan.peakFacilityMw : 0,
    grossRevenueUsdPerYear: m.grossRevenueUsd * k * perYear,
    goodputRevenueUsdPerYear: m.goodputRevenueUsd * k * perYear,
    costUsdPerMTokOut: tokensPerYear > 0 ? (tierCosts.totalUsdPerYear / tokensPerYear) * 1e6 : 0,
  };
}

/** Every kind of rack the tier installs: decode (both kinds of an attention–FFN instance) and prefill. */
export function rackCosts(tier: TierPlan) {
  const groups = tier.prefill ? [tier.decode, tier.prefill] : [tier.decode];
  return groups.flatMap((g) => [g, ...(g.attention ? [g.attention] : [])]).map((g) => ({
    racks: g.racks,
    chipsPerRack: g.rack.chips,
    tcoUsdPerChipHour: g.rack.tcoUsdPerChipHour,
    capexUsdPerRack: g.rack.capexUsdPerRack,
  }));
}

export function factoryOutcome(plan: FactoryPlan, result: ReplicationResult, tiers: readonly TierOutcome[]): FactoryOutcome {
  const revenueUsdPerYear = tiers.reduce((s, t) => s + t.grossRevenueUsdPerYear, 0);
  const goodputRevenueUsdPerYear = tiers.reduce((s, t) => s + t.goodputRevenueUsdPerYear, 0);
  const costs = annualCosts(plan.scenario.factory, plan.tiers.flatMap(rackCosts), result.meanFacilityPowerMw);
  const outputTokPerS = tiers.reduce((s, t) => s + t.outputTokPerS, 0);
  const capMw = plan.scenario.factory.powerCapMw;
  return {
    revenueUsdPerYear,
    goodputRevenueUsdPerYear,
    costs,
    marginUsdPerYear: revenueUsdPerYear - costs.totalUsdPerYear,
    outputTokPerS,
    outputTokPerSPerMw: outputTokPerS / capMw,
    revenueUsdPerYearPerMw: revenueUsdPerYear / capMw,
    meanFacilityPowerMw: result.meanFacilityPowerMw,
    peakIntervalFacilityPowerMw: result.power.reduce((m, p) => Math.max(m, p.facilityPowerMw), 0),
    energyMwh: result.energyMwh,
    capMw,
  };
}

/** Both outcomes of one replication. */
export function replicationOutcome(plan: FactoryPlan, result: ReplicationResult): { tiers: TierOutcome[]; factory: FactoryOutcome } {
  const tiers = plan.tiers.map((t, i) => tierOutcome(plan, t, result.tiers[i], result.measuredS));
  return { tiers, factory: factoryOutcome(plan, result, tiers) };
}
