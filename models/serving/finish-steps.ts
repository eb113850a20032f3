import type { LlmRequest } from './request.js';

/**
 * Decoding requests grouped by the decode step that emits their last token: an integer on the
 * instance's virtual clock (tokens emitted per sequence).
 *
 * Every sequence of a batch emits one token per step, so the requests of one step finish together.
 * A bucket queue (a circular array of FIFO lists, one per step) pushes and pops in O(1) where a heap
 * of thousands of requests sifts a dozen levels per request, and the instance needs one completion
 * event per step that finishes anything rather than one per request.
 *
 * The steps held span less than the array's length (it doubles when a push would break that), and
 * the smallest is found by scanning forward from the last one: the clock only moves forward, so the
 * scanning over a run is bounded by the steps the clock advances.
 */
export class FinishSteps {
  /** per slot (step & mask): [first node, last node] of its FIFO list, -1 when empty */
  private ends = new Int32Array(2 * 64).fill(-1);
  private mask = 63;
  /** per node: the next node of its list, or of the free list */
  private next = new Int32Array(64);
  private items: (LlmRequest | undefined)[] = new Array(64);
  private freeNode = 0;
  private count = 0;
  /** the smallest step held; Infinity when empty (peekKey reads it without a branch) */
  private minStep = Infinity;
  /** the largest step held (stale when empty) */
  private maxStep = 0;

  constructor() {
    linkFreeNodes(this.next, 0);
  }

  get size(): number {
    return this.count;
  }

  /** The smallest step held; Infinity when empty. */
  peekKey(): number {
    return this.minStep;
  }

  /** The first request (in push order) of the smallest step, without removing it. */
  peek(): LlmRequest | undefined {
    return this.count > 0 ? this.items[this.ends[2 * (this.minStep & this.mask)]] : undefined;
  }

  /** Adds `request`, whose last token comes at `step` (an integer ≥ 0 below 2^53). */
  push(request: LlmRequest, step: number): void {
    if (!(Number.isInteger(step) && step >= 0)) throw stepError(step);
    if (this.count === 0) {
      this.minStep = step;
      this.maxStep = step;
    } else if (step < this.minStep) {
      if (this.maxStep - step > this.mask) this.regrow(this.maxStep - step + 1);
      this.minStep = step;
    } else if (step > this.maxStep) {
      if (step - this.minStep > this.mask) this.regrow(step - this.minStep + 1);
      this.maxStep = step;
    }
    if (this.freeNode < 0) this.addNodes();
    const node = this.freeNode;
    const next = this.next;
    this.freeNode = next[node];
    next[node] = -1;
    this.items[node] = request;
    const ends = this.ends;
    const slot = 2 * (step & this.mask);
    if (ends[slot] < 0) ends[slot] = node;
    else next[ends[slot + 1]] = node;
    ends[slot + 1] = node;
    this.count++;
  }

  /**
   * Reads two fields of every request of the smallest step and returns their sum, which means
   * nothing: the point is the reads. A finishing request was last touched seconds ago, so its fields
   * are out of cache; this short loop issues those misses together (the processor overlaps
   * independent loads), where the finishing work would take them one request at a time. The fields
   * read are the first and last of a request-pool row (`tierIndex`, `finishVirtualTokens`), so both
   * of the cache lines it may straddle are loaded.
   */
  touchMinStep(): number {
    if (this.count === 0) return 0;
    const items = this.items;
    const next = this.next;
    let sum = 0;
    for (let node = this.ends[2 * (this.minStep & this.mask)]; node >= 0; node = next[node]) {
      const request = items[node]!;
      sum += request.tierIndex + request.finishVirtualTokens;
    }
    return sum;
  }

  /** Removes and returns the first request (in push order) of the smallest step. */
  pop(): LlmRequest | undefined {
    if (this.count === 0) return undefined;
    const ends = this.ends;
    const next = this.next;
    const slot = 2 * (this.minStep & this.mask);
    const node = ends[slot];
    const request = this.items[node];
    this.items[node] = undefined;
    const following = next[node];
    next[node] = this.freeNode;
    this.freeNode = node;
    this.count--;
    ends[slot] = following;
    if (following < 0) this.advanceMin();
    return request;
  }

  /** After the smallest step's list emptied: moves to the next step holding a request. */
  private advanceMin(): void {
    if (this.count === 0) {
      this.minStep = Infinity;
      return;
    }
    const ends = this.ends;
    const mask = this.mask;
    let step = this.minStep + 1;
    while (ends[2 * (step & mask)] < 0) step++;
    this.minStep = step;
  }

  /** Resizes the slot array to a power of two ≥ 2 × `span` and moves every list to its new slot. */
  private regrow(span: number): void {
    let size = this.mask + 1;
    while (size < 2 * span) size *= 2;
    const ends = new Int32Array(2 * size).fill(-1);
    const newMask = size - 1;
    for (let step = this.minStep; step <= this.maxStep; step++) {
      const from = 2 * (step & this.mask);
      if (this.ends[from] < 0) continue;
      const to = 2 * (step & newMask);
      ends[to] = this.ends[from];
      ends[to + 1] = this.ends[from + 1];
    }
    this.ends = ends;
    this.mask = newMask;
  }

  private addNodes(): void {
    const capacity = this.next.length;
    const next = new Int32Array(2 * capacity);
    next.set(this.next);
    linkFreeNodes(next, capacity);
    this.next = next;
    this.items.length = 2 * capacity;
    this.freeNode = capacity;
  }
}

/** Chains nodes from..end-1 into a free list ending in -1. */
function linkFreeNodes(next: Int32Array, from: number): void {
  for (let i = from; i < next.length - 1; i++) next[i] = i + 1;
  next[next.length - 1] = -1;
}

/** Built out of line, so `push` stays small enough for V8 to inline into the instance's hot paths. */
function stepError(step: number): RangeError {
  return new RangeError(`FinishSteps.push: step must be an integer ≥ 0, got ${step}`);
}
