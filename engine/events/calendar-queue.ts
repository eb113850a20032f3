import type { EventSet } from './event-set.js';
import { QuaternaryHeapEventSet } from './quaternary-heap.js';

/** Above this many events the set moves from its small heap into the calendar … */
const CALENDAR_ABOVE = 64;
/** … and back below this many (well under CALENDAR_ABOVE, so sizes near one bound do not thrash). */
const HEAP_BELOW = 16;
const MIN_BUCKETS = 16;
const NONE = -1;
/** `prev` of a record whose slot is not in the calendar. */
const NOT_HELD = 0x7fffffff;
/** Events near the front whose spread sets the bucket width. */
const WIDTH_SAMPLE = 64;
/** Bucket width in mean gaps between consecutive events near the front (Brown used about 3). */
const GAPS_PER_BUCKET = 1;
/** Events per bucket above which the bucket count doubles; it halves below a quarter of that. */
const EVENTS_PER_BUCKET = 1;
/** Average steps per push (empty days scanned, records walked) above which the width is re-estimated. */
const MAX_STEPS_PER_PUSH = 8;
/** Day numbers near the front stay exact integers: bucket width ≥ |time| × 2^-40 … */
const MIN_RELATIVE_WIDTH = 2 ** -40;
/** … and 1 / width stays finite. */
const MIN_WIDTH_S = 2 ** -1000;
/** The scan steps day by day only below this (beyond it, day + 1 may round to day). */
const MAX_SCAN_DAY = 2 ** 52;

/**
 * Calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988) over typed arrays, with a small
 * 4-ary heap standing in while the set holds few events (a calendar's scan costs more than a tiny
 * heap's sift, and its width cannot be estimated from a handful of events).
 *
 * Time is cut into days of `widthS`; day d goes to bucket d mod `bucketCount`, so the buckets wrap
 * around like the days of a year. Each bucket is a doubly linked list of records sorted by
 * (time, tie). The smallest key is the head of the first bucket, scanning from the current day,
 * whose head falls on the day being scanned; push and pop cost O(1) on average while about one
 * event shares a day, and removal (cancel) is O(1) through the links.
 *
 * Sizing: the bucket count doubles above one event per bucket and halves below one per four
 * buckets; each rebuild sets the width to the mean gap between the 64 earliest events. A model's
 * time scale may drift while its size stays put, so the set also counts the steps it takes (empty
 * days scanned, records walked on insertion) and rebuilds when they average more than 8 per push,
 * checked once per `bucketCount + size` pushes so that rebuilds stay O(1) amortised. Degenerate
 * spreads (a dense cluster far from the rest, times that dwarf their gaps) stay exact and cost at
 * most a scan of all buckets per pop until that rebuild.
 *
 * Layout, for few cache misses with a million events pending: a 16-byte record per slot (time,
 * next, prev) with ties apart (read only to order equal times); a 16-byte entry per bucket (the
 * head's time, head, tail), so the scan for the minimum reads no record until it finds it. Records
 * are indexed by slot. The smallest key is found eagerly after each change and copied to `front`,
 * so peeks are plain array reads. Orders exactly like the heaps: by time, then tie (ties are unique).
 */
export class CalendarQueueEventSet implements EventSet {
  size = 0;
  /** While false, events live in `heap`. */
  private calendar = false;
  private readonly heap = new QuaternaryHeapEventSet();

  /** per slot r: time at [2r]; int32 view `links`: next at [4r + 2], prev at [4r + 3] (NONE for a head, NOT_HELD) */
  private records = new Float64Array(2 * 64);
  private links = new Int32Array(this.records.buffer);
  private ties = new Float64Array(64);
  /** per bucket b: head time at [2b] (Infinity when empty); int32 view: head at [4b + 2], tail at [4b + 3] */
  private buckets = new Float64Array(2 * MIN_BUCKETS);
  private bucketLinks = new Int32Array(this.buckets.buffer);
  private bucketCount = MIN_BUCKETS;
  private widthS = 1;
  private perWidth = 1;
  /** Scan start: no event in the calendar lies on an earlier day. */
  private day = 0;
  /** Record of the smallest key while in calendar mode. */
  private minRecord = 0;
  /**
   * The smallest key (time, tie) and its slot, in either mode, kept up to date by every change so
   * the peeks are one array read: small enough to inline, so the time is never boxed.
   */
  private readonly front = new Float64Array([Infinity, Infinity]);
  private frontSlot = -1;
  /** Cost monitor: steps and pushes since the last check. */
  private steps = 0;
  private pushes = 0;

