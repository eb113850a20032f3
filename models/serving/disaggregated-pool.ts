import type { Simulation } from '../../engine/simulation.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import type { Router } from '../policies/routing/router.js';
import { PrefillInstance } from './prefill-instance.js';
import type { LlmRequest } from './request.js';
import type { RequestSink } from './request-sink.js';
import type { InstanceCounters, ServingInstanceConfig } from './serving-instance.js';
import { ServingPool } from './serving-pool.js';

export interface KvTransferConfig {
  /** link bandwidth from a prefill instance to a decode instance */
  bandwidthGbPerS: number;
  /** fixed latency per transfer (connection, scheduling) */
  latencyS: number;
}

/**
 * Prefill on one pool (e.g. Vera Rubin), decode on another (e.g. Groq LPX): a prompt is prefilled
 * (its first token is produced there), its KV cache is shipped over the network, then it decodes.
 * Prefill instances are chosen by the fewest queued prompts; decode instances by the decode router.
 */
export class DisaggregatedPool implements RequestSink {
  readonly prefill: PrefillInstance[] = [];
  readonly decode: ServingPool;
  private readonly handleTransferred = (request: LlmRequest): void => this.decode.submit(request);

  constructor(
    private readonly sim: Simulation,
    prefillInstances: number,
    prefillPerformance: PerformanceModel,
    decodeInstances: number,
    decodeConfig: ServingInstanceConfig,
    decodeRouter: Router,
    private readonly transfer: KvTransferConfig,
  ) {
    if (!Number.isInteger(prefillInstances) || prefillInstances < 1) {
      throw new RangeError(`prefillInstances must be an integer ≥ 1, got ${prefillInstances}`);
    }
    this.decode = new ServingPool(sim, decodeInstances, { ...decodeConfig, doesPrefill: false }, decodeRouter);
    const shipKv = (request: LlmRequest): void => this.startTransfer(request);
    for (let i = 0; i < prefillInstances; i++) {
      const instance = new PrefillInstance(sim, prefillPerformance, decodeConfig.priority?.classOfTier ?? null);
      instance.onPrefilled = shipKv;
      this.prefill.push(instance);
    }
  }

  get onComplete(): (request: LlmRequest) => void {
    return this.decode.onComplete;
  }

  set onComplete(handler: (request: LlmRequest) => void) {
    this.decode.onComplete = handler;
  }

  get onAbandon(): (request: LlmRequest, abandonedAtS: number) => void {
    return this.decode.onAbandon;
  }

  set onAbandon(handler: (request: LlmRequest, abandonedAtS: number) => void) {
    this.decode.onAbandon = handler;
  }

  canEverFit(request: LlmRequest): boolean {
    return this.decode.canEverFit(request);
  }

  submit(request: LlmRequest): void {
    let best = 0;
    for (let i = 1; i < this.prefill.length; i++) {
      if (this.prefill[i].queueLength < this.prefill[best].queueLength) best = i;
    }
    this.prefill[best].submit(request);
  }

  get queueLength(): number {
    let total = this.decode.queueLength;
    for (const instance of this.prefill) total += instance.queueLength;
    return total;
  }

  queueLengthOf(priorityClass: number): number {
    let total = this.decode.queueLengthOf(priorityClass);
    for (const instance of this.prefill) total += instance.queueLengthOf(priorityClass);
    return total;
  }

  get activeCount(): number {
    return this.decode.activeCount;
  }

  /** Decode counters, with the prompt tokens and first output tokens of the prefill side added. */
  counters(): InstanceCounters {
    const sum = this.decode.counters();
    for (const instance of this.prefill) {
      sum.prefillTokens += instance.prefillTokens;
      sum.outputTokens += instance.firstTokens;
    }
    return sum;
  }

  setSpeedFraction(fraction: number): void {
    this.decode.setSpeedFraction(fraction);
    for (const instance of this.prefill) instance.setSpeedFraction(fraction);
  }

  /** Busy time of the prefill instances up to now. */
  prefillBusyS(): number {
    let total = 0;
    for (const instance of this.prefill) total += instance.busyUntilNowS();
    return total;
  }

  private startTransfer(request: LlmRequest): void {
    const kvBytes = request.promptTokens * this.decode.kvBytesPerToken;
    const delayS = this.transfer.latencyS + kvBytes / (this.transfer.bandwidthGbPerS * 1e9);
    this.sim.schedule(delayS, this.handleTransferred, request);
  }
}
