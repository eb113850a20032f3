import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationStore } from '../../../experiments/run/replication-store.js';
import { describeFailure, ReplicationsFailedError } from '../../../experiments/run/run-errors.js';
import { runReplications } from '../../../experiments/run/run-replications.js';
import { scenarioHash } from '../../../experiments/run/scenario-hash.js';
import { loadScenario } from '../../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../../models/factory/plan.js';
import type { ReplicationTables } from '../../../experiments/run/replication-task.js';
import { SHARD_FIXTURE } from './cli-process.js';

/**
 * Issue 7 §3: a replication that throws, or whose worker thread dies, is reported with the scenario,
 * its index and the seed; the run stops dispatching (or, keeping going, runs the rest); never hangs.
 */
const FAULTY_WORKER = new URL('./faulty-worker.ts', import.meta.url);

let plan: FactoryPlan;
let dir: string;

beforeAll(async () => {
  const { scenario } = await loadScenario(SHARD_FIXTURE, defaultCatalog(), (f) => ({ ...f, simulation: { ...f.simulation, durationS: 20 } }));
  plan = planFactory(scenario, defaultCatalog());
  dir = await mkdtemp(join(tmpdir(), 'tf-faults-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('failing replications', () => {
  it('with --keep-going: the others complete, each failure is reported with its index, the seed and what happened', async () => {
    const saved: number[] = [];
    const result = await runReplications(plan, [0, 1, 2, 3], {
      threads: 1,
      workerUrl: FAULTY_WORKER,
      keepGoing: true,
      onReplication: (t) => void saved.push(t.replication),
    });
    expect(result.completed.map((t) => t.replication)).toEqual([0, 3]);
    expect(saved.sort()).toEqual([0, 3]);
    expect(result.notRun).toEqual([]);
    expect(result.failures.map((f) => [f.replication, f.kind, f.seed])).toEqual([
      [1, 'threw', 7],
      [2, 'worker-died', 7],
    ]);
    expect(describeFailure('shard-factory', result.failures[0])).toBe(
      'scenario "shard-factory", replication 1 (seed 7): injected failure in replication 1',
    );
    expect(describeFailure('shard-factory', result.failures[1])).toBe(
      'scenario "shard-factory", replication 2 (seed 7): its worker thread died (worker exited with code: 3)',
    );
    const error = new ReplicationsFailedError('shard-factory', result.failures);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('without it: the first failure stops dispatching', async () => {
    const result = await runReplications(plan, [0, 1, 2, 3], { threads: 1, workerUrl: FAULTY_WORKER });
    expect(result.failures.map((f) => f.replication)).toEqual([1]);
    expect(result.completed.map((t) => t.replication)).toEqual([0]);
    expect(result.notRun).toEqual([2, 3]);
  });
});

describe('saved replications', () => {
  it('come back exactly (-0, NaN and Infinity included), and are refused by a run of another scenario', async () => {
    const [tables] = (await runReplications(plan, [0], { threads: 1 })).completed;
    const odd: ReplicationTables = { ...tables, factory: { ...tables.factory, energyMwh: -0, capMw: Number.POSITIVE_INFINITY, outputTokPerS: Number.NaN } };
    const hash = scenarioHash(plan.scenario, 'test');
    const store = new ReplicationStore(dir, { scenario: 'shard-factory', scenarioHash: hash, seed: 7 });
    await store.save(odd);
    expect(await readdir(store.dir)).toEqual(['rep-000000.json']);
    const files = await store.savedAmong([0, 1, 2]);
    expect([...files.keys()]).toEqual([0]);
    const [loaded] = await store.load(files);
    expect(loaded).toEqual(odd);
    expect(Object.is(loaded.factory.energyMwh, -0)).toBe(true);

    const other = scenarioHash({ ...plan.scenario, simulation: { ...plan.scenario.simulation, seed: 8 } }, 'test');
    expect(other).not.toBe(hash);
    const foreign = new ReplicationStore(dir, { scenario: 'shard-factory', scenarioHash: other, seed: 8 });
    await expect(foreign.load(files)).rejects.toThrow(/^--resume: .*rep-000000\.json was saved by a different run/);

    await writeFile(files.get(0)!, (await readFile(files.get(0)!, 'utf8')).slice(0, 100));
    await expect(store.load(files)).rejects.toThrow(/not a readable replication file/);
    await store.remove([0]);
    await expect(readdir(store.dir)).rejects.toThrow(/ENOENT/);
  });

  it('carry a scenario hash that ignores key order but not values', () => {
    const s = plan.scenario;
    const reordered = Object.fromEntries(Object.entries(s).reverse()) as typeof s;
    expect(scenarioHash(reordered, 'v')).toBe(scenarioHash(s, 'v'));
    expect(scenarioHash(s, 'v2')).not.toBe(scenarioHash(s, 'v'));
    expect(scenarioHash({ ...s, factory: { ...s.factory, powerCapMw: 6 } }, 'v')).not.toBe(scenarioHash(s, 'v'));
  });
});
