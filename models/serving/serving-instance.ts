import type { Simulation, TimerId } from '../../engine/simulation.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import { FinishSteps } from './finish-steps.js';
import type { InstanceLoads } from './instance-loads.js';
import type { LlmRequest } from './request.js';
import { PriorityRequestQueue } from './priority-request-queue.js';
import { RequestQueue } from './request-queue.js';

export interface ServingInstanceConfig {
  performance: PerformanceModel;
  /** most sequences decoding (or prefilling) at once: the operating point on the chart */
  batchCap: number;
  /** KV-cache memory left after the weights */
  kvCapacityBytes: number;
  kvBytesPerToken: number;
  kvFixedBytesPerSequence?: number;
  /** false for a decode-only instance fed by a prefill pool */
  doesPrefill?: boolean;
  /** a request still waiting for admission this long after it arrived abandons (default never) */
  queueTimeoutS?: number;
  /** tiers sharing the instance, admitted by priority (default: one class, FIFO) */
  priority?: PriorityClasses;
}

/**
 * Strict priority between the tiers sharing an instance: a waiting request of class c is admitted
 * only when no request of a class before c waits, FIFO within a class.
 */
export interface PriorityClasses {
  /** the class of each tier index (0 is admitted first); tiers not listed never come here */
  classOfTier: readonly number[];
  /** per class: a request still waiting this long after it arrived abandons */
  queueTimeoutS: readonly number[];
}

/** Running totals of an instance; samplers take differences between two reads. */
export interface InstanceCounters {
  /** ∫ 1{instance doing any work} dt */
  busyS: number;
  /** ∫ decoding batch size dt */
  batchTimeIntegral: number;
  /** ∫ reserved KV bytes dt */
  kvByteSeconds: number;
  outputTokens: number;
  /** prompt tokens prefilled here (cache hits excluded) */
  prefillTokens: number;
  completed: number;
}

/**
 * One copy of a model on its racks, serving with continuous batching.
 *
 * Requests wait in FIFO order (by priority class first, when tiers share the instance: see
 * PriorityClasses) for a batch slot and KV memory for their whole context (prompt plus
 * output: we know the output length, a real server reserves pages as it goes and may preempt), then
 * prefill one at a time (decode pauses meanwhile, as a chunked-prefill step would lengthen decode
 * steps), then decode. All decoding sequences emit one token per step, so they advance together on a
 * virtual clock V (tokens emitted per sequence): dV/dt = 1/τ with step time τ = α(B) + β(B)·Σcontext,
 * and Σcontext = base + B·V grows as tokens are emitted. Between events this integrates exactly:
 *   Δt = a·ΔV + (β·B/2)·ΔV²,  a = α + β·Σcontext(V₀),
 * so a request costs a prefill-end event and never one event per token. Tokens come at step
 * boundaries (integer V), so a request's last token ends the step in which V reaches its join point
 * plus its remaining tokens; the requests ending the same step finish in one completion event.
 * Requires step time affine in the total context, which holds for every performance kind here.
 */
export class ServingInstance {
  readonly counters: InstanceCounters = {
    busyS: 0,
    batchTimeIntegral: 0,
    kvByteSeconds: 0,
    outputTokens: 0,
    prefillTokens: 0,
    completed: 0,
  };
  /** called when a request's last token is produced */
  onComplete: (request: LlmRequest) => void = () => {};
  /**
   * called when a waiting request gives up. Abandonment is noticed lazily, when the request reaches
   * the head of the queue (no timer event per request); it is dated arrival + timeout.
   */
  onAbandon: (request: LlmRequest, abandonedAtS: number) => void = () => {};

  private readonly waiting: PriorityRequestQueue;
  /** priority class by tier index, null with one class */
  private readonly classOfTier: Int32Array | null;
  private readonly queueTimeoutSByClass: Float64Array;
  private readonly toPrefill = new RequestQueue();
  private readonly decoding = new FinishSteps();
  private prefilling: LlmRequest | undefined;
  private admitted = 0;
  private kvReservedBytes = 0;

