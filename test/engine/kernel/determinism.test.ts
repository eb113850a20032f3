import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { EVENT_SET_KINDS, type EventSetKind } from '../../../engine/events/event-set.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;

interface Trajectory {
  times: number[];
  ids: number[];
}

/**
 * A small random model that exercises every kernel path: Poisson arrivals to two single-server
 * stations with random routing, patience timeouts that are cancelled when service starts (heap
 * cancels), zero-delay hand-offs (lane events, some cancelled) and ties from rounded times and
 * priorities. Records (time, event id) of every fired event.
 */
function randomModel(eventSet: EventSetKind, seed: number, untilS: number): Trajectory {
  const sim = new Simulation({ eventSet });
  const streams = new RandomStreams(seed, 0);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  const routing = streams.stream('routing');
  const exp = (u: number, mean: number) => -mean * Math.log(1 - u);
  const times: number[] = [];
  const ids: number[] = [];
  let nextId = 0;
  const record = (id: number) => {
    times.push(sim.now);
    ids.push(id);
  };

  const queues: number[][] = [[], []];
  const busy = [false, false];
  const timeouts = new Map<number, number>();

  const startService = (station: number) => {
    const customer = queues[station].shift();
    if (customer === undefined) return;
    busy[station] = true;
    const timeout = timeouts.get(customer);
    if (timeout !== undefined) sim.cancel(timeout);
    timeouts.delete(customer);
    // Round service times to 1/8 so exact ties between events are common.
    sim.schedule(Math.round(exp(service.next(), 0.9) * 8) / 8, () => {
      record(nextId++);
      busy[station] = false;
      const handOff = sim.schedule(0, () => {
        record(nextId++);
        startService(station);
      });
      if (routing.next() < 0.1) {
        // Occasionally a hand-off is superseded by an immediate priority hand-off.
        sim.cancel(handOff);
        sim.schedule(0, () => {
          record(nextId++);
          startService(station);
        }, undefined, -1);
      }
    });
  };

  const arrive = (customer: number) => {
    record(customer);
    const station = routing.next() < 0.5 ? 0 : 1;
    queues[station].push(customer);
    timeouts.set(
      customer,
      sim.schedule(Math.round(exp(routing.next(), 4) * 4) / 4, () => {
        record(nextId++);
        const index = queues[station].indexOf(customer);
        if (index >= 0) queues[station].splice(index, 1);
        timeouts.delete(customer);
      }, undefined, 1),
    );
    if (!busy[station]) startService(station);
    sim.schedule(Math.round(exp(arrivals.next(), 0.5) * 16) / 16, arrive, nextId++);
  };
  sim.schedule(0, arrive, nextId++);
  sim.run(untilS);
  return { times, ids };
}

describe('determinism', () => {
  it.each(EVENT_SETS)('same seed gives an identical trajectory (%s)', (eventSet) => {
    const first = randomModel(eventSet, 42, 500);
    const second = randomModel(eventSet, 42, 500);
    expect(first.ids.length).toBeGreaterThan(2000);
    expect(second.times).toEqual(first.times);
    expect(second.ids).toEqual(first.ids);
  });

  it('a different seed gives a different trajectory', () => {
    const first = randomModel('quaternary-heap', 42, 500);
    const other = randomModel('quaternary-heap', 43, 500);
    expect(other.times).not.toEqual(first.times);
  });

  it('both event sets give the same trajectory (the order is total, so the data structure cannot matter)', () => {
    const binary = randomModel('binary-heap', 7, 500);
    const quaternary = randomModel('quaternary-heap', 7, 500);
    expect(quaternary.times).toEqual(binary.times);
    expect(quaternary.ids).toEqual(binary.ids);
  });
});
