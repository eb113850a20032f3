import type { EventSet } from './event-set.js';
import { QuaternaryHeapEventSet } from './quaternary-heap.js';

/** Below this many events the set lives in a small 4-ary heap; above it, in the calendar. */
const CALENDAR_FROM = 64;
/** Back to the heap below this many (well under CALENDAR_FROM, so sizes near one bound do not thrash). */
const HEAP_BELOW = 16;
const MIN_BUCKETS = 16;
const NONE = -1;
/** `prev` of a record whose slot is not in the calendar. */
const NOT_HELD = 0x7fffffff;
/** Record of a slot, in float64 units: time, tie, then next, prev, bucket as int32 (32 bytes). */
const RECORD = 4;
/** Bucket entry, in float64 units: the time of its last record, then head and tail as int32. */
const BUCKET = 2;
/** Events near the front whose spread sets the bucket width. */
const WIDTH_SAMPLE = 64;
/** Bucket width in mean gaps between consecutive events near the front (Brown: about 3). */
const GAPS_PER_BUCKET = 3;
/** Events per bucket above which the bucket count doubles (and below a quarter of which it halves). */
const EVENTS_PER_BUCKET = 2;
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
 * whose head falls on the day being scanned; push and pop cost O(1) on average while a few events
 * share a day, and removal (cancel) is O(1) through the links.
 *
 * Sizing: the bucket count doubles above two events per bucket and halves below one per two
 * buckets; each rebuild re-estimates the width from the spread of the 64 earliest events. Because a
 * model's time scale may drift while its size stays put, the set also counts the steps it takes
 * (empty days scanned, records walked on insertion) and rebuilds when they average more than 8 per
 * push, checked once per `bucketCount + size` pushes so rebuilds stay O(1) amortised.
 *
 * Layout: one 32-byte record per slot so that touching an event costs one cache line, and one
 * 16-byte entry per bucket holding its head, its tail and the tail's time, so the common insertion
 * (behind everything already in the bucket) reads one bucket entry and no other record. Record r
 * belongs to slot r − 1; record 0 is a sentinel keyed (Infinity, Infinity) that stands for "empty",
 * so peeks are plain array reads. Orders exactly like the heaps: by time, then tie (ties are unique).
 */
export class CalendarQueueEventSet implements EventSet {
  size = 0;
  /** While false, events live in `heap`. */
  private calendar = false;
  private readonly heap = new QuaternaryHeapEventSet();

  private records = new Float64Array(RECORD * 64);
  /** int32 view of `records`: next at 8r + 4, prev at 8r + 5 (NONE for a head, NOT_HELD), bucket at 8r + 6 */
  private links = new Int32Array(this.records.buffer);
  /** per bucket: tail time at [2b]; head at int32 [4b + 2], tail at [4b + 3] */
  private buckets = new Float64Array(BUCKET * MIN_BUCKETS);
  private bucketLinks = new Int32Array(this.buckets.buffer);
  private bucketCount = MIN_BUCKETS;
  private widthS = 1;
  private perWidth = 1;
  /** Scan start: no event in the calendar lies on an earlier day. */
  private day = 0;
  /** Record of the smallest key: 0 (the sentinel) when empty, NONE when not known yet. */
  private minRecord = 0;
  /** Cost monitor: steps and pushes since the last check. */
  private steps = 0;
  private pushes = 0;
  /** scratch for rebuilds: times, then records */
  private scratch = new Float64Array(0);

  constructor() {
    this.records[0] = Infinity;
    this.records[1] = Infinity;
    for (let r = 0; r < 64; r++) this.links[8 * r + 5] = NOT_HELD;
    this.emptyBuckets();
  }

  push(slot: number, timeS: number, tie: number): void {
    this.size++;
    if (!this.calendar) {
      this.heap.push(slot, timeS, tie);
      if (this.size > CALENDAR_FROM) this.toCalendar();
      return;
    }
    const record = slot + 1;
    if (record * RECORD >= this.records.length) this.growRecords(record + 1);
    const records = this.records;
    records[RECORD * record] = timeS;
    records[RECORD * record + 1] = tie;
    this.insert(record);
    const min = this.minRecord;
    if (min === 0 || (min > 0 && (timeS < records[RECORD * min] || (timeS === records[RECORD * min] && tie < records[RECORD * min + 1])))) {
      this.minRecord = record;
      this.day = Math.floor(timeS * this.perWidth);
    } else if (min === NONE) {
      const day = Math.floor(timeS * this.perWidth);
      if (day < this.day) this.day = day;
    }
    if (this.size > EVENTS_PER_BUCKET * this.bucketCount) this.rebuild(this.bucketCount * 2);
    else if (++this.pushes > this.bucketCount + this.size) this.checkCost();
  }

