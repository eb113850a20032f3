import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Piscina } from 'piscina';
import type { FactoryPlan } from '../../models/factory/plan.js';
import type { ReplicationFailure } from './run-errors.js';
import { replicationTables, type ReplicationTables } from './replication-task.js';
import type { ReplicationJob } from './replication-worker.js';

export interface RunReplicationsOptions {
  /** worker threads (default: the number of cores, at most one per replication) */
  threads?: number;
  /**
   * Run on worker threads even with one thread, so the calling thread stays free to handle signals
   * while a replication runs (default: only when threads > 1).
   */
  useWorkers?: boolean;
  /** when aborted, no more replications start; the running ones finish (and are reported) */
  signal?: AbortSignal;
  /** when aborted, the running replications are abandoned: their threads are terminated */
  abandonSignal?: AbortSignal;
  /** false (default): the first failure stops dispatching; true: the others run anyway */
  keepGoing?: boolean;
  /** awaited as each replication completes (e.g. to save it); a throw here fails the whole run */
  onReplication?: (tables: ReplicationTables) => void | Promise<void>;
  /** called after each replication completes or fails, with how many of this call's have */
  onProgress?: (done: number, total: number) => void;
  /** the worker module (default: replication-worker next to this file); tests substitute one */
  workerUrl?: URL;
}

export interface RunReplicationsResult {
  /** in replication order */
  completed: ReplicationTables[];
  /** in replication order */
  failures: ReplicationFailure[];
  /** replications that never ran to the end: not started after a stop, or abandoned */
  notRun: number[];
  /** replications that were running when `abandonSignal` fired */
  abandoned: number[];
}

/**
 * Runs the given replications of a planned scenario, at most `threads` at a time: one Piscina task per
 * replication, dispatched only when a thread is free, so stopping is just not dispatching more.
 * Never hangs: a replication that throws, or whose worker dies, is reported as a failure.
 */
export async function runReplications(
  plan: FactoryPlan,
  replications: readonly number[],
  options: RunReplicationsOptions = {},
): Promise<RunReplicationsResult> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), replications.length));
  const state = new RunState(plan, replications, options);
  if (replications.length > 0) {
    if (threads === 1 && !options.useWorkers && !options.workerUrl) await runInThisThread(plan, state);
    else await runOnWorkers(plan, threads, state, options.workerUrl);
  }
  return state.result();
}

class RunState {
  readonly completed: ReplicationTables[] = [];
  readonly failures: ReplicationFailure[] = [];
  readonly abandoned: number[] = [];
  /** an error outside any replication (saving a result failed): stops the run, rethrown at the end */
  fatal: { error: unknown } | undefined;
  next = 0;

  constructor(
    readonly plan: FactoryPlan,
    readonly replications: readonly number[],
    readonly options: RunReplicationsOptions,
  ) {}

  /** True once nothing more may start. */
  get stopping(): boolean {
    return (
      this.options.signal?.aborted === true ||
      this.options.abandonSignal?.aborted === true ||
      this.fatal !== undefined ||
      (this.failures.length > 0 && !this.options.keepGoing)
    );
  }

  async complete(tables: ReplicationTables): Promise<void> {
    try {
      await this.options.onReplication?.(tables);
      this.completed.push(tables);
    } catch (error) {
      this.fatal ??= { error };
    }
    this.progress();
  }

  fail(replication: number, error: unknown): void {
    const e = error as Partial<Error> & { code?: string };
    const message = typeof e?.message === 'string' ? e.message : String(error);
    const died = /^worker exited with code/.test(message) || (typeof e?.code === 'string' && e.code.startsWith('ERR_WORKER'));
    this.failures.push({
      replication,
      seed: this.plan.scenario.simulation.seed,
      kind: died ? 'worker-died' : 'threw',
      message: message.split('\n')[0],
      ...(typeof e?.stack === 'string' && { stack: e.stack }),
    });
    this.progress();
  }

  private progress(): void {
    this.options.onProgress?.(this.completed.length + this.failures.length, this.replications.length);
  }

  result(): RunReplicationsResult {
    if (this.fatal) throw this.fatal.error;
    const byIndex = (a: { replication: number }, b: { replication: number }): number => a.replication - b.replication;
    const finished = new Set([...this.completed, ...this.failures].map((r) => r.replication));
    return {
      completed: this.completed.sort(byIndex),
      failures: this.failures.sort(byIndex),
      notRun: this.replications.filter((r) => !finished.has(r)),
      abandoned: this.abandoned.sort((a, b) => a - b),
    };
  }
}

async function runInThisThread(plan: FactoryPlan, state: RunState): Promise<void> {
  while (state.next < state.replications.length && !state.stopping) {
    const replication = state.replications[state.next++];
    let tables: ReplicationTables | undefined;
    try {
      tables = replicationTables(plan, replication);
    } catch (error) {
      state.fail(replication, error);
    }
    if (tables) await state.complete(tables);
    // let signals and I/O in between replications (a replication itself runs to its end)
    await yieldToEventLoop();
  }
}

async function runOnWorkers(plan: FactoryPlan, threads: number, state: RunState, workerUrl: URL | undefined): Promise<void> {
  const pool = createPool(threads, workerUrl);
  const runKey = `${plan.scenario.name}|${process.pid}|${Date.now()}|${Math.random()}`;
  const abandonSignal = state.options.abandonSignal;
  const running = new Set<number>();
  const onAbandon = (): void => {
    state.abandoned.push(...running);
  };
  abandonSignal?.addEventListener('abort', onAbandon, { once: true });
  try {
    await new Promise<void>((resolve) => {
      const dispatch = (): void => {
        while (running.size < threads && state.next < state.replications.length && !state.stopping) {
          const replication = state.replications[state.next++];
          running.add(replication);
          const job: ReplicationJob = { runKey, scenario: plan.scenario, replication };
          (pool.run(job, abandonSignal ? { signal: abandonSignal } : {}) as Promise<ReplicationTables>)
            .then(
              (tables) => state.complete(tables),
              (error: unknown) => {
                // an abandoned replication did not fail: it is simply not run
                if (!(abandonSignal?.aborted && (error as Error)?.name === 'AbortError')) state.fail(replication, error);
              },
            )
            .finally(() => {
              running.delete(replication);
              dispatch();
            });
        }
        if (running.size === 0) resolve();
      };
      dispatch();
    });
  } finally {
    abandonSignal?.removeEventListener('abort', onAbandon);
    await pool.destroy();
  }
}

function createPool(threads: number, workerUrl: URL | undefined): Piscina {
  // Compiled runs load the .js worker; tests run the TypeScript sources, whose worker needs tsx.
  const url = workerUrl ?? new URL(`./replication-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const fromSource = url.pathname.endsWith('.ts');
  return new Piscina({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    ...(fromSource ? { execArgv: ['--import', import.meta.resolve('tsx')] } : {}),
  });
}
