// Child-process entry of `npm run bench -- samplers`: times one case (cases.ts) given as JSON in
// argv[2] and prints its figures as one JSON line. bench/samplers.ts starts one fresh process per
// case and round (runNodeTask), so each sampler's call sites see only that sampler, as in a
// simulation, and JIT feedback from one case never slows another.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { Sampler } from '../../engine/random/distributions/sampler.js';
import { measure } from '../engine/clock.js';
import { SAMPLER_CASES, type SamplerCaseName } from './cases.js';

export interface SamplerTask {
  case: SamplerCaseName;
  /** draws timed */
  draws: number;
  /** draws before timing, so the timed draws run optimised code */
  warmup: number;
  seed: number;
}

export interface SamplerSample {
  case: SamplerCaseName;
  draws: number;
  nsPerDraw: number;
  cpuNsPerDraw: number;
  /** young-generation collections per million draws: above ~0.5 means a draw allocates (a boxed double) */
  scavengesPerMillion: number;
  /** mean of the timed draws: the sink that keeps the JIT from dropping them, and a sanity check */
  mean: number;
}

/** The timed loop. In its own process it only ever sees one `draw`, so V8 can inline it. */
function drawMany(draw: Sampler, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum;
}

/**
 * Calls of drawMany for the warm-up, and again for the timed draws. With one long call of each,
 * about half the processes allocated 16 bytes per draw in drawMany itself (V8's sampling heap
 * profiler) for the ziggurat normal, and took 10–15 ns instead of 7.5: the timed call could run
 * in code compiled on-stack early in the warm-up. Many shorter calls enter drawMany's regular
 * optimised code; over 6 processes that left at most 2 scavenges per million draws.
 */
const CALLS = 20;

/** Counts scavenges (minor GCs); entries arrive asynchronously, so read after a tick. */
async function scavengesSoFar(counter: { count: number }): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return counter.count;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? 'null') as SamplerTask | null;
  const spec = task && Object.hasOwn(SAMPLER_CASES, task.case) ? SAMPLER_CASES[task.case] : undefined;
  if (!task || !spec) throw new Error(`unknown samplers task ${process.argv[2]}`);
  const draw = spec.make(`tokenfactory|bench-samplers|${task.seed}|${task.case}`);
  let warm = 0;
  for (let c = 0; c < CALLS; c++) warm += drawMany(draw, Math.ceil(task.warmup / CALLS));
  const counter = { count: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) counter.count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = await scavengesSoFar(counter);
  const sums = new Float64Array(1);
  const chunk = Math.floor(task.draws / CALLS);
  const elapsed = measure(() => {
    let sum = drawMany(draw, task.draws - (CALLS - 1) * chunk);
    for (let c = 1; c < CALLS; c++) sum += drawMany(draw, chunk);
    sums[0] = sum;
  });
  const sum = sums[0];
  const after = await scavengesSoFar(counter);
  observer.disconnect();
  if (!Number.isFinite(sum + warm)) throw new Error(`${task.case}: the draws summed to ${sum}`);
  const sample: SamplerSample = {
    case: task.case,
    draws: task.draws,
    nsPerDraw: elapsed.wallNs / task.draws,
    cpuNsPerDraw: elapsed.cpuNs / task.draws,
    scavengesPerMillion: ((after - before) / task.draws) * 1e6,
    mean: sum / task.draws,
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

await main();
