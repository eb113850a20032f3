// `npm run bench -- factory`: the whole simulation, end to end. (1) One replication of the default
// scenario in one thread of a fresh Node process (compiled JS): simulated requests per wall second
// per core. (2) The wall time of `npm start`'s command, `node bin/tokenfactory.js run <scenario>`,
// with its default threads (every core). `--compare DIR` times an older build the same way.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchmarkUsageError, parsePositive, parseStringOptions, parseCount, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runCommand, runNodeTask } from './support/child.js';
import { projectRoot } from './support/results.js';
import { median, significant } from './support/stats.js';
import type { FactorySample, FactoryTask } from './factory/probe.js';

const PROBE = new URL('./factory/probe.js', import.meta.url);
/** The compiled tree this file belongs to (dist/ when compiled, the repository root under tsx). */
const OWN_TREE = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SCENARIO = 'experiments/scenarios/gtc2026.json';
const TARGET_REQUESTS_PER_S_PER_CORE = 1e6;

const USAGE = `npm run bench -- factory [options]
  --scenario PATH       scenario file (default ${DEFAULT_SCENARIO})
  --repeats K           in-process replications timed, each in a fresh process; figures are medians (default 3)
  --replication N       which replication index to time (default 0)
  --sample-fraction F   override the scenario's simulation.sampleFraction (a larger slice: more instances)
  --duration S          override simulation.durationS (seconds simulated per replication)
  --warmup S            override simulation.warmupS
  --start-runs K        runs of the \`npm start\` command (node bin/tokenfactory.js run <scenario>), 0 to
                        skip (default 1)
  --threads N           pass --threads N to that command (default: none, i.e. its default of every core)
  --compare DIR         also time the build in DIR (DIR/dist compiled with tsc, DIR/bin/tokenfactory.js;
                        e.g. git archive <rev> | tar -x -C DIR; ln -s $PWD/node_modules DIR; cd DIR && npx tsc)
                        in the same rounds, and report ratios`;

interface FactoryOptions {
  scenario: string;
  repeats: number;
  replication: number;
  startRuns: number;
  threads: number | null;
  compare: string | null;
  sampleFraction: number | null;
  durationS: number | null;
  warmupS: number | null;
}

function parseOptions(args: string[]): FactoryOptions {
  const values = parseStringOptions(args, ['scenario', 'repeats', 'replication', 'start-runs', 'threads', 'compare', 'sample-fraction', 'duration', 'warmup']);
  const scenario = resolve(projectRoot(), values.scenario ?? DEFAULT_SCENARIO);
  if (!existsSync(scenario)) throw new BenchmarkUsageError(`--scenario: ${scenario} not found`);
  let compare: string | null = null;
  if (values.compare !== undefined) {
    compare = resolve(values.compare);
    if (!existsSync(join(compare, 'dist', 'models', 'factory', 'replication.js'))) {
      throw new BenchmarkUsageError(`--compare: ${compare}/dist/models/factory/replication.js not found (compile that tree with tsc first)`);
    }
  }
  return {
    scenario,
    repeats: parseCount('repeats', values.repeats, 3),
    replication: parseCount('replication', values.replication, 0, 0),
    startRuns: parseCount('start-runs', values['start-runs'], 1, 0),
    threads: values.threads === undefined ? null : parseCount('threads', values.threads, 1),
    compare,
    sampleFraction: parsePositive('sample-fraction', values['sample-fraction']),
    durationS: parsePositive('duration', values.duration),
    warmupS: parsePositive('warmup', values.warmup),
  };
}

interface StartRun {
  wallS: number;
  simulatedRequests: number | null;
  replications: number | null;
  /** worker threads the run used (its timing.json), or the cores when it does not say */
  threads: number;
}

