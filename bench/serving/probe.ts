// Child-process entry of the serving benchmark: runs one saturated pool given as JSON in argv[2] and
// prints its figures as one JSON line. bench/serving.ts starts one fresh process per measurement, so
// JIT feedback from one batch cap never helps or hurts another.
//
// The model code is loaded from `task.distDir` (the compiled tree to measure), so the same probe can
// time an older build (`--compare DIR`) in the same run.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulation as SimulationClass } from '../../engine/simulation.js';
import type { PerformanceModel } from '../../models/performance/performance-model.js';
import type { LlmRequest } from '../../models/serving/request.js';
import type { ServingPool as ServingPoolClass } from '../../models/serving/serving-pool.js';

export type PerformanceKind = 'linear' | 'roofline';

/**
 * closed: a fixed population (batch cap × instances plus a queue) where each completion starts a new
 * request at once, so the batch stays at its cap and the queue never empties;
 * open: Poisson arrivals at `load` × the saturated throughput (measured by a closed run first).
 */
export type LoadMode = 'closed' | 'open';

export interface ServingTask {
  distDir: string;
  performance: PerformanceKind;
  mode: LoadMode;
  batchCap: number;
  instances: number;
  /** completions timed */
  requests: number;
  /** completions before timing starts (the batch fills and the JIT settles) */
  warmupRequests: number;
  /** open mode: arrival rate as a fraction of the saturated throughput */
  load: number;
  seed: number;
}

export interface ServingSample {
  requests: number;
  events: number;
  wallS: number;
  cpuS: number;
  /** time-average of the decoding batch per instance over the timed window */
  meanBatch: number;
  /** requests waiting for admission, as seen by arrivals (every 64th) */
  meanQueue: number;
  /** open mode: the arrival rate used (requests per simulated second) */
  arrivalRatePerS: number | null;
  scavenges: number;
  markCompacts: number;
}

/** A linear instance shaped like a GB300 slice serving the free tier (E: for the benchmark only). */
export const LINEAR_COEFFICIENTS = {
  stepBaseS: 0.005,
  stepPerSequenceS: 5e-6,
  stepPerContextTokenS: 1e-10,
  prefillBaseS: 2e-4,
  prefillPerTokenS: 5e-8,
};
/** The roofline instance: the default scenario's free tier (its model on a whole GB300 NVL72 rack). */
export const ROOFLINE_RACK = 'gb300-nvl72';
export const ROOFLINE_MODEL = 'qwen3-235b-a22b';
export const ROOFLINE_LAYOUT = { weightPrecision: 'fp4', kvPrecision: 'fp8', racksPerInstance: 1 } as const;
/** Request sizes of the default scenario's free tier (Azure 2023 conversation fits). */
export const PROMPT_LOGNORMAL = { mu: 6.63, sigma: 0.99 };
export const OUTPUT_LOGNORMAL = { mu: 5.02, sigma: 0.86 };

interface Modules {
  Simulation: typeof SimulationClass;
  ServingPool: typeof ServingPoolClass;
  /** the tree's request pool (models/serving/request-pool.ts), or one over plain objects for older trees */
  requestPool: () => RequestSource;
  createRouter: typeof import('../../models/policies/routing/index.js').createRouter;
  RandomStreams: typeof import('../../engine/random/random-source.js').RandomStreams;
  lognormal: typeof import('../../engine/random/distributions/index.js').lognormal;
  exponential: typeof import('../../engine/random/distributions/index.js').exponential;
  performance: PerformanceModel;
}

