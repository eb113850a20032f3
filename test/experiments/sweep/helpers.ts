import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The 1 MW test factory: two tiers (free at $0, medium at the catalog's $3/Mtok out and $0.5/Mtok in). */
export const TINY_FACTORY = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));

/** Shorter than the fixture's 40 s: each replication simulates 20 s (5 s warm-up) of the tiny factory. */
export const QUICK = { 'simulation.durationS': 20, 'simulation.warmupS': 5, 'simulation.intervalS': 5 };

/** A temporary folder for sweep files and outputs, removed by `cleanup`. */
export async function scratch(): Promise<{ dir: string; write: (name: string, sweep: object) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenfactory-sweep-'));
  return {
    dir,
    write: async (name, sweep) => {
      const path = join(dir, name);
      await writeFile(path, `${JSON.stringify(sweep, null, 2)}\n`);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A sweep file on the tiny factory; `extra` replaces or adds top-level fields. */
export function tinySweep(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'tiny-sweep',
    scenario: TINY_FACTORY,
    set: QUICK,
    design: { kind: 'one-at-a-time' },
    parameters: [{ path: 'factory.electricityUsdPerMwh', values: [40, 160] }],
    ...extra,
  };
}