  private virtualTokens = 0;
  private contextBase = 0;
  /**
   * fraction of full speed the racks run at under a power limit (1 unthrottled): steps and prefills
   * take 1/speedFraction as long. A field read per update, so the hot path pays one multiply.
   */
  private speedFraction = 1;
  // Initialised here, not only in the constructor: a field declared without a value starts undefined
  // and V8 then stores every later float in it as a fresh heap object.
  private lastUpdateS = 0;
  /** what completeDue's cache-loading reads return: meaningless, kept so they are not dropped */
  private touchSink = 0;
  /** the next completion: moved at almost every event of the instance, so a timer (one sift) */
  private readonly completionTimer: TimerId;
  /** the end of the prefill under way (one at a time) */
  private readonly prefillTimer: TimerId;
  /** where this instance reports its load and queue, when it belongs to a pool (trackLoad) */
  private loads: InstanceLoads | null = null;
  /** its entry in `loads`; -1 while it drains (the pool no longer routes to it, its totals still count) */
  private loadsIndex = 0;
  /** leaving its pool: called once it holds no request (drain) */
  private draining = false;
  private onDrained: (() => void) | null = null;
  // α(B) and β(B) by batch size B, NaN until computed (cacheStepTime). Typed arrays: a plain array
  // indexed by batch sizes up to the cap (thousands) goes sparse (dictionary mode), a hash lookup a read.
  private stepIntercepts = new Float64Array(64).fill(NaN);
  private stepSlopes = new Float64Array(64).fill(NaN);

  private readonly handleCompletion = (): void => this.completeDue();
  private readonly handlePrefillEnd = (): void => this.finishPrefill(this.prefilling!);
  private readonly handleDrained = (): void => {
    const then = this.onDrained!;
    this.onDrained = null;
    then();
  };

  constructor(
    private readonly sim: Simulation,
    private config: ServingInstanceConfig,
  ) {
    if (!(config.batchCap >= 1)) throw new RangeError(`batchCap must be ≥ 1, got ${config.batchCap}`);
    if (!(config.kvCapacityBytes > 0)) throw new RangeError(`kvCapacityBytes must be > 0, got ${config.kvCapacityBytes}`);
    this.lastUpdateS = sim.now;
    this.completionTimer = sim.timer(this.handleCompletion);
    this.prefillTimer = sim.timer(this.handlePrefillEnd);
    const priority = config.priority;
    if (priority === undefined) {
      this.waiting = new PriorityRequestQueue(1);
      this.classOfTier = null;
      this.queueTimeoutSByClass = Float64Array.of(config.queueTimeoutS ?? Infinity);
    } else {
      this.waiting = new PriorityRequestQueue(priority.queueTimeoutS.length);
      this.classOfTier = Int32Array.from(priority.classOfTier);
      this.queueTimeoutSByClass = Float64Array.from(priority.queueTimeoutS);
    }
  }

  /** Requests waiting for admission. */
  get queueLength(): number {
    return this.waiting.length;
  }

  /** Requests of one priority class waiting for admission. */
  queueLengthOf(priorityClass: number): number {
    return this.waiting.lengthOf(priorityClass);
  }

  /** Requests holding a batch slot (prefilling or decoding). */
  get activeCount(): number {
    return this.admitted;
  }

  get decodingCount(): number {
    return this.decoding.size;
  }

  get kvUsedFraction(): number {
    return this.kvReservedBytes / this.config.kvCapacityBytes;
  }

  /** Bytes a request reserves; a request needing more than the whole cache can never run. */
  kvBytesFor(request: LlmRequest): number {
    return (
      (request.promptTokens + request.outputTokens) * this.config.kvBytesPerToken + (this.config.kvFixedBytesPerSequence ?? 0)
    );
  }

  /** True if the request could ever be admitted here (its context fits the KV cache). */
  canEverFit(request: LlmRequest): boolean {
    return this.kvBytesFor(request) <= this.config.kvCapacityBytes;
  }

  /** Accepts a request: it waits, prefills (unless already prefilled elsewhere) and decodes. */
  submit(request: LlmRequest): void {
    const priorityClass = this.classOfTier === null ? 0 : this.classOfTier[request.tierIndex];
    this.waiting.push(request, priorityClass);
    if (this.loads !== null) {
      this.loads.queued++;
      this.loads.queuedByClass[priorityClass]++;
      this.reportLoad();
    }
    this.admitWaiting();
  }

