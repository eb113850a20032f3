import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic-file.js';
import { parseExact, stringifyExact } from '../output/exact-json.js';
import { InputError } from '../errors.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import type { PlanTables } from './run-scenario.js';
import type { Shard } from './shard.js';

const FORMAT = 'tokenfactory-shard';
const FORMAT_VERSION = 1;
export const MANIFEST_PATTERN = /^shard-(\d+)-of-(\d+)\.json$/;

/**
 * What a shard is and everything `merge` needs besides the replications, written (next to them, in
 * `<out>/replications/shard-<i>-of-<n>.json`) before the shard's first replication starts, so that even
 * an interrupted shard says which replications it owed.
 */
export interface ShardManifest {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  scenario: string;
  scenarioHash: string;
  shard: Shard;
  /** the run's replications, all shards together */
  replications: number;
  /** tokenfactory's version that ran the shard (run.json records it) */
  version: string;
  /** the validated scenario, defaults filled: scenario.resolved.json */
  scenarioFile: ScenarioFile;
  /** the tables from the plan (same in every shard) */
  planTables: PlanTables;
}

export function manifestFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

export async function writeShardManifest(replicationsDir: string, manifest: Omit<ShardManifest, 'format' | 'formatVersion'>): Promise<string> {
  await mkdir(replicationsDir, { recursive: true });
  const path = join(replicationsDir, manifestFileName(manifest.shard));
  const full: ShardManifest = { format: FORMAT, formatVersion: FORMAT_VERSION, ...manifest };
  await writeFileAtomic(path, `${stringifyExact(full, 2)}\n`);
  return path;
}

export async function readShardManifest(path: string): Promise<ShardManifest> {
  let manifest: Partial<ShardManifest>;
  try {
    manifest = parseExact(await readFile(path, 'utf8')) as Partial<ShardManifest>;
  } catch (error) {
    throw new InputError(`${path}: not a readable shard manifest (${(error as Error).message})`);
  }
  if (
    manifest?.format !== FORMAT ||
    manifest.formatVersion !== FORMAT_VERSION ||
    typeof manifest.scenarioHash !== 'string' ||
    !Number.isInteger(manifest.replications) ||
    !Number.isInteger(manifest.shard?.index) ||
    !Number.isInteger(manifest.shard?.count) ||
    manifest.scenarioFile === undefined ||
    manifest.planTables === undefined
  ) {
    throw new InputError(`${path}: not a shard manifest of this version of tokenfactory`);
  }
  return manifest as ShardManifest;
}
