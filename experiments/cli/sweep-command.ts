import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatShard, shardFromEnvironment, type ShardRequest } from '../run/shard.js';
import { rankingTable } from '../sweep/ranking-table.js';
import { gatherSweepShards, writeSweepShard } from '../sweep/sweep-shards.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { runLoadedSweep } from '../sweep/sweep.js';
import { writeSweepOutputs } from '../sweep/write-sweep.js';
import { progressReporter } from './progress.js';
import { packageVersion } from './version.js';

export interface SweepCommandOptions {
  out?: string;
  replications?: number;
  seed?: string | number;
  threads?: number;
  durationS?: number;
  charts: boolean;
  quiet: boolean;
  /** run only this shard's points and save them for `tokenfactory merge` */
  shard?: ShardRequest;
}

/**
 * `tokenfactory sweep`: validate the sweep file and every point's scenario, run each point's
 * replications (the same seeds at every point), then write sweep.csv, sensitivity.csv, points.csv,
 * sweep.resolved.json and a chart, and print the ranking. With --shard, run and save one shard's points.
 */
export async function sweepCommand(sweepPath: string, options: SweepCommandOptions): Promise<void> {
  const shard = options.shard === 'auto' ? shardFromEnvironment(process.env) : options.shard;
  const startedAt = new Date();
  const startMs = performance.now();
  const version = packageVersion();
  const say = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const loaded = await loadSweep(sweepPath, { replications: options.replications, seed: options.seed, durationS: options.durationS }, version);
  const { description } = loaded;
  const label = `tokenfactory sweep ${description.name}${shard ? ` (shard ${formatShard(shard)})` : ''}`;
  const { results, hash } = await runLoadedSweep(loaded, version, {
    threads: options.threads,
    shard,
    onProgress: options.quiet ? undefined : progressReporter(label),
  });
  const outDir = resolve(options.out ?? `results/${description.name}`);
  const wallS = (performance.now() - startMs) / 1000;

  if (shard) {
    await mkdir(outDir, { recursive: true });
    const name = await writeSweepShard(outDir, { sweepHash: hash, shard, description, results });
    if (!options.quiet) {
      process.stdout.write(
        `shard ${formatShard(shard)}: ${results.length} of ${description.points.length} points (${description.replications} replications each) ` +
          `in ${wallS.toFixed(1)} s, saved as ${name} in ${outDir}; once all ${shard.count} shards are done: tokenfactory merge <their --out folders> --out <folder>\n`,
      );
    }
    return;
  }

  const { written, sensitivity } = await writeSweepOutputs(outDir, {
    description,
    results,
    charts: options.charts,
    timing: {
      startedAt: startedAt.toISOString(),
      wallS,
      threads: options.threads ?? availableParallelism(),
      points: description.points.length,
      replicationsPerPoint: description.replications,
      node: process.version,
    },
  });
  say(`${description.points.length} points × ${description.replications} replications in ${wallS.toFixed(1)} s`);
  if (!options.quiet) {
    process.stdout.write(`${rankingTable(description, sensitivity)}\n\nwrote ${written.length} files to ${outDir}\n`);
  }
}

export interface MergeSweepOptions {
  out: string;
  charts: boolean;
  quiet: boolean;
}

/** `tokenfactory merge` of `sweep --shard` folders: the files one `sweep` would have written (timing.json aside). */
export async function mergeSweepCommand(dirs: readonly string[], options: MergeSweepOptions): Promise<void> {
  const startedAt = new Date();
  const startMs = performance.now();
  const { description, results, shards } = await gatherSweepShards(dirs);
  const outDir = resolve(options.out);
  const { written, sensitivity } = await writeSweepOutputs(outDir, {
    description,
    results,
    charts: options.charts,
    timing: {
      startedAt: startedAt.toISOString(),
      wallS: (performance.now() - startMs) / 1000,
      mergedShards: shards.map(formatShard),
      node: process.version,
    },
  });
  if (!options.quiet) {
    process.stdout.write(`${rankingTable(description, sensitivity)}\n\nmerged ${shards.length} sweep shards (${results.length} points); wrote ${written.length} files to ${outDir}\n`);
  }
}
