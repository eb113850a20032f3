import type { LlmRequest } from './request.js';

/** FIFO of requests on a growable ring buffer: O(1) push and shift without array copies. */
export class RequestQueue {
  private items: (LlmRequest | undefined)[] = new Array(16);
  private head = 0;
  length = 0;

  push(request: LlmRequest): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) & (this.items.length - 1)] = request;
    this.length++;
  }

  peek(): LlmRequest | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  shift(): LlmRequest | undefined {
    if (this.length === 0) return undefined;
    const request = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return request;
  }

  private grow(): void {
    const grown: (LlmRequest | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.length; i++) grown[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = grown;
    this.head = 0;
  }
}
