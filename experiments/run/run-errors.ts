/** Why a replication produced no tables. */
export interface ReplicationFailure {
  replication: number;
  /** the run's base seed: the replication's streams derive from (seed, replication) */
  seed: string | number;
  /** 'threw': the replication raised an error; 'worker-died': the thread running it exited or crashed */
  kind: 'threw' | 'worker-died';
  message: string;
  stack?: string;
}

/** One line: enough to reproduce the failure alone (`--seed S` and the replication index). */
export function describeFailure(scenarioName: string, failure: ReplicationFailure): string {
  const what = failure.kind === 'worker-died' ? `its worker thread died (${failure.message})` : failure.message;
  return `scenario "${scenarioName}", replication ${failure.replication} (seed ${failure.seed}): ${what}`;
}

/** Thrown by runScenario when replications fail; the message lists each failure on its own line. */
export class ReplicationsFailedError extends Error {
  override name = 'ReplicationsFailedError';
  constructor(
    readonly scenarioName: string,
    readonly failures: readonly ReplicationFailure[],
  ) {
    const count = failures.length === 1 ? 'a replication failed' : `${failures.length} replications failed`;
    super([`${count}:`, ...failures.map((f) => `  ${describeFailure(scenarioName, f)}`)].join('\n'));
  }
}

/**
 * A run that stopped before writing its outputs (interrupted, or replications failed), with the exit
 * code the CLI should end with and a message that says what was kept and how to go on.
 */
export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