  peekTime(): number {
    if (!this.calendar) return this.heap.peekTime();
    if (this.minRecord === NONE) this.findMin();
    return this.records[RECORD * this.minRecord];
  }

  peekTie(): number {
    if (!this.calendar) return this.heap.peekTie();
    if (this.minRecord === NONE) this.findMin();
    return this.records[RECORD * this.minRecord + 1];
  }

  peekSlot(): number {
    if (!this.calendar) return this.heap.peekSlot();
    if (this.minRecord === NONE) this.findMin();
    return this.minRecord - 1;
  }

  pop(): number {
    if (this.size === 0) return -1;
    this.size--;
    if (!this.calendar) return this.heap.pop();
    if (this.minRecord === NONE) this.findMin();
    const record = this.minRecord;
    // The next record in the same bucket is the new minimum if it falls on the same day.
    const next = this.links[8 * record + 4];
    this.unlink(record);
    if (next !== NONE && this.records[RECORD * next] * this.perWidth < this.day + 1) {
      this.minRecord = next;
    } else {
      this.minRecord = NONE;
      this.afterShrink();
    }
    return record - 1;
  }

  replaceTop(slot: number, timeS: number, tie: number): void {
    if (!this.calendar) {
      this.heap.replaceTop(slot, timeS, tie);
      return;
    }
    this.pop();
    this.push(slot, timeS, tie);
  }

  remove(slot: number): boolean {
    if (!this.calendar) {
      if (!this.heap.remove(slot)) return false;
      this.size--;
      return true;
    }
    const record = slot + 1;
    if (record * RECORD >= this.records.length || this.links[8 * record + 5] === NOT_HELD) return false;
    this.size--;
    this.unlink(record);
    if (record === this.minRecord) this.minRecord = NONE;
    this.afterShrink();
    return true;
  }

  clear(): void {
    this.heap.clear();
    if (this.calendar) {
      for (let b = 0; b < this.bucketCount; b++) {
        for (let r = this.bucketLinks[4 * b + 2]; r !== NONE; r = this.links[8 * r + 4]) this.links[8 * r + 5] = NOT_HELD;
      }
    }
    this.size = 0;
    this.calendar = false;
  }

  /** Links `record` (key already stored) into its bucket, walking back from the tail. */
  private insert(record: number): void {
    const records = this.records, links = this.links, buckets = this.buckets, bucketLinks = this.bucketLinks;
    const timeS = records[RECORD * record], tie = records[RECORD * record + 1];
    const bucket = Math.floor(timeS * this.perWidth) & (this.bucketCount - 1);
    const tail = bucketLinks[4 * bucket + 3];
    let before = tail;
    // New events usually belong behind everything in their bucket (later times; at equal keys,
    // later insertion): the bucket's tail time tells without reading the tail's record.
    if (tail !== NONE && !(buckets[BUCKET * bucket] < timeS)) {
      let walked = 0;
      while (before !== NONE) {
        const t = records[RECORD * before];
        if (t < timeS || (t === timeS && records[RECORD * before + 1] < tie)) break;
        before = links[8 * before + 5];
        walked++;
      }
      this.steps += walked;
    }
    let after: number;
    if (before === NONE) {
      after = bucketLinks[4 * bucket + 2];
      bucketLinks[4 * bucket + 2] = record;
    } else {
      after = links[8 * before + 4];
      links[8 * before + 4] = record;
    }
    if (after === NONE) {
      bucketLinks[4 * bucket + 3] = record;
      buckets[BUCKET * bucket] = timeS;
    } else {
      links[8 * after + 5] = record;
    }
    links[8 * record + 4] = after;
    links[8 * record + 5] = before;
    links[8 * record + 6] = bucket;
  }

  private unlink(record: number): void {
    const links = this.links, bucketLinks = this.bucketLinks;
    const next = links[8 * record + 4], prev = links[8 * record + 5], bucket = links[8 * record + 6];
    if (prev === NONE) bucketLinks[4 * bucket + 2] = next;
    else links[8 * prev + 4] = next;
    if (next !== NONE) {
      links[8 * next + 5] = prev;
    } else {
      bucketLinks[4 * bucket + 3] = prev;
      // An empty bucket's tail time is -Infinity: any event goes behind it.
      this.buckets[BUCKET * bucket] = prev === NONE ? -Infinity : this.records[RECORD * prev];
    }
    links[8 * record + 5] = NOT_HELD;
  }

