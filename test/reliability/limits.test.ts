import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputError } from '../../experiments/errors.js';
import { writeRunOutputs } from '../../experiments/output/write-outputs.js';
import { replicationTables } from '../../experiments/run/replication-task.js';
import { ReplicationStore, replicationFileName } from '../../experiments/run/replication-store.js';
import { checkResources, currentLimits, estimateResources, formatBytes, formatCount, type ResourceLimits } from '../../experiments/run/resource-estimate.js';
import { reportMeta, runMetadata } from '../../experiments/run/run-metadata.js';
import { assembleTables, planTables } from '../../experiments/run/run-scenario.js';
import { loadScenario } from '../../experiments/scenario/load-scenario.js';
import type { ScenarioFile } from '../../experiments/scenario/scenario-schema.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import { cli, lines } from '../experiments/shards/cli-process.js';

/**
 * Issue 7 §4. A scenario that would exhaust memory or disk is refused before anything runs, with an
 * estimate and the field to change (experiments/run/resource-estimate.ts). Extreme but legal
 * scenarios (zero demand, rates near 0, hundredfold overload, every request rejected or abandoned)
 * run and report every tier, with no NaN or Infinity in any CSV; impossible ones (a tier whose power
 * buys no hardware) are refused as input errors.
 */
const catalog = defaultCatalog();
const FIXTURE = new URL('../fixtures/tiny-factory.json', import.meta.url).pathname;
/** fixed limits, so that what is refused does not depend on the machine */
const LIMITS: ResourceLimits = { heapBytes: 4e9, maxStringChars: 2 ** 29 - 24, freeDiskBytes: 1e12 };