async function load(distDir: string, kind: PerformanceKind): Promise<Modules> {
  // Compiled trees hold .js; run from sources (tsx) the same paths resolve to .ts.
  const url = (path: string) => {
    const js = join(distDir, path);
    return pathToFileURL(existsSync(js) ? js : js.replace(/\.js$/, '.ts')).href;
  };
  const [simulation, pool, request, routing, random, distributions, catalog, fluid, linear] = await Promise.all([
    import(url('engine/simulation.js')),
    import(url('models/serving/serving-pool.js')),
    import(url('models/serving/request.js')),
    import(url('models/policies/routing/index.js')),
    import(url('engine/random/random-source.js')),
    import(url('engine/random/distributions/index.js')),
    import(url('models/catalog/catalog.js')),
    import(url('models/performance/fluid-capacity.js')),
    import(url('models/performance/linear.js')),
  ]);
  // Trees from before the request pool existed: plain objects, reused the same way.
  const poolPath = join(distDir, 'models/serving/request-pool.js');
  const pool_ = existsSync(poolPath) || existsSync(poolPath.replace(/\.js$/, '.ts')) ? await import(url('models/serving/request-pool.js')) : null;
  let performance: PerformanceModel;
  if (kind === 'linear') {
    performance = new linear.LinearModel(LINEAR_COEFFICIENTS);
  } else {
    const c = catalog.defaultCatalog();
    const rack = catalog.getRack(c, ROOFLINE_RACK);
    const llm = catalog.getLlm(c, ROOFLINE_MODEL);
    performance = fluid.rackInstanceProfile(rack, llm, ROOFLINE_LAYOUT, { performance: { kind: 'roofline' } }).performance;
  }
  return {
    Simulation: simulation.Simulation,
    ServingPool: pool.ServingPool,
    requestPool: pool_ ? () => new pool_.RequestPool() : () => new PlainRequestPool(request.newRequest),
    createRouter: routing.createRouter,
    RandomStreams: random.RandomStreams,
    lognormal: distributions.lognormal,
    exponential: distributions.exponential,
    performance,
  };
}

/** Counts young- and old-generation collections; entries arrive asynchronously, so read after a tick. */
class GcCounter {
  scavenges = 0;
  markCompacts = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) this.scavenges++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.markCompacts++;
    }
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  async settled(): Promise<{ scavenges: number; markCompacts: number }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { scavenges: this.scavenges, markCompacts: this.markCompacts };
  }
  disconnect(): void {
    this.observer.disconnect();
  }
}

/** KV room far beyond any batch here: the batch cap, not memory, limits the batch. */
const KV_CAPACITY_BYTES = 1e18;

interface RunOutcome {
  sample: Omit<ServingSample, 'scavenges' | 'markCompacts'>;
  /** completions per simulated second over the timed window */
  throughputPerS: number;
}

/**
 * One pool, driven closed (population) or open (Poisson at `arrivalRatePerS`), timed over the
 * completions after the warm-up. Requests are made the way a replication makes them (lognormal sizes
 * from a seeded stream, finished request objects reused) and submitted from an event, so an arrival
 * costs an event.
 */
function runPool(m: Modules, task: ServingTask, arrivalRatePerS: number | null, timed: number, warmup: number): RunOutcome {
  const sim = new m.Simulation();
  const streams = new m.RandomStreams(task.seed, 0);
  const prompt = m.lognormal(streams.stream('prompt'), PROMPT_LOGNORMAL.mu, PROMPT_LOGNORMAL.sigma);
  const output = m.lognormal(streams.stream('output'), OUTPUT_LOGNORMAL.mu, OUTPUT_LOGNORMAL.sigma);
  const router = m.createRouter('join-shortest-queue', { random: streams.stream('routing') });
  const config = { performance: m.performance, batchCap: task.batchCap, kvCapacityBytes: KV_CAPACITY_BYTES, kvBytesPerToken: 1 };
  const pool: ServingPoolClass = new m.ServingPool(sim, task.instances, config, router);
  let nextId = 0;
  let completed = 0;
  let startEvents = 0;
  let startSimS = 0;
  let startWallMs = 0;
  let startCpuUs = 0;
  let startBatchIntegral = 0;
  let queueSum = 0;
  let queueSamples = 0;
  let sink = 0; // keeps the latencies observable, so no work is dead
  // Finished requests are reused, as a replication does (models/factory/replication.ts).
  const requests = m.requestPool();
  const arrive = (): void => {
    const promptTokens = Math.max(1, Math.round(prompt()));
    const outputTokens = Math.max(1, Math.round(output()));
    const request = requests.take(nextId++, 0, sim.now, promptTokens, 0, outputTokens);
    if (completed >= warmup && (nextId & 63) === 0) {
      queueSum += pool.queueLength;
      queueSamples++;
    }
    pool.submit(request);
  };
  const interarrival = arrivalRatePerS === null ? null : m.exponential(streams.stream('arrivals'), arrivalRatePerS);
  const arriveOpen = (): void => {
    arrive();
    sim.schedule(interarrival!(), arriveOpen);
  };
  pool.onComplete = (request: LlmRequest) => {
    sink += request.completionS - request.arrivalS;
    requests.release(request);
    completed++;
    if (completed === warmup) {
      startEvents = sim.eventsProcessed;
      startSimS = sim.now;
      startBatchIntegral = pool.counters().batchTimeIntegral;
      startCpuUs = cpuMicros();
      startWallMs = performance.now();
    } else if (completed === warmup + timed) {
      sim.stop();
    }
    if (interarrival === null) sim.schedule(0, arrive);
  };
  if (interarrival === null) {
    const population = task.instances * (task.batchCap + Math.max(4, Math.ceil(task.batchCap / 8)));
    for (let i = 0; i < population; i++) sim.schedule(0, arrive);
  } else {
    sim.schedule(interarrival(), arriveOpen);
  }
  sim.run();
  const wallS = (performance.now() - startWallMs) / 1e3;
  const cpuS = (cpuMicros() - startCpuUs) / 1e6;
  if (completed < warmup + timed || !Number.isFinite(sink)) throw new Error(`pool stopped after ${completed} completions`);
  const simS = sim.now - startSimS;
  return {
    sample: {
      requests: timed,
      events: sim.eventsProcessed - startEvents,
      wallS,
      cpuS,
      meanBatch: (pool.counters().batchTimeIntegral - startBatchIntegral) / simS / task.instances,
      meanQueue: queueSamples > 0 ? queueSum / queueSamples : 0,
      arrivalRatePerS,
    },
    throughputPerS: timed / simS,
  };
}

