import type { Simulation, TimerId } from '../../engine/simulation.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import type { LlmRequest } from './request.js';
import { PriorityRequestQueue } from './priority-request-queue.js';

/**
 * A prefill-only instance of a disaggregated deployment: one prompt at a time, FIFO (by priority
 * class first when tiers share it: `classOfTier` gives each tier index its class, 0 first).
 */
export class PrefillInstance {
  busyS = 0;
  prefillTokens = 0;
  /** first output tokens produced here, one per prefilled prompt */
  firstTokens = 0;
  /** called when a prompt's prefill ends (its first token exists) */
  onPrefilled: (request: LlmRequest) => void = () => {};

  private readonly waiting: PriorityRequestQueue;
  private busy = false;
  private busyClass = 0;
  private busySinceS = 0;
  /** fraction of full speed under a power limit: prefills take 1/speedFraction as long */
  private speedFraction = 1;
  /** the prompt being prefilled, and the timer of its end (one at a time: one timer re-armed) */
  private prefilling: LlmRequest | undefined;
  private readonly endTimer: TimerId;
  private readonly handleEnd = (): void => this.end(this.prefilling!);

  constructor(
    private readonly sim: Simulation,
    private readonly performance: PerformanceModel,
    private readonly classOfTier: readonly number[] | null = null,
  ) {
    this.waiting = new PriorityRequestQueue(classOfTier === null ? 1 : Math.max(...classOfTier) + 1);
    this.endTimer = sim.timer(this.handleEnd);
  }

  /** Prompts waiting or being prefilled. */
  get queueLength(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  /** Prompts of one priority class waiting or being prefilled. */
  queueLengthOf(priorityClass: number): number {
    return this.waiting.lengthOf(priorityClass) + (this.busy && this.busyClass === priorityClass ? 1 : 0);
  }

  submit(request: LlmRequest): void {
    this.waiting.push(request, this.classOfTier === null ? 0 : this.classOfTier[request.tierIndex]);
    if (!this.busy) this.startNext();
  }

  /** Prefills started from now on run at `fraction` of full speed (the one under way keeps its end time). */
  setSpeedFraction(fraction: number): void {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`speed fraction must be in (0, 1], got ${fraction}`);
    this.speedFraction = fraction;
  }

  /** Busy time including the prefill under way, up to now. */
  busyUntilNowS(): number {
    return this.busyS + (this.busy ? this.sim.now - this.busySinceS : 0);
  }

  private startNext(): void {
    this.busyClass = this.waiting.topClass;
    const request = this.waiting.shift();
    if (request === undefined) return;
    this.busy = true;
    this.busySinceS = this.sim.now;
    const tokens = request.promptTokens - request.cachedPromptTokens;
    this.prefillTokens += tokens;
    this.prefilling = request;
    this.sim.setTimer(this.endTimer, this.performance.prefillTimeS(tokens) / this.speedFraction);
  }

  private end(request: LlmRequest): void {
    this.prefilling = undefined;
    this.busy = false;
    this.busyS += this.sim.now - this.busySinceS;
    request.firstTokenS = this.sim.now;
    this.firstTokens++;
    this.onPrefilled(request);
    this.startNext();
  }
}
