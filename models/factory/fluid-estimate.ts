/**
 * What a planned factory should earn and cost by the fluid model alone, without simulating it: each
 * tier serves min(demand, capacity) requests/s at its operating point, every served request pays its
 * mean size at the tier's prices, and costs follow the same formulas as a replication's. It takes
 * microseconds, so the optimiser ranks thousands of candidates with it and lets the simulation confirm
 * the best few (queueing, SLO misses and prefill pauses are what the fluid model leaves out).
 */
import { annualCosts, SECONDS_PER_YEAR, tokenRevenueUsd, type AnnualCosts, type RackCostInputs } from '../economics/costs.js';
import { facilityPowerMw, rackItPowerKw } from '../power/rack-power.js';
import { rackCosts } from './metrics.js';
import type { FactoryPlan, TierPlan } from './plan.js';
import type { FactorySpec } from './scenario.js';

export interface TierFluidEstimate {
  tier: string;
  /** requests/s the tier's instances sustain at the operating point (whole factory) */
  capacityRequestsPerS: number;
  demandRequestsPerS: number;
  servedRequestsPerS: number;
  /** served ÷ capacity, in [0, 1] */
  load: number;
  revenueUsdPerYear: number;
  outputTokPerS: number;
  peakFacilityMw: number;
  meanFacilityMw: number;
  racks: RackCostInputs[];
}

export interface FactoryFluidEstimate {
  tiers: TierFluidEstimate[];
  /**
   * fraction of the served demand the power cap lets through: 1 unless an oversubscribed factory's
   * estimated draw exceeds the cap, when the controller sheds new requests until it fits
   */
  powerAdmittedFraction: number;
  revenueUsdPerYear: number;
  costs: AnnualCosts;
  marginUsdPerYear: number;
  outputTokPerS: number;
  meanFacilityPowerMw: number;
  /** what the installed racks draw at peak: ≤ the cap when provisioned, up to cap × ratio when oversubscribed */
  peakFacilityMw: number;
  capMw: number;
}

/** One tier's fluid estimate; independent of the other tiers once its power is allocated. */
export function estimateTier(tier: TierPlan): TierFluidEstimate {
  const capacity = tier.capacityRequestsPerSFull;
  const demand = tier.demandRequestsPerSFull;
  const served = Math.min(demand, capacity);
  const load = capacity > 0 ? served / capacity : 0;
  const { tier: spec, meanSize } = tier;
  const revenuePerRequestUsd = tokenRevenueUsd(meanSize.outputTokens, spec.priceUsdPerMTokOut) + tokenRevenueUsd(meanSize.promptTokens, spec.priceUsdPerMTokIn);
  // A decode instance draws near peak whenever it holds any sequence. It holds load × batchCap on
  // average, which bounds the chance it is busy from above (Markov): energy is not underestimated.
  const decode = tier.decode;
  const decodeBusy = Math.min(1, load * tier.batchCap);
  let meanFacilityMw = facilityPowerMw(decode.instancesFull * rackItPowerKw(decode.instanceIdleKw, decode.instancePeakKw, decodeBusy), decode.pue);
  const prefill = tier.prefill;
  if (prefill) meanFacilityMw += facilityPowerMw(prefill.instancesFull * rackItPowerKw(prefill.instanceIdleKw, prefill.instancePeakKw, load), prefill.pue);
  return {
    tier: spec.id,
    capacityRequestsPerS: capacity,
    demandRequestsPerS: demand,
    servedRequestsPerS: served,
    load,
    revenueUsdPerYear: served * revenuePerRequestUsd * SECONDS_PER_YEAR,
    outputTokPerS: served * meanSize.outputTokens,
    peakFacilityMw: tier.peakFacilityMw,
    meanFacilityMw,
    racks: rackCosts(tier),
  };
}

/**
 * The factory's estimate from its tiers' (which may come from separately planned tiers: under a static
 * split a tier's plan depends only on its own share). Costs are annualCosts, as in a replication.
 */
export function combineTierEstimates(factory: FactorySpec, tiers: readonly TierFluidEstimate[]): FactoryFluidEstimate {
  const drawMw = tiers.reduce((s, t) => s + t.meanFacilityMw, 0);
  // Crude on purpose: the real controller sheds the cheapest tier first; the fluid model just scales.
  const powerAdmittedFraction = drawMw > factory.powerCapMw ? factory.powerCapMw / drawMw : 1;
  const meanFacilityPowerMw = Math.min(drawMw, factory.powerCapMw);
  const revenueUsdPerYear = powerAdmittedFraction * tiers.reduce((s, t) => s + t.revenueUsdPerYear, 0);
  const costs = annualCosts(factory, tiers.flatMap((t) => t.racks), meanFacilityPowerMw);
  return {
    tiers: [...tiers],
    powerAdmittedFraction,
    revenueUsdPerYear,
    costs,
    marginUsdPerYear: revenueUsdPerYear - costs.totalUsdPerYear,
    outputTokPerS: powerAdmittedFraction * tiers.reduce((s, t) => s + t.outputTokPerS, 0),
    meanFacilityPowerMw,
    peakFacilityMw: tiers.reduce((s, t) => s + t.peakFacilityMw, 0),
    capMw: factory.powerCapMw,
  };
}

/** The fluid estimate of a whole planned factory. */
export function estimateFactory(plan: FactoryPlan): FactoryFluidEstimate {
  return combineTierEstimates(plan.scenario.factory, plan.tiers.map(estimateTier));
}