/** What the probe needs of models/serving/request-pool.ts's RequestPool. */
interface RequestSource {
  take(id: number, tierIndex: number, arrivalS: number, promptTokens: number, cachedPromptTokens: number, outputTokens: number): LlmRequest;
  release(request: LlmRequest): void;
}

type MutableRequest = { -readonly [K in keyof LlmRequest]: LlmRequest[K] };

/** For trees without a RequestPool: plain objects from newRequest, reused most recently freed first. */
class PlainRequestPool implements RequestSource {
  private readonly free: MutableRequest[] = [];
  constructor(private readonly newRequest: typeof import('../../models/serving/request.js').newRequest) {}

  take(id: number, tierIndex: number, arrivalS: number, promptTokens: number, cachedPromptTokens: number, outputTokens: number): LlmRequest {
    const request = this.free.pop();
    if (request === undefined) return this.newRequest(id, tierIndex, arrivalS, promptTokens, cachedPromptTokens, outputTokens);
    request.id = id;
    request.tierIndex = tierIndex;
    request.arrivalS = arrivalS;
    request.promptTokens = promptTokens;
    request.cachedPromptTokens = cachedPromptTokens;
    request.outputTokens = outputTokens;
    request.admittedS = NaN;
    request.firstTokenS = NaN;
    request.completionS = NaN;
    request.kvReservedBytes = 0;
    request.finishVirtualTokens = NaN;
    return request;
  }

  release(request: LlmRequest): void {
    this.free.push(request as MutableRequest);
  }
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export async function servingTask(task: ServingTask): Promise<ServingSample> {
  const m = await load(task.distDir, task.performance);
  let rate: number | null = null;
  if (task.mode === 'open') {
    // Saturated throughput from a closed run, then the open run at `load` of it.
    const saturated = runPool(m, task, null, Math.max(2e4, Math.min(task.requests, 10 * task.batchCap * task.instances)), task.warmupRequests);
    rate = task.load * saturated.throughputPerS;
  }
  const gc = new GcCounter();
  const before = await gc.settled();
  const { sample } = runPool(m, task, rate, task.requests, task.warmupRequests);
  const after = await gc.settled();
  gc.disconnect();
  return { ...sample, scavenges: after.scavenges - before.scavenges, markCompacts: after.markCompacts - before.markCompacts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const task = JSON.parse(process.argv[2]) as ServingTask;
  process.stdout.write(JSON.stringify(await servingTask(task)) + '\n');
}
