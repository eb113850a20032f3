// Prototype of engine/simulation.ts for the engine benchmark's profiling notes (BENCHMARKS.md):
// LeanSimulation (./lean-simulation.ts) with its per-slot storage packed so that firing an event
// touches two slot-indexed arrays instead of four. `calls` interleaves handler and argument
// (2·slot, 2·slot+1): one cache line instead of two. `tags` packs generation and state
// (generation·4 + state) in one Int32Array. With 1e6 events pending each of those arrays is
// megabytes, and each access of a random slot is a likely cache miss.
// Not part of the engine: measured by `npm run bench -- engine-prototype`.
import { SimulationUsageError } from '../../engine/errors.js';
import { LeanQuaternaryHeapEventSet } from './lean-quaternary-heap.js';

/** A scheduled callback. `arg` lets hot paths pass data without allocating a closure per event. */
export type EventHandler<T = undefined> = (arg: T) => void;

/** Opaque handle of a scheduled event: pass it to `cancel`. */
export type EventHandle = number;

export interface SimulationOptions {
  /** Simulated time at which the run starts (default 0). */
  startTimeS?: number;
}

/** Priorities are integers in [MIN_PRIORITY, MAX_PRIORITY]; smaller fires first at equal times. */
export const MIN_PRIORITY = -1024;
export const MAX_PRIORITY = 1023;
export const DEFAULT_PRIORITY = 0;

// A handle packs (generation, slot) so a stale handle of a reused slot is recognised.
const SLOT_LIMIT = 2 ** 26;
const GENERATION_MASK = 2 ** 27 - 1;
// The tie packs (priority, insertion sequence): priority × 2^42 + sequence stays exact below 2^53.
const SEQUENCE_LIMIT = 2 ** 42;

const SLOT_FREE = 0;
const SLOT_IN_SET = 1;
const SLOT_IN_LANE = 2;
const SLOT_CANCELLED_IN_LANE = 3;

/**
 * The discrete-event kernel: a clock and a set of pending events.
 *
 * Total order of events: by time, then priority (smaller first), then insertion sequence, so events
 * at equal time and priority fire in the order they were scheduled (FIFO) and every run is
 * reproducible. Zero-delay events at default priority go to an O(1) FIFO lane instead of the heap;
 * the lane is merged with the heap by the same key, so it changes speed, never order.
 */
export class PackedSimulation {
  // Initialised here, not only in the constructor: a class field declared without a value starts as
  // undefined, V8 then gives it the "tagged" representation, and every store of a double allocates.
  protected nowS = 0;
  protected processed = 0;
  protected sequence = 0;
  protected stopped = false;
  protected running = false;
  protected pendingCount = 0;

  protected readonly eventSet = new LeanQuaternaryHeapEventSet();
  // Slot storage: handler, argument, generation and state of each event slot.
  /** handler of slot i at 2i, its argument at 2i + 1 */
  protected calls: unknown[] = [];
  /** generation × 4 + state of each slot (generations wrap at 2^27, so this stays in int32) */
  protected tags = new Int32Array(64);
  protected freeSlots = new Int32Array(64);
  protected freeCount = 0;
  protected slotCount = 0;

  // Zero-delay lane: a ring buffer of slots with their ties, all at time `nowS`.
  protected lane = new Int32Array(64);
  protected laneTies = new Float64Array(64);
  protected laneHead = 0;
  protected laneLength = 0;

  constructor(options: SimulationOptions = {}) {
    this.nowS = options.startTimeS ?? 0;
    if (!Number.isFinite(this.nowS)) throw new SimulationUsageError(`startTimeS must be finite, got ${this.nowS}`);
  }

  /** Current simulated time (seconds by convention). */
  get now(): number {
    return this.nowS;
  }