/** Runs `node <tree>/bin/tokenfactory.js run <scenario> --out <tmp>` and times it. */
async function startRun(root: string, options: FactoryOptions): Promise<StartRun> {
  const out = await mkdtemp(join(tmpdir(), 'tokenfactory-bench-'));
  try {
    const args = [join(root, 'bin', 'tokenfactory.js'), 'run', options.scenario, '--out', out, '--quiet'];
    if (options.threads !== null) args.push('--threads', String(options.threads));
    if (options.sampleFraction !== null) args.push('--sample-fraction', String(options.sampleFraction));
    if (options.durationS !== null) args.push('--duration', String(options.durationS));
    if (options.warmupS !== null) args.push('--warmup', String(options.warmupS));
    const startMs = performance.now();
    const output = await runCommand(process.execPath, args, root);
    const wallS = (performance.now() - startMs) / 1e3;
    if (output.code !== 0) throw new Error(`${relative(projectRoot(), root) || '.'}: tokenfactory run failed (exit ${output.code}): ${output.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const json = async (name: string): Promise<Record<string, unknown> | null> => {
      try {
        return JSON.parse(await readFile(join(out, name), 'utf8')) as Record<string, unknown>;
      } catch {
        return null;
      }
    };
    const run = await json('run.json');
    const timing = await json('timing.json');
    return {
      wallS,
      simulatedRequests: typeof run?.simulatedRequests === 'number' ? run.simulatedRequests : null,
      replications: typeof run?.replications === 'number' ? run.replications : null,
      threads: typeof timing?.threads === 'number' ? timing.threads : (options.threads ?? availableParallelism()),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function inProcessFigures(samples: FactorySample[]) {
  return {
    instancesPerTier: samples[0].instances,
    simulatedRequests: samples[0].simulatedRequests,
    eventsPerRequest: significant(samples[0].eventsProcessed / samples[0].simulatedRequests),
    wallS: significant(median(samples.map((s) => s.wallS))),
    cpuS: significant(median(samples.map((s) => s.cpuS))),
    requestsPerSPerCore: significant(median(samples.map((s) => s.simulatedRequests / s.wallS))),
    // This machine runs a process at one of two speeds (BENCHMARKS.md, Samplers): the fastest sample
    // is the steadier figure for comparing two builds; the median stays the headline.
    bestRequestsPerSPerCore: significant(Math.max(...samples.map((s) => s.simulatedRequests / s.wallS))),
    requestsPerCpuS: significant(median(samples.map((s) => s.simulatedRequests / s.cpuS))),
    planS: significant(median(samples.map((s) => s.planS)), 3),
    scavenges: median(samples.map((s) => s.scavenges)),
    markCompacts: median(samples.map((s) => s.markCompacts)),
    samplesRequestsPerS: samples.map((s) => significant(s.simulatedRequests / s.wallS)),
  };
}

function startFigures(runs: StartRun[]) {
  if (runs.length === 0) return null;
  const wallS = median(runs.map((r) => r.wallS));
  const requests = runs[0].simulatedRequests;
  return {
    command: 'node bin/tokenfactory.js run <scenario> --out <tmp> --quiet',
    threads: runs[0].threads,
    replications: runs[0].replications,
    simulatedRequests: requests,
    wallS: significant(wallS),
    requestsPerS: requests === null ? null : significant(requests / wallS),
    requestsPerSPerThread: requests === null ? null : significant(requests / wallS / runs[0].threads),
    samplesWallS: runs.map((r) => significant(r.wallS)),
  };
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const trees = [
    { name: 'current', root: projectRoot(), distDir: OWN_TREE },
    ...(options.compare ? [{ name: 'baseline', root: options.compare, distDir: join(options.compare, 'dist') }] : []),
  ];
  const inProcess = new Map<string, FactorySample[]>(trees.map((t) => [t.name, []]));
  const starts = new Map<string, StartRun[]>(trees.map((t) => [t.name, []]));
  // Rounds interleave the trees (alternating which goes first) so that load from other users of the
  // machine spreads evenly over the figures that get compared.
  const rounds = Math.max(options.repeats, options.startRuns);
  for (let round = 0; round < rounds; round++) {
    for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
      if (round < options.repeats) {
        progress(`factory: replication ${round + 1} of ${options.repeats} (${tree.name})`);
        const task: FactoryTask = {
          distDir: tree.distDir,
          scenarioPath: options.scenario,
          replication: options.replication,
          simulation: {
            ...(options.sampleFraction !== null && { sampleFraction: options.sampleFraction }),
            ...(options.durationS !== null && { durationS: options.durationS }),
            ...(options.warmupS !== null && { warmupS: options.warmupS }),
          },
        };
        inProcess.get(tree.name)!.push(await runNodeTask<FactorySample>(PROBE, task));
      }
      if (round < options.startRuns) {
        progress(`factory: tokenfactory run ${round + 1} of ${options.startRuns} (${tree.name})`);
        starts.get(tree.name)!.push(await startRun(tree.root, options));
      }
    }
  }
  progress('');

  const current = inProcessFigures(inProcess.get('current')!);
  const currentStart = startFigures(starts.get('current')!);
  let baseline = null;
  if (options.compare) {
    const inProc = inProcessFigures(inProcess.get('baseline')!);
    const start = startFigures(starts.get('baseline')!);
    baseline = {
      dir: options.compare,
      inProcess: inProc,
      start,
      speedup: significant(current.requestsPerSPerCore / inProc.requestsPerSPerCore, 3),
      bestSpeedup: significant(current.bestRequestsPerSPerCore / inProc.bestRequestsPerSPerCore, 3),
      speedupCpu: significant(current.requestsPerCpuS / inProc.requestsPerCpuS, 3),
      startSpeedup: start && currentStart ? significant(start.wallS / currentStart.wallS, 3) : null,
    };
  }
  const targets = [
    {
      name: 'simulated requests/s per core, one replication in one thread',
      target: `≥ ${TARGET_REQUESTS_PER_S_PER_CORE} requests/s`,
      value: current.requestsPerSPerCore,
      cpuValue: current.requestsPerCpuS,
      met: current.requestsPerSPerCore >= TARGET_REQUESTS_PER_S_PER_CORE,
    },
  ];
  const result = {
    options: { ...options, scenario: relative(projectRoot(), options.scenario) },
    inProcess: current,
    start: currentStart,
    baseline,
    targets,
  };
  const ratio = (x: number | null | undefined) => (x === null || x === undefined ? '' : ` (${x}x)`);
  const summary =
    `factory: ${(current.requestsPerSPerCore / 1e6).toFixed(3)} M simulated requests/s per core` +
    `${ratio(baseline?.speedup)} (best ${(current.bestRequestsPerSPerCore / 1e6).toFixed(3)} M${ratio(baseline?.bestSpeedup)}), ` +
    `${current.simulatedRequests} requests in ${current.wallS} s` +
    (currentStart ? `; tokenfactory run ${currentStart.wallS} s on ${currentStart.threads} threads${ratio(baseline?.startSpeedup)}` : '') +
    `; target ${targets[0].met ? 'met' : 'not met'}`;
  return { result, summary };
}

export const benchmark: Benchmark = {
  description: 'the default scenario end to end: simulated requests/s per core, wall time of tokenfactory run',
  usage: USAGE,
  run,
};