  /**
   * From now on, keeps entry `index` of `loads` equal to this instance's load (queueLength +
   * activeCount) and adds its queue and batch to the totals: how a ServingPool routes and counts
   * without visiting every instance per request.
   */
  trackLoad(loads: InstanceLoads, index: number): void {
    this.loads = loads;
    this.loadsIndex = index;
    loads.queued += this.waiting.length;
    for (let c = 0; c < this.waiting.classes; c++) loads.queuedByClass[c] += this.waiting.lengthOf(c);
    loads.active += this.admitted;
    this.reportLoad();
  }

  private reportLoad(): void {
    if (this.loadsIndex >= 0) this.loads!.set(this.loadsIndex, this.waiting.length + this.admitted);
  }

  /** Its entry in its pool's loads moves to `index` (the pool reorders its routable instances). */
  moveLoadEntry(index: number): void {
    this.loadsIndex = index;
    this.reportLoad();
  }

  /**
   * Leaves its pool: the pool stops routing to it (its entry in the loads is no longer written, its
   * queue and batch still count in the totals), and `then` is called, in an event of its own, once it
   * holds no request (at once if it holds none).
   */
  drain(then: () => void): void {
    if (this.draining) throw new Error('drain: the instance is already draining');
    this.loadsIndex = -1;
    this.draining = true;
    this.onDrained = then;
    this.drainIfEmpty();
  }

  /** Forgets its pool (after drain): it holds nothing, so the pool's totals need no correction. */
  untrackLoad(): void {
    this.loads = null;
    this.loadsIndex = 0;
  }

  /**
   * Serves another tier from now on (an instance moved by re-allocation): that tier's batch cap and
   * queue timeout. The same hardware and model, so the same KV cache and step times; it must hold no
   * request.
   */
  reconfigure(config: ServingInstanceConfig): void {
    if (this.admitted !== 0 || this.waiting.length !== 0) throw new Error('reconfigure: the instance still holds requests');
    if (this.classOfTier !== null || config.priority !== undefined) throw new Error('reconfigure: not for instances shared by tiers');
    const old = this.config;
    if (config.kvCapacityBytes !== old.kvCapacityBytes || config.kvBytesPerToken !== old.kvBytesPerToken || config.performance.kind !== old.performance.kind) {
      throw new Error('reconfigure: another kind of instance (KV cache or performance model differ)');
    }
    if (!(config.batchCap >= 1)) throw new RangeError(`batchCap must be ≥ 1, got ${config.batchCap}`);
    this.config = config;
    this.queueTimeoutSByClass[0] = config.queueTimeoutS ?? Infinity;
  }

  private drainIfEmpty(): void {
    if (this.admitted === 0 && this.waiting.length === 0) {
      this.draining = false;
      this.sim.schedule(0, this.handleDrained);
    }
  }

  /** Brings the running totals up to now (call before reading counters). */
  syncCounters(): void {
    this.advanceToNow();
  }

