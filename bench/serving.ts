// `npm run bench -- serving`: one saturated serving pool (continuous batching, analytic decode clock)
// at batch caps 1..4096: simulated requests per wall second and events per request. Every
// measurement runs in a fresh Node process (serving/probe.ts); `--compare DIR` times an older build
// (a checkout compiled with tsc, DIR/dist) in the same rounds and reports the ratios.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchmarkUsageError, parseStringOptions, parseCount, parseCountList, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runNodeTask } from './support/child.js';
import { median, significant } from './support/stats.js';
import {
  LINEAR_COEFFICIENTS,
  OUTPUT_LOGNORMAL,
  PROMPT_LOGNORMAL,
  ROOFLINE_LAYOUT,
  ROOFLINE_MODEL,
  ROOFLINE_RACK,
  type LoadMode,
  type PerformanceKind,
  type ServingSample,
  type ServingTask,
} from './serving/probe.js';

const PROBE = new URL('./serving/probe.js', import.meta.url);
/** The compiled tree this file belongs to (dist/ when compiled, the repository root under tsx). */
const OWN_TREE = fileURLToPath(new URL('..', import.meta.url));
const TARGET_REQUESTS_PER_S = 1e6;
const TARGET_EVENTS_PER_REQUEST = 4;
/** The issue's target applies to batch caps up to this. */
const TARGET_MAX_CAP = 256;

const USAGE = `npm run bench -- serving [options]
  --caps LIST           batch caps (default 1,8,64,256,512,4096,16384)
  --performance LIST    performance kinds: linear, roofline (default both)
  --modes LIST          closed (population keeps the queue non-empty), open (Poisson at --load
                        of the saturated throughput) (default both)
  --instances N         instances in the pool, join-shortest-queue routing (default 1)
  --requests N          completions timed per measurement (default 5e5)
  --repeats K           measurements per figure, interleaved in rounds; figures are medians (default 3)
  --load F              open mode: arrival rate / saturated throughput (default 0.95)
  --seed N              seed of the request sizes and arrivals (default 1)
  --compare DIR         also time the build in DIR/dist (e.g. an older commit: git archive <rev> |
                        tar -x -C DIR; ln -s $PWD/node_modules DIR; cd DIR && npx tsc) and report ratios`;

interface ServingOptions {
  caps: number[];
  performances: PerformanceKind[];
  modes: LoadMode[];
  instances: number;
  requests: number;
  repeats: number;
  load: number;
  seed: number;
  compare: string | null;
}

function parseList<T extends string>(option: string, text: string | undefined, allowed: readonly T[]): T[] {
  if (text === undefined) return [...allowed];
  const items = text.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new BenchmarkUsageError(`--${option}: unknown ${JSON.stringify(item)}; known: ${allowed.join(', ')}`);
  }
  return items as T[];
}

function parseOptions(args: string[]): ServingOptions {
  const values = parseStringOptions(args, ['caps', 'performance', 'modes', 'instances', 'requests', 'repeats', 'load', 'seed', 'compare']);
  const load = values.load === undefined ? 0.95 : Number(values.load);
  if (!(load > 0 && load < 1)) throw new BenchmarkUsageError(`--load: must be in (0, 1), got ${JSON.stringify(values.load)}`);
  let compare: string | null = null;
  if (values.compare !== undefined) {
    compare = resolve(values.compare);
    if (!existsSync(join(compare, 'dist', 'models', 'serving', 'serving-pool.js'))) {
      throw new BenchmarkUsageError(`--compare: ${compare}/dist/models/serving/serving-pool.js not found (compile that tree with tsc first)`);
    }
  }
  return {
    caps: parseCountList('caps', values.caps, [1, 8, 64, 256, 512, 4096, 16384]),
    performances: parseList('performance', values.performance, ['linear', 'roofline'] as const),
    modes: parseList('modes', values.modes, ['closed', 'open'] as const),
    instances: parseCount('instances', values.instances, 1),
    requests: parseCount('requests', values.requests, 5e5),
    repeats: parseCount('repeats', values.repeats, 3),
    load,
    seed: parseCount('seed', values.seed, 1, 0),
    compare,
  };
}

interface Config {
  performance: PerformanceKind;
  mode: LoadMode;
  batchCap: number;
}

interface Figures {
  requestsPerS: number;
  requestsPerCpuS: number;
  eventsPerRequest: number;
  meanBatch: number;
  meanQueue: number;
  scavengesPerMillionRequests: number;
  samplesRequestsPerS: number[];
}

