import type { Simulation } from '../../engine/simulation.js';
import type { Router } from '../policies/routing/router.js';
import { InstanceLoads } from './instance-loads.js';
import type { LlmRequest } from './request.js';
import type { RequestSink } from './request-sink.js';
import { ServingInstance, type InstanceCounters, type ServingInstanceConfig } from './serving-instance.js';

/**
 * Identical instances of one model on one rack type, behind a router. Each instance keeps its own
 * queue (as real deployments do behind a load balancer), so the routing policy matters.
 */
export class ServingPool implements RequestSink {
  readonly instances: ServingInstance[];
  onComplete: (request: LlmRequest) => void = () => {};
  onAbandon: (request: LlmRequest, abandonedAtS: number) => void = () => {};

  readonly kvBytesPerToken: number;
  /** every instance's load and the pool's totals, kept current by the instances */
  private readonly loads: InstanceLoads;

  constructor(
    sim: Simulation,
    readonly instanceCount: number,
    config: ServingInstanceConfig,
    private readonly router: Router,
  ) {
    if (!Number.isInteger(instanceCount) || instanceCount < 1) {
      throw new RangeError(`instanceCount must be an integer ≥ 1, got ${instanceCount}`);
    }
    this.kvBytesPerToken = config.kvBytesPerToken;
    this.instances = [];
    this.loads = new InstanceLoads(instanceCount);
    const forward = (request: LlmRequest): void => this.onComplete(request);
    const forwardAbandon = (request: LlmRequest, atS: number): void => this.onAbandon(request, atS);
    for (let i = 0; i < instanceCount; i++) {
      const instance = new ServingInstance(sim, config);
      instance.onComplete = forward;
      instance.onAbandon = forwardAbandon;
      instance.trackLoad(this.loads, i);
      this.instances.push(instance);
    }
  }

  /** True if an instance could ever hold the request's context in its KV cache. */
  canEverFit(request: LlmRequest): boolean {
    return this.instances[0].canEverFit(request);
  }

  submit(request: LlmRequest): void {
    this.instances[this.router.choose(this.instances, this.loads)].submit(request);
  }

  /** Requests waiting for admission in all instances (a running total: O(1)). */
  get queueLength(): number {
    return this.loads.queued;
  }

  /** Requests holding a batch slot in all instances (a running total: O(1)). */
  get activeCount(): number {
    return this.loads.active;
  }

  /** Sum of the instances' running totals, brought up to now. */
  counters(): InstanceCounters {
    const sum: InstanceCounters = { busyS: 0, batchTimeIntegral: 0, kvByteSeconds: 0, outputTokens: 0, prefillTokens: 0, completed: 0 };
    for (const instance of this.instances) {
      instance.syncCounters();
      const c = instance.counters;
      sum.busyS += c.busyS;
      sum.batchTimeIntegral += c.batchTimeIntegral;
      sum.kvByteSeconds += c.kvByteSeconds;
      sum.outputTokens += c.outputTokens;
      sum.prefillTokens += c.prefillTokens;
      sum.completed += c.completed;
    }
    return sum;
  }
}
