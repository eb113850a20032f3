import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory } from '../../models/factory/plan.js';
import { InputError } from '../errors.js';
import { writeRunOutputs } from '../output/write-outputs.js';
import { Interruption } from '../run/interruption.js';
import type { ReplicationTables } from '../run/replication-task.js';
import { ReplicationStore } from '../run/replication-store.js';
import { describeFailure, RunStoppedError } from '../run/run-errors.js';
import { durationNote, preflight } from '../run/resource-estimate.js';
import { reportMeta, runMetadata } from '../run/run-metadata.js';
import { runReplications } from '../run/run-replications.js';
import { assembleTables, planTables } from '../run/run-scenario.js';
import { scenarioHash } from '../run/scenario-hash.js';
import { writeShardManifest } from '../run/shard-manifest.js';
import { formatShard, parseShard, shardFromEnvironment, shardReplications, type Shard, type ShardRequest } from '../run/shard.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { progressReporter } from './progress.js';
import { summaryTable } from './summary-table.js';
import { packageVersion } from './version.js';

export interface RunCommandOptions {
  out?: string;
  replications?: number;
  seed?: string | number;
  threads?: number;
  durationS?: number;
  warmupS?: number;
  sampleFraction?: number;
  charts: boolean;
  quiet: boolean;
  /** keep the replications already saved in --out and run only the missing ones */
  resume?: boolean;
  /** run only this shard's replications and save them for `tokenfactory merge` */
  shard?: ShardRequest;
  /** when a replication fails, run the others anyway */
  keepGoing?: boolean;
}

