import type { LlmRequest } from './request.js';

/**
 * Min-heap of decoding requests by the virtual time of their last token.
 *
 * The keys live in a Float64Array beside the requests, so sifting compares numbers in one small
 * contiguous block instead of loading each request object (scattered over the heap, a cache miss
 * each with thousands decoding): a saturated pool pushes and pops once per request.
 */
export class FinishHeap {
  private items: (LlmRequest | undefined)[] = new Array(64);
  /** keys[0] is Infinity while the heap is empty, so peekKey needs no branch (V8 boxes a float
   * joined with a constant in a conditional: an allocation per call) */
  private keys = new Float64Array(64).fill(Infinity);
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): LlmRequest | undefined {
    return this.count > 0 ? this.items[0] : undefined;
  }

  /** The smallest key (the head's finishVirtualTokens); Infinity when empty. */
  peekKey(): number {
    return this.keys[0];
  }

  push(request: LlmRequest): void {
    if (this.count === this.keys.length) this.grow();
    const items = this.items;
    const keys = this.keys;
    const key = request.finishVirtualTokens;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentKey = keys[parent];
      if (parentKey <= key) break;
      keys[hole] = parentKey;
      items[hole] = items[parent];
      hole = parent;
    }
    keys[hole] = key;
    items[hole] = request;
  }

  pop(): LlmRequest | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const keys = this.keys;
    const top = items[0];
    const n = --this.count;
    const last = items[n];
    const key = keys[n];
    items[n] = undefined;
    if (n === 0) {
      keys[0] = Infinity;
      return top;
    }
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      let childKey = keys[child];
      if (child + 1 < n) {
        const rightKey = keys[child + 1];
        if (rightKey < childKey) {
          child++;
          childKey = rightKey;
        }
      }
      if (key <= childKey) break;
      keys[hole] = childKey;
      items[hole] = items[child];
      hole = child;
    }
    keys[hole] = key;
    items[hole] = last;
    return top;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    const items: (LlmRequest | undefined)[] = new Array(capacity);
    for (let i = 0; i < this.count; i++) items[i] = this.items[i];
    this.items = items;
  }
}
