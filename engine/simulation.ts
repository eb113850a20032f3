import { SimulationUsageError } from './errors.js';
import { EVENT_SET_KINDS, type EventSet, type EventSetKind } from './events/event-set.js';
import { BinaryHeapEventSet } from './events/binary-heap.js';
import { QuaternaryHeapEventSet } from './events/quaternary-heap.js';
import { CalendarQueueEventSet } from './events/calendar-queue.js';

/** A scheduled callback. `arg` lets hot paths pass data without allocating a closure per event. */
export type EventHandler<T = undefined> = (arg: T) => void;

/** Opaque handle of a scheduled event: pass it to `cancel`. */
export type EventHandle = number;

/** A re-armable event of one Simulation (see `Simulation.timer`); a small integer. */
export type TimerId = number;

export interface SimulationOptions {
  /** Which event set orders pending events (default 'quaternary-heap'). */
  eventSet?: EventSetKind;
  /** Simulated time at which the run starts (default 0). */
  startTimeS?: number;
}

/** Priorities are integers in [MIN_PRIORITY, MAX_PRIORITY]; smaller fires first at equal times. */
export const MIN_PRIORITY = -1024;
export const MAX_PRIORITY = 1023;
export const DEFAULT_PRIORITY = 0;

// A handle packs (generation, slot) so a stale handle of a reused slot is recognised. After 32
// reuses of a slot its handles leave V8's small-integer range, so a handle returned through a call
// that is not inlined would cost a HeapNumber: `schedule` and `scheduleAt`, which V8 inlines into
// the caller, build it from the slot that the out-of-line enqueue returns.
const SLOT_LIMIT = 2 ** 26;
const GENERATION_MASK = 2 ** 27 - 1;
// The tie packs (priority, insertion sequence): priority × 2^42 + sequence stays exact below 2^53.
const SEQUENCE_LIMIT = 2 ** 42;

/**
 * Hold fusion (see `runLoop`) only while at most this many events are pending: measured, it saves
 * 5–25% per event up to ~1e4 pending, nothing at 1e5, and cost up to 20% at 1e6 (BENCHMARKS.md).
 */
const FUSION_MAX_PENDING = 2 ** 16;

const SLOT_FREE = 0;
const SLOT_IN_SET = 1;
const SLOT_IN_LANE = 2;
const SLOT_CANCELLED_IN_LANE = 3;
// A timer keeps its slot (handler and argument) for the whole run, armed or not.
const SLOT_TIMER_IDLE = 4;
const SLOT_TIMER_IN_SET = 5;

/**
 * The discrete-event kernel: a clock and a set of pending events.
 *
 * Total order of events: by time, then priority (smaller first), then insertion sequence, so events
 * at equal time and priority fire in the order they were scheduled (FIFO) and every run is
 * reproducible. Zero-delay events at default priority go to an O(1) FIFO lane instead of the heap;
 * the lane is merged with the heap by the same key, so it changes speed, never order.
 */
export class Simulation {
  // Initialised here so V8 gives the field a double representation (no boxing on clock updates).
  private nowS = 0;
  private processed = 0;
  private sequence = 0;
  private stopped = false;
  private running = false;
  private pendingCount = 0;
  /** The event being fired still sits at the top of the event set: see `runLoop`. */
  private topFiring = false;
  /**
   * The time of the event being scheduled, handed from `schedule`/`scheduleAt` (inlined into the
   * caller) to `enqueueSet` (not inlined) through this field: a float64 passed as an argument to a
   * call that is not inlined is boxed into a fresh heap number, one allocation per event.
   */
  private enqueueTimeS = 0;

  private readonly eventSet: EventSet;
  // Slot storage: handler, argument, generation and state of each event slot.
  private handlers: (EventHandler<any> | undefined)[] = [];
  private args: unknown[] = [];
  private generations = new Int32Array(64);
  private states = new Uint8Array(64);
  private freeSlots = new Int32Array(64);
  private freeCount = 0;
  private slotCount = 0;

  // Zero-delay lane: a ring buffer of slots with their ties, all at time `nowS`.
  private lane = new Int32Array(64);
  private laneTies = new Float64Array(64);
  private laneHead = 0;
  private laneLength = 0;

