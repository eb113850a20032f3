import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Piscina } from 'piscina';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { RunStoppedError } from '../run/run-errors.js';
import type { MetricValue } from '../run/summarize.js';
import runSweepJob, { type SweepJob } from './sweep-worker.js';

/** One metric of one point, across its replications (in replication order). */
export interface PointMetric {
  metric: string;
  scope: string;
  unit: string;
  values: number[];
}

/** Everything a point produced: plain data, saved as is in shard files. */
export interface PointResult {
  point: number;
  /** in the order replicationMetrics gives them */
  metrics: PointMetric[];
}

export interface RunSweepOptions {
  /** worker threads (default: the number of cores, at most one per task) */
  threads?: number;
  /** distinguishes this sweep's points from any other plan a worker thread has cached */
  runKey: string;
  /** names a point in a failure message */
  describePoint: (point: number) => string;
  /** called after each replication, with how many of this call's have completed */
  onProgress?: (done: number, total: number) => void;
}

interface Task {
  point: number;
  replication: number;
}

/**
 * Runs `replications` replications of each of `points` (indices into `scenarios`), one task per
 * (point, replication), on one pool shared by all points: a sweep of many points with few
 * replications each still keeps every thread busy. Replication r of every point uses the same seeds
 * (the scenarios share simulation.seed), which gives common random numbers across points. Results
 * are gathered by index, so they do not depend on the thread count or the finishing order.
 */
export async function runSweepPoints(
  scenarios: readonly FactoryScenario[],
  points: readonly number[],
  replications: number,
  options: RunSweepOptions,
): Promise<PointResult[]> {
  const tasks: Task[] = points.flatMap((point) => Array.from({ length: replications }, (_, replication) => ({ point, replication })));
  const results: (MetricValue[] | undefined)[] = new Array(tasks.length);
  const job = (t: Task): SweepJob => ({ runKey: `${options.runKey}|point ${t.point}`, scenario: scenarios[t.point], replication: t.replication });
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), tasks.length));
  let done = 0;
  const finished = (index: number, metrics: MetricValue[]): void => {
    results[index] = metrics;
    options.onProgress?.(++done, tasks.length);
  };
  const failure = (t: Task, error: unknown): RunStoppedError => {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    const seed = scenarios[t.point].simulation.seed;
    return new RunStoppedError(`${options.describePoint(t.point)}, replication ${t.replication} (seed ${seed}) failed: ${message}; no outputs written`, 1);
  };

  if (threads === 1) {
    for (const [index, t] of tasks.entries()) {
      try {
        finished(index, runSweepJob(job(t)));
      } catch (error) {
        throw failure(t, error);
      }
      await yieldToEventLoop();
    }
  } else {
    await runOnPool(tasks, threads, job, finished, failure);
  }
  return points.map((point, i) => gather(point, results.slice(i * replications, (i + 1) * replications) as MetricValue[][]));
}

async function runOnPool(
  tasks: readonly Task[],
  threads: number,
  job: (t: Task) => SweepJob,
  finished: (index: number, metrics: MetricValue[]) => void,
  failure: (t: Task, error: unknown) => Error,
): Promise<void> {
  const pool = createPool(threads);
  let next = 0;
  let running = 0;
  let firstError: Error | undefined;
  try {
    await new Promise<void>((resolve) => {
      // at most `threads` tasks in flight, handed out in order: a failure stops the dispatching
      const dispatch = (): void => {
        while (running < threads && next < tasks.length && !firstError) {
          const index = next++;
          running++;
          (pool.run(job(tasks[index])) as Promise<MetricValue[]>)
            .then(
              (metrics) => finished(index, metrics),
              (error: unknown) => {
                firstError ??= failure(tasks[index], error);
              },
            )
            .finally(() => {
              running--;
              dispatch();
            });
        }
        if (running === 0) resolve();
      };
      dispatch();
    });
  } finally {
    await pool.destroy();
  }
  if (firstError) throw firstError;
}

function createPool(threads: number): Piscina {
  // Compiled runs load the .js worker; tests run the TypeScript sources, whose worker needs tsx.
  const url = new URL(`./sweep-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  return new Piscina({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    ...(url.pathname.endsWith('.ts') ? { execArgv: ['--import', import.meta.resolve('tsx')] } : {}),
  });
}

/** A point's replications as one series per metric; every replication must report the same metrics. */
function gather(point: number, replications: readonly MetricValue[][]): PointResult {
  const [first] = replications;
  const metrics = first.map(({ metric, scope, unit }) => ({ metric, scope, unit, values: [] as number[] }));
  for (const values of replications) {
    if (values.length !== metrics.length || values.some((v, i) => v.metric !== metrics[i].metric || v.scope !== metrics[i].scope)) {
      throw new Error(`internal error: the replications of point ${point} report different metrics`);
    }
    values.forEach((v, i) => metrics[i].values.push(v.value));
  }
  return { point, metrics };
}
