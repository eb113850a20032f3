import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import type { ScenarioFile } from '../../../experiments/scenario/scenario-schema.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { estimateFactory } from '../../../models/factory/fluid-estimate.js';
import { planFactory, type FactoryPlan } from '../../../models/factory/plan.js';
import { TINY_FACTORY } from '../compare/cli.js';

const SECONDS_PER_YEAR = 365 * 24 * 3600;

async function plan(adjust: (f: ScenarioFile) => ScenarioFile = (f) => f): Promise<FactoryPlan> {
  const { scenario } = await loadScenario(TINY_FACTORY, defaultCatalog(), adjust);
  return planFactory(scenario, defaultCatalog());
}

describe('the fluid estimate of a planned factory', () => {
  it('serves the demand below capacity and pays each request its mean tokens at the tier\'s prices', async () => {
    const p = await plan();
    const e = estimateFactory(p);
    const [free, medium] = p.tiers;
    // the fixture loads both tiers to 70% of their capacity
    expect(e.tiers[1].servedRequestsPerS).toBeCloseTo(0.7 * medium.capacityRequestsPerSFull, 9);
    expect(e.tiers[1].load).toBeCloseTo(0.7, 12);
    // Medium: $3 per million output tokens (catalog), $0.5 per million input tokens (the fixture)
    const perRequestUsd = (medium.meanSize.outputTokens * 3 + medium.meanSize.promptTokens * 0.5) / 1e6;
    expect(e.tiers[1].revenueUsdPerYear).toBeCloseTo(0.7 * medium.capacityRequestsPerSFull * perRequestUsd * SECONDS_PER_YEAR, 3);
    expect(e.tiers[0].revenueUsdPerYear).toBe(0); // Free is free
    expect(e.tiers[0].servedRequestsPerS).toBeCloseTo(0.7 * free.capacityRequestsPerSFull, 9);
    expect(e.revenueUsdPerYear).toBeCloseTo(e.tiers[1].revenueUsdPerYear, 6);
  });

  it('owes the facility whatever happens and stays within the cap when provisioned', async () => {
    const e = estimateFactory(await plan());
    // $40B per GW over 15 years, for 1 MW (the scenario defaults; IT included)
    expect(e.costs.facilityUsdPerYear).toBeCloseTo((40e9 / 1000) / 15, 6);
    expect(e.costs.itUsdPerYear).toBe(0);
    expect(e.marginUsdPerYear).toBeCloseTo(e.revenueUsdPerYear - e.costs.totalUsdPerYear, 6);
    expect(e.peakFacilityMw).toBeLessThanOrEqual(1);
    expect(e.meanFacilityPowerMw).toBeLessThanOrEqual(e.peakFacilityMw + 1e-12);
    expect(e.powerAdmittedFraction).toBe(1);
  });

  it('serves no more than the capacity when demand exceeds it', async () => {
    const p = await plan((f) => ({
      ...f,
      tiers: f.tiers.map((t) => ({ ...t, demand: { ...t.demand, loadFraction: undefined, arrivals: { kind: 'poisson', ratePerS: 1e7 } } })),
    }));
    const e = estimateFactory(p);
    e.tiers.forEach((t, i) => {
      expect(t.servedRequestsPerS).toBe(p.tiers[i].capacityRequestsPerSFull);
      expect(t.load).toBe(1);
    });
  });

  it('scales an oversubscribed factory down to the cap', async () => {
    const p = await plan((f) => ({ ...f, factory: { ...f.factory, power: { ...f.factory.power, mode: 'oversubscribe', oversubscriptionRatio: 1.5 } } }));
    const e = estimateFactory(p);
    expect(e.peakFacilityMw).toBeGreaterThan(1);
    const drawMw = e.tiers.reduce((s, t) => s + t.meanFacilityMw, 0);
    expect(drawMw).toBeGreaterThan(1);
    expect(e.meanFacilityPowerMw).toBe(1);
    expect(e.powerAdmittedFraction).toBeCloseTo(1 / drawMw, 12);
    expect(e.revenueUsdPerYear).toBeCloseTo(e.tiers.reduce((s, t) => s + t.revenueUsdPerYear, 0) / drawMw, 3);
  });
});
