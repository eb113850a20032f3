import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepRun } from '../../../experiments/sweep/sweep.js';
import { regressionRows, sweepTable } from '../../../experiments/sweep/sweep-tables.js';
import type { PointResult } from '../../../experiments/sweep/run-sweep.js';
import { scratch, tinySweep } from './helpers.js';

/**
 * A grid over the medium tier's price on the tiny factory, run in this thread. Every point runs
 * replication r with the same seeds, and price does not change what the factory serves, so the
 * points differ only in what the same tokens earn: revenue is exactly affine in the price.
 */
const PRICES = [1.5, 3, 6];
let files: Awaited<ReturnType<typeof scratch>>;
let run: SweepRun;

beforeAll(async () => {
  files = await scratch();
  const path = await files.write('price-grid.json', tinySweep({
    name: 'price-grid',
    design: { kind: 'grid' },
    parameters: [{ path: 'tiers[medium].priceUsdPerMTokOut', name: 'medium price', values: PRICES }],
    metrics: ['margin', { metric: 'revenue', scope: 'medium' }],
    replications: 3,
    seed: 7,
  }));
  run = await runSweep(path, { threads: 1 });
});
afterAll(async () => {
  await files.cleanup();
});

function values(result: PointResult, metric: string, scope = ''): number[] {
  return result.metrics.find((m) => m.metric === metric && m.scope === scope)!.values;
}

describe('a grid sweep over a tier price (common random numbers)', () => {
  it('runs every point\'s replications and reports the same metrics at each', () => {
    expect(run.results.map((r) => r.point)).toEqual([0, 1, 2]);
    for (const r of run.results) {
      expect(r.metrics.map((m) => `${m.metric}|${m.scope}`)).toEqual(run.results[0].metrics.map((m) => `${m.metric}|${m.scope}`));
      for (const m of r.metrics) expect(m.values).toHaveLength(3);
    }
  });

  it('serves exactly the same tokens at every price: same seeds, same simulation', () => {
    for (const scope of ['', 'free', 'medium']) {
      const tokens = run.results.map((r) => values(r, scope === '' ? 'outputTokens' : 'outputTokensPerMw', scope));
      expect(tokens[1]).toEqual(tokens[0]);
      expect(tokens[2]).toEqual(tokens[0]);
    }
    expect(values(run.results[2], 'cost')).toEqual(values(run.results[0], 'cost'));
    // and the replications differ from each other: the seeds are per replication, not one for all
    expect(new Set(values(run.results[0], 'outputTokens')).size).toBe(3);
  });

  it('earns revenue exactly affine and increasing in the price, replication by replication', () => {
    for (let r = 0; r < 3; r++) {
      const revenue = run.results.map((p) => values(p, 'revenue', 'medium')[r]);
      expect(revenue[0]).toBeLessThan(revenue[1]);
      expect(revenue[1]).toBeLessThan(revenue[2]);
      const slopeLow = (revenue[1] - revenue[0]) / (PRICES[1] - PRICES[0]);
      const slopeHigh = (revenue[2] - revenue[1]) / (PRICES[2] - PRICES[1]);
      expect(Math.abs(slopeHigh - slopeLow) / Math.abs(slopeLow)).toBeLessThan(1e-9);
      // the factory's margin moves by exactly the medium tier's revenue (costs do not depend on the price)
      const margin = run.results.map((p) => values(p, 'margin')[r]);
      expect(Math.abs(margin[2] - margin[0] - (revenue[2] - revenue[0])) / Math.abs(revenue[2] - revenue[0])).toBeLessThan(1e-9);
    }
  });

  it('ranks the price with SRC 1, Spearman 1 and R² 1: margin is linear in it', () => {
    const rows = regressionRows(run.loaded.description, run.results);
    expect(rows.map((r) => `${r.metric}|${r.scope}|${r.parameter}|${r.rank}`)).toEqual(['margin||medium price|1', 'revenue|medium|medium price|1']);
    for (const row of rows) {
      expect(row.src).toBeCloseTo(1, 9);
      expect(row.spearman).toBeCloseTo(1, 12);
      expect(row.rSquared).toBeCloseTo(1, 9);
      expect(row.samples).toBe(3);
    }
  });

  it('tabulates one sweep.csv row per point and metric, with the point\'s parameter value', () => {
    const table = sweepTable(run.loaded.description, run.results);
    expect(table.columns).toEqual(['point', 'medium price', 'metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95']);
    const metricsPerPoint = run.results[0].metrics.length;
    expect(table.rows).toHaveLength(3 * metricsPerPoint);
    table.rows.forEach((row, i) => {
      const point = Math.floor(i / metricsPerPoint);
      expect(row.point).toBe(point);
      expect(row['medium price']).toBe(PRICES[point]);
      expect(row.replications).toBe(3);
      expect(row.ciLow95 as number).toBeLessThanOrEqual(row.mean as number);
      expect(row.ciHigh95 as number).toBeGreaterThanOrEqual(row.mean as number);
    });
    const revenue = table.rows.filter((r) => r.metric === 'revenue' && r.scope === 'medium');
    revenue.forEach((row, p) => {
      const v = values(run.results[p], 'revenue', 'medium');
      expect(row.mean).toBeCloseTo(v.reduce((s, x) => s + x, 0) / 3, 6);
    });
  });
});
