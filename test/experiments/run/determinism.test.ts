import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../../experiments/run/run-scenario.js';
import { RUN_FILES, writeRunTables } from '../../../experiments/output/write-run.js';
import { loadScenario, type LoadedScenario } from '../../../experiments/scenario/load-scenario.js';
import { defaultCatalog } from '../../../models/catalog/catalog.js';

/**
 * README: "Every file except timing.json is byte-identical for the same scenario and seed, whatever
 * the number of threads." A replication is a pure function of (scenario, replication index), so the
 * worker that runs it must not matter, and rows must be gathered in replication order.
 */
const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));

/** Three replications, so two workers share them unevenly and finish out of order. */
async function load(seed: number): Promise<LoadedScenario> {
  return loadScenario(FIXTURE, defaultCatalog(), (f) => ({ ...f, simulation: { ...f.simulation, replications: 3, seed } }));
}

/** What run-command.ts puts in run.json (no wall time, no thread count). */
function metadata(loaded: LoadedScenario, result: RunResult): object {
  return {
    tool: 'tokenfactory',
    scenario: loaded.file.name,
    seed: loaded.file.simulation.seed,
    replications: loaded.file.simulation.replications,
    simulatedRequests: result.simulatedRequests,
    eventsProcessed: result.eventsProcessed,
  };
}

describe('runScenario is deterministic', () => {
  let loaded: LoadedScenario;
  let oneThread: RunResult;
  let twoThreads: RunResult;
  let otherSeed: RunResult;
  const dirs: string[] = [];

  beforeAll(async () => {
    loaded = await load(11);
    oneThread = await runScenario(loaded.scenario, { threads: 1 });
    twoThreads = await runScenario(loaded.scenario, { threads: 2 });
    otherSeed = await runScenario((await load(12)).scenario, { threads: 1 });
  });

  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('gives deep-equal tables on 1 and 2 threads', () => {
    expect(oneThread.tables.revenue.length).toBe(3 * loaded.scenario.tiers.length);
    expect(twoThreads.tables).toEqual(oneThread.tables);
    expect(twoThreads.replications).toEqual(oneThread.replications);
    expect(twoThreads.simulatedRequests).toBe(oneThread.simulatedRequests);
    expect(twoThreads.eventsProcessed).toBe(oneThread.eventsProcessed);
    // rows come in replication order, whichever worker finished first
    expect(twoThreads.tables.revenue.map((r) => r.replication)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('writes byte-identical files from a 1-thread and a 2-thread run', async () => {
    const a = await mkdtemp(join(tmpdir(), 'tf-det-1-'));
    const b = await mkdtemp(join(tmpdir(), 'tf-det-2-'));
    dirs.push(a, b);
    const writtenA = await writeRunTables(a, oneThread.tables, loaded.file, metadata(loaded, oneThread));
    const writtenB = await writeRunTables(b, twoThreads.tables, loaded.file, metadata(loaded, twoThreads));
    expect(writtenA).toEqual([...RUN_FILES]);
    expect(writtenB).toEqual(writtenA);
    // nothing else (no temp files left behind, no timing.json: the CLI writes that one)
    expect((await readdir(a)).sort()).toEqual([...RUN_FILES].sort());
    expect((await readdir(b)).sort()).toEqual([...RUN_FILES].sort());
    for (const name of RUN_FILES) {
      const bytesA = await readFile(join(a, name));
      const bytesB = await readFile(join(b, name));
      expect(bytesA.length, name).toBeGreaterThan(0);
      expect(bytesB.equals(bytesA), `${name} differs between 1 and 2 threads`).toBe(true);
    }
  });

  it('changes with the seed', () => {
    expect(otherSeed.tables.revenue).not.toEqual(oneThread.tables.revenue);
    expect(otherSeed.tables.utilization).not.toEqual(oneThread.tables.utilization);
    expect(otherSeed.simulatedRequests).not.toBe(oneThread.simulatedRequests);
    // the fluid-model chart does not depend on the seed
    expect(otherSeed.tables.chart).toEqual(oneThread.tables.chart);
  });
});
