import { describe, expect, it } from 'vitest';
import { InputError } from '../../../experiments/errors.js';
import { replicationTables } from '../../../experiments/run/replication-task.js';
import { replicationMetrics } from '../../../experiments/run/summarize.js';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { checkMetrics, FACTORY_METRICS, GROUP_METRICS, TIER_METRICS } from '../../../experiments/sweep/metric-names.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory } from '../../../models/factory/plan.js';
import { TINY_FACTORY } from './helpers.js';

describe('the metrics a sweep can rank', () => {
  it('are exactly the metrics a replication reports', async () => {
    const { scenario } = await loadScenario(TINY_FACTORY, defaultCatalog(), (f) => ({ ...f, simulation: { ...f.simulation, durationS: 20, warmupS: 5, intervalS: 5 } }));
    const metrics = replicationMetrics(replicationTables(planFactory(scenario, defaultCatalog()), 0));
    const tiers = scenario.tiers.map((t) => t.tier);
    const names = (scope: (s: string) => boolean) => [...new Set(metrics.filter((m) => scope(m.scope)).map((m) => m.metric))].sort();
    expect(names((s) => s === '')).toEqual([...FACTORY_METRICS].sort());
    for (const tier of tiers) expect(names((s) => s === tier)).toEqual([...TIER_METRICS].sort());
    const groups = metrics.filter((m) => m.scope !== '' && !tiers.includes(m.scope));
    expect(groups.length).toBeGreaterThan(0);
    expect([...new Set(groups.map((m) => m.metric))]).toEqual([...GROUP_METRICS]);
    for (const g of groups) expect(g.scope).toMatch(/^[^/]+\/[^/]+\/[^/]+$/);
    // and every one of them passes the check
    expect(() => checkMetrics(metrics.map(({ metric, scope }) => ({ metric, scope })), tiers)).not.toThrow();
  });

  it('refuses a whole-factory metric with a scope, and a per-tier one without', () => {
    expect(() => checkMetrics([{ metric: 'margin', scope: 'free' }], ['free'])).toThrow(new InputError('metrics[0]: "margin" is a whole-factory metric: leave out "scope" (got "free")'));
    expect(() => checkMetrics([{ metric: 'margin', scope: '' }, { metric: 'ttftP99', scope: '' }], ['free'])).toThrow(/^metrics\[1\]: "ttftP99" is measured per tier/);
    expect(() => checkMetrics([{ metric: 'utilization', scope: 'fre/hgx-h100/decode' }], ['free'])).toThrow(/^metrics\[0\]\.scope: no tier "fre" in the scenario \(did you mean "free"\?\)/);
  });
});
