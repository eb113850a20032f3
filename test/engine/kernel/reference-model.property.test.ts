import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PRIORITY, MIN_PRIORITY, Simulation } from '../../../engine/simulation.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

/**
 * Model-based tests: random programs of schedule / cancel / run(until) / step / stop operations run
 * on the kernel and on an obviously correct reference (a sorted array), and must log the same thing.
 */

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;

/** The kernel surface the programs use, so one interpreter drives both implementations. */
interface Kernel {
  readonly now: number;
  readonly pending: number;
  readonly eventsProcessed: number;
  schedule(delayS: number, handler: () => void, priority: number): number;
  scheduleAt(timeS: number, handler: () => void, priority: number): number;
  cancel(handle: number): boolean;
  run(untilS?: number): void;
  step(): boolean;
  stop(): void;
  peekNextTime(): number;
}

function kernelOf(eventSet: EventSetKind): Kernel {
  const sim = new Simulation({ eventSet });
  return {
    get now() {
      return sim.now;
    },
    get pending() {
      return sim.pending;
    },
    get eventsProcessed() {
      return sim.eventsProcessed;
    },
    schedule: (delayS, handler, priority) => sim.schedule(delayS, handler, undefined, priority),
    scheduleAt: (timeS, handler, priority) => sim.scheduleAt(timeS, handler, undefined, priority),
    cancel: (handle) => sim.cancel(handle),
    run: (untilS) => sim.run(untilS),
    step: () => sim.step(),
    stop: () => sim.stop(),
    peekNextTime: () => sim.peekNextTime(),
  };
}

interface ReferenceEntry {
  handle: number;
  timeS: number;
  priority: number;
  sequence: number;
  handler: () => void;
}

/** The specification, written for clarity: pending events in an array sorted by (time, priority, sequence). */
class ReferenceKernel implements Kernel {
  now = 0;
  eventsProcessed = 0;
  private sequence = 0;
  private stopped = false;
  private readonly entries: ReferenceEntry[] = [];

  get pending(): number {
    return this.entries.length;
  }

  schedule(delayS: number, handler: () => void, priority: number): number {
    return this.scheduleAt(this.now + delayS, handler, priority);
  }

  scheduleAt(timeS: number, handler: () => void, priority: number): number {
    const entry = { handle: this.sequence, timeS, priority, sequence: this.sequence++, handler };
    const before = (a: ReferenceEntry, b: ReferenceEntry) =>
      a.timeS < b.timeS || (a.timeS === b.timeS && (a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence)));
    let at = this.entries.length;
    while (at > 0 && before(entry, this.entries[at - 1])) at--;
    this.entries.splice(at, 0, entry);
    return entry.handle;
  }

  cancel(handle: number): boolean {
    const at = this.entries.findIndex((e) => e.handle === handle);
    if (at < 0) return false;
    this.entries.splice(at, 1);
    return true;
  }

  run(untilS = Infinity): void {
    this.stopped = false;
    while (!this.stopped && this.entries.length > 0 && this.entries[0].timeS <= untilS) this.fireFirst();
    if (!this.stopped && untilS !== Infinity && this.now < untilS) this.now = untilS;
  }

  step(): boolean {
    if (this.entries.length === 0) return false;
    this.fireFirst();
    return true;
  }

  stop(): void {
    this.stopped = true;
  }

  peekNextTime(): number {
    return this.entries.length > 0 ? this.entries[0].timeS : Infinity;
  }

  private fireFirst(): void {
    const entry = this.entries.shift()!;
    this.now = entry.timeS;
    this.eventsProcessed++;
    entry.handler();
  }
}

// ---- programs ----

interface EventSpec {
  delayS: number;
  priority: number;
  viaScheduleAt: boolean;
  /** On firing: stop the current run. */
  stops: boolean;
  /** On firing: cancel the event with this index (mod events scheduled so far). */
  cancelPick: number | null;
  /** On firing: schedule these. */
  children: EventSpec[];
}

type Operation =
  | { kind: 'schedule'; events: EventSpec[] }
  | { kind: 'cancel'; pick: number }
  | { kind: 'run'; advanceS: number | null }
  | { kind: 'step' };

// Few distinct values so ties in time and priority are frequent; some arbitrary doubles (including
// denormal delays that round to `now`, which reach the heap at the current time beside the lane).
const delayArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }).map((k) => k / 2) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.MIN_VALUE) },
);
const priorityArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(MIN_PRIORITY, MAX_PRIORITY) },
);

