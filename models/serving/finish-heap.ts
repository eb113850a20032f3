import type { LlmRequest } from './request.js';

/** Min-heap of decoding requests by the virtual time of their last token. */
export class FinishHeap {
  private items: LlmRequest[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): LlmRequest | undefined {
    return this.items[0];
  }

  push(request: LlmRequest): void {
    const items = this.items;
    let hole = items.length;
    items.push(request);
    const key = request.finishVirtualTokens;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (items[parent].finishVirtualTokens <= key) break;
      items[hole] = items[parent];
      hole = parent;
    }
    items[hole] = request;
  }

  pop(): LlmRequest | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n === 0) return top;
    const key = last.finishVirtualTokens;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && items[child + 1].finishVirtualTokens < items[child].finishVirtualTokens) child++;
      if (key <= items[child].finishVirtualTokens) break;
      items[hole] = items[child];
      hole = child;
    }
    items[hole] = last;
    return top;
  }
}
