import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { joinShortestQueueRouter } from '../../../models/policies/routing/join-shortest-queue.js';
import { FinishSteps } from '../../../models/serving/finish-steps.js';
import { InstanceLoads } from '../../../models/serving/instance-loads.js';
import { newRequest, type LlmRequest } from '../../../models/serving/request.js';
import { RequestPool } from '../../../models/serving/request-pool.js';
import { ServingPool } from '../../../models/serving/serving-pool.js';

/** The speed-ups of the serving pool keep exactly what they replace; these tests pin that. */

describe('InstanceLoads', () => {
  it('always names the least loaded instance, the lowest index on ties, as a scan would', () => {
    const random = new RandomStreams('loads', 0).stream('changes');
    for (const size of [1, 2, 3, 5, 8, 13, 64]) {
      const loads = new InstanceLoads(size);
      const reference = new Array<number>(size).fill(0);
      for (let step = 0; step < 2000; step++) {
        const instance = Math.floor(random.next() * size);
        reference[instance] = Math.max(0, reference[instance] + (random.next() < 0.5 ? -1 : 1));
        loads.set(instance, reference[instance]);
        const scan = reference.indexOf(Math.min(...reference));
        expect(loads.leastLoaded()).toBe(scan);
        expect(loads.load(instance)).toBe(reference[instance]);
      }
    }
  });
});

describe('FinishSteps', () => {
  it('pops by step, in push order within a step, as a sorted list would, across regrowth and wraparound', () => {
    // The reference: a list kept sorted by step, a new request placed after those of its step.
    const reference: { request: LlmRequest; step: number }[] = [];
    const random = new RandomStreams('finish-steps', 0).stream('ops');
    const queue = new FinishSteps();
    let id = 0;
    let clock = 0; // the instance's clock: pushes lie ahead of it, as a request's last token does
    for (let op = 0; op < 40_000; op++) {
      if (queue.size === 0 || random.next() < 0.52) {
        const request = newRequest(id++, 0, 0, 1, 0, 2);
        // mostly short spans (many ties), now and then one far ahead (regrowth), now and then one
        // below the smallest held (a push behind the head)
        const u = random.next();
        const ahead = u < 0.02 ? Math.floor(random.next() * 5000) : u < 0.05 ? 0 : Math.floor(random.next() * 40);
        const step = clock + ahead;
        queue.push(request, step);
        let at = reference.length;
        while (at > 0 && reference[at - 1].step > step) at--;
        reference.splice(at, 0, { request, step });
      } else {
        const head = reference.shift()!;
        expect(queue.peekKey()).toBe(head.step);
        expect(queue.peek()).toBe(head.request);
        expect(queue.pop()).toBe(head.request);
        clock = head.step;
      }
      expect(queue.size).toBe(reference.length);
    }
    while (reference.length > 0) expect(queue.pop()).toBe(reference.shift()!.request);
    expect(queue.peekKey()).toBe(Infinity);
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
  });

  it('keeps steps beyond 2^31 apart (a long run of a fast tier)', () => {
    const queue = new FinishSteps();
    const base = 2 ** 33 + 5;
    const a = newRequest(0, 0, 0, 1, 0, 2);
    const b = newRequest(1, 0, 0, 1, 0, 2);
    queue.push(b, base + 64);
    queue.push(a, base);
    expect(queue.peekKey()).toBe(base);
    expect(queue.pop()).toBe(a);
    expect(queue.peekKey()).toBe(base + 64);
    expect(queue.pop()).toBe(b);
  });

  it('touches exactly the requests of the smallest step', () => {
    const queue = new FinishSteps();
    expect(queue.touchMinStep()).toBe(0);
    const at = (tierIndex: number, finish: number): LlmRequest => {
      const request = newRequest(0, tierIndex, 0, 1, 0, 2);
      request.finishVirtualTokens = finish;
      return request;
    };
    queue.push(at(1, 9.25), 10);
    queue.push(at(2, 30), 30);
    queue.push(at(3, 9.5), 10);
    // (1 + 9.25) + (3 + 9.5): the step-10 requests only
    expect(queue.touchMinStep()).toBe(22.75);
    expect(queue.size).toBe(3);
  });

  it('refuses a step that is not a whole number', () => {
    expect(() => new FinishSteps().push(newRequest(0, 0, 0, 1, 0, 2), 3.5)).toThrow(/step must be an integer/);
    expect(() => new FinishSteps().push(newRequest(0, 0, 0, 1, 0, 2), NaN)).toThrow(/step must be an integer/);
  });
});