  constructor() {
    for (let r = 0; r < 64; r++) this.links[4 * r + 3] = NOT_HELD;
    this.emptyBuckets();
  }

  push(slot: number, timeS: number, tie: number): void {
    this.size++;
    if (!this.calendar) {
      this.heap.push(slot, timeS, tie);
      if (this.size > CALENDAR_ABOVE) this.toCalendar();
      else this.copyHeapFront();
      return;
    }
    const record = slot;
    if (record >= this.ties.length) this.growRecords(record + 1);
    this.records[2 * record] = timeS;
    this.ties[record] = tie;
    this.insert(record);
    const front = this.front;
    if (timeS < front[0] || (timeS === front[0] && tie < front[1])) {
      this.setMin(record);
      this.day = Math.floor(timeS * this.perWidth);
    }
    if (this.size > EVENTS_PER_BUCKET * this.bucketCount) this.rebuild(this.bucketCount * 2);
    else if (++this.pushes > this.bucketCount + this.size) this.checkCost();
  }

  peekTime(): number {
    return this.front[0];
  }

  peekTie(): number {
    return this.front[1];
  }

  peekSlot(): number {
    return this.frontSlot;
  }

  pop(): number {
    if (this.size === 0) return -1;
    this.size--;
    if (!this.calendar) {
      const slot = this.heap.pop();
      this.copyHeapFront();
      return slot;
    }
    const record = this.minRecord;
    // The next record in the same bucket is the new minimum if it falls on the same day.
    const next = this.links[4 * record + 2];
    this.unlink(record);
    if (next !== NONE && this.records[2 * next] * this.perWidth < this.day + 1) this.setMin(next);
    else if (!this.afterShrink()) this.findMin();
    return record;
  }

  replaceTop(slot: number, timeS: number, tie: number): void {
    if (!this.calendar) {
      this.heap.replaceTop(slot, timeS, tie);
      this.copyHeapFront();
      return;
    }
    this.pop();
    this.push(slot, timeS, tie);
  }

  update(slot: number, timeS: number, tie: number): void {
    this.remove(slot);
    this.push(slot, timeS, tie);
  }

  remove(slot: number): boolean {
    if (!this.calendar) {
      if (!this.heap.remove(slot)) return false;
      this.size--;
      this.copyHeapFront();
      return true;
    }
    const record = slot;
    if (record >= this.ties.length || this.links[4 * record + 3] === NOT_HELD) return false;
    this.size--;
    this.unlink(record);
    if (!this.afterShrink() && record === this.minRecord) this.findMin();
    return true;
  }

  clear(): void {
    this.heap.clear();
    if (this.calendar) {
      for (let b = 0; b < this.bucketCount; b++) {
        for (let r = this.bucketLinks[4 * b + 2]; r !== NONE; r = this.links[4 * r + 2]) this.links[4 * r + 3] = NOT_HELD;
      }
    }
    this.size = 0;
    this.calendar = false;
    this.copyHeapFront();
  }

  private copyHeapFront(): void {
    this.front[0] = this.heap.peekTime();
    this.front[1] = this.heap.peekTie();
    this.frontSlot = this.heap.peekSlot();
  }

  private setMin(record: number): void {
    this.minRecord = record;
    this.front[0] = this.records[2 * record];
    this.front[1] = this.ties[record];
    this.frontSlot = record;
  }

  private bucketOf(timeS: number): number {
    return Math.floor(timeS * this.perWidth) & (this.bucketCount - 1);
  }

  /** Links `record` (key already stored) into its bucket's sorted list. */
  private insert(record: number): void {
    const records = this.records, links = this.links, bucketLinks = this.bucketLinks;
    const timeS = records[2 * record];
    const bucket = this.bucketOf(timeS);
    // New events usually belong behind everything in their bucket (later times; at equal keys,
    // later insertion), so the walk starts at the tail.
    let before = bucketLinks[4 * bucket + 3];
    let walked = 0;
    while (before !== NONE) {
      const t = records[2 * before];
      if (t < timeS || (t === timeS && this.ties[before] < this.ties[record])) break;
      before = links[4 * before + 3];
      walked++;
    }
    this.steps += walked;
    let after: number;
    if (before === NONE) {
      after = bucketLinks[4 * bucket + 2];
      bucketLinks[4 * bucket + 2] = record;
      this.buckets[2 * bucket] = timeS;
    } else {
      after = links[4 * before + 2];
      links[4 * before + 2] = record;
    }
    if (after === NONE) bucketLinks[4 * bucket + 3] = record;
    else links[4 * after + 3] = record;
    links[4 * record + 2] = after;
    links[4 * record + 3] = before;
  }

