/** How the cost of the IT equipment is counted. */
export type ItCostModel =
  /** the facility capex per GW already includes the racks (the keynote's "$40B per GW" framing) */
  | { kind: 'included' }
  /**
   * all-in cost per chip-hour from the rack catalog (SemiAnalysis TCO, hyperscaler tier). It already
   * contains power and colocation, so neither the facility nor energy is added on top.
   */
  | { kind: 'tco' }
  /** rack capex from the catalog depreciated straight-line */
  | { kind: 'depreciation'; years: number };

export interface FactoryCostInputs {
  powerCapMw: number;
  facilityCapexUsdPerGw: number;
  facilityLifeYears: number;
  electricityUsdPerMwh: number;
  itCost: ItCostModel;
}

export interface RackCostInputs {
  racks: number;
  chipsPerRack: number;
  tcoUsdPerChipHour?: number;
  capexUsdPerRack?: number;
}

export const HOURS_PER_YEAR = 8760;
export const SECONDS_PER_YEAR = HOURS_PER_YEAR * 3600;

export interface AnnualCosts {
  facilityUsdPerYear: number;
  itUsdPerYear: number;
  energyUsdPerYear: number;
  totalUsdPerYear: number;
}

/**
 * Annualised costs. The facility is owed whether or not it is busy (amortised straight-line over its
 * life, no cost of capital); energy follows the mean facility power actually drawn.
 */
export function annualCosts(factory: FactoryCostInputs, racks: readonly RackCostInputs[], meanFacilityPowerMw: number): AnnualCosts {
  const itCost = factory.itCost;
  if (itCost.kind === 'tco') {
    let itUsdPerYear = 0;
    for (const r of racks) itUsdPerYear += r.racks * r.chipsPerRack * (r.tcoUsdPerChipHour ?? 0) * HOURS_PER_YEAR;
    return { facilityUsdPerYear: 0, itUsdPerYear, energyUsdPerYear: 0, totalUsdPerYear: itUsdPerYear };
  }
  const facilityUsdPerYear = (factory.facilityCapexUsdPerGw * (factory.powerCapMw / 1000)) / factory.facilityLifeYears;
  let itUsdPerYear = 0;
  if (itCost.kind === 'depreciation') {
    for (const r of racks) itUsdPerYear += (r.racks * (r.capexUsdPerRack ?? 0)) / itCost.years;
  }
  const energyUsdPerYear = meanFacilityPowerMw * HOURS_PER_YEAR * factory.electricityUsdPerMwh;
  return {
    facilityUsdPerYear,
    itUsdPerYear,
    energyUsdPerYear,
    totalUsdPerYear: facilityUsdPerYear + itUsdPerYear + energyUsdPerYear,
  };
}

/** Revenue of a number of tokens at a price per million tokens. */
export function tokenRevenueUsd(tokens: number, priceUsdPerMTok: number): number {
  return (tokens * priceUsdPerMTok) / 1e6;
}
