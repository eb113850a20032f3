import { packageVersion } from '../cli/version.js';
import type { Shard } from '../run/shard.js';
import { describePoint, loadSweep, type LoadedSweep, type SweepOverrides } from './load-sweep.js';
import { runSweepPoints, type PointResult } from './run-sweep.js';
import { shardPoints, sweepHash } from './sweep-shards.js';

export interface RunSweepOptions {
  /** worker threads (default: the number of cores) */
  threads?: number;
  /** run only this shard's points (p mod count = index) */
  shard?: Shard;
  /** after each replication: how many of this run's have completed, of how many */
  onProgress?: (done: number, total: number) => void;
}

export interface SweepRun {
  loaded: LoadedSweep;
  /** the points run (all of them, or the shard's), in point order */
  results: PointResult[];
  /** fingerprint of the sweep, shared by all its shards */
  hash: string;
}

/**
 * Loads a sweep file (every point validated and planned first: a bad file runs nothing), then runs
 * each point's replications with common random numbers. What `tokenfactory sweep` does, minus the files.
 */
export async function runSweep(sweepPath: string, options: RunSweepOptions & SweepOverrides & { version?: string } = {}): Promise<SweepRun> {
  const version = options.version ?? packageVersion();
  return runLoadedSweep(await loadSweep(sweepPath, options, version), version, options);
}

/** Runs a loaded sweep's points (or a shard's). */
export async function runLoadedSweep(loaded: LoadedSweep, version: string, options: RunSweepOptions = {}): Promise<SweepRun> {
  const { description, scenarios } = loaded;
  const hash = sweepHash(description, scenarios, version);
  const all = description.points.map((p) => p.point);
  const points = options.shard ? shardPoints(options.shard, all.length) : all;
  const results = await runSweepPoints(scenarios, points, description.replications, {
    threads: options.threads,
    runKey: `${hash}|${process.pid}|${Date.now()}`,
    describePoint: (p) => describePoint(description.parameters, description.points[p]),
    onProgress: options.onProgress,
  });
  return { loaded, results, hash };
}
