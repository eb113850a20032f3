export type StopSignal = 'SIGINT' | 'SIGTERM';

const SIGNAL_NUMBERS: Record<StopSignal, number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * What Ctrl-C and SIGTERM do to a run, so that an interrupted run keeps every completed replication:
 *  - SIGINT (someone at a terminal): start no more replications and let the running ones finish and
 *    be saved; a second SIGINT abandons them.
 *  - SIGTERM (a scheduler preempting the job, with a grace period of seconds before SIGKILL): abandon
 *    the running replications at once.
 *  - while the final outputs are being written (seconds): finish writing them; a second signal exits.
 */
export class Interruption {
  /** aborted on the first signal: dispatch no more replications */
  readonly stop = new AbortController();
  /** aborted when running replications are to be abandoned */
  readonly abandon = new AbortController();
  /** the first signal received */
  received: StopSignal | undefined;
  private writing = false;
  private readonly handler = (signal: StopSignal): void => this.onSignal(signal);

  constructor(private readonly notice: (line: string) => void) {}

  install(): void {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  /** From now on the run is writing its final outputs. */
  writingOutputs(): void {
    this.writing = true;
  }

  /** The conventional exit code of a process stopped by the signal: 128 + its number (130, 143). */
  get exitCode(): number {
    return 128 + SIGNAL_NUMBERS[this.received ?? 'SIGINT'];
  }

  private onSignal(signal: StopSignal): void {
    const repeated = this.received !== undefined;
    this.received ??= signal;
    if (this.writing) {
      if (repeated) process.exit(128 + SIGNAL_NUMBERS[signal]);
      this.notice(`${signal}: every replication is done; finishing writing the outputs (a few seconds; ${signal} again to stop at once)`);
      return;
    }
    if (this.abandon.signal.aborted) process.exit(128 + SIGNAL_NUMBERS[signal]);
    this.stop.abort(signal);
    if (signal === 'SIGTERM' || repeated) {
      this.notice(`${signal}: abandoning the running replications; the completed ones are saved`);
      this.abandon.abort(signal);
    } else {
      this.notice('SIGINT: starting no more replications; waiting for the running ones to finish and be saved (Ctrl-C again to abandon them)');
    }
  }
}
