// Child-process entry of the engine benchmarks: runs one task given as JSON in argv[2] and prints
// its figures as one JSON line. bench/engine.ts starts one fresh process per task (runNodeTask), so
// JIT feedback from one kernel or model never slows another, as it would not in a user's run.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { eventSetHold, simulationHold } from './hold.js';
import type { EventSetName, KernelName } from './kernels.js';
import { runMM1, type MM1Run } from './mm1.js';

export type ProbeTask =
  | { kind: 'hold'; kernel: KernelName; pendings: number[]; holds: number; seed: number }
  | { kind: 'event-set-hold'; eventSet: EventSetName; replaceTop?: boolean; pendings: number[]; holds: number; seed: number }
  | { kind: 'mm1'; kernel: KernelName; customers: number; seed: number }
  | { kind: 'memory'; kernel: KernelName; pendings: number[]; customers: number[]; seed: number };

export interface HoldSample {
  pending: number;
  nsPerHold: number;
  cpuNsPerHold: number;
  /** young-generation collections per million holds: above ~1 means the hot path allocates */
  scavengesPerMillion: number;
}

export interface MM1Sample extends MM1Run {
  scavengesPerMillionEvents: number;
}

export interface MemorySample {
  what: 'hold' | 'mm1';
  /** pending events (hold) or customers served (mm1) */
  size: number;
  rssMiB: number;
  maxRssMiB: number;
  heapUsedMiB: number;
  arrayBuffersMiB: number;
  /** JS heap plus typed-array storage reachable after a full GC, minus the process's baseline */
  retainedMiB: number;
}

/** Counts scavenges (minor GCs); entries arrive asynchronously, so read after a tick. */
class ScavengeCounter {
  count = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) this.count++;
    }
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  async settled(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return this.count;
  }
  disconnect(): void {
    this.observer.disconnect();
  }
}

async function holdTask(task: Extract<ProbeTask, { kind: 'hold' | 'event-set-hold' }>): Promise<HoldSample[]> {
  const scavenges = new ScavengeCounter();
  const samples: HoldSample[] = [];
  for (const pending of task.pendings) {
    const bench = task.kind === 'hold' ? simulationHold(task.kernel, pending, task.seed) : eventSetHold(task.eventSet, pending, task.seed, task.replaceTop);
    // Replace every initial event at least once, so the heap reaches its steady-state shape.
    bench.advance(Math.max(2e5, pending));
    const before = await scavenges.settled();
    const elapsed = bench.advance(task.holds);
    const after = await scavenges.settled();
    samples.push({
      pending,
      nsPerHold: elapsed.wallNs / task.holds,
      cpuNsPerHold: elapsed.cpuNs / task.holds,
      scavengesPerMillion: ((after - before) / task.holds) * 1e6,
    });
  }
  scavenges.disconnect();
  return samples;
}

async function mm1Task(task: Extract<ProbeTask, { kind: 'mm1' }>): Promise<MM1Sample> {
  // A short run first, so the timed run measures optimised code as a long simulation would.
  runMM1(Math.min(1e4, task.customers), task.kernel, task.seed + 1);
  const scavenges = new ScavengeCounter();
  const before = await scavenges.settled();
  const { run } = runMM1(task.customers, task.kernel, task.seed);
  const after = await scavenges.settled();
  scavenges.disconnect();
  return { ...run, scavengesPerMillionEvents: ((after - before) / run.events) * 1e6 };
}

const MIB = 2 ** 20;
/** Holds the model being measured, so a full GC cannot collect it before its memory is read. */
let measured: unknown = null;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory task needs node --expose-gc');
  gc();
  gc();
}

function liveBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function memorySample(what: MemorySample['what'], size: number, baselineBytes: number): MemorySample {
  collect();
  const usage = process.memoryUsage();
  const round = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
  return {
    what,
    size,
    rssMiB: round(usage.rss),
    maxRssMiB: round(process.resourceUsage().maxRSS * 1024),
    heapUsedMiB: round(usage.heapUsed),
    arrayBuffersMiB: round(usage.arrayBuffers),
    retainedMiB: round(usage.heapUsed + usage.arrayBuffers - baselineBytes),
  };
}

function memoryTask(task: Extract<ProbeTask, { kind: 'memory' }>): MemorySample[] {
  const samples: MemorySample[] = [];
  // M/M/1 first, while the process is small: what it retains must not grow with customers served.
  collect();
  const mm1Baseline = liveBytes();
  for (const customers of task.customers) {
    measured = runMM1(customers, task.kernel, task.seed).sim;
    samples.push(memorySample('mm1', customers, mm1Baseline));
    measured = null;
  }
  for (const pending of task.pendings) {
    collect();
    const baseline = liveBytes();
    const bench = simulationHold(task.kernel, pending, task.seed);
    bench.advance(pending);
    measured = bench;
    samples.push(memorySample('hold', pending, baseline));
    measured = null;
  }
  return samples;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? 'null') as ProbeTask;
  let result: unknown;
  if (task?.kind === 'hold' || task?.kind === 'event-set-hold') result = await holdTask(task);
  else if (task?.kind === 'mm1') result = await mm1Task(task);
  else if (task?.kind === 'memory') result = memoryTask(task);
  else throw new Error(`unknown probe task ${process.argv[2]}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
