import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;

describe.each(EVENT_SETS)('run, step and stop (%s)', (eventSet) => {
  function withEvents(times: number[]) {
    const sim = new Simulation({ eventSet });
    const fired: number[] = [];
    for (const t of times) sim.schedule(t, () => fired.push(t));
    return { sim, fired };
  }

  it('run(until) fires events at exactly until, leaves later ones pending and ends the clock at until', () => {
    const { sim, fired } = withEvents([1, 2, 2, 3, 4]);
    sim.run(2);
    expect(fired).toEqual([1, 2, 2]);
    expect(sim.now).toBe(2);
    expect(sim.pending).toBe(2);
    expect(sim.peekNextTime()).toBe(3);

    sim.run(3.5);
    expect(fired).toEqual([1, 2, 2, 3]);
    expect(sim.now).toBe(3.5); // no event at 3.5, the clock still ends there

    sim.run(); // a second run continues where the first stopped
    expect(fired).toEqual([1, 2, 2, 3, 4]);
    expect(sim.pending).toBe(0);
  });

  it('run(until) on an empty queue, or before the first event, moves the clock to until', () => {
    const empty = new Simulation({ eventSet });
    empty.run(10);
    expect(empty.now).toBe(10);
    const { sim, fired } = withEvents([20]);
    sim.run(10);
    expect(fired).toEqual([]);
    expect(sim.now).toBe(10);
    sim.run(10); // until == now is allowed and does nothing
    expect(sim.now).toBe(10);
  });

  it('schedule after run(until) is relative to until', () => {
    const sim = new Simulation({ eventSet });
    sim.run(10);
    let firedAt = -1;
    sim.schedule(5, () => (firedAt = sim.now));
    sim.run();
    expect(firedAt).toBe(15);
  });

  it('run(until) fires zero-delay events scheduled by an event at until', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    sim.schedule(5, () => {
      fired.push('at-until');
      sim.schedule(0, () => fired.push('zero-delay'));
      sim.schedule(1e-9, () => fired.push('just-after'));
    });
    sim.run(5);
    expect(fired).toEqual(['at-until', 'zero-delay']);
    expect(sim.pending).toBe(1);
  });

  // With no `until`, emptying the queue must not move the clock: an empty event set peeks at
  // Infinity and `Infinity > Infinity` is false, so a guard on that comparison alone lets the clock
  // jump to Infinity, after which every schedule() lands at Infinity and scheduleAt() always throws.
  it('run() with no until leaves the clock at the last event, and the simulation usable', () => {
    const { sim, fired } = withEvents([1, 3]);
    sim.run();
    expect(fired).toEqual([1, 3]);
    expect(sim.now).toBe(3);
    sim.schedule(2, () => fired.push(sim.now));
    sim.run();
    expect(fired).toEqual([1, 3, 5]);
    expect(sim.now).toBe(5);
  });

  it('run() on an empty simulation leaves the clock where it was', () => {
    const sim = new Simulation({ eventSet, startTimeS: 7 });
    sim.run();
    expect(sim.now).toBe(7);
  });

  it('stop() from a handler returns after that event; the clock stays at it and a second run continues', () => {
    const sim = new Simulation({ eventSet });
    const fired: number[] = [];
    for (const t of [1, 2, 3, 4]) {
      sim.schedule(t, () => {
        fired.push(t);
        if (t === 2) sim.stop();
      });
    }
    sim.schedule(2, () => fired.push(2.1)); // same time, after the stopping event: not fired yet
    sim.run(10);
    expect(fired).toEqual([1, 2]);
    expect(sim.now).toBe(2); // stopped: the clock does not jump to until
    expect(sim.pending).toBe(3);
    sim.run(10);
    expect(fired).toEqual([1, 2, 2.1, 3, 4]);
    expect(sim.now).toBe(10);
  });

  it('stop() outside a run does not affect the next run', () => {
    const { sim, fired } = withEvents([1, 2]);
    sim.stop();
    sim.run();
    expect(fired).toEqual([1, 2]);
  });

  it('step() fires exactly one event, advances the clock to it, and returns false when empty', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    sim.schedule(2, () => {
      fired.push('b');
      sim.schedule(0, () => fired.push('b0'));
    });
    sim.schedule(1, () => fired.push('a'));
    expect(sim.step()).toBe(true);
    expect(fired).toEqual(['a']);
    expect(sim.now).toBe(1);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(2);
    expect(sim.step()).toBe(true);
    expect(fired).toEqual(['a', 'b', 'b0']);
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(2); // an empty step must not move the clock
    expect(sim.eventsProcessed).toBe(3);
  });

  it('counts eventsProcessed and pending through schedule, cancel, fire', () => {
    const sim = new Simulation({ eventSet });
    expect(sim.pending).toBe(0);
    expect(sim.eventsProcessed).toBe(0);
    const a = sim.schedule(1, () => {
      sim.schedule(1, () => {});
      sim.schedule(0, () => {});
    });
    sim.schedule(0, () => {});
    const c = sim.schedule(3, () => {});
    expect(sim.pending).toBe(3);
    sim.cancel(c);
    expect(sim.pending).toBe(2);
    sim.run(1);
    expect(sim.eventsProcessed).toBe(3); // lane event, a, a's zero-delay child
    expect(sim.pending).toBe(1);
    sim.cancel(a); // already fired: no change
    expect(sim.pending).toBe(1);
    sim.run();
    expect(sim.eventsProcessed).toBe(4);
    expect(sim.pending).toBe(0);
  });

  it('peekNextTime reports the next event time, now for the lane, Infinity when empty', () => {
    const sim = new Simulation({ eventSet });
    expect(sim.peekNextTime()).toBe(Infinity);
    sim.schedule(3, () => {});
    expect(sim.peekNextTime()).toBe(3);
    sim.run(2);
    sim.schedule(0, () => {});
    expect(sim.peekNextTime()).toBe(2);
  });

  it('a throwing handler propagates out of run and leaves the rest of the queue runnable', () => {
    const { sim, fired } = withEvents([1, 3]);
    sim.schedule(2, () => {
      throw new Error('boom');
    });
    expect(() => sim.run()).toThrow('boom');
    expect(sim.now).toBe(2);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(fired).toEqual([1, 3]);
  });
});