  private unlink(record: number): void {
    const links = this.links, bucketLinks = this.bucketLinks;
    const next = links[4 * record + 2], prev = links[4 * record + 3];
    const bucket = this.bucketOf(this.records[2 * record]);
    if (prev === NONE) {
      bucketLinks[4 * bucket + 2] = next;
      // An empty bucket's head time is Infinity: no day matches it.
      this.buckets[2 * bucket] = next === NONE ? Infinity : this.records[2 * next];
    } else {
      links[4 * prev + 2] = next;
    }
    if (next !== NONE) links[4 * next + 3] = prev;
    else bucketLinks[4 * bucket + 3] = prev;
    links[4 * record + 3] = NOT_HELD;
  }

  /**
   * Brown's scan: from the current day on, the first bucket whose head falls on the day being
   * scanned holds the minimum (no event lies on an earlier day, and day d only maps to bucket
   * d mod bucketCount, whose list is sorted).
   */
  private findMin(): void {
    const buckets = this.buckets, bucketLinks = this.bucketLinks, perWidth = this.perWidth;
    const mask = this.bucketCount - 1;
    const start = this.day;
    if (start > -MAX_SCAN_DAY && start < MAX_SCAN_DAY) {
      for (let day = start, end = start + this.bucketCount; day < end; day++) {
        const bucket = day & mask;
        if (buckets[2 * bucket] * perWidth < day + 1) {
          this.steps += day - start;
          this.day = day;
          this.setMin(bucketLinks[4 * bucket + 2]);
          return;
        }
      }
    }
    // Nothing within a year (the next events are far away), or days too large to step through:
    // the smallest head is the minimum. The cost monitor then re-estimates the width.
    this.steps += this.bucketCount;
    let best = NONE;
    for (let b = 0; b <= mask; b++) {
      const head = bucketLinks[4 * b + 2];
      if (head === NONE) continue;
      const t = buckets[2 * b];
      if (best === NONE || t < this.records[2 * best] || (t === this.records[2 * best] && this.ties[head] < this.ties[best])) best = head;
    }
    this.setMin(best);
    this.day = Math.floor(this.records[2 * best] * perWidth);
  }

  /**
   * After a removal: back to the heap when small, or halve the buckets when sparse. Returns
   * whether it did either (both leave the front up to date).
   */
  private afterShrink(): boolean {
    if (this.size < HEAP_BELOW) this.toHeap();
    else if (4 * this.size < EVENTS_PER_BUCKET * this.bucketCount && this.bucketCount > MIN_BUCKETS) this.rebuild(this.bucketCount >> 1);
    else return false;
    return true;
  }

  /** Every `bucketCount + size` pushes: rebuild with a fresh width if pushes cost too many steps. */
  private checkCost(): void {
    const costly = this.steps > MAX_STEPS_PER_PUSH * this.pushes;
    this.steps = 0;
    this.pushes = 0;
    if (costly) this.rebuild(this.bucketCount);
  }

  private toCalendar(): void {
    const heap = this.heap;
    const n = heap.size;
    const scratch = new Float64Array(2 * n);
    // Popping the heap yields the events in key order, so each insertion lands at a tail.
    for (let i = 0; i < n; i++) {
      const record = heap.peekSlot();
      if (record >= this.ties.length) this.growRecords(record + 1);
      this.records[2 * record] = heap.peekTime();
      this.ties[record] = heap.peekTie();
      heap.pop();
      scratch[i] = this.records[2 * record];
      scratch[n + i] = record;
    }
    this.calendar = true;
    this.relink(scratch, n, bucketsFor(n));
  }

  private toHeap(): void {
    for (let b = 0; b < this.bucketCount; b++) {
      for (let r = this.bucketLinks[4 * b + 2]; r !== NONE; ) {
        const next = this.links[4 * r + 2];
        this.links[4 * r + 3] = NOT_HELD;
        this.heap.push(r, this.records[2 * r], this.ties[r]);
        r = next;
      }
    }
    this.calendar = false;
    this.minRecord = 0;
    this.copyHeapFront();
  }

