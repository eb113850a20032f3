import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import type { ScenarioFile } from '../../../experiments/scenario/scenario-schema.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../../models/factory/plan.js';
import { runReplication, type ReplicationResult } from '../../../models/factory/replication.js';

/**
 * Issue 5 §4, "higher tiers first on shared racks": the tiny fixture's two tiers on one pool of HGX
 * H100 racks serving the same model (`medium` names `free` in `hardware.shareWith`), so that waiting
 * requests are admitted by price: medium ($3 per 1M tokens) before free ($0).
 */
const catalog = defaultCatalog();
const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
const MODEL = 'qwen3-235b-a22b';

type Tier = ScenarioFile['tiers'][number];
type TierEdit = (t: Tier, i: number) => Tier;

const shared: TierEdit = (t, i) => ({ ...t, modelId: MODEL, hardware: i === 1 ? { ...t.hardware, shareWith: 'free' } : t.hardware });
const load = (fractions: [number, number]): TierEdit => (t, i) => ({ ...t, demand: { ...t.demand, loadFraction: fractions[i] } });
/** no demand at all for the tier (an absolute rate of 0) */
const none = (t: Tier): Tier => {
  const { loadFraction: _relative, ...demand } = t.demand;
  return { ...t, demand: { ...demand, arrivals: { kind: 'poisson', ratePerS: 0 } } };
};

async function plan(...edits: TierEdit[]): Promise<FactoryPlan> {
  const { scenario } = await loadScenario(FIXTURE, catalog, (f) => ({
    ...f,
    tiers: f.tiers.map((t, i) => edits.reduce((acc, e) => e(acc, i), t)),
    simulation: { ...f.simulation, durationS: 200, warmupS: 40, intervalS: 20, seed: 'shared-pools' },
  }));
  return planFactory(scenario, catalog);
}

const run = (p: FactoryPlan, replications = 3): ReplicationResult[] => Array.from({ length: replications }, (_, r) => runReplication(p, r));

describe('a pool shared by two tiers', () => {
  it('is planned as one pool of both tiers’ racks, dearest tier first, at one batch cap and scale', async () => {
    const p = await plan(shared);
    expect(p.pools).toHaveLength(1);
    const [pool] = p.pools;
    expect(pool.label).toBe('medium+free');
    expect(pool.tierIndices).toEqual([1, 0]); // medium ($3) is admitted before free ($0)
    expect(pool.decode.instancesFull).toBe(p.tiers[0].decode.instancesFull + p.tiers[1].decode.instancesFull);
    expect(pool.decode.racks).toBe(p.tiers[0].decode.racks + p.tiers[1].decode.racks);
    for (const t of p.tiers) {
      expect(t.scale).toBe(pool.scale);
      expect(t.decode.layout).toEqual(p.tiers[0].decode.layout);
    }
    // the stricter target sets the batch cap: both tiers reach their interactivity at it
    expect(p.tiers[0].batchCap).toBe(p.tiers[1].batchCap);
    for (const t of p.tiers) expect(t.deliveredInteractivityTokPerS).toBeGreaterThanOrEqual(t.tier.interactivityTokPerS);
    expect(pool.decode.instancesFull / pool.scale).toBeCloseTo(pool.decode.instancesSimulated, 9);
  });

  /**
   * Overloaded (each tier's demand 1.3× the capacity its own racks add): strict priority gives the
   * dearer tier the pool first, so its requests wait less and meet their targets more often; the
   * cheaper tier absorbs the excess as queueing and abandonment.
   */
  it('serves the dearer tier better under overload', async () => {
    const p = await plan(shared, load([1.3, 1.3]));
    for (const r of run(p)) {
      const [free, medium] = r.tiers.map((t) => t.metrics);
      const lost = (m: typeof free): number => (m.rejected + m.abandoned) / m.arrived;
      const where = `replication ${r.replication}`;
      for (const m of [free, medium]) expect(m.inFlightAtWarmup + m.arrived, where).toBe(m.served + m.rejected + m.abandoned + m.inFlightAtEnd);
      expect(medium.sloMet / medium.served, where).toBeGreaterThan(free.sloMet / free.served);
      expect(medium.ttftS.quantile(0.99), where).toBeLessThan(free.ttftS.quantile(0.99));
      expect(medium.ttftS.quantile(0.5), where).toBeLessThan(free.ttftS.quantile(0.5));
      expect(lost(medium), where).toBeLessThan(lost(free));
      expect(free.rejected + free.abandoned, where).toBeGreaterThan(0); // the overload is real
      // one row per pool in the utilisation series
      expect(new Set(r.utilization.map((u) => u.tier))).toEqual(new Set(['medium+free']));
    }
  });

  /**
   * Work-conserving: with no demand for the dearer tier, the cheaper one uses every rack of the pool.
   * Its demand, 1.5× what its own racks sustain (fluid capacity at the pool's batch cap), is then ~0.75
   * of the pool's: it is served in full, at a rate no pool of its own racks could reach.
   */
  it('gives the whole pool to the cheaper tier when the dearer one has no demand', async () => {
    const p = await plan(shared, load([1.5, 1]), (t, i) => (i === 1 ? none(t) : t));
    const free = p.tiers[0];
    expect(p.tiers[1].arrivalsSimulated).toBeUndefined();
    for (const r of run(p)) {
      const m = r.tiers[0].metrics;
      const servedPerS = (m.served * r.tiers[0].scale) / r.measuredS;
      expect(servedPerS, `replication ${r.replication}`).toBeGreaterThan(1.2 * free.capacityRequestsPerSFull);
      expect(m.rejected + m.abandoned).toBe(0);
      expect(r.tiers[1].metrics.arrived).toBe(0);
    }
  });
});

describe('hardware.shareWith is checked', () => {
  const cases: [string, TierEdit, RegExp][] = [
    ['an unknown tier', (t, i) => (i === 1 ? { ...t, hardware: { ...t.hardware, shareWith: 'premium' } } : t), /^tiers\[1\]\.hardware\.shareWith: no tier "premium"/],
    ['its own tier', (t, i) => (i === 1 ? { ...t, hardware: { ...t.hardware, shareWith: 'medium' } } : t), /^tiers\[1\]\.hardware\.shareWith: a tier cannot share racks with itself/],
    ['another model', (t, i) => (i === 1 ? { ...t, hardware: { ...t.hardware, shareWith: 'free' } } : t), /^tiers\[1\]\.modelId: tiers sharing racks serve one model/],
    ['another rack', (t, i) => (i === 1 ? { ...shared(t, i), hardware: { ...t.hardware, rack: 'hgx-h200', shareWith: 'free' } } : shared(t, i)), /^tiers\[1\]\.hardware\.rack: must be the rack of tier "free"/],
    [
      'a layout of its own',
      (t, i) => (i === 1 ? { ...shared(t, i), hardware: { ...t.hardware, shareWith: 'free', batchCap: 4 } } : shared(t, i)),
      /^tiers\[1\]\.hardware\.batchCap: comes from tier "free"/,
    ],
    ['a chain', (t, i) => (i === 0 ? { ...t, modelId: MODEL, hardware: { ...t.hardware, shareWith: 'medium' } } : shared(t, i)), /itself shares/],
  ];
  it.each(cases)('refuses %s, naming the field', async (_name, edit, message) => {
    await expect(plan(edit)).rejects.toThrow(message);
  });
});
