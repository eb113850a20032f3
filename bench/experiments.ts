// `npm run bench -- experiments`: the Monte Carlo runner as users run it. (1) Replications per minute
// of the default scenario through `tokenfactory run`, with 1 thread and with 2, in interleaved rounds:
// the speed-up from 1 to 2 threads. (2) Peak resident memory of the whole process (workers included)
// at several simulated durations: it must stay flat, since replications stream their statistics.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { BenchmarkUsageError, parseStringOptions, parseCount, parseCountList, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runCommand } from './support/child.js';
import { projectRoot } from './support/results.js';
import { median, significant } from './support/stats.js';

const DEFAULT_SCENARIO = 'experiments/scenarios/gtc2026.json';
const MEASURED_RUN = fileURLToPath(new URL('./experiments/measured-run.js', import.meta.url));
/** Run from sources (vitest, tsx) there is no .js: the child then loads the .ts through tsx. */
const CHILD = existsSync(MEASURED_RUN) ? [MEASURED_RUN] : ['--import', 'tsx', MEASURED_RUN.replace(/\.js$/, '.ts')];
const TARGET_SPEEDUP = 1.8;
const TARGET_PEAK_MIB = 1024;

const USAGE = `npm run bench -- experiments [options]
  --scenario PATH      scenario file (default ${DEFAULT_SCENARIO})
  --replications N     replications per timed run (default 4: two per thread at 2 threads)
  --rounds K           timed rounds, each one run at 1 thread and one at 2; figures are medians (default 3)
  --durations LIST     simulated seconds of the memory runs (default 300,600,1200)`;

interface ExperimentsOptions {
  scenario: string;
  replications: number;
  rounds: number;
  durationsS: number[];
}

function parseOptions(args: string[]): ExperimentsOptions {
  const values = parseStringOptions(args, ['scenario', 'replications', 'rounds', 'durations']);
  const scenario = resolve(projectRoot(), values.scenario ?? DEFAULT_SCENARIO);
  if (!existsSync(scenario)) throw new BenchmarkUsageError(`--scenario: ${scenario} not found`);
  return {
    scenario,
    replications: parseCount('replications', values.replications, 4),
    rounds: parseCount('rounds', values.rounds, 3),
    durationsS: parseCountList('durations', values.durations, [300, 600, 1200]),
  };
}

interface MeasuredRun {
  wallS: number;
  peakMiB: number;
}

/** One `tokenfactory run` in a fresh process: its wall time and peak resident memory. */
async function measuredRun(options: ExperimentsOptions, threads: number, extra: string[]): Promise<MeasuredRun> {
  const out = await mkdtemp(join(tmpdir(), 'tokenfactory-bench-experiments-'));
  const rssFile = join(out, 'rss.json');
  try {
    const args = [...CHILD, 'run', options.scenario, '--out', join(out, 'run'), '--quiet', '--no-charts', '--threads', String(threads), ...extra];
    const startMs = performance.now();
    const output = await runCommand(process.execPath, args, projectRoot(), { TOKENFACTORY_BENCH_RSS_FILE: rssFile });
    const wallS = (performance.now() - startMs) / 1e3;
    if (output.code !== 0) throw new Error(`tokenfactory run failed (exit ${output.code}): ${output.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const { maxRssKiB } = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKiB: number };
    return { wallS, peakMiB: maxRssKiB / 1024 };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const reps = ['--replications', String(options.replications)];
  const byThreads = new Map<number, MeasuredRun[]>([[1, []], [2, []]]);
  // Rounds alternate which thread count goes first, so load from other users spreads over both.
  for (let round = 0; round < options.rounds; round++) {
    for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
      progress(`experiments: round ${round + 1} of ${options.rounds}, ${threads} thread${threads > 1 ? 's' : ''}`);
      byThreads.get(threads)!.push(await measuredRun(options, threads, reps));
    }
  }
  const memory = [];
  for (const durationS of options.durationsS) {
    progress(`experiments: memory at ${durationS} simulated s`);
    const m = await measuredRun(options, 2, ['--replications', '2', '--duration', String(durationS), '--warmup', String(Math.min(60, durationS / 4))]);
    memory.push({ durationS, threads: 2, replications: 2, peakMiB: significant(m.peakMiB, 3), wallS: significant(m.wallS, 3) });
  }
  progress('');

  const figures = (threads: number) => {
    const runs = byThreads.get(threads)!;
    const wallS = median(runs.map((r) => r.wallS));
    return {
      threads,
      replications: options.replications,
      wallS: significant(wallS),
      replicationsPerMinute: significant((options.replications / wallS) * 60, 3),
      peakMiB: significant(median(runs.map((r) => r.peakMiB)), 3),
      samplesWallS: runs.map((r) => significant(r.wallS)),
    };
  };
  const one = figures(1);
  const two = figures(2);
  const speedup = significant(one.wallS / two.wallS, 3);
  const peakMiB = Math.max(two.peakMiB, ...memory.map((m) => m.peakMiB));
  const growth = memory.length > 1 ? significant(memory[memory.length - 1].peakMiB / memory[0].peakMiB, 3) : null;
  const targets = [
    { name: 'speed-up from 1 to 2 threads', target: `≥ ${TARGET_SPEEDUP}x`, value: speedup, met: speedup >= TARGET_SPEEDUP },
    { name: 'peak memory of the default experiment', target: `≤ ${TARGET_PEAK_MIB} MiB`, value: peakMiB, met: peakMiB <= TARGET_PEAK_MIB },
    {
      name: `peak memory, longest over shortest duration (${options.durationsS[0]} → ${options.durationsS[options.durationsS.length - 1]} s)`,
      target: 'flat: ≤ 1.2x',
      value: growth,
      met: growth === null ? null : growth <= 1.2,
    },
  ];
  const result = { options: { ...options, scenario: relative(projectRoot(), options.scenario) }, oneThread: one, twoThreads: two, speedup, memory, targets };
  const summary =
    `experiments: ${two.replicationsPerMinute} replications/min on 2 threads, ${one.replicationsPerMinute} on 1 (speed-up ${speedup}x); ` +
    `peak ${peakMiB.toFixed(0)} MiB; memory at ${memory.map((m) => `${m.durationS} s ${m.peakMiB.toFixed(0)} MiB`).join(', ')}; ` +
    `targets met ${targets.filter((t) => t.met === true).length}/${targets.length}`;
  return { result, summary };
}

export const benchmark: Benchmark = {
  description: 'Monte Carlo runs of the default scenario: replications/min, speed-up 1 → 2 threads, peak memory',
  usage: USAGE,
  run,
};
