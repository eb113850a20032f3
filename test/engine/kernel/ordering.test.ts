import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;

describe.each(EVENT_SETS)('event order (%s)', (eventSet) => {
  /** Schedules `label` with `delayS` and records (label, clock) when it fires. */
  function recorder(sim: Simulation) {
    const fired: string[] = [];
    const times: number[] = [];
    const at = (delayS: number, label: string, priority?: number) =>
      sim.schedule(delayS, () => {
        fired.push(label);
        times.push(sim.now);
      }, undefined, priority);
    return { fired, times, at };
  }

  it('fires events in time order whatever the scheduling order, and advances the clock to each', () => {
    const sim = new Simulation({ eventSet });
    const { fired, times, at } = recorder(sim);
    at(5, 'e');
    at(1, 'a');
    at(3, 'c');
    at(2, 'b');
    at(4, 'd');
    sim.run();
    expect(fired).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(times).toEqual([1, 2, 3, 4, 5]);
    expect(sim.now).toBe(5);
  });

  it('keeps time order over many random times (heap growth past its initial capacity)', () => {
    const sim = new Simulation({ eventSet });
    const delays: number[] = [];
    let state = 12345;
    for (let i = 0; i < 1000; i++) {
      state = (state * 1103515245 + 12345) % 2147483648; // a tiny LCG: the test must not depend on engine random
      delays.push(Math.floor((state / 2147483648) * 200) / 4); // many exact ties on purpose
    }
    const fired: number[] = [];
    delays.forEach((d, i) => sim.schedule(d, (index: number) => fired.push(index), i));
    sim.run();
    const expected = delays.map((d, i) => ({ d, i })).sort((x, y) => x.d - y.d || x.i - y.i).map((x) => x.i);
    expect(fired).toEqual(expected);
  });

  it('fires equal-time, equal-priority events in the order they were scheduled (FIFO)', () => {
    const sim = new Simulation({ eventSet });
    const { fired, at } = recorder(sim);
    for (let i = 0; i < 200; i++) at(7, `e${i}`);
    sim.run();
    expect(fired).toEqual(Array.from({ length: 200 }, (_, i) => `e${i}`));
  });

  it('orders equal-time events by priority, smaller first, then FIFO within a priority', () => {
    const sim = new Simulation({ eventSet });
    const { fired, at } = recorder(sim);
    at(1, 'p1-first', 1);
    at(1, 'p0-first', 0);
    at(1, 'pm5', -5);
    at(1, 'p1-second', 1);
    at(1, 'p0-second');
    at(1, 'max', 1023);
    at(1, 'min', -1024);
    at(0.5, 'earlier-but-low-priority', 1023);
    sim.run();
    expect(fired).toEqual([
      'earlier-but-low-priority',
      'min',
      'pm5',
      'p0-first',
      'p0-second',
      'p1-first',
      'p1-second',
      'max',
    ]);
  });

  it('puts zero-delay events after heap events already due now that were scheduled earlier (FIFO across lane and heap)', () => {
    const sim = new Simulation({ eventSet });
    const { fired, at } = recorder(sim);
    sim.schedule(1, () => {
      fired.push('trigger');
      // 'b' and 'c' were scheduled (into the heap) before these zero-delay events: they come first.
      at(0, 'lane1');
      at(0, 'lane2');
    });
    at(1, 'b');
    at(1, 'c');
    sim.run();
    expect(fired).toEqual(['trigger', 'b', 'c', 'lane1', 'lane2']);
  });

  it('interleaves zero-delay events with scheduleAt(now) and with later heap events by insertion order', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    const push = (label: string) => () => fired.push(label);
    sim.schedule(2, () => {
      fired.push('t');
      sim.schedule(0, push('lane-a'));
      sim.scheduleAt(sim.now, push('at-now'));
      sim.schedule(0, push('lane-b'));
      sim.schedule(1, push('later'));
      sim.schedule(0, push('lane-c'), undefined, -1); // non-default priority goes through the heap, before priority 0
      sim.schedule(0, push('lane-d'), undefined, 1); // after every priority-0 event now
    });
    sim.run();
    expect(fired).toEqual(['t', 'lane-c', 'lane-a', 'at-now', 'lane-b', 'lane-d', 'later']);
  });

  it('fires events scheduled at delay 0 from within handlers after those already due now (FIFO, breadth-first)', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    const spawn = (label: string, depth: number) => () => {
      fired.push(label);
      if (depth > 0) {
        sim.schedule(0, spawn(`${label}.0`, depth - 1));
        sim.schedule(0, spawn(`${label}.1`, depth - 1));
      }
    };
    sim.schedule(3, spawn('A', 2));
    sim.schedule(3, spawn('B', 1));
    sim.run();
    expect(fired).toEqual(['A', 'B', 'A.0', 'A.1', 'B.0', 'B.1', 'A.0.0', 'A.0.1', 'A.1.0', 'A.1.1']);
    expect(sim.now).toBe(3);
  });

  it('runs a long zero-delay chain at one instant (lane growth) without advancing the clock', () => {
    const sim = new Simulation({ eventSet });
    let count = 0;
    const fired: number[] = [];
    // Each event schedules two children until 5,000 events: the lane holds thousands at once.
    const handler = (id: number) => {
      fired.push(id);
      for (let k = 0; k < 2 && count < 5000; k++) sim.schedule(0, handler, count++);
    };
    sim.schedule(0, handler, count++);
    sim.schedule(1, () => fired.push(-1));
    sim.run();
    expect(fired.slice(0, -1)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(fired.at(-1)).toBe(-1);
    expect(sim.now).toBe(1);
  });

  it('passes the argument to the handler', () => {
    const sim = new Simulation({ eventSet });
    const seen: unknown[] = [];
    const payload = { id: 7 };
    sim.schedule(1, (arg: { id: number }) => seen.push(arg), payload);
    sim.schedule(0, (arg: string) => seen.push(arg), 'lane');
    sim.scheduleAt(2, (arg: number) => seen.push(arg), 42);
    sim.run();
    expect(seen).toEqual(['lane', payload, 42]);
    expect(seen[1]).toBe(payload);
  });

  it('starts the clock at startTimeS and schedules relative to it', () => {
    const sim = new Simulation({ eventSet, startTimeS: 100 });
    const times: number[] = [];
    sim.schedule(5, () => times.push(sim.now));
    sim.scheduleAt(101, () => times.push(sim.now));
    expect(sim.now).toBe(100);
    sim.run();
    expect(times).toEqual([101, 105]);
  });
});