function figures(samples: ServingSample[]): Figures {
  return {
    requestsPerS: significant(median(samples.map((s) => s.requests / s.wallS))),
    requestsPerCpuS: significant(median(samples.map((s) => s.requests / s.cpuS))),
    eventsPerRequest: significant(median(samples.map((s) => s.events / s.requests))),
    meanBatch: significant(median(samples.map((s) => s.meanBatch))),
    meanQueue: significant(median(samples.map((s) => s.meanQueue))),
    scavengesPerMillionRequests: significant(median(samples.map((s) => (s.scavenges / s.requests) * 1e6)), 3),
    samplesRequestsPerS: samples.map((s) => significant(s.requests / s.wallS)),
  };
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const configs: Config[] = options.performances.flatMap((performance) =>
    options.modes.flatMap((mode) => options.caps.map((batchCap) => ({ performance, mode, batchCap }))),
  );
  const trees = [{ name: 'current', distDir: OWN_TREE }, ...(options.compare ? [{ name: 'baseline', distDir: join(options.compare, 'dist') }] : [])];
  const samples = new Map<string, ServingSample[]>();
  const key = (tree: string, c: Config) => `${tree}|${c.performance}|${c.mode}|${c.batchCap}`;
  // Rounds are interleaved (every measurement once per round, the trees alternating) so that load
  // from other users of the machine spreads evenly over the figures that get compared.
  for (let round = 0; round < options.repeats; round++) {
    for (const [i, config] of configs.entries()) {
      progress(`serving: round ${round + 1} of ${options.repeats}, ${i + 1} of ${configs.length}`);
      const population = options.instances * (config.batchCap + Math.max(4, Math.ceil(config.batchCap / 8)));
      for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
        const task: ServingTask = {
          distDir: tree.distDir,
          ...config,
          instances: options.instances,
          requests: options.requests,
          warmupRequests: Math.max(5e4, 3 * population),
          load: options.load,
          seed: options.seed,
        };
        const list = samples.get(key(tree.name, config)) ?? [];
        list.push(await runNodeTask<ServingSample>(PROBE, task));
        samples.set(key(tree.name, config), list);
      }
    }
  }
  progress('');

  const rows = configs.map((config) => {
    const current = figures(samples.get(key('current', config))!);
    const baselineSamples = samples.get(key('baseline', config));
    const baseline = baselineSamples ? figures(baselineSamples) : null;
    return {
      ...config,
      instances: options.instances,
      ...current,
      ...(baseline
        ? {
            baseline,
            speedup: significant(current.requestsPerS / baseline.requestsPerS, 3),
            speedupCpu: significant(current.requestsPerCpuS / baseline.requestsPerCpuS, 3),
          }
        : {}),
    };
  });

  const targeted = rows.filter((r) => r.batchCap <= TARGET_MAX_CAP);
  const slowest = targeted.length > 0 ? targeted.reduce((a, b) => (b.requestsPerS < a.requestsPerS ? b : a)) : undefined;
  const mostEvents = rows.reduce((a, b) => (b.eventsPerRequest > a.eventsPerRequest ? b : a));
  const targets = [
    {
      name: `simulated requests/s per core, slowest row with batch cap ≤ ${TARGET_MAX_CAP}`,
      target: `≥ ${TARGET_REQUESTS_PER_S} requests/s`,
      value: slowest?.requestsPerS ?? null,
      cpuValue: slowest?.requestsPerCpuS ?? null,
      row: slowest ? `${slowest.performance} ${slowest.mode} cap ${slowest.batchCap}` : null,
      met: slowest ? slowest.requestsPerS >= TARGET_REQUESTS_PER_S : null,
    },
    {
      name: 'events per request, largest row',
      target: `≤ ${TARGET_EVENTS_PER_REQUEST}`,
      value: mostEvents.eventsPerRequest,
      row: `${mostEvents.performance} ${mostEvents.mode} cap ${mostEvents.batchCap}`,
      met: mostEvents.eventsPerRequest <= TARGET_EVENTS_PER_REQUEST,
    },
  ];
  const result = {
    options,
    setup: {
      pool: `${options.instances} ServingInstance(s) in a ServingPool, join-shortest-queue; KV memory unbounded (the batch cap binds)`,
      requestSizes: { promptTokens: { kind: 'lognormal', ...PROMPT_LOGNORMAL }, outputTokens: { kind: 'lognormal', ...OUTPUT_LOGNORMAL } },
      linear: LINEAR_COEFFICIENTS,
      roofline: { rack: ROOFLINE_RACK, model: ROOFLINE_MODEL, layout: ROOFLINE_LAYOUT },
      closed: 'population = instances × (cap + max(4, cap/8)); each completion submits a new request from a zero-delay event',
      open: `Poisson arrivals at ${options.load} × the saturated throughput of a closed run of the same pool`,
    },
    rows,
    targets,
  };
  const line = (mode: LoadMode, performance: PerformanceKind) =>
    rows
      .filter((r) => r.mode === mode && r.performance === performance)
      .map((r) => `${r.batchCap}:${(r.requestsPerS / 1e6).toFixed(2)}${'speedup' in r ? `(${r.speedup}x)` : ''}`)
      .join(' ');
  const groups = options.performances.flatMap((p) => options.modes.map((m) => `${p} ${m} ${line(m, p)}`));
  const summary =
    `serving: M simulated requests/s by batch cap — ${groups.join('; ')}; ` +
    `events/request ≤ ${mostEvents.eventsPerRequest}; targets met ${targets.filter((t) => t.met === true).length}/${targets.length}`;
  return { result, summary };
}

export const benchmark: Benchmark = {
  description: 'one saturated serving pool at batch caps 1..16384: simulated requests/s, events per request',
  usage: USAGE,
  run,
};
