import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { PrefillInstance } from '../../../models/serving/prefill-instance.js';
import { newRequest, type LlmRequest } from '../../../models/serving/request.js';
import { ServingInstance } from '../../../models/serving/serving-instance.js';

/**
 * A power limit slows every step by 1/speed: running at speed s must be the same as running the
 * model whose step and prefill times are all divided by s, and a change of speed must apply from the
 * moment it is made (decode integrated at the old speed up to then, the rest at the new one).
 */
function affineModel(alphaS: number, perSequenceS: number, perContextTokenS: number, prefillPerTokenS: number): PerformanceModel {
  return {
    kind: 'test-affine',
    decodeStepTimeS: (batch, context) => alphaS + perSequenceS * batch + perContextTokenS * context,
    prefillTimeS: (tokens) => prefillPerTokenS * tokens,
  };
}

function slowed(model: PerformanceModel, speed: number): PerformanceModel {
  return {
    kind: 'slowed',
    decodeStepTimeS: (b, c) => model.decodeStepTimeS(b, c) / speed,
    prefillTimeS: (t) => model.prefillTimeS(t) / speed,
  };
}

/** A batch of requests arriving over time, served by one instance; `speed` set before the first arrives. */
function run(model: PerformanceModel, speed: number): LlmRequest[] {
  const sim = new Simulation();
  const instance = new ServingInstance(sim, { performance: model, batchCap: 6, kvCapacityBytes: 1e15, kvBytesPerToken: 1 });
  instance.setSpeedFraction(speed);
  const prompts = [1000, 50_000, 8000, 120_000, 300, 64_000, 2000, 30_000, 700, 4000];
  const outputs = [200, 900, 35, 1500, 700, 64, 1200, 333, 2, 50];
  const requests = prompts.map((p, i) => newRequest(i, 0, 0.37 * i, p, i % 3 === 0 ? Math.floor(p / 2) : 0, outputs[i]));
  for (const r of requests) sim.scheduleAt(r.arrivalS, () => instance.submit(r));
  sim.run();
  return requests;
}

describe('ServingInstance under a power limit', () => {
  const model = affineModel(0.005, 0.0002, 2e-8, 1e-5);

  it('at speed s behaves as the model with every time divided by s', () => {
    for (const speed of [0.5, 0.8]) {
      const throttled = run(model, speed);
      const reference = run(slowed(model, speed), 1);
      for (let i = 0; i < throttled.length; i++) {
        for (const field of ['admittedS', 'firstTokenS', 'completionS'] as const) {
          expect(throttled[i][field], `request ${i} ${field} at speed ${speed}`).toBeCloseTo(reference[i][field], 9);
        }
      }
    }
  });

  it('applies a change of speed from the moment it is made', () => {
    // one request, constant step time τ: tokens before the change at τ each, the rest at τ / s
    const tauS = 0.01;
    const sim = new Simulation();
    const instance = new ServingInstance(sim, { performance: affineModel(tauS, 0, 0, 0), batchCap: 4, kvCapacityBytes: 1e12, kvBytesPerToken: 1 });
    const request = newRequest(0, 0, 0, 100, 0, 1001); // 1,000 decode steps after the first token
    instance.submit(request);
    const changeS = 2.5; // 250 steps done
    sim.scheduleAt(changeS, () => instance.setSpeedFraction(0.5));
    sim.run();
    expect(request.completionS).toBeCloseTo(changeS + (1000 - 250) * (tauS / 0.5), 9);
  });

  it('lets a prefill under way finish on time and slows the next ones', () => {
    const sim = new Simulation();
    const prefill = new PrefillInstance(sim, affineModel(0, 0, 0, 0.001));
    const a = newRequest(0, 0, 0, 1000, 0, 10); // 1 s of prefill
    const b = newRequest(1, 0, 0, 1000, 0, 10);
    prefill.submit(a);
    prefill.submit(b);
    sim.scheduleAt(0.5, () => prefill.setSpeedFraction(0.25));
    sim.run();
    expect(a.firstTokenS).toBeCloseTo(1, 12);
    expect(b.firstTokenS).toBeCloseTo(1 + 4, 12);
  });

  it('refuses a speed outside (0, 1]', () => {
    const instance = new ServingInstance(new Simulation(), { performance: model, batchCap: 1, kvCapacityBytes: 1, kvBytesPerToken: 1 });
    expect(() => instance.setSpeedFraction(0)).toThrow(RangeError);
    expect(() => instance.setSpeedFraction(1.5)).toThrow(RangeError);
  });
});