  /**
   * Brown's scan: from the current day on, the first bucket whose head falls on the day being
   * scanned holds the minimum (no event lies on an earlier day, and day d only maps to bucket
   * d mod bucketCount, whose list is sorted).
   */
  private findMin(): void {
    if (this.size === 0) {
      this.minRecord = 0;
      return;
    }
    const records = this.records, bucketLinks = this.bucketLinks, perWidth = this.perWidth;
    const mask = this.bucketCount - 1;
    const start = this.day;
    if (start > -MAX_SCAN_DAY && start < MAX_SCAN_DAY) {
      for (let day = start, end = start + this.bucketCount; day < end; day++) {
        const head = bucketLinks[4 * (day & mask) + 2];
        if (head !== NONE && records[RECORD * head] * perWidth < day + 1) {
          this.steps += day - start;
          this.day = day;
          this.minRecord = head;
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
      const t = records[RECORD * head];
      if (best === NONE || t < records[RECORD * best] || (t === records[RECORD * best] && records[RECORD * head + 1] < records[RECORD * best + 1])) {
        best = head;
      }
    }
    this.minRecord = best;
    this.day = Math.floor(records[RECORD * best] * perWidth);
  }

  /** After a removal: back to the heap when small, or halve the buckets when sparse. */
  private afterShrink(): void {
    if (this.size < HEAP_BELOW) this.toHeap();
    else if (4 * this.size < EVENTS_PER_BUCKET * this.bucketCount && this.bucketCount > MIN_BUCKETS) this.rebuild(this.bucketCount >> 1);
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
    if (this.scratch.length < 2 * n) this.scratch = new Float64Array(2 * n);
    const scratch = this.scratch;
    // Popping the heap yields the events in key order, so each insertion below lands at a tail.
    for (let i = 0; i < n; i++) {
      const record = heap.peekSlot() + 1;
      if (record * RECORD >= this.records.length) this.growRecords(record + 1);
      this.records[RECORD * record] = heap.peekTime();
      this.records[RECORD * record + 1] = heap.peekTie();
      heap.pop();
      scratch[i] = this.records[RECORD * record];
      scratch[n + i] = record;
    }
    this.calendar = true;
    this.relink(n, bucketsFor(n));
  }

  private toHeap(): void {
    for (let b = 0; b < this.bucketCount; b++) {
      for (let r = this.bucketLinks[4 * b + 2]; r !== NONE; ) {
        const next = this.links[8 * r + 4];
        this.links[8 * r + 5] = NOT_HELD;
        this.heap.push(r - 1, this.records[RECORD * r], this.records[RECORD * r + 1]);
        r = next;
      }
    }
    this.calendar = false;
    this.minRecord = 0;
  }

  /** Re-links every record into `buckets` buckets, with a width estimated from the front. */
  private rebuild(buckets: number): void {
    const n = this.size;
    if (this.scratch.length < 2 * n) this.scratch = new Float64Array(2 * n);
    const scratch = this.scratch;
    let k = 0;
    // Bucket by bucket from the current day's, so that the records come mostly in key order.
    const mask = this.bucketCount - 1;
    const first = this.day & mask;
    for (let i = 0; i <= mask; i++) {
      for (let r = this.bucketLinks[4 * ((first + i) & mask) + 2]; r !== NONE; r = this.links[8 * r + 4]) {
        scratch[k] = this.records[RECORD * r];
        scratch[n + k++] = r;
      }
    }
    this.relink(n, buckets);
  }

  /** Links the `n` records listed in scratch[n, 2n) (times in scratch[0, n)) into fresh buckets. */
  private relink(n: number, buckets: number): void {
    const scratch = this.scratch;
    const widthS = estimateWidth(scratch, n);
    if (widthS > 0) {
      this.widthS = widthS;
      this.perWidth = 1 / widthS;
    }
    this.bucketCount = buckets;
    if (this.buckets.length !== BUCKET * buckets) {
      this.buckets = new Float64Array(BUCKET * buckets);
      this.bucketLinks = new Int32Array(this.buckets.buffer);
    }
    this.emptyBuckets();
    let earliest = Infinity;
    for (let i = 0; i < n; i++) {
      const record = scratch[n + i];
      this.insert(record);
      if (this.records[RECORD * record] < earliest) earliest = this.records[RECORD * record];
    }
    this.minRecord = n > 0 ? NONE : 0;
    if (n > 0) this.day = Math.floor(earliest * this.perWidth);
    this.steps = 0;
    this.pushes = 0;
  }

  private emptyBuckets(): void {
    for (let b = 0; b < this.bucketCount; b++) {
      this.buckets[BUCKET * b] = -Infinity;
      this.bucketLinks[4 * b + 2] = NONE;
      this.bucketLinks[4 * b + 3] = NONE;
    }
  }

  private growRecords(minimumRecords: number): void {
    let capacity = this.records.length / RECORD;
    while (capacity < minimumRecords) capacity *= 2;
    const records = new Float64Array(RECORD * capacity);
    records.set(this.records);
    const links = new Int32Array(records.buffer);
    for (let r = this.records.length / RECORD; r < capacity; r++) links[8 * r + 5] = NOT_HELD;
    this.records = records;
    this.links = links;
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