describe('RequestPool', () => {
  it('hands out requests with the values newRequest gives, and reuses released ones', () => {
    const pool = new RequestPool();
    const a = pool.take(7, 2, 1.5, 1000, 250, 300);
    const fields = (r: LlmRequest) => ({
      id: r.id,
      tierIndex: r.tierIndex,
      arrivalS: r.arrivalS,
      promptTokens: r.promptTokens,
      cachedPromptTokens: r.cachedPromptTokens,
      outputTokens: r.outputTokens,
      admittedS: r.admittedS,
      firstTokenS: r.firstTokenS,
      completionS: r.completionS,
      kvReservedBytes: r.kvReservedBytes,
      finishVirtualTokens: r.finishVirtualTokens,
    });
    expect(fields(a)).toEqual(fields(newRequest(7, 2, 1.5, 1000, 250, 300)));
    const b = pool.take(8, 0, 2, 10, 0, 20);
    a.admittedS = 3;
    a.firstTokenS = 4.25;
    a.completionS = 9;
    a.kvReservedBytes = 12345;
    a.finishVirtualTokens = 299.5;
    expect(fields(a)).toMatchObject({ admittedS: 3, firstTokenS: 4.25, completionS: 9, kvReservedBytes: 12345, finishVirtualTokens: 299.5 });
    expect(fields(b)).toEqual(fields(newRequest(8, 0, 2, 10, 0, 20)));
    pool.release(a);
    const c = pool.take(9, 1, 5, 11, 1, 12);
    expect(c).toBe(a);
    expect(fields(c)).toEqual(fields(newRequest(9, 1, 5, 11, 1, 12)));
    expect(() => pool.release(newRequest(1, 0, 0, 1, 0, 1))).toThrow(TypeError);
  });
});

describe('ServingPool with tracked loads', () => {
  it('routes, counts and serves exactly as when every instance is visited per request', () => {
    const model: PerformanceModel = {
      kind: 'test-affine',
      decodeStepTimeS: (b, ctx) => 0.01 + 0.0005 * b + 1e-7 * ctx,
      prefillTimeS: (n) => 1e-5 * n,
    };
    const config = { performance: model, batchCap: 6, kvCapacityBytes: 4e5, kvBytesPerToken: 10, queueTimeoutS: 1.5 };
    /** Runs 5 instances under overload (queues, timeouts); `visitAll` hides the tracked loads from the router. */
    const run = (visitAll: boolean) => {
      const sim = new Simulation();
      const jsq = joinShortestQueueRouter();
      const router = visitAll ? { name: jsq.name, choose: (instances: Parameters<typeof jsq.choose>[0]) => jsq.choose(instances) } : jsq;
      const pool = new ServingPool(sim, 5, config, router);
      const random = new RandomStreams('pool', 0).stream('sizes');
      const log: string[] = [];
      pool.onComplete = (r) => log.push(`done ${r.id} ${r.completionS}`);
      pool.onAbandon = (r, atS) => log.push(`gave up ${r.id} ${atS}`);
      let id = 0;
      const arrive = (): void => {
        const r = newRequest(id++, 0, sim.now, 1 + Math.floor(random.next() * 3000), 0, 1 + Math.floor(random.next() * 200));
        pool.submit(r);
        // The totals the pool keeps must equal the sums over its instances.
        let queued = 0;
        let active = 0;
        for (const instance of pool.instances) {
          queued += instance.queueLength;
          active += instance.activeCount;
        }
        expect([pool.queueLength, pool.activeCount]).toEqual([queued, active]);
        if (id < 3000) sim.schedule(random.next() * 0.01, arrive);
      };
      sim.schedule(0, arrive);
      sim.run();
      for (const instance of pool.instances) log.push(`instance served ${instance.counters.completed} in ${instance.counters.busyS} s`);
      return log;
    };
    const tracked = run(false);
    expect(tracked.some((line) => line.startsWith('gave up'))).toBe(true);
    expect(tracked).toEqual(run(true));
  });
});