  constructor(options: SimulationOptions = {}) {
    this.nowS = options.startTimeS ?? 0;
    if (!Number.isFinite(this.nowS)) throw new SimulationUsageError(`startTimeS must be finite, got ${this.nowS}`);
    this.eventSet = createEventSet(options.eventSet ?? 'quaternary-heap');
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
    // Kept small, with the error messages built out of line, so V8 inlines it into handlers: a
    // float64 argument or result that crosses a call is boxed into a fresh HeapNumber.
    const timeS = this.nowS + delayS;
    if (!(delayS >= 0 && timeS < Infinity)) throw delayError(this.nowS, delayS);
    let slot: number;
    if (delayS === 0 && priority === DEFAULT_PRIORITY) {
      slot = this.enqueueLane(handler, arg);
    } else {
      this.enqueueTimeS = timeS;
      slot = this.enqueueSet(handler, arg, priority);
    }
    // The handle is built here, in the caller's inlined code, where it is dead when the caller drops
    // it; returned from enqueueSet a handle beyond the small-integer range would be boxed.
    return this.generations[slot] * SLOT_LIMIT + slot;
  }

  /** Schedules `handler(arg)` at absolute time `timeS` ≥ now. */
  scheduleAt<T>(timeS: number, handler: EventHandler<T>, arg?: T, priority: number = DEFAULT_PRIORITY): EventHandle {
    if (!(timeS >= this.nowS && timeS < Infinity)) throw timeError(this.nowS, timeS);
    let slot: number;
    if (timeS === this.nowS && priority === DEFAULT_PRIORITY) {
      slot = this.enqueueLane(handler, arg);
    } else {
      this.enqueueTimeS = timeS;
      slot = this.enqueueSet(handler, arg, priority);
    }
    return this.generations[slot] * SLOT_LIMIT + slot;
  }

  /**
   * A re-armable event: `handler(arg)` fires at the time of the last `setTimer`/`setTimerAt`, at most
   * once per arming, until `clearTimer`. Arming an armed timer moves its one pending firing, which
   * takes its place in the event order exactly as a cancel followed by a `schedule` at the default
   * priority would (same time, next insertion sequence). Cheaper than that pair for an event that is
   * moved again and again (a server's next completion): the timer keeps its slot, so arming is one
   * sift in the event set and no handle is made.
   */
  timer<T>(handler: EventHandler<T>, arg?: T): TimerId {
    const slot = this.acquireSlot(handler, arg);
    this.pendingCount--; // acquireSlot counts a pending event; an idle timer is not one
    this.states[slot] = SLOT_TIMER_IDLE;
    return slot;
  }

  /** Arms `timer` to fire after `delayS` ≥ 0, replacing a firing it had pending. */
  setTimer(timer: TimerId, delayS: number): void {
    const timeS = this.nowS + delayS;
    if (!(delayS >= 0 && timeS < Infinity)) throw delayError(this.nowS, delayS);
    this.enqueueTimeS = timeS;
    this.armTimer(timer);
  }

  /** Arms `timer` to fire at absolute time `timeS` ≥ now, replacing a firing it had pending. */
  setTimerAt(timer: TimerId, timeS: number): void {
    if (!(timeS >= this.nowS && timeS < Infinity)) throw timeError(this.nowS, timeS);
    this.enqueueTimeS = timeS;
    this.armTimer(timer);
  }

  /** Disarms `timer`; returns false when it had no firing pending. */
  clearTimer(timer: TimerId): boolean {
    const state = this.states[timer];
    if (state === SLOT_TIMER_IN_SET) {
      this.eventSet.remove(timer);
      this.states[timer] = SLOT_TIMER_IDLE;
      this.pendingCount--;
      return true;
    }
    if (state !== SLOT_TIMER_IDLE || !(timer >= 0 && timer < this.slotCount)) throw notTimerError(timer);
    return false;
  }

  /** True while `timer` has a firing pending. */
  isTimerArmed(timer: TimerId): boolean {
    return this.states[timer] === SLOT_TIMER_IN_SET;
  }

