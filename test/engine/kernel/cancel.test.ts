import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;

describe.each(EVENT_SETS)('cancel (%s)', (eventSet) => {
  it('removes a heap event so it never fires, and keeps the others in order', () => {
    const sim = new Simulation({ eventSet });
    const fired: number[] = [];
    const handles = [5, 1, 4, 2, 3].map((t) => sim.schedule(t, () => fired.push(t)));
    expect(sim.cancel(handles[2])).toBe(true); // t = 4, somewhere inside the heap
    expect(sim.cancel(handles[1])).toBe(true); // t = 1, the heap's root
    expect(sim.pending).toBe(3);
    sim.run();
    expect(fired).toEqual([2, 3, 5]);
    expect(sim.eventsProcessed).toBe(3);
  });

  it('removes a zero-delay (lane) event so it never fires', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    sim.schedule(1, () => {
      const a = sim.schedule(0, () => fired.push('a'));
      sim.schedule(0, () => fired.push('b'));
      const c = sim.schedule(0, () => fired.push('c'));
      expect(sim.cancel(a)).toBe(true); // the lane's head
      expect(sim.cancel(c)).toBe(true); // the lane's tail
      expect(sim.pending).toBe(1);
    });
    sim.run();
    expect(fired).toEqual(['b']);
    expect(sim.pending).toBe(0);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('cancels a lane event scheduled before the run, and one from a handler that precedes it', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    let victim = -1;
    sim.schedule(0, () => {
      fired.push('first');
      expect(sim.cancel(victim)).toBe(true);
    });
    victim = sim.schedule(0, () => fired.push('victim'));
    sim.schedule(0, () => fired.push('last'));
    sim.run();
    expect(fired).toEqual(['first', 'last']);
  });

  it('returns false when cancelling twice, after firing, or for unknown handles', () => {
    const sim = new Simulation({ eventSet });
    const heapEvent = sim.schedule(1, () => {});
    const laneEvent = sim.schedule(0, () => {});
    const fired = sim.schedule(0.5, () => {});
    expect(sim.cancel(heapEvent)).toBe(true);
    expect(sim.cancel(heapEvent)).toBe(false);
    expect(sim.cancel(laneEvent)).toBe(true);
    expect(sim.cancel(laneEvent)).toBe(false);
    sim.run();
    expect(sim.cancel(fired)).toBe(false);
    expect(sim.cancel(laneEvent)).toBe(false); // after the lane dropped the cancelled slot
    for (const bogus of [-1, 1e9, 0.5, Number.NaN, Infinity, 2 ** 60]) expect(sim.cancel(bogus)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('returns false for a stale handle whose slot was reused, and leaves the new event alone', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    const old = sim.schedule(1, () => fired.push('old'));
    expect(sim.cancel(old)).toBe(true);
    const reused = sim.schedule(2, () => fired.push('new')); // takes the freed slot
    expect(reused).not.toBe(old);
    expect(sim.cancel(old)).toBe(false);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(fired).toEqual(['new']);

    // The same after a slot is freed by firing rather than cancelling, for the lane too.
    const sim2 = new Simulation({ eventSet });
    const lane = sim2.schedule(0, () => {});
    sim2.step();
    const heap = sim2.schedule(3, () => fired.push('heap'));
    expect(sim2.cancel(lane)).toBe(false);
    expect(sim2.pending).toBe(1);
    expect(sim2.cancel(heap)).toBe(true);
  });

  it('cancels from inside a handler an event due at the same time', () => {
    const sim = new Simulation({ eventSet });
    const fired: string[] = [];
    let second = -1;
    sim.schedule(1, () => {
      fired.push('first');
      expect(sim.cancel(second)).toBe(true);
    });
    second = sim.schedule(1, () => fired.push('second'));
    sim.schedule(1, () => fired.push('third'));
    sim.run();
    expect(fired).toEqual(['first', 'third']);
  });

  it('cancelling the currently firing event returns false', () => {
    const sim = new Simulation({ eventSet });
    let self = -1;
    let result: boolean | undefined;
    self = sim.schedule(1, () => {
      result = sim.cancel(self);
    });
    sim.run();
    expect(result).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('keeps the heap ordered under many cancellations at arbitrary positions', () => {
    const sim = new Simulation({ eventSet });
    const fired: number[] = [];
    const handles: number[] = [];
    const times: number[] = [];
    let state = 99;
    for (let i = 0; i < 500; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      times.push(state % 97);
      handles.push(sim.schedule(times[i], (id: number) => fired.push(id), i));
    }
    const cancelled = new Set<number>();
    for (let i = 0; i < 500; i += 3) {
      expect(sim.cancel(handles[i])).toBe(true);
      cancelled.add(i);
    }
    expect(sim.pending).toBe(500 - cancelled.size);
    sim.run();
    const expected = times
      .map((t, i) => ({ t, i }))
      .filter(({ i }) => !cancelled.has(i))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map(({ i }) => i);
    expect(fired).toEqual(expected);
  });

  it('peekNextTime skips cancelled lane events', () => {
    const sim = new Simulation({ eventSet });
    const lane = sim.schedule(0, () => {});
    sim.schedule(4, () => {});
    expect(sim.peekNextTime()).toBe(0);
    sim.cancel(lane);
    expect(sim.peekNextTime()).toBe(4);
    sim.cancel(sim.schedule(1, () => {}));
    expect(sim.peekNextTime()).toBe(4);
  });
});

describe('lazy cancellation with compaction', () => {
  for (const eventSet of EVENT_SETS) {
    it(`${eventSet}: mass cancels (from outside and inside handlers) never fire and keep the survivors in order`, () => {
      const sim = new Simulation({ eventSet });
      const random = seedrandom('compaction');
      const count = 6000;
      const timesS = Array.from({ length: count }, () => random() * 100);
      const fired: number[] = [];
      const handles = timesS.map((timeS, id) => sim.schedule(timeS, (i: number) => fired.push(i), id));
      // 4000 of 6000 cancelled up front: at least 1024 and more than half, so the set is compacted
      const cancelled = new Set<number>();
      for (let id = 0; cancelled.size < 4000; id++) if (id % 3 !== 2) cancelled.add(id);
      for (const id of cancelled) expect(sim.cancel(handles[id])).toBe(true);
      expect(sim.pending).toBe(count - cancelled.size);
      // then, from inside a handler (its event still at the top of the set), cancel most of the rest
      sim.schedule(0, () => {
        for (let id = 2; id < count; id += 3) if (id % 4 !== 0 && timesS[id] > 0) {
          expect(sim.cancel(handles[id])).toBe(true);
          cancelled.add(id);
        }
      }, undefined, -1);
      sim.run();
      const survivors = timesS.map((_, id) => id).filter((id) => !cancelled.has(id));
      survivors.sort((a, b) => timesS[a] - timesS[b] || a - b);
      expect(fired).toEqual(survivors);
      expect(sim.pending).toBe(0);
    });
  }
});
