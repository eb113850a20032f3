import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { createRouter, ROUTER_NAMES } from '../../../models/policies/routing/index.js';
import { newRequest, type LlmRequest } from '../../../models/serving/request.js';
import type { ServingInstance, ServingInstanceConfig } from '../../../models/serving/serving-instance.js';
import { ServingPool } from '../../../models/serving/serving-pool.js';

/**
 * Instances moving between two pools of the same hardware (periodic re-allocation): a released
 * instance gets no new request, finishes those it holds, then serves the other pool with that pool's
 * settings; every request is served exactly once and the pools' counters and instance-seconds add
 * up to what the instances did.
 */
const step: PerformanceModel = { kind: 'test', decodeStepTimeS: (b) => 0.01 + 0.001 * b, prefillTimeS: (t) => 1e-5 * t };
const base: ServingInstanceConfig = { performance: step, batchCap: 4, kvCapacityBytes: 1e9, kvBytesPerToken: 1, queueTimeoutS: 1000 };

function pools(routing: (typeof ROUTER_NAMES)[number]) {
  const sim = new Simulation();
  const streams = new RandomStreams('membership', 0);
  const a = new ServingPool(sim, 3, base, createRouter(routing, { random: streams.stream('a') }), 5);
  const b = new ServingPool(sim, 2, { ...base, batchCap: 2 }, createRouter(routing, { random: streams.stream('b') }), 5);
  return { sim, a, b };
}

describe('ServingPool membership', () => {
  it.each(ROUTER_NAMES)('moves an instance only once it is empty, and never routes to it meanwhile (%s)', (routing) => {
    const { sim, a, b } = pools(routing);
    const servedBy = new Map<number, string>();
    a.onComplete = (r) => servedBy.set(r.id, 'a');
    b.onComplete = (r) => servedBy.set(r.id, 'b');
    const submitted: LlmRequest[] = [];
    let id = 0;
    const submitTo = (pool: ServingPool, n: number): void => {
      for (let k = 0; k < n; k++) {
        const r = newRequest(id++, 0, sim.now, 100, 0, 50 + (id % 7) * 20);
        submitted.push(r);
        pool.submit(r);
      }
    };
    submitTo(a, 20);
    const leaving = a.leastLoadedInstance();
    const held = leaving.queueLength + leaving.activeCount;
    expect(held).toBeGreaterThan(0);
    let movedAtS = NaN;
    let moved: ServingInstance | undefined;
    // count what reaches it between release and adoption: nothing may
    const submit = leaving.submit.bind(leaving);
    let submittedWhileDraining = 0;
    leaving.submit = (r) => {
      submittedWhileDraining++;
      submit(r);
    };
    a.release(leaving, (instance) => {
      movedAtS = sim.now;
      moved = instance;
      expect(instance.queueLength + instance.activeCount).toBe(0);
      leaving.submit = submit;
      b.adopt(instance);
    });
    expect(a.instanceCount).toBe(2);
    expect(a.instances).not.toContain(leaving);
    // requests arriving while it drains go to the other instances of a
    sim.scheduleAt(0.05, () => submitTo(a, 10));
    sim.scheduleAt(0.06, () => submitTo(b, 10));
    sim.run();
    expect(moved).toBe(leaving);
    expect(submittedWhileDraining).toBe(0);
    expect(b.instances).toContain(leaving);
    expect(b.instanceCount).toBe(3);
    expect(movedAtS).toBeGreaterThan(0.05);
    // every request served exactly once, each by the pool it was submitted to (its tier)
    expect(servedBy.size).toBe(submitted.length);
    for (const r of submitted) expect(r.completionS).toBeGreaterThanOrEqual(r.arrivalS);
    expect([a.queueLength, a.activeCount, b.queueLength, b.activeCount]).toEqual([0, 0, 0, 0]);
    // counters: the two pools together count every completion once
    expect(a.counters().completed + b.counters().completed).toBe(submitted.length);
    // instance-seconds: 3 + 2 instances all along, whoever held them
    const endS = sim.now;
    expect(a.instanceSecondsUntilNow() + b.instanceSecondsUntilNow()).toBeCloseTo(5 * endS, 9);
    expect(b.instanceSecondsUntilNow()).toBeCloseTo(2 * endS + (endS - movedAtS), 9);
  });

  it('serves with the adopting pool’s settings after the move', () => {
    const { sim, a, b } = pools('join-shortest-queue');
    const leaving = a.leastLoadedInstance();
    a.release(leaving, (instance) => b.adopt(instance));
    sim.run(); // empty: it moves at once
    expect(b.instances).toContain(leaving);
    // b's batch cap is 2: three requests on the moved instance alone run two at a time
    const requests = [0, 1, 2].map((i) => newRequest(i, 0, 0, 10, 0, 101));
    for (const r of requests) leaving.submit(r);
    expect(leaving.activeCount).toBe(2);
    expect(leaving.queueLength).toBe(1);
    sim.run();
    expect(requests[2].admittedS).toBeCloseTo(requests[0].completionS, 12);
  });

  it('keeps at least one routable instance and refuses to exceed its capacity', () => {
    const { sim, a, b } = pools('round-robin');
    const [first, second] = b.instances;
    b.release(first, (instance) => a.adopt(instance));
    expect(() => b.release(second, () => {})).toThrow(/at least one routable instance/);
    sim.run();
    expect(a.instanceCount).toBe(4);
    const full = new ServingPool(sim, 1, base, createRouter('round-robin', { random: new RandomStreams('x', 0).stream('x') }));
    a.release(a.instances[0], (instance) => {
      expect(() => full.adopt(instance)).toThrow(/capacity/);
      b.adopt(instance);
    });
    sim.run();
    expect(b.instanceCount).toBe(2);
  });
});
