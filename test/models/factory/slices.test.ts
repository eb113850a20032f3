import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummaryCsvRow } from '../../../experiments/output/rows.js';
import { runScenario, type RunResult } from '../../../experiments/run/run-scenario.js';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';

/**
 * Issue 5 §6: a sampled slice of the factory, scaled back, must agree with the whole factory.
 * The factory (test/fixtures/slice-factory.json) is small enough that 100% is cheap: 2 MW, one tier
 * (medium, Kimi K2.5) on 70 two-rack HGX H100 instances at 80% load. Slices of 10% and 1% simulate
 * 7 and 1 instances (demand per simulated instance is the same; results are scaled by 70/7 and 70/1).
 *
 * Criterion: for each per-MW metric, the means over R replications of two slices may differ by at
 * most the sum of their 95% half-widths, i.e. their confidence intervals overlap. The half-width of
 * the difference is √(h₁² + h₂²) ≤ h₁ + h₂, so this is a looser test than a two-sample t-test at 95%
 * (with equal widths about a 99.5% test): it fails only when the slices disagree by more than their
 * noise explains. It is not vacuous: the last check shows the combined width is under 10% of the mean,
 * so a scaling error of 10% or more would fail it. docs/scale.md has the measured table and the biases
 * slicing has where this criterion does not look (tail latency).
 */
const FIXTURE = fileURLToPath(new URL('../../fixtures/slice-factory.json', import.meta.url));
const FRACTIONS = [1, 0.1, 0.01] as const;

const runs = new Map<number, RunResult>();

beforeAll(async () => {
  const catalog = defaultCatalog();
  for (const sampleFraction of FRACTIONS) {
    const { scenario } = await loadScenario(FIXTURE, catalog, (f) => ({ ...f, simulation: { ...f.simulation, sampleFraction } }));
    runs.set(sampleFraction, await runScenario(scenario, { threads: 1 }));
  }
});

function metric(fraction: number, name: string, scope: string): SummaryCsvRow {
  const row = runs.get(fraction)!.tables.summary.find((r) => r.metric === name && r.scope === scope);
  if (!row) throw new Error(`no summary row ${name}/${scope}`);
  return row;
}

/** per-MW metrics the issue names: output tokens/s per MW, revenue per MW-year, SLO attainment */
const METRICS = [
  { name: 'outputTokensPerMw', scope: '' },
  { name: 'revenuePerMw', scope: '' },
  { name: 'outputTokensPerMw', scope: 'medium' },
  { name: 'sloAttainment', scope: 'medium' },
];

describe('slices of the factory (sampleFraction 1, 0.1, 0.01)', () => {
  it('simulate 70, 7 and 1 instances and scale them back', () => {
    expect(FRACTIONS.map((f) => runs.get(f)!.plan.tiers[0].decode.instancesSimulated)).toEqual([70, 7, 1]);
    expect(FRACTIONS.map((f) => runs.get(f)!.plan.tiers[0].scale)).toEqual([1, 10, 70]);
    for (const f of FRACTIONS) expect(runs.get(f)!.plan.tiers[0].decode.instancesFull).toBe(70);
  });

  it.each(METRICS)('agree on $name $scope within the combined 95% half-widths', ({ name, scope }) => {
    const full = metric(1, name, scope);
    expect(full.replications).toBeGreaterThanOrEqual(5);
    for (const fraction of [0.1, 0.01]) {
      const slice = metric(fraction, name, scope);
      const difference = Math.abs(slice.mean - full.mean);
      const allowed = slice.halfWidth95 + full.halfWidth95;
      expect(difference, `${name} ${scope} at ${fraction}: ${slice.mean} vs ${full.mean} (allowed ${allowed})`).toBeLessThanOrEqual(allowed);
    }
  });

  it('would detect a 10% scaling error on tokens and revenue per MW (the intervals are narrow enough)', () => {
    for (const name of ['outputTokensPerMw', 'revenuePerMw']) {
      for (const fraction of [0.1, 0.01]) {
        const full = metric(1, name, '');
        const slice = metric(fraction, name, '');
        expect(full.halfWidth95 + slice.halfWidth95, `${name} at ${fraction}`).toBeLessThan(0.1 * full.mean);
        expect(slice.halfWidth95).toBeGreaterThan(0); // a real interval, not a collapsed one
      }
    }
  });

  // A documented bias (docs/scale.md), pinned so a change to it is noticed: one instance cannot
  // spread a burst over its neighbours, so the 1% slice's tail TTFT is worse than the factory's.
  it('loses statistical multiplexing in the smallest slice: its p99 TTFT is worse', () => {
    expect(metric(0.01, 'ttftP99', 'medium').mean).toBeGreaterThan(metric(1, 'ttftP99', 'medium').mean);
  });
});
