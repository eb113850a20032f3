import type { LlmRequest } from './request.js';
import type { InstanceCounters } from './serving-instance.js';

/** What the factory needs of any serving deployment, aggregated or disaggregated. */
export interface RequestSink {
  onComplete: (request: LlmRequest) => void;
  /** a request that waited longer than the queue timeout, dated when it gave up */
  onAbandon: (request: LlmRequest, abandonedAtS: number) => void;
  submit(request: LlmRequest): void;
  /** True if the request's context could ever fit an instance's KV cache. */
  canEverFit(request: LlmRequest): boolean;
  readonly queueLength: number;
  /** Requests of one priority class waiting (tiers sharing the deployment; class 0 is all of them otherwise). */
  queueLengthOf(priorityClass: number): number;
  readonly activeCount: number;
  /** Running totals up to now, summed over every instance. */
  counters(): InstanceCounters;
  /** Every instance runs at `fraction` of full speed from now on (a power limit; 1 unthrottled). */
  setSpeedFraction(fraction: number): void;
}
