import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { createRouter } from '../../../models/policies/routing/index.js';
import { PrefillInstance } from '../../../models/serving/prefill-instance.js';
import { PriorityRequestQueue } from '../../../models/serving/priority-request-queue.js';
import { newRequest, type LlmRequest } from '../../../models/serving/request.js';
import { ServingInstance, type ServingInstanceConfig } from '../../../models/serving/serving-instance.js';
import { ServingPool } from '../../../models/serving/serving-pool.js';
import { SeededStream } from '../../../engine/random/random-source.js';

/**
 * Tiers sharing racks: waiting requests are admitted strictly by priority class (the dearer tier
 * first), FIFO within a class, and nothing of a lower class overtakes a higher one.
 */
const constantStep: PerformanceModel = { kind: 'test', decodeStepTimeS: () => 0.01, prefillTimeS: () => 0 };

/** Tier 0 is class 1 (cheap), tier 1 is class 0 (dear). */
const PRIORITY = { classOfTier: [1, 0], queueTimeoutS: [1000, 1000] };

function config(overrides: Partial<ServingInstanceConfig> = {}): ServingInstanceConfig {
  return { performance: constantStep, batchCap: 1, kvCapacityBytes: 1e12, kvBytesPerToken: 1, priority: PRIORITY, ...overrides };
}

describe('PriorityRequestQueue', () => {
  it('serves class 0 first and FIFO within a class', () => {
    const q = new PriorityRequestQueue(3);
    const r = (id: number): LlmRequest => newRequest(id, 0, id, 1, 0, 1);
    q.push(r(0), 2);
    q.push(r(1), 1);
    q.push(r(2), 2);
    q.push(r(3), 0);
    q.push(r(4), 1);
    expect([q.lengthOf(0), q.lengthOf(1), q.lengthOf(2), q.length]).toEqual([1, 2, 2, 5]);
    const order: number[] = [];
    while (q.length > 0) order.push(q.shift()!.id);
    expect(order).toEqual([3, 1, 4, 0, 2]);
    expect(q.topClass).toBe(3);
    expect(q.shift()).toBeUndefined();
  });
});

describe('ServingInstance with priority classes', () => {
  it('admits the dearer tier’s waiting requests first, each tier in arrival order', () => {
    const sim = new Simulation();
    const instance = new ServingInstance(sim, config());
    const done: number[] = [];
    instance.onComplete = (r) => done.push(r.id);
    // one batch slot: request 0 runs; then cheap 1, 2, dear 3, cheap 4, dear 5 wait
    const tiers = [0, 0, 0, 1, 0, 1];
    const requests = tiers.map((tier, id) => newRequest(id, tier, 0, 10, 0, 11));
    for (const r of requests) instance.submit(r);
    sim.run();
    expect(done).toEqual([0, 3, 5, 1, 2, 4]);
    for (const r of requests) expect(r.completionS).toBeGreaterThan(0);
  });

  it('lets no cheaper request overtake a dearer one that does not fit the KV cache yet', () => {
    const sim = new Simulation();
    const instance = new ServingInstance(sim, config({ batchCap: 4, kvCapacityBytes: 100 }));
    const admitted: number[] = [];
    const requests = [
      newRequest(0, 0, 0, 50, 0, 10), // cheap, 60 bytes: runs
      newRequest(1, 1, 0, 50, 0, 10), // dear, 60 bytes: does not fit beside it, waits
      newRequest(2, 0, 0, 10, 0, 10), // cheap, 20 bytes: would fit, but must not overtake
    ];
    instance.onComplete = (r) => admitted.push(r.id);
    for (const r of requests) instance.submit(r);
    expect(instance.activeCount).toBe(1);
    sim.run();
    expect(admitted).toEqual([0, 1, 2]);
    expect(requests[2].admittedS).toBeGreaterThanOrEqual(requests[1].admittedS);
  });

  it('abandons a cheaper request that times out behind dearer ones, dated arrival + its timeout', () => {
    const sim = new Simulation();
    const instance = new ServingInstance(sim, config({ priority: { classOfTier: [1, 0], queueTimeoutS: [1000, 0.5] } }));
    const abandoned: [number, number][] = [];
    instance.onAbandon = (r, atS) => abandoned.push([r.id, atS]);
    // a long dear request holds the slot; dear ones keep arriving, so the cheap one never reaches the head
    instance.submit(newRequest(0, 1, 0, 10, 0, 1001));
    instance.submit(newRequest(1, 0, 0, 10, 0, 11));
    for (let k = 0; k < 5; k++) {
      const id = 2 + k;
      sim.scheduleAt(0.2 * (k + 1), () => instance.submit(newRequest(id, 1, sim.now, 10, 0, 11)));
    }
    sim.run();
    expect(abandoned).toEqual([[1, 0.5]]);
    expect(instance.queueLengthOf(1)).toBe(0);
  });

  it('keeps one class FIFO without a priority configuration', () => {
    const sim = new Simulation();
    const instance = new ServingInstance(sim, config({ priority: undefined }));
    const done: number[] = [];
    instance.onComplete = (r) => done.push(r.id);
    for (const [id, tier] of [0, 0, 1, 0, 1].entries()) instance.submit(newRequest(id, tier, 0, 10, 0, 11));
    sim.run();
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('priority in pools', () => {
  it('counts each class’s waiting requests across a pool’s instances', () => {
    const sim = new Simulation();
    const pool = new ServingPool(sim, 3, config(), createRouter('join-shortest-queue', { random: new SeededStream('x') }));
    for (let id = 0; id < 9; id++) pool.submit(newRequest(id, id % 3 === 0 ? 1 : 0, 0, 10, 0, 11));
    // three run (one per instance); of the six waiting, two are dear (class 0) and four cheap
    expect(pool.activeCount).toBe(3);
    expect(pool.queueLength).toBe(6);
    expect(pool.queueLengthOf(0) + pool.queueLengthOf(1)).toBe(6);
    expect(pool.queueLengthOf(0)).toBe(2);
    sim.run();
    expect(pool.queueLength).toBe(0);
    expect([pool.queueLengthOf(0), pool.queueLengthOf(1)]).toEqual([0, 0]);
  });

  it('prefills the dearer tier’s prompts first on a shared prefill instance', () => {
    const sim = new Simulation();
    const prefill = new PrefillInstance(sim, { kind: 'test', decodeStepTimeS: () => 1, prefillTimeS: () => 1 }, [1, 0]);
    const order: number[] = [];
    prefill.onPrefilled = (r) => order.push(r.id);
    for (const [id, tier] of [0, 0, 1, 0, 1].entries()) prefill.submit(newRequest(id, tier, 0, 10, 0, 11));
    expect(prefill.queueLengthOf(1)).toBe(3); // the one being prefilled counts
    expect(prefill.queueLengthOf(0)).toBe(2);
    sim.run();
    expect(order).toEqual([0, 2, 4, 1, 3]);
  });
});