  /** Cancels a pending event. Returns false if it already fired, was cancelled, or is unknown. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const generation = (handle - slot) / SLOT_LIMIT;
    if (!(slot >= 0 && slot < this.slotCount) || this.generations[slot] !== generation) return false;
    const state = this.states[slot];
    if (state === SLOT_IN_SET) {
      this.eventSet.remove(slot);
      this.releaseSlot(slot);
    } else if (state === SLOT_IN_LANE) {
      // Lazy: the lane skips cancelled slots when it reaches them.
      this.states[slot] = SLOT_CANCELLED_IN_LANE;
      this.handlers[slot] = undefined;
      this.args[slot] = undefined;
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
    this.settleTop();
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
      // A handler that threw may leave its event at the top.
      this.settleTop();
      this.running = false;
    }
  }

  /**
   * Hold fusion: an event due from the event set is fired while it still sits at the top of the set
   * (`topFiring`). The first event its handler schedules on the set then replaces it in one pass
   * (`replaceTop`: one sift-down in a heap instead of a pop and a push); if the handler schedules
   * nothing there, it is popped after the handler returns. Any other entry point that reads the set
   * first pops a top still marked firing (`settleTop`), and `cancel` cannot reach it (its handle went
   * stale when it fired), so the order of events is exactly that of pop-then-fire. Above
   * FUSION_MAX_PENDING pending events, and whenever the zero-delay lane holds events, the loop pops
   * first instead (`takeNext`).
   */
  private runLoop(untilS: number): void {
    this.stopped = false;
    const set = this.eventSet;
    while (!this.stopped) {
      if (this.laneLength > 0 || set.size > FUSION_MAX_PENDING) {
        const slot = this.takeNext(untilS);
        if (slot < 0) break;
        this.fire(slot);
        continue;
      }
      const nextS = set.peekTime();
      if (nextS > untilS || set.size === 0) break;
      this.nowS = nextS;
      this.topFiring = true;
      this.fire(set.peekSlot());
      if (this.topFiring) {
        this.topFiring = false;
        set.pop();
      }
    }
    if (!this.stopped && untilS !== Infinity && this.nowS < untilS) this.nowS = untilS;
  }

  /** Fires the single next event; returns false when there was none. */
  step(): boolean {
    this.settleTop();
    const slot = this.takeNext(Infinity);
    if (slot < 0) return false;
    this.fire(slot);
    return true;
  }

  /** Removes the next event due at or before `untilS`, advancing the clock to it; -1 when none. */
  private takeNext(untilS: number): number {
    const set = this.eventSet;
    while (this.laneLength > 0) {
      const laneSlot = this.lane[this.laneHead];
      if (this.states[laneSlot] === SLOT_CANCELLED_IN_LANE) {
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

  private fire(slot: number): void {
    const handler = this.handlers[slot]!;
    const arg = this.args[slot];
    if (this.states[slot] === SLOT_TIMER_IN_SET) {
      // A timer keeps its slot; while its handler runs it is idle (and may be re-armed).
      this.states[slot] = SLOT_TIMER_IDLE;
    } else {
      this.handlers[slot] = undefined;
      this.args[slot] = undefined;
      this.releaseSlot(slot);
    }
    this.pendingCount--;
    this.processed++;
    handler(arg);
  }

  /** Puts an event at `enqueueTimeS` in the event set; returns its slot. */
  private enqueueSet<T>(handler: EventHandler<T>, arg: T | undefined, priority: number): number {
    const timeS = this.enqueueTimeS;
    if (priority !== DEFAULT_PRIORITY && !(Number.isInteger(priority) && priority >= MIN_PRIORITY && priority <= MAX_PRIORITY)) {
      throw priorityError(priority);
    }
    const tie = priority * SEQUENCE_LIMIT + this.nextSequence();
    const slot = this.acquireSlot(handler, arg);
    this.states[slot] = SLOT_IN_SET;
    if (this.topFiring) {
      this.topFiring = false;
      this.eventSet.replaceTop(slot, timeS, tie);
    } else {
      this.eventSet.push(slot, timeS, tie);
    }
    return slot;
  }

  /** Appends an event at the current time to the zero-delay lane; returns its slot. */
  private enqueueLane<T>(handler: EventHandler<T>, arg: T | undefined): number {
    const slot = this.acquireSlot(handler, arg);
    this.states[slot] = SLOT_IN_LANE;
    if (this.laneLength === this.lane.length) this.growLane();
    const at = (this.laneHead + this.laneLength) & (this.lane.length - 1);
    this.lane[at] = slot;
    this.laneTies[at] = DEFAULT_PRIORITY * SEQUENCE_LIMIT + this.nextSequence();
    this.laneLength++;
    return slot;
  }

  /** Puts `timer` in the event set at `enqueueTimeS`, or moves it there when it is in already. */
  private armTimer(timer: TimerId): void {
    const timeS = this.enqueueTimeS;
    const state = this.states[timer];
    if (state !== SLOT_TIMER_IN_SET && (state !== SLOT_TIMER_IDLE || !(timer >= 0 && timer < this.slotCount))) throw notTimerError(timer);
    const tie = DEFAULT_PRIORITY * SEQUENCE_LIMIT + this.nextSequence();
    if (state === SLOT_TIMER_IN_SET) {
      const set = this.eventSet;
      // The event firing may still sit at the top (hold fusion); a key before it (it has a larger
      // priority) would sift above it, so it is popped first.
      if (this.topFiring && (timeS < set.peekTime() || (timeS === set.peekTime() && tie < set.peekTie()))) this.settleTop();
      set.update(timer, timeS, tie);
      return;
    }
    this.states[timer] = SLOT_TIMER_IN_SET;
    this.pendingCount++;
    if (this.topFiring) {
      this.topFiring = false;
      this.eventSet.replaceTop(timer, timeS, tie);
    } else {
      this.eventSet.push(timer, timeS, tie);
    }
  }

  private nextSequence(): number {
    if (this.sequence >= SEQUENCE_LIMIT) throw new SimulationUsageError('more than 2^42 events scheduled in one run');
    return this.sequence++;
  }

  private acquireSlot(handler: EventHandler<any>, arg: unknown): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount];
    } else {
      if (this.slotCount === SLOT_LIMIT) throw new SimulationUsageError(`more than ${SLOT_LIMIT} events pending at once`);
      slot = this.slotCount++;
      if (slot >= this.states.length) this.growSlots();
    }
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    this.pendingCount++;
    return slot;
  }