  /** Re-links every record into `buckets` buckets, with a width estimated from the front. */
  private rebuild(buckets: number): void {
    const n = this.size;
    // Rebuilds are rare (O(1) amortised), so the scratch is not kept between them.
    const scratch = new Float64Array(2 * n);
    let k = 0;
    // Bucket by bucket from the current day's, so that the records come mostly in key order.
    const mask = this.bucketCount - 1;
    const first = this.day & mask;
    for (let i = 0; i <= mask; i++) {
      for (let r = this.bucketLinks[4 * ((first + i) & mask) + 2]; r !== NONE; r = this.links[4 * r + 2]) {
        scratch[k] = this.records[2 * r];
        scratch[n + k++] = r;
      }
    }
    this.relink(scratch, n, buckets);
  }

  /** Links the `n` records listed in scratch[n, 2n) (their times in scratch[0, n)) into fresh buckets. */
  private relink(scratch: Float64Array, n: number, buckets: number): void {
    const widthS = estimateWidth(scratch, n);
    if (widthS > 0) {
      this.widthS = widthS;
      this.perWidth = 1 / widthS;
    }
    this.bucketCount = buckets;
    if (this.buckets.length !== 2 * buckets) {
      this.buckets = new Float64Array(2 * buckets);
      this.bucketLinks = new Int32Array(this.buckets.buffer);
    }
    this.emptyBuckets();
    let earliest = Infinity;
    for (let i = 0; i < n; i++) {
      const record = scratch[n + i];
      this.insert(record);
      if (this.records[2 * record] < earliest) earliest = this.records[2 * record];
    }
    this.day = Math.floor(earliest * this.perWidth);
    this.findMin();
    this.steps = 0;
    this.pushes = 0;
  }

  private emptyBuckets(): void {
    for (let b = 0; b < this.bucketCount; b++) {
      this.buckets[2 * b] = Infinity;
      this.bucketLinks[4 * b + 2] = NONE;
      this.bucketLinks[4 * b + 3] = NONE;
    }
  }

  private growRecords(minimumRecords: number): void {
    let capacity = this.ties.length;
    while (capacity < minimumRecords) capacity *= 2;
    const records = new Float64Array(2 * capacity);
    records.set(this.records);
    const links = new Int32Array(records.buffer);
    for (let r = this.ties.length; r < capacity; r++) links[4 * r + 3] = NOT_HELD;
    const ties = new Float64Array(capacity);
    ties.set(this.ties);
    this.records = records;
    this.links = links;
    this.ties = ties;
  }
}

/** A power of two near `n / EVENTS_PER_BUCKET`, at least MIN_BUCKETS. */
function bucketsFor(n: number): number {
  let buckets = MIN_BUCKETS;
  while (buckets * EVENTS_PER_BUCKET < n) buckets *= 2;
  return buckets;
}

/**
 * GAPS_PER_BUCKET mean gaps between the WIDTH_SAMPLE earliest of the `n` times in `times`
 * (reorders times[0, n) in place); 0 when they do not tell (fewer than two events, or all at one time).
 */
function estimateWidth(times: Float64Array, n: number): number {
  if (n < 2) return 0;
  const k = Math.min(n, WIDTH_SAMPLE) - 1;
  selectSmallest(times, n, k);
  // Now times[k] is the (k+1)-th smallest and the k before it are no larger.
  let earliest = times[0];
  for (let i = 1; i < k; i++) if (times[i] < earliest) earliest = times[i];
  const spanS = times[k] - earliest;
  if (!(spanS > 0)) return 0;
  const magnitude = Math.max(Math.abs(earliest), Math.abs(times[k]));
  return Math.max((GAPS_PER_BUCKET * spanS) / k, magnitude * MIN_RELATIVE_WIDTH, MIN_WIDTH_S);
}

/** Quickselect (Hoare) on times[0, n): afterwards times[k] is the (k+1)-th smallest, none larger before it. */
function selectSmallest(times: Float64Array, n: number, k: number): void {
  let lo = 0, hi = n - 1;
  while (hi > lo) {
    const pivot = times[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (times[i] < pivot) i++;
      while (times[j] > pivot) j--;
      if (i <= j) {
        const t = times[i];
        times[i++] = times[j];
        times[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
