import { resolve } from 'node:path';
import { gatherShards } from '../run/merge-shards.js';
import { writeRunOutputs } from '../output/write-outputs.js';
import { reportMeta, runMetadata } from '../run/run-metadata.js';
import { assembleTables } from '../run/run-scenario.js';
import { formatShard } from '../run/shard.js';
import { summaryTable } from './summary-table.js';

export interface MergeCommandOptions {
  out: string;
  charts: boolean;
  quiet: boolean;
}

/**
 * `tokenfactory merge`: checks that the shards' folders hold one run's replications, each exactly
 * once, and writes the files `tokenfactory run` would have written on one machine (byte-identical,
 * timing.json aside: it records the merge).
 */
export async function mergeCommand(dirs: readonly string[], options: MergeCommandOptions): Promise<void> {
  const startedAt = new Date();
  const startMs = performance.now();
  const { manifest, replications, shards } = await gatherShards(dirs);
  const outDir = resolve(options.out);
  const file = manifest.scenarioFile;
  const tables = assembleTables(replications, manifest.planTables);
  const wallS = (performance.now() - startMs) / 1000;
  const written = await writeRunOutputs(outDir, {
    tables,
    resolvedScenario: file,
    metadata: runMetadata(file, manifest.version, replications, tables.tierTargets),
    timing: {
      startedAt: startedAt.toISOString(),
      wallS,
      mergedShards: shards.map((s) => formatShard(s.manifest.shard)),
      node: process.version,
    },
    report: options.charts ? reportMeta(file, manifest.version) : null,
  });
  if (!options.quiet) {
    process.stdout.write(`${summaryTable(tables.summary, tables.tierTargets.map((t) => t.tier))}\n\n`);
    process.stdout.write(`merged ${shards.length} shards (${replications.length} replications); wrote ${written.length} files to ${outDir}\n`);
  }
}