  /**
   * Runs at `fraction` of full speed from now on (a power limit lowering the clock). Decode progress up
   * to now keeps the old speed and what remains goes at the new one; a prefill under way keeps its end
   * time (it started before the change), the next ones take 1/fraction as long.
   */
  setSpeedFraction(fraction: number): void {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`speed fraction must be in (0, 1], got ${fraction}`);
    if (fraction === this.speedFraction) return;
    this.advanceToNow();
    this.speedFraction = fraction;
    this.rescheduleCompletion();
  }

  private admitWaiting(): void {
    let admittedAny = false;
    const waiting = this.waiting;
    while (waiting.length > 0 && this.admitted < this.config.batchCap) {
      const priorityClass = waiting.topClass;
      const head = waiting.peek()!;
      const timeoutS = this.queueTimeoutSByClass[priorityClass];
      if (this.sim.now - head.arrivalS > timeoutS) {
        this.abandonHead(priorityClass, timeoutS);
        continue;
      }
      const bytes = this.kvBytesFor(head);
      if (this.kvReservedBytes + bytes > this.config.kvCapacityBytes) break; // FIFO: no overtaking
      waiting.shift();
      this.advanceToNow();
      head.admittedS = this.sim.now;
      head.kvReservedBytes = bytes;
      this.kvReservedBytes += bytes;
      this.admitted++;
      if (this.loads !== null) {
        // waiting to running: the load is unchanged
        this.loads.queued--;
        this.loads.queuedByClass[priorityClass]--;
        this.loads.active++;
      }
      admittedAny = true;
      if (Number.isNaN(head.firstTokenS) && this.config.doesPrefill !== false) this.toPrefill.push(head);
      else this.joinDecode(head);
    }
    if (admittedAny && this.prefilling === undefined) this.startNextPrefill();
    if (admittedAny) this.rescheduleCompletion();
    // Lower classes wait behind the higher ones, so their timeouts would be noticed late: drop their
    // expired heads now (each class is FIFO by arrival, so an unexpired head means none behind expired).
    if (this.classOfTier !== null && waiting.length > 0) this.abandonExpiredHeads();
    // the last requests of a draining instance may leave by abandonment rather than completion
    if (this.draining) this.drainIfEmpty();
  }

  /** Removes the head of `priorityClass`, which waited past `timeoutS`, and reports it abandoned at arrival + timeout. */
  private abandonHead(priorityClass: number, timeoutS: number): void {
    const head = this.waiting.shiftFrom(priorityClass)!;
    if (this.loads !== null) {
      this.loads.queued--;
      this.loads.queuedByClass[priorityClass]--;
      this.reportLoad();
    }
    this.onAbandon(head, head.arrivalS + timeoutS);
  }

  private abandonExpiredHeads(): void {
    const waiting = this.waiting;
    for (let c = 0; c < waiting.classes; c++) {
      const timeoutS = this.queueTimeoutSByClass[c];
      for (let head = waiting.peekIn(c); head !== undefined && this.sim.now - head.arrivalS > timeoutS; head = waiting.peekIn(c)) {
        this.abandonHead(c, timeoutS);
      }
    }
  }

  private startNextPrefill(): void {
    const request = this.toPrefill.shift();
    if (request === undefined) return;
    this.advanceToNow(); // decode pauses from here
    this.prefilling = request;
    const tokens = request.promptTokens - request.cachedPromptTokens;
    this.counters.prefillTokens += tokens;
    this.sim.setTimer(this.prefillTimer, this.config.performance.prefillTimeS(tokens) / this.speedFraction);
  }

  private finishPrefill(request: LlmRequest): void {
    this.advanceToNow();
    this.prefilling = undefined;
    request.firstTokenS = this.sim.now;
    this.counters.outputTokens += 1;
    this.joinDecode(request);
    this.startNextPrefill();
    this.rescheduleCompletion();
  }

  /** The first token exists (from prefill); the remaining outputTokens − 1 come from decode steps. */
  private joinDecode(request: LlmRequest): void {
    const remaining = request.outputTokens - 1;
    if (remaining <= 0) {
      this.finish(request);
      return;
    }
    const finish = this.virtualTokens + remaining;
    request.finishVirtualTokens = finish;
    // Its context now holds the prompt and the first token, and grows by one per unit of V.
    this.contextBase += request.promptTokens + 1 - this.virtualTokens;
    // Decode emits tokens at step boundaries (integer V): a request that joined mid-step (V not an
    // integer) produces its last token at the end of the step in which V + remaining falls, as a
    // real server's would once it joins the batch at the next step. The tolerance keeps a float
    // rounding just above an integer from costing a whole step.
    this.decoding.push(request, Math.ceil(finish - 1e-9 * Math.max(1, finish)));
  }

  private completeDue(): void {
    this.advanceToNow();
    const decoding = this.decoding;
    // The event was timed for the head step's end; absorb float rounding in the inverse solve.
    const headStep = decoding.peekKey();
    if (headStep !== Infinity && headStep > this.virtualTokens) this.virtualTokens = headStep;
    const tolerance = 1e-9 * Math.max(1, this.virtualTokens);
    // Every request of the step finishes now; its context leaves the batch's total. It held its slot
    // from its last token (finishVirtualTokens) to the step's end without producing another: the
    // counter, which credits every sequence of the batch with dV, takes that fraction back.
    const counters = this.counters;
    // Load the finishing requests' fields together first (see touchMinStep); kept in a field so the
    // reads are not optimised away.
    this.touchSink += decoding.touchMinStep();
    for (let step = decoding.peekKey(); step <= this.virtualTokens + tolerance; step = decoding.peekKey()) {
      const done = decoding.pop()!;
      const lastTokenV = done.finishVirtualTokens;
      this.contextBase -= done.promptTokens + done.outputTokens - lastTokenV;
      counters.outputTokens -= step - lastTokenV;
      this.finish(done);
    }
    this.admitWaiting();
    this.rescheduleCompletion();
  }

  private finish(request: LlmRequest): void {
    request.completionS = this.sim.now;
    // Recomputed (the same value admission stored in request.kvReservedBytes) rather than read back:
    // a float field lives in a box of its own, one more cache miss on a request not touched for seconds.
    this.kvReservedBytes -= this.kvBytesFor(request);
    this.admitted--;
    if (this.loads !== null) {
      this.loads.active--;
      this.reportLoad();
    }
    this.counters.completed++;
    this.onComplete(request);
    if (this.draining) this.drainIfEmpty();
  }

  /**
   * Integrates decode progress and the counters from the last update to now. (Hot paths here take no
   * float arguments and call no float-returning methods: V8 boxes such values at non-inlined calls,
   * a heap allocation each.)
   */
  private advanceToNow(): void {
    const nowS = this.sim.now;
    const dt = nowS - this.lastUpdateS;
    if (dt <= 0) return;
    this.lastUpdateS = nowS;
    const batch = this.decoding.size;
    const c = this.counters;
    if (batch > 0 || this.prefilling !== undefined) c.busyS += dt;
    c.kvByteSeconds += this.kvReservedBytes * dt;
    if (batch === 0 || this.prefilling !== undefined) return;
    c.batchTimeIntegral += batch * dt;
    if (!this.hasStepTime(batch)) this.cacheStepTime(batch);
    const beta = this.stepSlopes[batch];
    const a = this.stepIntercepts[batch] + beta * (this.contextBase + batch * this.virtualTokens);
    // at full speed this stretch would have taken dt × speedFraction
    const fullSpeedDt = dt * this.speedFraction;
    const dv = (2 * fullSpeedDt) / (a + Math.sqrt(a * a + 2 * beta * batch * fullSpeedDt));
    this.virtualTokens += dv;
    c.outputTokens += batch * dv;
  }

  private rescheduleCompletion(): void {
    const batch = this.decoding.size;
    if (batch === 0 || this.prefilling !== undefined) {
      this.sim.clearTimer(this.completionTimer);
      return;
    }
    if (!this.hasStepTime(batch)) this.cacheStepTime(batch);
    const beta = this.stepSlopes[batch];
    const a = this.stepIntercepts[batch] + beta * (this.contextBase + batch * this.virtualTokens);
    const dv = Math.max(0, this.decoding.peekKey() - this.virtualTokens);
    this.sim.setTimer(this.completionTimer, (a * dv + 0.5 * beta * batch * dv * dv) / this.speedFraction);
  }

  /** True once α(B) and β(B) of this batch size are cached (NaN marks a size not yet computed). */
  private hasStepTime(batch: number): boolean {
    return batch < this.stepIntercepts.length && !Number.isNaN(this.stepIntercepts[batch]);
  }

  /**
   * Caches α(B), the step time at zero context, and β(B), the extra step time per context token
   * (the model's step time is affine in the context, so one probe gives the slope).
   */
  private cacheStepTime(batch: number): void {
    const performance = this.config.performance;
    const alpha = performance.decodeStepTimeS(batch, 0);
    if (!(alpha > 0)) throw new RangeError(`${performance.kind}: step time must be > 0, got ${alpha} at batch ${batch}`);
    const probeTokens = 1e6;
    const beta = Math.max(0, (performance.decodeStepTimeS(batch, probeTokens) - alpha) / probeTokens);
    if (batch >= this.stepIntercepts.length) {
      const capacity = Math.max(batch + 1, 2 * this.stepIntercepts.length);
      const intercepts = new Float64Array(capacity).fill(NaN);
      intercepts.set(this.stepIntercepts);
      this.stepIntercepts = intercepts;
      const slopes = new Float64Array(capacity).fill(NaN);
      slopes.set(this.stepSlopes);
      this.stepSlopes = slopes;
    }
    this.stepIntercepts[batch] = alpha;
    this.stepSlopes[batch] = beta;
  }
}
