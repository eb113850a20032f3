import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { createRouter, ROUTER_NAMES } from '../../../models/policies/routing/index.js';
import type { ServingInstance } from '../../../models/serving/serving-instance.js';

/** Routers only read these three properties of an instance. */
function instances(loads: Array<{ waiting: number; active: number; kv: number }>): ServingInstance[] {
  return loads.map((l) => ({ queueLength: l.waiting, activeCount: l.active, kvUsedFraction: l.kv }) as unknown as ServingInstance);
}

const context = () => ({ random: new RandomStreams('routing', 0).stream('router') });

describe('routing policies', () => {
  it('round-robin cycles through the instances whatever their load', () => {
    const router = createRouter('round-robin', context());
    const pool = instances([{ waiting: 9, active: 9, kv: 1 }, { waiting: 0, active: 0, kv: 0 }, { waiting: 5, active: 1, kv: 0.5 }]);
    expect(Array.from({ length: 7 }, () => router.choose(pool))).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('join-shortest-queue picks the fewest waiting plus running, lowest index on ties', () => {
    const router = createRouter('join-shortest-queue', context());
    expect(router.choose(instances([{ waiting: 2, active: 3, kv: 0 }, { waiting: 0, active: 4, kv: 0.9 }, { waiting: 1, active: 3, kv: 0 }]))).toBe(1);
    expect(router.choose(instances([{ waiting: 1, active: 1, kv: 0 }, { waiting: 0, active: 2, kv: 0 }]))).toBe(0);
  });

  it('least-loaded picks the least KV memory in use', () => {
    const router = createRouter('least-loaded', context());
    expect(router.choose(instances([{ waiting: 0, active: 1, kv: 0.8 }, { waiting: 5, active: 9, kv: 0.2 }, { waiting: 0, active: 0, kv: 0.5 }]))).toBe(1);
  });

  it('power-of-two-choices never picks the more loaded of its two samples, so never the busiest of two', () => {
    const router = createRouter('power-of-two-choices', context());
    const pool = instances([{ waiting: 10, active: 10, kv: 0 }, { waiting: 0, active: 0, kv: 0 }]);
    for (let i = 0; i < 200; i++) expect(router.choose(pool)).toBe(1);
    // With many equal instances it spreads load: every instance is chosen sometimes.
    const flat = instances(Array.from({ length: 8 }, () => ({ waiting: 0, active: 0, kv: 0 })));
    const seen = new Set(Array.from({ length: 400 }, () => router.choose(flat)));
    expect(seen.size).toBe(8);
  });

  it('every router name builds', () => {
    for (const name of ROUTER_NAMES) expect(createRouter(name, context()).name).toBe(name);
  });
});