  /** Events fired so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Schedules `handler(arg)` after `delayS` ≥ 0. */
  schedule<T>(delayS: number, handler: EventHandler<T>, arg?: T, priority: number = DEFAULT_PRIORITY): EventHandle {
    if (!(delayS >= 0) || delayS === Infinity) {
      throw new SimulationUsageError(`delay must be a finite number ≥ 0, got ${delayS}`);
    }
    if (delayS === 0 && priority === DEFAULT_PRIORITY) return this.enqueueLane(handler, arg);
    const timeS = this.nowS + delayS;
    if (timeS === Infinity) throw new SimulationUsageError(`now + delay overflows to Infinity (now ${this.nowS}, delay ${delayS})`);
    return this.enqueueSet(timeS, handler, arg, priority);
  }

  /** Schedules `handler(arg)` at absolute time `timeS` ≥ now. */
  scheduleAt<T>(timeS: number, handler: EventHandler<T>, arg?: T, priority: number = DEFAULT_PRIORITY): EventHandle {
    if (!(timeS >= this.nowS) || timeS === Infinity) {
      throw new SimulationUsageError(`time must be finite and ≥ now (${this.nowS}), got ${timeS}`);
    }
    if (timeS === this.nowS && priority === DEFAULT_PRIORITY) return this.enqueueLane(handler, arg);
    return this.enqueueSet(timeS, handler, arg, priority);
  }

  /** Cancels a pending event. Returns false if it already fired, was cancelled, or is unknown. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = (handle - slot) / SLOT_LIMIT;
    if (!(slot >= 0 && slot < this.slotCount) || this.tags[slot] >> 2 !== generation) return false;
    const state = this.tags[slot] & 3;
    if (state === SLOT_IN_SET) {
      this.eventSet.remove(slot);
      this.releaseSlot(slot);
    } else if (state === SLOT_IN_LANE) {
      // Lazy: the lane skips cancelled slots when it reaches them.
      this.tags[slot] = (this.tags[slot] & ~3) | SLOT_CANCELLED_IN_LANE;
      this.calls[2 * slot] = undefined;
      this.calls[2 * slot + 1] = undefined;
    } else {
      return false;
    }
    this.pendingCount--;
    return true;
  }

  /** Asks the current `run` to return after the event being processed. */
  stop(): void {
    this.stopped = true;
  }

  /** Time of the next pending event, Infinity when none. */
  peekNextTime(): number {
    this.dropCancelledLaneHead();
    return this.laneLength > 0 ? this.nowS : this.eventSet.peekTime();
  }

  /**
   * Fires events in order until the queue is empty, `stop()` is called, or the next event lies after
   * `untilS`. With a finite `untilS` the clock ends at `untilS` (unless stopped earlier); events at
   * exactly `untilS` fire.
   */
  run(untilS: number = Infinity): void {
    if (Number.isNaN(untilS) || untilS < this.nowS) {
      throw new SimulationUsageError(`run until must be ≥ now (${this.nowS}), got ${untilS}`);
    }
    if (this.running) throw new SimulationUsageError('run() called from inside an event handler');
    this.running = true;
    try {
      this.runLoop(untilS);
    } finally {
      this.running = false;
    }
  }

  protected runLoop(untilS: number): void {
    this.stopped = false;
    while (!this.stopped) {
      const slot = this.takeNext(untilS);
      if (slot < 0) break;
      this.fire(slot);
    }
    if (!this.stopped && untilS !== Infinity && this.nowS < untilS) this.nowS = untilS;
  }

  /** Fires the single next event; returns false when there was none. */
  step(): boolean {
    const slot = this.takeNext(Infinity);
    if (slot < 0) return false;
    this.fire(slot);
    return true;
  }

  /** Removes the next event due at or before `untilS`, advancing the clock to it; -1 when none. */
  protected takeNext(untilS: number): number {
    const set = this.eventSet;
    while (this.laneLength > 0) {
      const laneSlot = this.lane[this.laneHead];
      if ((this.tags[laneSlot] & 3) === SLOT_CANCELLED_IN_LANE) {
        this.shiftLane();
        this.releaseSlot(laneSlot);
        continue;
      }
      // A heap event at the same time with a smaller tie goes first.
      if (set.size > 0 && set.peekTime() === this.nowS && set.peekTie() < this.laneTies[this.laneHead]) {
        return set.pop();
      }
      this.shiftLane();
      return laneSlot;
    }
    if (set.size === 0) return -1;
    const nextS = set.peekTime();
    if (nextS > untilS) return -1;
    this.nowS = nextS;
    return set.pop();
  }