function eventArb(depth: number): fc.Arbitrary<EventSpec> {
  return fc.record({
    delayS: delayArb,
    priority: priorityArb,
    viaScheduleAt: fc.boolean(),
    stops: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    cancelPick: fc.option(fc.nat({ max: 1000 }), { freq: 3 }),
    children: depth === 0 ? fc.constant([]) : fc.array(eventArb(depth - 1), { maxLength: 3 }),
  });
}

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('schedule' as const), events: fc.array(eventArb(2), { minLength: 1, maxLength: 4 }) }) },
  // Bursts push the heap past its initial capacity of 64 and recycle many slots.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('schedule' as const), events: fc.array(eventArb(0), { minLength: 30, maxLength: 90 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat({ max: 1000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('run' as const),
      advanceS: fc.option(fc.oneof(fc.integer({ min: 0, max: 4 }).map((k) => k / 2), fc.double({ min: 0, max: 3, noNaN: true })), { freq: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'step' as const }) },
);

interface Outcome {
  log: string[];
  firedIds: number[];
  cancelledIds: Set<number>;
}

function execute(kernel: Kernel, program: Operation[]): Outcome {
  const log: string[] = [];
  const firedIds: number[] = [];
  const cancelledIds = new Set<number>();
  const handles: number[] = [];

  const cancelPick = (pick: number) => {
    if (handles.length === 0) return;
    const id = pick % handles.length;
    const ok = kernel.cancel(handles[id]);
    if (ok) cancelledIds.add(id);
    log.push(`cancel ${id} -> ${ok}`);
  };
  const schedule = (spec: EventSpec) => {
    const id = handles.length;
    const handler = () => {
      firedIds.push(id);
      log.push(`fire ${id} at ${kernel.now}`);
      for (const child of spec.children) schedule(child);
      if (spec.cancelPick !== null) cancelPick(spec.cancelPick);
      if (spec.stops) kernel.stop();
    };
    handles.push(
      spec.viaScheduleAt
        ? kernel.scheduleAt(kernel.now + spec.delayS, handler, spec.priority)
        : kernel.schedule(spec.delayS, handler, spec.priority),
    );
  };

  for (const op of program) {
    switch (op.kind) {
      case 'schedule':
        op.events.forEach(schedule);
        break;
      case 'cancel':
        cancelPick(op.pick);
        break;
      case 'run':
        if (op.advanceS === null) kernel.run();
        else kernel.run(kernel.now + op.advanceS);
        break;
      case 'step':
        log.push(`step -> ${kernel.step()}`);
        break;
    }
    log.push(`now ${kernel.now} pending ${kernel.pending} processed ${kernel.eventsProcessed} next ${kernel.peekNextTime()}`);
  }
  // Drain whatever is left (stops from handlers may need several runs).
  for (let guard = 0; kernel.pending > 0 && guard < 10_000; guard++) kernel.run();
  log.push(`end now ${kernel.now} pending ${kernel.pending} processed ${kernel.eventsProcessed}`);
  return { log, firedIds, cancelledIds };
}

describe.each(EVENT_SETS)('kernel against a reference model (%s)', (eventSet) => {
  it('random schedule/cancel/run/step/stop programs fire the same events in the same order at the same times', () => {
    fc.assert(
      fc.property(fc.array(operationArb, { maxLength: 40 }), (program) => {
        const actual = execute(kernelOf(eventSet), program);
        const expected = execute(new ReferenceKernel(), program);
        expect(actual.log).toEqual(expected.log);
        // Redundant with the log comparison, but the property the issue states: cancelled never fire.
        for (const id of actual.firedIds) expect(actual.cancelledIds.has(id)).toBe(false);
        expect(new Set(actual.firedIds).size).toBe(actual.firedIds.length);
      }),
      { numRuns: 500 },
    );
  });

  it('bulk schedule then cancel a random subset: the rest fire sorted by (time, priority, insertion)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ delayS: delayArb, priority: priorityArb, cancel: fc.boolean() }), { minLength: 1, maxLength: 300 }),
        (events) => {
          const sim = new Simulation({ eventSet });
          const fired: number[] = [];
          const handles = events.map((e, i) => sim.schedule(e.delayS, (id: number) => fired.push(id), i, e.priority));
          events.forEach((e, i) => {
            if (e.cancel) expect(sim.cancel(handles[i])).toBe(true);
          });
          sim.run();
          const expected = events
            .map((e, i) => ({ ...e, i }))
            .filter((e) => !e.cancel)
            .sort((a, b) => a.delayS - b.delayS || a.priority - b.priority || a.i - b.i)
            .map((e) => e.i);
          expect(fired).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
