/**
 * Sweeps beyond one machine: `sweep --shard i/n` runs the points p with p mod n = i and saves their
 * results in `sweep-shard-<i>-of-<n>.json`; `merge` gathers the shards and writes exactly the files
 * one machine would have written (the numbers are saved exactly, and the writers are the same).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../output/atomic-file.js';
import { parseExact, stringifyExact } from '../output/exact-json.js';
import { scenarioHash, shortHash } from '../run/scenario-hash.js';
import { formatShard, type Shard } from '../run/shard.js';
import type { SweepDescription } from './load-sweep.js';
import type { PointResult } from './run-sweep.js';

const FORMAT = 'tokenfactory-sweep-shard';
export const SWEEP_SHARD_PATTERN = /^sweep-shard-(\d+)-of-(\d+)\.json$/;

export interface SweepShardFile {
  format: typeof FORMAT;
  /** fingerprint of the sweep: every point's resolved scenario, the design and the tool's version */
  sweepHash: string;
  shard: Shard;
  description: SweepDescription;
  /** this shard's points, in point order */
  results: PointResult[];
}

/** The points of a shard: p mod count = index, in order. */
export function shardPoints(shard: Shard, total: number): number[] {
  const points: number[] = [];
  for (let p = shard.index; p < total; p += shard.count) points.push(p);
  return points;
}

/** What every shard of one sweep shares: shards of different sweeps, flags or versions never merge. */
export function sweepHash(description: SweepDescription, scenarios: readonly FactoryScenario[], version: string): string {
  const hash = createHash('sha256');
  hash.update(stringifyExact({ tool: 'tokenfactory', version, description }));
  for (const scenario of scenarios) hash.update(`|${scenarioHash(scenario, version)}`);
  return `sha256:${hash.digest('hex')}`;
}

export function shardFileName(shard: Shard): string {
  return `sweep-shard-${shard.index}-of-${shard.count}.json`;
}

export async function writeSweepShard(outDir: string, file: Omit<SweepShardFile, 'format'>): Promise<string> {
  const name = shardFileName(file.shard);
  await writeFileAtomic(join(outDir, name), `${stringifyExact({ format: FORMAT, ...file })}\n`);
  return name;
}

/** The sweep shard files in the given folders (none: the folders hold something else, e.g. run shards). */
export async function findSweepShardFiles(dirs: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const given of dirs) {
    const dir = resolve(given);
    let names: string[];
    try {
      if (!(await stat(dir)).isDirectory()) continue;
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => SWEEP_SHARD_PATTERN.test(n)).sort()) files.add(join(dir, name));
  }
  return [...files];
}

/**
 * Reads the sweep shards in `dirs` and checks that they are one sweep's, with every point exactly
 * once; returns the description and every point's results in point order. Problems are InputErrors.
 */
export async function gatherSweepShards(dirs: readonly string[]): Promise<{ description: SweepDescription; results: PointResult[]; shards: Shard[] }> {
  const files = await findSweepShardFiles(dirs);
  if (files.length === 0) throw new InputError(`no sweep shard (sweep-shard-<i>-of-<n>.json) in ${dirs.join(', ')}`);
  const shards = await Promise.all(files.map(readShard));
  const [first] = shards;
  const total = first.file.description.points.length;
  const results = new Map<number, { result: PointResult; path: string }>();
  for (const { file, path } of shards) {
    if (file.sweepHash !== first.file.sweepHash) {
      throw new InputError(
        `${path}: shard ${formatShard(file.shard)} is from a different sweep than ${first.path} (hash ${shortHash(file.sweepHash)} vs ` +
          `${shortHash(first.file.sweepHash)}): merge only shards run with the same sweep file, flags and tokenfactory version`,
      );
    }
    for (const result of file.results) {
      const seen = results.get(result.point);
      if (seen) throw new InputError(`point ${result.point} is in two shard files (${seen.path} and ${path}): give each shard's folder once`);
      results.set(result.point, { result, path });
    }
  }
  const missing = Array.from({ length: total }, (_, p) => p).filter((p) => !results.has(p));
  if (missing.length > 0) {
    const counts = [...new Set(shards.map((s) => s.file.shard.count))];
    const absent = counts.length === 1 ? Array.from({ length: counts[0] }, (_, i) => i).filter((i) => !shards.some((s) => s.file.shard.index === i)) : [];
    const hint = absent.length > 0 ? `; shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${counts[0]}`).join(', ')} not found` : '';
    const list = missing.length <= 10 ? missing.join(', ') : `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more`;
    throw new InputError(`missing point${missing.length > 1 ? 's' : ''} ${list} of ${total}${hint}`);
  }
  return {
    description: first.file.description,
    results: Array.from({ length: total }, (_, p) => results.get(p)!.result),
    shards: shards.map((s) => s.file.shard),
  };
}

async function readShard(path: string): Promise<{ file: SweepShardFile; path: string }> {
  let file: SweepShardFile;
  try {
    file = parseExact(await readFile(path, 'utf8')) as SweepShardFile;
  } catch (error) {
    throw new InputError(`${path}: not a readable sweep shard (${(error as Error).message})`);
  }
  if (file?.format !== FORMAT || !file.description || !Array.isArray(file.results)) throw new InputError(`${path}: not a sweep shard file`);
  return { file, path };
}