/** commander parser for `--shard`: a bad value is one line naming the flag. */
export function shardOption(value: string): ShardRequest {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/**
 * `tokenfactory run`: validate, run every replication (saving each the moment it finishes), then
 * write CSVs, charts and report and print a summary. With --shard, run and save one shard's
 * replications only; with --resume, skip the replications an interrupted run saved.
 */
export async function runCommand(scenarioPath: string, options: RunCommandOptions): Promise<void> {
  const { file, scenario } = await loadScenario(scenarioPath, defaultCatalog(), (f) => ({
    ...f,
    simulation: {
      ...f.simulation,
      ...(options.replications !== undefined && { replications: options.replications }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.durationS !== undefined && { durationS: options.durationS }),
      ...(options.warmupS !== undefined && { warmupS: options.warmupS }),
      ...(options.sampleFraction !== undefined && { sampleFraction: options.sampleFraction }),
    },
  }));
  const shard: Shard | undefined = options.shard === 'auto' ? shardFromEnvironment(process.env) : options.shard;
  const outDir = resolve(options.out ?? `results/${file.name}`);
  const version = packageVersion();
  const plan = planFactory(scenario, defaultCatalog());
  const total = file.simulation.replications;
  const mine = shard ? shardReplications(shard, total) : Array.from({ length: total }, (_, r) => r);
  // Refuse a run that would exhaust memory or disk before anything is written; a shard holds only its own.
  const estimate = await preflight(plan, shard ? mine.length : total, outDir);
  const hash = scenarioHash(scenario, version);
  const store = new ReplicationStore(outDir, { scenario: file.name, scenarioHash: hash, seed: file.simulation.seed });
  const say = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const note = durationNote(estimate);
  if (note) say(`tokenfactory: ${note}`);

  // Replications this run owes that an earlier run saved: kept with --resume, otherwise refused.
  const savedFiles = await store.savedAmong(mine);
  if (savedFiles.size > 0 && !options.resume) {
    throw new InputError(
      `${store.dir} already holds ${savedFiles.size} saved replication${savedFiles.size > 1 ? 's' : ''} of an earlier run: ` +
        'add --resume to finish that run, or use another --out',
    );
  }
  const saved = await store.load(savedFiles);
  const missing = mine.filter((r) => !savedFiles.has(r));
  const label = `tokenfactory run ${file.name}${shard ? ` (shard ${formatShard(shard)})` : ''}`;
  if (options.resume) say(`${label}: resuming: ${saved.length} of ${mine.length} replications already saved in ${store.dir}; running the other ${missing.length}`);
  if (shard) {
    await writeShardManifest(store.dir, {
      scenario: file.name,
      scenarioHash: hash,
      shard,
      replications: total,
      version,
      scenarioFile: file,
      planTables: planTables(plan),
    });
  }

  const startedAt = new Date();
  const startMs = performance.now();
  const interruption = new Interruption((line) => process.stderr.write(`tokenfactory: ${line}\n`));
  interruption.install();
  try {
    const outcome = await runReplications(plan, missing, {
      threads: options.threads,
      // even on one thread: keeps this thread free to answer Ctrl-C while a replication runs
      useWorkers: true,
      signal: interruption.stop.signal,
      abandonSignal: interruption.abandon.signal,
      keepGoing: options.keepGoing,
      onReplication: async (tables) => {
        try {
          await store.save(tables);
        } catch (error) {
          throw new RunStoppedError(`could not save replication ${tables.replication} in ${store.dir}: ${(error as Error).message}`, 1);
        }
      },
      onProgress: options.quiet || missing.length === 0 ? undefined : progressReporter(label),
    });
    const savedCount = saved.length + outcome.completed.length;
    const resumeHint = `resume with: ${resumeCommand()}`;
    // (a signal that came after the last replication finished stops nothing: the outputs get written)
    if (interruption.received && outcome.notRun.length > 0) {
      const abandoned = outcome.abandoned.length > 0 ? `, abandoned running replication${outcome.abandoned.length > 1 ? 's' : ''} ${outcome.abandoned.join(', ')}` : '';
      throw new RunStoppedError(
        `interrupted by ${interruption.received}${abandoned}: ${savedCount} of ${mine.length} replications saved in ${store.dir}, ` +
          `no outputs written; ${resumeHint}`,
        interruption.exitCode,
      );
    }
    if (outcome.failures.length > 0) {
      const debug = Boolean(process.env.TOKENFACTORY_DEBUG);
      const failed = outcome.failures.map((f) => `  ${describeFailure(file.name, f)}${debug && f.stack ? `\n${f.stack}` : ''}`);
      const skipped = outcome.notRun.length > 0 ? ` (${outcome.notRun.length} not run)` : '';
      throw new RunStoppedError(
        [
          `${outcome.failures.length} of ${mine.length} replications failed${skipped}:`,
          ...failed,
          `${savedCount} completed replication${savedCount === 1 ? ' is' : 's are'} saved in ${store.dir}, no outputs written; once fixed, ${resumeHint}`,
          ...(options.keepGoing || outcome.notRun.length === 0 ? [] : ['(--keep-going runs the other replications despite a failure)']),
        ].join('\n'),
        1,
      );
    }
    const sessionWallS = (performance.now() - startMs) / 1000;
    const sessionRequests = outcome.completed.reduce((s, r) => s + r.simulatedRequests, 0);
    if (shard) {
      if (!options.quiet) {
        process.stdout.write(
          `shard ${formatShard(shard)}: ${mine.length} of ${total} replications saved in ${store.dir}` +
            `${missing.length > 0 ? ` (${sessionRequests.toLocaleString('en-US')} requests simulated in ${sessionWallS.toFixed(1)} s)` : ''}; ` +
            `once all ${shard.count} shards are done: tokenfactory merge <their --out folders> --out <folder>\n`,
        );
      }
      return;
    }

    interruption.writingOutputs();
    const replications = mergeByIndex(saved, outcome.completed);
    const tables = assembleTables(replications, planTables(plan));
    const timing = {
      startedAt: startedAt.toISOString(),
      wallS: sessionWallS,
      threads: options.threads ?? availableParallelism(),
      simulatedRequestsPerWallS: sessionWallS > 0 ? sessionRequests / sessionWallS : 0,
      replicationsRun: outcome.completed.length,
      replicationsResumed: saved.length,
      node: process.version,
    };
    const written = await writeRunOutputs(outDir, {
      tables,
      resolvedScenario: file,
      metadata: runMetadata(file, version, replications, tables.tierTargets),
      timing,
      report: options.charts ? reportMeta(file, version) : null,
    });
    // The outputs are complete: the saved replications have served their purpose.
    await store.remove(mine);
    if (!options.quiet) {
      process.stdout.write(`${summaryTable(tables.summary, tables.tierTargets.map((t) => t.tier))}\n\n`);
      const resumed = saved.length > 0 ? ` (and ${saved.length} saved replications resumed)` : '';
      process.stdout.write(
        `${sessionRequests.toLocaleString('en-US')} requests simulated in ${sessionWallS.toFixed(1)} s${resumed}; wrote ${written.length} files to ${outDir}\n`,
      );
    }
  } finally {
    interruption.uninstall();
  }
}

function mergeByIndex(a: readonly ReplicationTables[], b: readonly ReplicationTables[]): ReplicationTables[] {
  return [...a, ...b].sort((x, y) => x.replication - y.replication);
}

/** The command line that was run, plus --resume: what finishes an interrupted or failed run. */
function resumeCommand(): string {
  const args = process.argv.slice(2);
  if (!args.includes('--resume')) args.push('--resume');
  const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ['tokenfactory', ...args.map(quote)].join(' ');
}
