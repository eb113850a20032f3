import type { LlmRequest } from './request.js';
import { RequestQueue } from './request-queue.js';

/**
 * Waiting requests in priority classes (0 first), FIFO within a class: strict priority, as when
 * tiers of different prices share one pool of racks and the dearer tier's requests are admitted
 * first. With one class it is a plain FIFO. `top`, the first class with a request waiting, is kept
 * up to date, so peek and shift cost O(1) (plus a scan over the classes when one empties).
 */
export class PriorityRequestQueue {
  length = 0;
  /** the highest-priority class with a request waiting; `classes` when the queue is empty */
  topClass: number;
  private readonly queues: RequestQueue[] = [];

  constructor(readonly classes = 1) {
    if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`classes must be an integer ≥ 1, got ${classes}`);
    for (let c = 0; c < classes; c++) this.queues.push(new RequestQueue());
    this.topClass = classes;
  }

  push(request: LlmRequest, priorityClass: number): void {
    this.queues[priorityClass].push(request);
    this.length++;
    if (priorityClass < this.topClass) this.topClass = priorityClass;
  }

  /** The oldest request of the highest-priority class waiting. */
  peek(): LlmRequest | undefined {
    return this.length > 0 ? this.queues[this.topClass].peek() : undefined;
  }

  shift(): LlmRequest | undefined {
    if (this.length === 0) return undefined;
    return this.shiftFrom(this.topClass);
  }

  /** Requests of one class waiting. */
  lengthOf(priorityClass: number): number {
    return this.queues[priorityClass].length;
  }

  /** The oldest request of one class. */
  peekIn(priorityClass: number): LlmRequest | undefined {
    return this.queues[priorityClass].peek();
  }

  /** Removes the oldest request of one class. */
  shiftFrom(priorityClass: number): LlmRequest | undefined {
    const queue = this.queues[priorityClass];
    const request = queue.shift();
    if (request === undefined) return undefined;
    this.length--;
    if (queue.length === 0 && priorityClass === this.topClass) {
      let c = priorityClass + 1;
      while (c < this.classes && this.queues[c].length === 0) c++;
      this.topClass = c;
    }
    return request;
  }
}
