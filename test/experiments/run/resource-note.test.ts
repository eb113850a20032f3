// The pre-flight's simulated-request count (what a replication's run time follows) against the
// arrivals a replication really simulates, and the note a long run gets before it starts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { durationNote, estimateResources, TYPICAL_REQUESTS_PER_S_PER_THREAD } from '../../../experiments/run/resource-estimate.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory } from '../../../models/factory/plan.js';
import { runReplication } from '../../../models/factory/replication.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
const catalog = defaultCatalog();

describe('simulated requests per replication', () => {
  it('matches the arrivals of real replications within their sampling error', async () => {
    const { scenario } = await loadScenario(FIXTURE, catalog);
    const plan = planFactory(scenario, catalog);
    const expected = estimateResources(plan, 1).simulatedRequestsPerReplication;
    expect(expected).toBeGreaterThan(1000);
    // Count variance of a renewal process ≈ CV² × mean (free: Poisson, CV 1; medium: Gamma, CV 2), so
    // 4 × mean bounds it; 5 standard deviations of a replication's total.
    const tolerance = 5 * Math.sqrt(4 * expected);
    for (const replication of [0, 1, 2]) {
      expect(Math.abs(runReplication(plan, replication).simulatedRequests - expected)).toBeLessThan(tolerance);
    }
  });

  it('adds a note only when a replication would take more than ten minutes at a typical speed', async () => {
    const { scenario } = await loadScenario(FIXTURE, catalog);
    const plan = planFactory(scenario, catalog);
    const estimate = estimateResources(plan, 1);
    expect(durationNote(estimate)).toBeUndefined();
    const long = { ...estimate, simulatedRequestsPerReplication: 2 * 600 * TYPICAL_REQUESTS_PER_S_PER_THREAD };
    expect(durationNote(long)).toMatch(/^note: each replication simulates ~6\.0e8 requests, roughly 20 min per replication per thread; /);
  });
});
