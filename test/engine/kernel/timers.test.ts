import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';
import { Simulation, type EventHandle } from '../../../engine/simulation.js';

/**
 * A timer is specified as cancel-then-schedule at the default priority. The same seeded program runs
 * twice: once arming timers, once cancelling and scheduling one-shot events; the two logs of firings
 * (which, when) and the pending counts must be identical, for every event set. The programs arm from
 * inside handlers (their own timer and others), with zero delays, integer delays that tie, plain
 * one-shot events of other priorities in between, and clears.
 */
interface Driver {
  sim: Simulation;
  set(timer: number, delayS: number): void;
  clear(timer: number): boolean;
  armed(timer: number): boolean;
}

function timerDriver(sim: Simulation, count: number, onFire: (timer: number) => void): Driver {
  const ids = Array.from({ length: count }, (_, i) => sim.timer(onFire, i));
  return {
    sim,
    set: (timer, delayS) => sim.setTimer(ids[timer], delayS),
    clear: (timer) => sim.clearTimer(ids[timer]),
    armed: (timer) => sim.isTimerArmed(ids[timer]),
  };
}

function handleDriver(sim: Simulation, count: number, onFire: (timer: number) => void): Driver {
  const handles: (EventHandle | null)[] = new Array(count).fill(null);
  const fire = (timer: number) => {
    handles[timer] = null;
    onFire(timer);
  };
  return {
    sim,
    set: (timer, delayS) => {
      if (handles[timer] !== null) sim.cancel(handles[timer]!);
      handles[timer] = sim.schedule(delayS, fire, timer);
    },
    clear: (timer) => {
      if (handles[timer] === null) return false;
      const cancelled = sim.cancel(handles[timer]!);
      handles[timer] = null;
      return cancelled;
    },
    armed: (timer) => handles[timer] !== null,
  };
}

function runProgram(kind: EventSetKind, seed: number, useTimers: boolean): string[] {
  const random = seedrandom.xor4096(`timers|${seed}`);
  const sim = new Simulation({ eventSet: kind });
  const count = 1 + Math.floor(random() * 12);
  const log: string[] = [];
  const delay = (): number => {
    const r = random();
    return r < 0.2 ? 0 : r < 0.6 ? Math.floor(random() * 3) : -Math.log(1 - random());
  };
  let driver: Driver;
  const act = (): void => {
    const actions = Math.floor(random() * 4);
    for (let a = 0; a < actions; a++) {
      const roll = random();
      const timer = Math.floor(random() * count);
      if (roll < 0.6) {
        driver.set(timer, delay());
      } else if (roll < 0.8) {
        log.push(`clear ${timer} ${driver.clear(timer)}`);
      } else if (log.length < 3000) {
        const priority = Math.floor(random() * 3) - 1;
        sim.schedule(delay(), (tag: string) => (log.push(`${tag} at ${sim.now}`), act()), `one-shot p${priority}`, priority);
      }
    }
  };
  const onFire = (timer: number): void => {
    log.push(`timer ${timer} at ${sim.now} armed=${driver.armed(timer)} pending=${sim.pending}`);
    if (log.length < 4000) act();
  };
  driver = useTimers ? timerDriver(sim, count, onFire) : handleDriver(sim, count, onFire);
  for (let t = 0; t < count; t++) driver.set(t, delay());
  sim.run(random() < 0.5 ? Infinity : 50);
  log.push(`end at ${sim.now} pending=${sim.pending} processed=${sim.eventsProcessed}`);
  return log;
}

describe.each([...EVENT_SET_KINDS])('timers (%s)', (kind) => {
  it('fire exactly as cancel-then-schedule would, over 200 random programs', () => {
    for (let seed = 0; seed < 200; seed++) {
      const withTimers = runProgram(kind, seed, true);
      const withHandles = runProgram(kind, seed, false);
      if (withTimers.join('\n') !== withHandles.join('\n')) expect(withTimers, `seed ${seed}`).toEqual(withHandles);
    }
  });
});

describe('timers', () => {
  it('fire once per arming; re-arming moves the firing; clearing drops it', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    const timer = sim.timer(() => fired.push(sim.now));
    expect(sim.isTimerArmed(timer)).toBe(false);
    expect(sim.pending).toBe(0);
    sim.setTimer(timer, 5);
    sim.setTimer(timer, 2); // moves it
    expect(sim.pending).toBe(1);
    sim.run(3);
    expect(fired).toEqual([2]);
    expect(sim.isTimerArmed(timer)).toBe(false);
    sim.setTimerAt(timer, 10);
    expect(sim.clearTimer(timer)).toBe(true);
    expect(sim.clearTimer(timer)).toBe(false);
    sim.run();
    expect(fired).toEqual([2]);
    expect(sim.pending).toBe(0);
  });

  it('can re-arm itself from its own handler (a periodic event)', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const tick = sim.timer(() => {
      times.push(sim.now);
      if (sim.now < 4) sim.setTimer(tick, 1);
    });
    sim.setTimer(tick, 1);
    sim.run();
    expect(times).toEqual([1, 2, 3, 4]);
    expect(sim.eventsProcessed).toBe(4);
  });

  it('passes its argument and refuses bad delays and ids with one-line errors', () => {
    const sim = new Simulation();
    let seen = '';
    const timer = sim.timer((arg: string) => (seen = arg), 'hello');
    sim.setTimer(timer, 0);
    sim.run();
    expect(seen).toBe('hello');
    expect(() => sim.setTimer(timer, -1)).toThrow(/delay must be a finite number ≥ 0, got -1/);
    expect(() => sim.setTimerAt(timer, -1)).toThrow(/time must be finite and ≥ now/);
    expect(() => sim.setTimer(99, 1)).toThrow(/not a timer of this simulation: 99/);
    const handle = sim.schedule(1, () => {});
    expect(() => sim.clearTimer(handle % 2 ** 26)).toThrow(/not a timer/);
  });
});