  private releaseSlot(slot: number): void {
    this.states[slot] = SLOT_FREE;
    // Wrap so the handle stays an exact integer; a handle kept across 2^27 reuses of a slot is not supported.
    this.generations[slot] = (this.generations[slot] + 1) & GENERATION_MASK;
    if (this.freeCount === this.freeSlots.length) {
      const grown = new Int32Array(this.freeSlots.length * 2);
      grown.set(this.freeSlots);
      this.freeSlots = grown;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Pops the event left at the top by `runLoop` while its handler ran, if still there. */
  private settleTop(): void {
    if (this.topFiring) {
      this.topFiring = false;
      this.eventSet.pop();
    }
  }

  private shiftLane(): void {
    this.laneHead = (this.laneHead + 1) & (this.lane.length - 1);
    this.laneLength--;
  }

  private dropCancelledLaneHead(): void {
    while (this.laneLength > 0 && this.states[this.lane[this.laneHead]] === SLOT_CANCELLED_IN_LANE) {
      const slot = this.lane[this.laneHead];
      this.shiftLane();
      this.releaseSlot(slot);
    }
  }

  private growSlots(): void {
    const capacity = this.states.length * 2;
    const generations = new Int32Array(capacity);
    generations.set(this.generations);
    const states = new Uint8Array(capacity);
    states.set(this.states);
    this.generations = generations;
    this.states = states;
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

function createEventSet(kind: EventSetKind): EventSet {
  switch (kind) {
    case 'quaternary-heap':
      return new QuaternaryHeapEventSet();
    case 'binary-heap':
      return new BinaryHeapEventSet();
    case 'calendar-queue':
      return new CalendarQueueEventSet();
    default:
      throw new SimulationUsageError(`eventSet must be one of ${EVENT_SET_KINDS.join(', ')}, got ${String(kind)}`);
  }
}

// Error messages are built out of line, so the hot paths that may throw them stay small.
function delayError(nowS: number, delayS: number): SimulationUsageError {
  return delayS >= 0 && delayS < Infinity
    ? new SimulationUsageError(`now + delay overflows to Infinity (now ${nowS}, delay ${delayS})`)
    : new SimulationUsageError(`delay must be a finite number ≥ 0, got ${delayS}`);
}

function timeError(nowS: number, timeS: number): SimulationUsageError {
  return new SimulationUsageError(`time must be finite and ≥ now (${nowS}), got ${timeS}`);
}

function notTimerError(timer: number): SimulationUsageError {
  return new SimulationUsageError(`not a timer of this simulation: ${timer}`);
}

function priorityError(priority: number): SimulationUsageError {
  return new SimulationUsageError(`priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
}
