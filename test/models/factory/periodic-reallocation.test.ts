import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../../models/factory/plan.js';
import { runReplication, type ReplicationResult } from '../../../models/factory/replication.js';
import type { AllocationName } from '../../../models/policies/allocation/index.js';

/**
 * Issue 5 §4, "periodic re-allocation following the daily cycle": the fixture's two tiers on the same
 * HGX H100 instances (same model and layout), with opposite daily cycles (peaks at midnight and noon,
 * 6:1 peak to trough), simulated from 04:00 to 08:00: the first tier's demand falls from 1.09× to
 * 0.61× what half the racks serve while the other's rises from 0.61× to 1.09×. A static split
 * overloads one tier at each end; periodic re-allocation follows the demand. Both runs see the same
 * requests (common random numbers: the same seed and streams).
 */
const catalog = defaultCatalog();
const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
const REPLICATIONS = 2;

async function simulate(allocation: AllocationName): Promise<{ plan: FactoryPlan; results: ReplicationResult[] }> {
  const { scenario } = await loadScenario(FIXTURE, catalog, (f) => ({
    ...f,
    policies: { ...f.policies, allocation, reallocationIntervalS: 900 },
    tiers: f.tiers.map((t, i) => ({
      ...t,
      modelId: 'qwen3-235b-a22b',
      hardware: { ...t.hardware, layout: { chipsPerInstance: 8, weightPrecision: 'fp8' as const, kvPrecision: 'fp8' as const } },
      demand: {
        loadFraction: 0.85,
        arrivals: { kind: 'daily-cycle' as const, meanRatePerS: 1, peakToTroughRatio: 6, peakHour: i === 0 ? 0 : 12, weekendFactor: 1, startHour: 4 },
        // long answers: few requests per simulated hour keep the run short
        sizes: {
          kind: 'distributions' as const,
          promptTokens: { kind: 'lognormal' as const, median: 1000, p90: 4000 },
          outputTokens: { kind: 'lognormal' as const, median: 1500, p90: 3000 },
        },
      },
    })),
    simulation: { ...f.simulation, durationS: 4 * 3600, warmupS: 600, intervalS: 600, sampleFraction: 0.1, seed: 'periodic' },
  }));
  const plan = planFactory(scenario, catalog);
  return { plan, results: Array.from({ length: REPLICATIONS }, (_, r) => runReplication(plan, r)) };
}

describe('periodic re-allocation against a static split, opposite daily cycles', () => {
  let periodic: Awaited<ReturnType<typeof simulate>>;
  let fixed: Awaited<ReturnType<typeof simulate>>;
  beforeAll(async () => {
    periodic = await simulate('periodic');
    fixed = await simulate('static-split');
  });

  it('groups the two tiers and plans the same racks as the static split', () => {
    expect(periodic.plan.reallocationGroups).toEqual([[0, 1]]);
    expect(fixed.plan.reallocationGroups).toEqual([]);
    expect(periodic.plan.tiers.map((t) => t.decode.instancesFull)).toEqual(fixed.plan.tiers.map((t) => t.decode.instancesFull));
    expect(periodic.plan.peakFacilityMw).toBe(fixed.plan.peakFacilityMw);
  });

  it('loses fewer requests and meets more SLOs on the same demand', () => {
    for (let r = 0; r < REPLICATIONS; r++) {
      const p = periodic.results[r].tiers.map((t) => t.metrics);
      const s = fixed.results[r].tiers.map((t) => t.metrics);
      expect(p.map((m) => m.arrived), 'common random numbers').toEqual(s.map((m) => m.arrived));
      const lost = (ms: typeof p): number => ms.reduce((sum, m) => sum + m.rejected + m.abandoned, 0);
      const met = (ms: typeof p): number => ms.reduce((sum, m) => sum + m.sloMet, 0);
      expect(lost(s), `replication ${r}: the static split must be short somewhere`).toBeGreaterThan(0);
      expect(lost(p), `replication ${r}`).toBeLessThan(lost(s));
      expect(met(p), `replication ${r}`).toBeGreaterThan(met(s));
    }
  });

  it('moves instances with the cycle: toward the first tier at 04:00, toward the second by 08:00', () => {
    for (const r of periodic.results) {
      const instancesOf = (tier: string, interval: number): number => r.utilization.find((u) => u.tier === tier && u.interval === interval)!.instances;
      const last = r.power.length - 1;
      expect(instancesOf('free', 0)).toBeGreaterThan(instancesOf('medium', 0));
      expect(instancesOf('free', last)).toBeLessThan(instancesOf('medium', last));
    }
    for (const r of fixed.results) for (const u of r.utilization) expect(u.instances).toBe(fixed.plan.tiers.find((t) => t.tier.id === u.tier)!.decode.instancesFull);
  });

  /**
   * Moving an instance changes which tier it serves, never how many racks there are: in every
   * interval the group's instances add up to the racks installed, and the factory draws no more than
   * its cap (racks provisioned at peak power).
   */
  it('keeps every rack and never draws more than the cap', () => {
    const { plan } = periodic;
    const installed = plan.pools.reduce((s, p) => s + p.decode.instancesFull, 0);
    const capMw = plan.scenario.factory.powerCapMw;
    expect(plan.peakFacilityMw).toBeLessThanOrEqual(capMw);
    for (const r of periodic.results) {
      for (const p of r.power) {
        const rows = r.utilization.filter((u) => u.interval === p.interval);
        expect(rows.reduce((s, u) => s + u.instances, 0)).toBeCloseTo(installed, 9);
        expect(p.facilityPowerMw).toBeLessThanOrEqual(capMw * (1 + 1e-12));
        expect(p.powerLimitMw).toBeCloseTo(plan.peakFacilityMw, 9);
      }
      expect(r.energyMwh).toBeLessThanOrEqual(((capMw * r.measuredS) / 3600) * (1 + 1e-12));
      for (const t of r.tiers) {
        const m = t.metrics;
        expect(m.inFlightAtWarmup + m.arrived).toBe(m.served + m.rejected + m.abandoned + m.inFlightAtEnd);
      }
    }
  });
});