let dir: string;
let tiny: Record<string, any>;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-limits-'));
  tiny = JSON.parse(await readFile(FIXTURE, 'utf8'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The tiny factory, edited; loaded and planned. */
async function planOf(edit: (f: Record<string, any>) => void): Promise<{ file: ScenarioFile; plan: FactoryPlan }> {
  const json = structuredClone(tiny);
  edit(json);
  const path = join(dir, `scenario-${counter++}.json`);
  await writeFile(path, JSON.stringify(json));
  const { file, scenario } = await loadScenario(path, catalog);
  return { file, plan: planFactory(scenario, catalog) };
}

function refusal(plan: FactoryPlan, replications = plan.scenario.simulation.replications, limits = LIMITS): string {
  try {
    checkResources(plan, estimateResources(plan, replications), limits);
  } catch (error) {
    expect(isInputError(error), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('not refused');
}

describe('the pre-flight estimate', () => {
  it('counts exactly the rows a replication writes, for one rack group per tier and for a prefill pool', async () => {
    for (const edit of [
      (f: Record<string, any>) => void f,
      (f: Record<string, any>) => (f.tiers[1].hardware.prefill = { rack: 'hgx-h100', powerFraction: 0.3 }),
    ]) {
      const { plan } = await planOf((f) => {
        edit(f);
        f.simulation = { durationS: 30, warmupS: 5, intervalS: 5, replications: 1, seed: 5, sampleFraction: 0.1 };
      });
      const tables = replicationTables(plan, 0);
      const estimate = estimateResources(plan, 3);
      expect(estimate.utilizationRowsPerReplication).toBe(tables.utilization.length);
      expect(estimate.rowsPerReplication).toBe(tables.utilization.length + tables.power.length + tables.revenue.length + tables.revenueIntervals.length);
      expect(estimate.rows).toBe(3 * estimate.rowsPerReplication);
      const simulated = plan.tiers.reduce((n, t) => n + t.decode.instancesSimulated + (t.prefill?.instancesSimulated ?? 0), 0);
      expect(estimate.simulatedInstances).toBe(simulated);
    }
  });

  it('estimates the sizes of the saved replications and the CSVs within a factor of 3', async () => {
    const { file, plan } = await planOf((f) => (f.simulation = { durationS: 130, warmupS: 10, intervalS: 1, replications: 2, seed: 5, sampleFraction: 0.1 }));
    const estimate = estimateResources(plan, 2);
    const out = join(dir, `sizes-${counter++}`);
    const store = new ReplicationStore(out, { scenario: file.name, scenarioHash: 'sha256:test', seed: 5 });
    await store.save(replicationTables(plan, 0));
    const saved = (await stat(join(store.dir, replicationFileName(0)))).size;
    expect(saved / estimate.savedReplicationChars).toBeGreaterThan(1 / 3);
    expect(saved / estimate.savedReplicationChars).toBeLessThan(3);
    const csvs = await runAndWrite(file, plan, false);
    const csvBytes = ['utilization.csv', 'power.csv', 'revenue.csv', 'revenue-intervals.csv'].reduce((n, name) => n + Buffer.byteLength(csvs.get(name)!), 0);
    // on disk: the CSVs and, until the outputs are written, the saved replications
    const disk = csvBytes + 2 * saved;
    expect(disk / estimate.diskBytes).toBeGreaterThan(1 / 3);
    expect(disk / estimate.diskBytes).toBeLessThan(3);
  });

  it('lets the shipped scenarios and the test fixtures run on this machine', async () => {
    const limits = await currentLimits(dir);
    expect(limits.heapBytes).toBeGreaterThan(0);
    for (const path of [FIXTURE, new URL('../../experiments/scenarios/gtc2026.json', import.meta.url).pathname]) {
      const { scenario } = await loadScenario(path, catalog);
      const plan = planFactory(scenario, catalog);
      expect(() => checkResources(plan, estimateResources(plan, scenario.simulation.replications), limits)).not.toThrow();
    }
  });

  it('refuses 1e9 simulated seconds, naming durationS and the rows it would make', async () => {
    const { plan } = await planOf((f) => (f.simulation.durationS = 1e9));
    const { warmupS, intervalS } = plan.scenario.simulation;
    const intervals = Math.floor((1e9 - warmupS) / intervalS);
    // per interval: a utilisation and a revenue row per tier (two tiers, no prefill) and a power row
    const rows = intervals * 5 + 2;
    expect(refusal(plan)).toMatch(
      new RegExp(`^simulation\\.durationS: 1e9 s \\(${formatCount(intervals)} intervals of ${intervalS} s\\) would make ~${formatCount(rows)} rows per replication `),
    );
  });

  it('refuses millisecond intervals over a long window, naming intervalS', async () => {
    const { plan } = await planOf((f) => (f.simulation = { ...f.simulation, durationS: 3600, intervalS: 0.001 }));
    expect(refusal(plan)).toMatch(/^simulation\.intervalS: 0\.001 s /);
  });

  it('refuses a million replications held in memory, naming replications, unless split into shards', async () => {
    const { plan } = await planOf(() => undefined);
    const message = refusal(plan, 1e6);
    const { durationS, warmupS, intervalS } = plan.scenario.simulation;
    const intervals = Math.floor((durationS - warmupS) / intervalS);
    expect(message).toMatch(
      new RegExp(`^simulation\\.replications: 1000000 replications \\(${intervals} intervals of ${intervalS} s × 1\\.0e6 replications\\) would make ~${formatCount(1e6 * (intervals * 5 + 2))} output rows`),
    );
    expect(message).toContain(`in memory, over the ~${formatBytes(LIMITS.heapBytes / 2)} this process can use;`);
    expect(message).toContain('--shard');
    // a shard of 1/1000 holds 1,000 of them
    expect(() => checkResources(plan, estimateResources(plan, 1000), LIMITS)).not.toThrow();
  });

  it('refuses a slice of millions of simulated instances, naming sampleFraction', async () => {
    const { plan } = await planOf((f) => {
      f.factory.powerCapMw = 1e6;
      f.simulation.sampleFraction = 0.1;
    });
    expect(refusal(plan)).toMatch(/^simulation\.sampleFraction: 0\.1 of the factory is \d\.\de6 simulated instances .* per worker thread\)/);
  });

  it('refuses outputs larger than the free disk space', async () => {
    const { plan } = await planOf(() => undefined);
    expect(refusal(plan, 2, { ...LIMITS, freeDiskBytes: 1000 })).toContain(`on disk with the saved replications, but only ${formatBytes(1000)} are free there`);
  });

  it('formats every number of its messages as a finite number', async () => {
    const { plan } = await planOf((f) => (f.simulation = { ...f.simulation, durationS: 1e9, intervalS: 0.001 }));
    expect(refusal(plan)).not.toMatch(/NaN|Infinity|undefined/);
  });
});

it('tokenfactory run refuses before creating anything: exit code 2, one line', async () => {
  const out = join(dir, 'refused-run');
  const result = await cli(['run', FIXTURE, '--duration', '1e9', '--out', out]);
  expect(result.code, result.stderr).toBe(2);
  expect(lines(result.stderr)).toEqual([expect.stringMatching(/^tokenfactory: simulation\.durationS: 1e9 s .* would make ~/)]);
  expect(existsSync(out)).toBe(false);
}, 120_000);

/** Runs two replications in this thread and writes every output file; returns the CSV texts by name. */
async function runAndWrite(file: ScenarioFile, plan: FactoryPlan, charts: boolean): Promise<Map<string, string>> {
  const replications = [0, 1].map((r) => replicationTables(plan, r));
  const tables = assembleTables(replications, planTables(plan));
  const out = join(dir, `out-${counter++}`);
  await writeRunOutputs(out, {
    tables,
    resolvedScenario: file,
    metadata: runMetadata(file, 'test', replications, tables.tierTargets),
    timing: {},
    report: charts ? reportMeta(file, 'test') : null,
  });
  const csvs = new Map<string, string>();
  for (const name of (await readdir(out)).filter((n) => n.endsWith('.csv'))) csvs.set(name, await readFile(join(out, name), 'utf8'));
  return csvs;
}

type Edit = (f: Record<string, any>) => void;
const short = (f: Record<string, any>): void => {
  f.simulation = { durationS: 30, warmupS: 5, intervalS: 5, replications: 2, seed: 3, sampleFraction: 0.1 };
};
const noDemand = (t: Record<string, any>): void => {
  t.demand.arrivals = { kind: 'poisson', ratePerS: 0 };
  delete t.demand.loadFraction;
};

const EXTREMES: { name: string; edit: Edit; charts?: boolean; check?: (revenue: Record<string, number | string>[]) => void }[] = [
  { name: 'a tier without demand', edit: (f) => noDemand(f.tiers[0]), check: (rows) => expect(rows.filter((r) => r.tier === 'free').every((r) => r.requestsArrived === 0)).toBe(true) },
  { name: 'no demand at all', charts: true, edit: (f) => f.tiers.forEach(noDemand), check: (rows) => expect(rows.every((r) => r.requestsServed === 0)).toBe(true) },
  { name: 'a rate of 1e-9 requests/s', edit: (f) => f.tiers.forEach((t: any) => ((t.demand.arrivals = { kind: 'poisson', ratePerS: 1e-9 }), delete t.demand.loadFraction)) },
  { name: 'the smallest loadFraction', edit: (f) => f.tiers.forEach((t: any) => (t.demand.loadFraction = 1e-6)) },
  { name: 'a hundredfold overload', edit: (f) => f.tiers.forEach((t: any) => (t.demand.loadFraction = 100)), check: (rows) => expect(rows.every((r) => Number(r.requestsRejected) + Number(r.requestsAbandoned) > 0)).toBe(true) },
  {
    name: 'every request rejected (no queue, overload)',
    charts: true,
    edit: (f) =>
      f.tiers.forEach((t: any) => {
        t.demand.loadFraction = 100;
        t.hardware.batchCap = 1;
        t.admission = { maxQueuePerInstance: 0, queueTimeoutS: 1e-9 };
      }),
    check: (rows) => expect(rows.every((r) => r.requestsServed === 0 && Number(r.requestsRejected) > 0)).toBe(true),
  },
  { name: 'queue timeouts of a nanosecond', edit: (f) => f.tiers.forEach((t: any) => ((t.demand.loadFraction = 50), (t.admission = { maxQueuePerInstance: 100000, queueTimeoutS: 1e-9 }))) },
  { name: 'a tenfold oversubscription', edit: (f) => (f.factory.power = { mode: 'oversubscribe', oversubscriptionRatio: 10 }) },
  { name: 'the smallest sampleFraction', edit: (f) => (f.simulation.sampleFraction = 1e-9) },
  { name: 'no warm-up, one interval', edit: (f) => (f.simulation = { ...f.simulation, warmupS: 0, intervalS: 30 }) },
  { name: 'free tokens', edit: (f) => f.tiers.forEach((t: any) => ((t.priceUsdPerMTokOut = 0), (t.priceUsdPerMTokIn = 0))) },
  { name: 'the largest prices', edit: (f) => f.tiers.forEach((t: any) => ((t.priceUsdPerMTokOut = 1e6), (t.priceUsdPerMTokIn = 1e6))) },
  {
    name: 'the largest costs',
    edit: (f) =>
      (f.factory = { ...f.factory, electricityUsdPerMwh: 1e6, facilityCapexUsdPerGw: 1e13, facilityLifeYears: 0.1, itCost: { kind: 'depreciation', years: 0.1 } }),
  },
];

describe.each(EXTREMES)('$name', ({ edit, charts, check }) => {
  it('runs, reports every tier in revenue.csv, and writes no NaN or Infinity', async () => {
    const { file, plan } = await planOf((f) => {
      short(f);
      edit(f);
    });
    const csvs = await runAndWrite(file, plan, charts ?? false);
    for (const [name, text] of csvs) {
      expect(text, name).not.toMatch(/NaN|Infinity|undefined|null/);
      const [header, ...rows] = text.split('\n');
      const columns = header.split(',');
      for (const row of rows) {
        const cells = row.split(',');
        expect(cells.length, `${name}: ${row}`).toBe(columns.length);
      }
    }
    const [header, ...rows] = csvs.get('revenue.csv')!.split('\n');
    const columns = header.split(',');
    const revenue = rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell === '' || Number.isNaN(Number(cell)) ? cell : Number(cell)])));
    // two replications × every tier
    expect(revenue.map((r) => `${r.replication}:${r.tier}`)).toEqual(['0:free', '0:medium', '1:free', '1:medium']);
    check?.(revenue);
  }, 60_000);
});

