import type { Simulation } from '../../engine/simulation.js';
import type { Router } from '../policies/routing/router.js';
import { InstanceLoads } from './instance-loads.js';
import type { LlmRequest } from './request.js';
import type { RequestSink } from './request-sink.js';
import { ServingInstance, type InstanceCounters, type ServingInstanceConfig } from './serving-instance.js';

/**
 * Identical instances of one model on one rack type, behind a router. Each instance keeps its own
 * queue (as real deployments do behind a load balancer), so the routing policy matters.
 *
 * Instances can leave and join while it runs (re-allocation between tiers): `release` stops routing
 * to an instance and hands it over once it has finished what it holds; `adopt` takes one in. Up to
 * `capacity` instances belong to it at once.
 */
export class ServingPool implements RequestSink {
  /** the instances requests are routed to */
  readonly instances: ServingInstance[];
  onComplete: (request: LlmRequest) => void = () => {};
  onAbandon: (request: LlmRequest, abandonedAtS: number) => void = () => {};
  /** called when an instance starts leaving or joins (the routable instances change) */
  onMembershipChange: () => void = () => {};

  readonly kvBytesPerToken: number;
  /** every instance's load and the pool's totals, kept current by the instances */
  private readonly loads: InstanceLoads;
  /** instances finishing their requests before they leave: not routed to, still counted */
  private readonly draining: ServingInstance[] = [];
  /** counters of instances that left, less those of instances that joined at the moment they joined */
  private readonly departed: InstanceCounters = { busyS: 0, batchTimeIntegral: 0, kvByteSeconds: 0, outputTokens: 0, prefillTokens: 0, completed: 0 };
  /** ∫ instances belonging to the pool (routable or draining) dt, up to membershipSinceS */
  private instanceSeconds = 0;
  private membershipSinceS: number;
  private readonly forward = (request: LlmRequest): void => this.onComplete(request);
  private readonly forwardAbandon = (request: LlmRequest, atS: number): void => this.onAbandon(request, atS);

  constructor(
    private readonly sim: Simulation,
    instanceCount: number,
    private readonly config: ServingInstanceConfig,
    private readonly router: Router,
    readonly capacity = instanceCount,
  ) {
    if (!Number.isInteger(instanceCount) || instanceCount < 1) {
      throw new RangeError(`instanceCount must be an integer ≥ 1, got ${instanceCount}`);
    }
    if (!Number.isInteger(capacity) || capacity < instanceCount) throw new RangeError(`capacity must be an integer ≥ instanceCount, got ${capacity}`);
    this.kvBytesPerToken = config.kvBytesPerToken;
    this.instances = [];
    this.loads = new InstanceLoads(capacity, config.priority?.queueTimeoutS.length ?? 1);
    // Entries beyond the instances routed to never win the least-loaded search.
    for (let i = instanceCount; i < capacity; i++) this.loads.set(i, Infinity);
    this.membershipSinceS = sim.now;
    for (let i = 0; i < instanceCount; i++) this.join(new ServingInstance(sim, config));
  }

  /** Instances requests are routed to now. */
  get instanceCount(): number {
    return this.instances.length;
  }

  /** ∫ instances belonging to the pool dt from the start, up to now: the denominator of busy fractions when membership changes. */
  instanceSecondsUntilNow(): number {
    return this.instanceSeconds + (this.instances.length + this.draining.length) * (this.sim.now - this.membershipSinceS);
  }

  /** The routable instance with the fewest requests waiting and running (the quickest to drain). */
  leastLoadedInstance(): ServingInstance {
    return this.instances[this.loads.leastLoaded()];
  }

  /**
   * Stops routing to `instance`; once it has finished (or lost to timeouts) every request it holds, it
   * leaves the pool and `then` receives it. A pool keeps at least one routable instance.
   */
  release(instance: ServingInstance, then: (instance: ServingInstance) => void): void {
    const index = this.instances.indexOf(instance);
    if (index < 0) throw new Error('release: not a routable instance of this pool');
    if (this.instances.length === 1) throw new Error('release: a pool keeps at least one routable instance');
    const last = this.instances.length - 1;
    if (index !== last) {
      const moved = this.instances[last];
      this.instances[index] = moved;
      moved.moveLoadEntry(index);
    }
    this.instances.pop();
    this.loads.set(last, Infinity);
    this.draining.push(instance);
    instance.drain(() => {
      this.leave(instance);
      then(instance);
    });
    this.onMembershipChange();
  }

  /** Takes in an instance that left another pool of the same hardware: it now serves with this pool's settings. */
  adopt(instance: ServingInstance): void {
    if (this.instances.length + this.draining.length >= this.capacity) throw new Error(`adopt: the pool holds its capacity of ${this.capacity} instances`);
    instance.reconfigure(this.config);
    this.join(instance);
    this.onMembershipChange();
  }

  private join(instance: ServingInstance): void {
    this.accumulateMembership();
    instance.syncCounters();
    addCountersTimes(this.departed, instance.counters, -1);
    instance.onComplete = this.forward;
    instance.onAbandon = this.forwardAbandon;
    instance.trackLoad(this.loads, this.instances.length);
    this.instances.push(instance);
  }

  private leave(instance: ServingInstance): void {
    this.accumulateMembership();
    this.draining.splice(this.draining.indexOf(instance), 1);
    instance.untrackLoad();
    instance.syncCounters();
    addCountersTimes(this.departed, instance.counters, 1);
  }

  private accumulateMembership(): void {
    this.instanceSeconds = this.instanceSecondsUntilNow();
    this.membershipSinceS = this.sim.now;
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

  /** Requests of one priority class waiting in all instances (a running total: O(1)). */
  queueLengthOf(priorityClass: number): number {
    return this.loads.queuedByClass[priorityClass];
  }

  /** Requests holding a batch slot in all instances (a running total: O(1)). */
  get activeCount(): number {
    return this.loads.active;
  }

  setSpeedFraction(fraction: number): void {
    for (const instance of this.instances) instance.setSpeedFraction(fraction);
    for (const instance of this.draining) instance.setSpeedFraction(fraction);
  }

  /**
   * Sum of the instances' running totals, brought up to now: what the pool's instances did while they
   * belonged to it (an instance that moved counts in each pool for its time there).
   */
  counters(): InstanceCounters {
    const sum: InstanceCounters = { ...this.departed };
    for (const instance of this.instances) addCounters(sum, instance);
    for (const instance of this.draining) addCounters(sum, instance);
    return sum;
  }
}

function addCounters(sum: InstanceCounters, instance: ServingInstance): void {
  instance.syncCounters();
  const c = instance.counters;
  sum.busyS += c.busyS;
  sum.batchTimeIntegral += c.batchTimeIntegral;
  sum.kvByteSeconds += c.kvByteSeconds;
  sum.outputTokens += c.outputTokens;
  sum.prefillTokens += c.prefillTokens;
  sum.completed += c.completed;
}

/** total += sign × c, field by field. */
function addCountersTimes(total: InstanceCounters, c: InstanceCounters, sign: 1 | -1): void {
  total.busyS += sign * c.busyS;
  total.batchTimeIntegral += sign * c.batchTimeIntegral;
  total.kvByteSeconds += sign * c.kvByteSeconds;
  total.outputTokens += sign * c.outputTokens;
  total.prefillTokens += sign * c.prefillTokens;
  total.completed += sign * c.completed;
}
