import type { Sampler } from './distributions/sampler.js';

/** Draws made ahead at a time by a SampleBlock. */
const BLOCK = 256;

/**
 * A sampler's draws made BLOCK at a time into a Float64Array and handed out in order by `next()`.
 *
 * Why: V8 boxes a double returned through a call it does not inline (a 16-byte heap allocation per
 * draw), and a rejection sampler such as the gamma is too big to be inlined into a busy caller.
 * Here it runs in one tight loop of its own, and `next()` is small enough to be inlined anywhere.
 * The values and their order are exactly the sampler's; only the moment its source is consumed
 * moves, so the source must not be shared with anything else.
 */
export class SampleBlock {
  private readonly values = new Float64Array(BLOCK);
  private index = BLOCK;

  constructor(private readonly sampler: Sampler) {}

  next(): number {
    if (this.index === BLOCK) this.refill();
    return this.values[this.index++];
  }

  private refill(): void {
    const values = this.values;
    const sampler = this.sampler;
    for (let i = 0; i < BLOCK; i++) values[i] = sampler();
    this.index = 0;
  }
}
