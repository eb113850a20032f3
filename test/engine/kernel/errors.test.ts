import { describe, expect, it } from 'vitest';
import { MAX_PRIORITY, MIN_PRIORITY, Simulation } from '../../../engine/simulation.js';
import { SimulationUsageError } from '../../../engine/errors.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;
const noop = () => {};

describe.each(EVENT_SETS)('usage errors (%s)', (eventSet) => {
  /** A simulation at time 5 with one pending event, so errors can be checked to leave state intact. */
  function started() {
    const sim = new Simulation({ eventSet });
    sim.schedule(10, noop);
    sim.run(5);
    return sim;
  }

  function expectRejected(sim: Simulation, action: () => unknown) {
    const before = { now: sim.now, pending: sim.pending, next: sim.peekNextTime() };
    expect(action).toThrow(SimulationUsageError);
    expect({ now: sim.now, pending: sim.pending, next: sim.peekNextTime() }).toEqual(before);
  }

  it.each([-1, -1e-12, Number.NaN, Infinity, -Infinity])('schedule rejects delay %s', (delayS) => {
    const sim = started();
    expectRejected(sim, () => sim.schedule(delayS, noop));
    expectRejected(sim, () => sim.schedule(delayS, noop, undefined, 3));
  });

  it.each([4.999, 0, -1, Number.NaN, Infinity, -Infinity])('scheduleAt rejects time %s when now is 5', (timeS) => {
    const sim = started();
    expectRejected(sim, () => sim.scheduleAt(timeS, noop));
  });

  it.each([0.5, MIN_PRIORITY - 1, MAX_PRIORITY + 1, Number.NaN, Infinity, -Infinity])(
    'rejects priority %s for heap and zero-delay events',
    (priority) => {
      const sim = started();
      expectRejected(sim, () => sim.schedule(1, noop, undefined, priority));
      expectRejected(sim, () => sim.schedule(0, noop, undefined, priority));
      expectRejected(sim, () => sim.scheduleAt(5, noop, undefined, priority));
      expectRejected(sim, () => sim.scheduleAt(7, noop, undefined, priority));
    },
  );

  it('accepts the priority bounds', () => {
    const sim = new Simulation({ eventSet });
    const fired: number[] = [];
    sim.schedule(1, () => fired.push(MAX_PRIORITY), undefined, MAX_PRIORITY);
    sim.schedule(1, () => fired.push(MIN_PRIORITY), undefined, MIN_PRIORITY);
    sim.run();
    expect(fired).toEqual([MIN_PRIORITY, MAX_PRIORITY]);
  });

  it.each([4, Number.NaN, -Infinity])('run rejects until %s when now is 5', (untilS) => {
    const sim = started();
    expectRejected(sim, () => sim.run(untilS));
  });

  it.each([Number.NaN, Infinity, -Infinity])('rejects startTimeS %s', (startTimeS) => {
    expect(() => new Simulation({ eventSet, startTimeS })).toThrow(SimulationUsageError);
  });

  it('names the offending value in the message', () => {
    const sim = new Simulation({ eventSet });
    expect(() => sim.schedule(-3, noop)).toThrow(/-3/);
    expect(() => sim.schedule(1, noop, undefined, 2000)).toThrow(/2000/);
  });
});
