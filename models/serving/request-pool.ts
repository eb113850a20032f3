import type { LlmRequest } from './request.js';

// Where each field of a request sits in its slab row. FinishSteps.touchMinStep reads TIER_INDEX and
// FINISH_VIRTUAL_TOKENS to load both cache lines a row may straddle: keep them near the two ends.
const ID = 0;
const TIER_INDEX = 1;
const ARRIVAL_S = 2;
const PROMPT_TOKENS = 3;
const CACHED_PROMPT_TOKENS = 4;
const OUTPUT_TOKENS = 5;
const ADMITTED_S = 6;
const FIRST_TOKEN_S = 7;
const COMPLETION_S = 8;
const KV_RESERVED_BYTES = 9;
const FINISH_VIRTUAL_TOKENS = 10;
const FIELDS = 11;
/** requests per slab: one Float64Array of 1024 × 11 numbers (88 KiB) */
const SLAB_REQUESTS = 1024;

/**
 * A request whose fields live in one row of a Float64Array slab. A plain object keeps each float
 * field in a separate heap box, and the garbage collector scatters the boxes when it moves the
 * object: finishing a request that has decoded for seconds then misses the cache once per box.
 * Here the row is 88 contiguous bytes. Behaves as the object `newRequest` returns (same values,
 * same fields), except that the fields are accessors: do not spread or serialise one.
 */
class SlabRequest implements LlmRequest {
  constructor(
    private readonly slab: Float64Array,
    private readonly row: number,
  ) {}

  get id(): number {
    return this.slab[this.row + ID];
  }
  get tierIndex(): number {
    return this.slab[this.row + TIER_INDEX];
  }
  get arrivalS(): number {
    return this.slab[this.row + ARRIVAL_S];
  }
  get promptTokens(): number {
    return this.slab[this.row + PROMPT_TOKENS];
  }
  get cachedPromptTokens(): number {
    return this.slab[this.row + CACHED_PROMPT_TOKENS];
  }
  get outputTokens(): number {
    return this.slab[this.row + OUTPUT_TOKENS];
  }
  get admittedS(): number {
    return this.slab[this.row + ADMITTED_S];
  }
  set admittedS(value: number) {
    this.slab[this.row + ADMITTED_S] = value;
  }
  get firstTokenS(): number {
    return this.slab[this.row + FIRST_TOKEN_S];
  }
  set firstTokenS(value: number) {
    this.slab[this.row + FIRST_TOKEN_S] = value;
  }
  get completionS(): number {
    return this.slab[this.row + COMPLETION_S];
  }
  set completionS(value: number) {
    this.slab[this.row + COMPLETION_S] = value;
  }
  get kvReservedBytes(): number {
    return this.slab[this.row + KV_RESERVED_BYTES];
  }
  set kvReservedBytes(value: number) {
    this.slab[this.row + KV_RESERVED_BYTES] = value;
  }
  get finishVirtualTokens(): number {
    return this.slab[this.row + FINISH_VIRTUAL_TOKENS];
  }
  set finishVirtualTokens(value: number) {
    this.slab[this.row + FINISH_VIRTUAL_TOKENS] = value;
  }

  reset(id: number, tierIndex: number, arrivalS: number, promptTokens: number, cachedPromptTokens: number, outputTokens: number): void {
    const slab = this.slab;
    const row = this.row;
    slab[row + ID] = id;
    slab[row + TIER_INDEX] = tierIndex;
    slab[row + ARRIVAL_S] = arrivalS;
    slab[row + PROMPT_TOKENS] = promptTokens;
    slab[row + CACHED_PROMPT_TOKENS] = cachedPromptTokens;
    slab[row + OUTPUT_TOKENS] = outputTokens;
    slab[row + ADMITTED_S] = NaN;
    slab[row + FIRST_TOKEN_S] = NaN;
    slab[row + COMPLETION_S] = NaN;
    slab[row + KV_RESERVED_BYTES] = 0;
    slab[row + FINISH_VIRTUAL_TOKENS] = NaN;
  }
}

/**
 * Requests for a simulation that creates and finishes millions of them: `take` hands out a request
 * with the values `newRequest` would give it, `release` takes back one that nothing refers to any
 * more (served, abandoned or rejected). Requests are reused, most recently released first (still in
 * cache), and their fields live in shared typed-array slabs, so the run allocates nothing per request
 * and its requests stay compact in memory.
 */
export class RequestPool {
  private readonly free: SlabRequest[] = [];

  take(id: number, tierIndex: number, arrivalS: number, promptTokens: number, cachedPromptTokens: number, outputTokens: number): LlmRequest {
    if (this.free.length === 0) this.addSlab();
    const request = this.free.pop()!;
    request.reset(id, tierIndex, arrivalS, promptTokens, cachedPromptTokens, outputTokens);
    return request;
  }

  /** Takes back a request from `take` once nothing refers to it. */
  release(request: LlmRequest): void {
    if (!(request instanceof SlabRequest)) throw new TypeError('RequestPool.release: not a request from a RequestPool');
    this.free.push(request);
  }

  private addSlab(): void {
    const slab = new Float64Array(SLAB_REQUESTS * FIELDS);
    // Pushed last row first, so the rows are handed out in address order.
    for (let i = SLAB_REQUESTS - 1; i >= 0; i--) this.free.push(new SlabRequest(slab, i * FIELDS));
  }
}