  protected fire(slot: number): void {
    const handler = this.calls[2 * slot] as EventHandler<unknown>;
    const arg = this.calls[2 * slot + 1];
    this.calls[2 * slot] = undefined;
    this.calls[2 * slot + 1] = undefined;
    this.releaseSlot(slot);
    this.pendingCount--;
    this.processed++;
    handler(arg);
  }

  protected enqueueSet<T>(timeS: number, handler: EventHandler<T>, arg: T | undefined, priority: number): EventHandle {
    if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new SimulationUsageError(`priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    const slot = this.acquireSlot(handler, arg);
    this.tags[slot] |= SLOT_IN_SET;
    this.eventSet.push(slot, timeS, priority * SEQUENCE_LIMIT + this.nextSequence());
    return (this.tags[slot] >> 2) * SLOT_LIMIT + slot;
  }

  protected enqueueLane<T>(handler: EventHandler<T>, arg: T | undefined): EventHandle {
    const slot = this.acquireSlot(handler, arg);
    this.tags[slot] |= SLOT_IN_LANE;
    if (this.laneLength === this.lane.length) this.growLane();
    const at = (this.laneHead + this.laneLength) & (this.lane.length - 1);
    this.lane[at] = slot;
    this.laneTies[at] = DEFAULT_PRIORITY * SEQUENCE_LIMIT + this.nextSequence();
    this.laneLength++;
    return (this.tags[slot] >> 2) * SLOT_LIMIT + slot;
  }

  protected nextSequence(): number {
    if (this.sequence >= SEQUENCE_LIMIT) throw new SimulationUsageError('more than 2^42 events scheduled in one run');
    return this.sequence++;
  }

  protected acquireSlot(handler: EventHandler<any>, arg: unknown): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      slot = this.slotCount++;
      if (slot >= SLOT_LIMIT) throw new SimulationUsageError(`more than ${SLOT_LIMIT} events pending at once`);
      if (slot >= this.tags.length) this.growSlots();
    }
    this.calls[2 * slot] = handler;
    this.calls[2 * slot + 1] = arg;
    this.pendingCount++;
    return slot;
  }

  protected releaseSlot(slot: number): void {
    // Next generation, state free. Wraps so the handle stays an exact integer; a handle kept across
    // 2^27 reuses of a slot is not supported.
    this.tags[slot] = ((((this.tags[slot] >> 2) + 1) & GENERATION_MASK) << 2) | SLOT_FREE;
    if (this.freeCount === this.freeSlots.length) {
      const grown = new Int32Array(this.freeSlots.length * 2);
      grown.set(this.freeSlots);
      this.freeSlots = grown;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  protected shiftLane(): void {
    this.laneHead = (this.laneHead + 1) & (this.lane.length - 1);
    this.laneLength--;
  }

  protected dropCancelledLaneHead(): void {
    while (this.laneLength > 0 && (this.tags[this.lane[this.laneHead]] & 3) === SLOT_CANCELLED_IN_LANE) {
      const slot = this.lane[this.laneHead];
      this.shiftLane();
      this.releaseSlot(slot);
    }
  }

  private growSlots(): void {
    const tags = new Int32Array(this.tags.length * 2);
    tags.set(this.tags);
    this.tags = tags;
  }

  private growLane(): void {
    const capacity = this.lane.length * 2;
    const lane = new Int32Array(capacity);
    const ties = new Float64Array(capacity);
    for (let i = 0; i < this.laneLength; i++) {
      const from = (this.laneHead + i) & (this.lane.length - 1);
      lane[i] = this.lane[from];
      ties[i] = this.laneTies[from];
    }
    this.lane = lane;
    this.laneTies = ties;
    this.laneHead = 0;
  }
}
