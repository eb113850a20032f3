import type { EventSet } from '../../engine/events/event-set.js';

const INITIAL_BUCKETS = 16;
const NONE = -1;

/**
 * Prototype event set for the benchmark's profiling notes: a calendar queue (R. Brown, CACM 1988)
 * over typed arrays. Time is cut into `bucketCount` buckets of `widthS` that wrap around like the
 * days of a year; each bucket is a doubly linked list of slots sorted by (time, tie). Push and pop
 * cost O(1) on average when the width matches the spacing of pending events, which it is re-estimated
 * to do whenever the queue doubles or halves. Orders exactly like the heaps: by time, then tie.
 */
export class CalendarQueueEventSet implements EventSet {
  size = 0;
  // Per slot (the kernel's slot ids): key and list links.
  private times = new Float64Array(64);
  private ties = new Float64Array(64);
  private next = new Int32Array(64).fill(NONE);
  private prev = new Int32Array(64).fill(NONE);
  private held = new Uint8Array(64);
  // Buckets: first slot of each list.
  private heads = new Int32Array(INITIAL_BUCKETS).fill(NONE);
  private bucketCount = INITIAL_BUCKETS;
  private widthS = 1;
  /** Day (floor(time / width)) where the next scan starts; no pending event lies on an earlier day. */
  private day = 0;
  /** slot of the smallest key, found by the last scan; NONE when unknown */
  private minSlot = NONE;
  // Infinity when empty; kept in typed arrays so peeks return a float64 without boxing.
  private readonly minKey = new Float64Array([Infinity, Infinity]);

  push(slot: number, timeS: number, tie: number): void {
    if (slot >= this.times.length) this.growSlots(slot + 1);
    this.times[slot] = timeS;
    this.ties[slot] = tie;
    this.held[slot] = 1;
    this.insert(slot);
    this.size++;
    // A new minimum (or the first event) moves the scan back to its day, so no event lies earlier.
    if (this.size === 1 || (this.minSlot !== NONE && this.before(slot, this.minSlot)) || this.dayOf(timeS) < this.day) {
      this.setMin(slot);
      this.day = this.dayOf(timeS);
    }
    if (this.size > 2 * this.bucketCount) this.resize(this.bucketCount * 2);
  }

  peekTime(): number {
    if (this.minSlot === NONE && this.size > 0) this.findMin();
    return this.minKey[0];
  }

  peekTie(): number {
    if (this.minSlot === NONE && this.size > 0) this.findMin();
    return this.minKey[1];
  }

  pop(): number {
    if (this.size === 0) return NONE;
    if (this.minSlot === NONE) this.findMin();
    const slot = this.minSlot;
    this.unlink(slot);
    this.size--;
    this.minSlot = NONE;
    if (this.size === 0) this.setEmpty();
    else if (this.size < this.bucketCount / 4 && this.bucketCount > INITIAL_BUCKETS) this.resize(this.bucketCount / 2);
    return slot;
  }

  remove(slot: number): boolean {
    if (slot >= this.held.length || this.held[slot] === 0) return false;
    this.unlink(slot);
    this.size--;
    if (slot === this.minSlot) this.minSlot = NONE;
    if (this.size === 0) this.setEmpty();
    return true;
  }

  clear(): void {
    this.heads.fill(NONE);
    this.held.fill(0);
    this.size = 0;
    this.setEmpty();
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a], tb = this.times[b];
    return ta < tb || (ta === tb && this.ties[a] < this.ties[b]);
  }

  private setMin(slot: number): void {
    this.minSlot = slot;
    this.minKey[0] = this.times[slot];
    this.minKey[1] = this.ties[slot];
  }

  private setEmpty(): void {
    this.minSlot = NONE;
    this.minKey[0] = Infinity;
    this.minKey[1] = Infinity;
  }

  private dayOf(timeS: number): number {
    return Math.floor(timeS / this.widthS);
  }

  private bucketOf(timeS: number): number {
    return this.dayOf(timeS) & (this.bucketCount - 1);
  }

  /** Sorted insertion into the slot's bucket. */
  private insert(slot: number): void {
    const bucket = this.bucketOf(this.times[slot]);
    let after = NONE;
    let cursor = this.heads[bucket];
    // Lists are short (about two entries) when the width is right: a forward walk is enough.
    while (cursor !== NONE && !this.before(slot, cursor)) {
      after = cursor;
      cursor = this.next[cursor];
    }
    this.prev[slot] = after;
    this.next[slot] = cursor;
    if (cursor !== NONE) this.prev[cursor] = slot;
    if (after === NONE) this.heads[bucket] = slot;
    else this.next[after] = slot;
  }

  private unlink(slot: number): void {
    const before = this.prev[slot], after = this.next[slot];
    if (before === NONE) this.heads[this.bucketOf(this.times[slot])] = after;
    else this.next[before] = after;
    if (after !== NONE) this.prev[after] = before;
    this.held[slot] = 0;
  }

  /** Brown's scan: from the scan day on, the first bucket whose head falls on that very day holds the minimum. */
  private findMin(): void {
    const mask = this.bucketCount - 1;
    for (let day = this.day, end = this.day + this.bucketCount; day < end; day++) {
      const head = this.heads[day & mask];
      if (head !== NONE && this.dayOf(this.times[head]) <= day) {
        this.day = day;
        this.setMin(head);
        return;
      }
    }
    // Nothing within a year (sparse far-future events): take the smallest head directly.
    let best = NONE;
    for (let b = 0; b < this.bucketCount; b++) {
      const head = this.heads[b];
      if (head !== NONE && (best === NONE || this.before(head, best))) best = head;
    }
    this.day = this.dayOf(this.times[best]);
    this.setMin(best);
  }

  /** Rebuilds with `buckets` buckets and a width of about three mean gaps between the next events. */
  private resize(buckets: number): void {
    const slots = new Int32Array(this.size);
    const times = new Float64Array(this.size);
    let n = 0;
    for (let b = 0; b < this.bucketCount; b++) {
      for (let s = this.heads[b]; s !== NONE; s = this.next[s]) {
        slots[n] = s;
        times[n++] = this.times[s];
      }
    }
    times.sort();
    this.widthS = estimateWidth(times) || this.widthS;
    this.bucketCount = buckets;
    this.heads = new Int32Array(buckets).fill(NONE);
    for (let i = 0; i < n; i++) this.insert(slots[i]);
    this.minSlot = NONE;
    this.day = n > 0 ? this.dayOf(times[0]) : 0;
  }

  private growSlots(minimum: number): void {
    let capacity = this.times.length * 2;
    while (capacity < minimum) capacity *= 2;
    const grow = <A extends Float64Array | Int32Array | Uint8Array>(old: A, make: (n: number) => A, fill?: number): A => {
      const grown = make(capacity);
      if (fill !== undefined) grown.fill(fill);
      grown.set(old);
      return grown;
    };
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.ties = grow(this.ties, (n) => new Float64Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n), NONE);
    this.prev = grow(this.prev, (n) => new Int32Array(n), NONE);
    this.held = grow(this.held, (n) => new Uint8Array(n));
  }
}

/** Three times the mean gap between the first (up to) 64 event times, sorted; 0 when unknown. */
function estimateWidth(sortedTimes: Float64Array): number {
  const n = Math.min(sortedTimes.length, 64);
  if (n < 2) return 0;
  const spanS = sortedTimes[n - 1] - sortedTimes[0];
  return spanS > 0 ? (3 * spanS) / (n - 1) : 0;
}
