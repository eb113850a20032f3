import type { Simulation } from '../../engine/simulation.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import type { LlmRequest } from './request.js';
import { RequestQueue } from './request-queue.js';

/** A prefill-only instance of a disaggregated deployment: one prompt at a time, FIFO. */
export class PrefillInstance {
  busyS = 0;
  prefillTokens = 0;
  /** first output tokens produced here, one per prefilled prompt */
  firstTokens = 0;
  /** called when a prompt's prefill ends (its first token exists) */
  onPrefilled: (request: LlmRequest) => void = () => {};

  private readonly waiting = new RequestQueue();
  private busy = false;
  private busySinceS = 0;
  private readonly handleEnd = (request: LlmRequest): void => this.end(request);

  constructor(
    private readonly sim: Simulation,
    private readonly performance: PerformanceModel,
  ) {}

  get queueLength(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  submit(request: LlmRequest): void {
    this.waiting.push(request);
    if (!this.busy) this.startNext();
  }

  /** Busy time including the prefill under way, up to now. */
  busyUntilNowS(): number {
    return this.busyS + (this.busy ? this.sim.now - this.busySinceS : 0);
  }

  private startNext(): void {
    const request = this.waiting.shift();
    if (request === undefined) return;
    this.busy = true;
    this.busySinceS = this.sim.now;
    const tokens = request.promptTokens - request.cachedPromptTokens;
    this.prefillTokens += tokens;
    this.sim.schedule(this.performance.prefillTimeS(tokens), this.handleEnd, request);
  }

  private end(request: LlmRequest): void {
    this.busy = false;
    this.busyS += this.sim.now - this.busySinceS;
    request.firstTokenS = this.sim.now;
    this.firstTokens++;
    this.onPrefilled(request);
    this.startNext();
  }
}