describe('impossible factories are refused as input errors', () => {
  it.each([
    ['a tier whose power buys no hardware', (f: Record<string, any>) => (f.tiers[0].powerShare = 0), /^tiers\[0\]\.powerShare: 0\.000 MW buys no instance of /],
    ['a tier whose power share is below one instance', (f: Record<string, any>) => (f.tiers[1].powerShare = 0.001), /^tiers\[1\]\.powerShare: /],
    ['power shares over 1', (f: Record<string, any>) => (f.tiers[0].powerShare = 0.9), /^tiers: power shares add up to 1\.400 of the cap/],
    ['a loadFraction over 100', (f: Record<string, any>) => (f.tiers[0].demand.loadFraction = 1000), /^tiers\[0\]\.demand\.loadFraction: must be ≤ 100, got 1000$/],
    ['a rate too small to rescale', (f: Record<string, any>) => (f.tiers[0].demand.arrivals.ratePerS = 1e-12), /^tiers\[0\]\.demand\.arrivals\.ratePerS: must be 0 or ≥ 1e-9 requests\/s, got 1e-12$/],
    ['sizes with an infinite mean', (f: Record<string, any>) => (f.tiers[0].demand.sizes.promptTokens.mu = 5000), /^tiers\[0\]\.demand\.sizes\.promptTokens: the mean prompt is Infinity tokens/],
  ])('%s', async (_name, edit, pattern) => {
    const error = await planOf(edit).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInputError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  });
});
