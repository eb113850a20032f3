import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/simulation.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { newRequest, timePerOutputTokenS, type LlmRequest } from '../../../models/serving/request.js';
import { ServingInstance } from '../../../models/serving/serving-instance.js';

/** Step time α + γ·B + β·Σcontext: the affine form every performance kind has. */
function affineModel(alphaS: number, perSequenceS: number, perContextTokenS: number, prefillPerTokenS = 0): PerformanceModel {
  return {
    kind: 'test-affine',
    decodeStepTimeS: (batch, contextTokens) => alphaS + perSequenceS * batch + perContextTokenS * contextTokens,
    prefillTimeS: (tokens) => prefillPerTokenS * tokens,
  };
}

/**
 * Reference: a closed batch run one decode step at a time. Every step all running sequences emit a
 * token; the step lasts t(B, Σcontext) with the context before the step.
 */
function stepwiseCompletionTimes(model: PerformanceModel, prompts: number[], outputs: number[]): number[] {
  const remaining = outputs.map((n) => n - 1);
  const context = prompts.map((p) => p + 1);
  const done = outputs.map(() => 0);
  let timeS = 0;
  let running = remaining.filter((r) => r > 0).length;
  while (running > 0) {
    let batch = 0;
    let contextTotal = 0;
    for (let i = 0; i < remaining.length; i++) {
      if (remaining[i] > 0) {
        batch++;
        contextTotal += context[i];
      }
    }
    timeS += model.decodeStepTimeS(batch, contextTotal);
    for (let i = 0; i < remaining.length; i++) {
      if (remaining[i] > 0) {
        remaining[i]--;
        context[i]++;
        if (remaining[i] === 0) {
          done[i] = timeS;
          running--;
        }
      }
    }
  }
  return done;
}

function runClosedBatch(model: PerformanceModel, prompts: number[], outputs: number[], batchCap = 64): LlmRequest[] {
  const sim = new Simulation();
  const instance = new ServingInstance(sim, { performance: model, batchCap, kvCapacityBytes: 1e15, kvBytesPerToken: 1 });
  const requests = prompts.map((p, i) => newRequest(i, 0, 0, p, 0, outputs[i]));
  for (const r of requests) instance.submit(r);
  sim.run();
  return requests;
}

describe('ServingInstance decode clock', () => {
  it('matches a step-by-step simulation when context growth dominates the step time', () => {
    // β·context is ~70% of the step time at the end, so ignoring context growth would be far off.
    const model = affineModel(0.005, 0.0002, 2e-8);
    const prompts = [1000, 50_000, 8000, 120_000, 300, 64_000, 2000, 30_000];
    const outputs = [200, 900, 35, 1500, 700, 64, 1200, 333];
    const analytic = runClosedBatch(model, prompts, outputs);
    const stepwise = stepwiseCompletionTimes(model, prompts, outputs);
    for (let i = 0; i < prompts.length; i++) {
      const steps = outputs[i] - 1;
      // The continuous clock sees context grow within a step; the discrete one adds it at step ends:
      // they differ by at most half a token of context per sequence per step.
      const bound = steps * 0.5 * 2e-8 * prompts.length + 1e-9;
      expect(Math.abs(analytic[i].completionS - stepwise[i])).toBeLessThanOrEqual(bound + 1e-6 * stepwise[i]);
    }
  });

  it('gives a lone request exactly one step time per output token, after its prefill', () => {
    const model = affineModel(0.01, 0, 0, 1e-4);
    const [request] = runClosedBatch(model, [2000], [101]);
    expect(request.firstTokenS).toBeCloseTo(0.2, 12);
    expect(timePerOutputTokenS(request)).toBeCloseTo(0.01, 12);
    expect(request.completionS).toBeCloseTo(0.2 + 100 * 0.01, 9);
  });

  it('pauses decode while another prompt prefills', () => {
    const model = affineModel(0.01, 0, 0, 1e-3);
    const sim = new Simulation();
    const instance = new ServingInstance(sim, { performance: model, batchCap: 8, kvCapacityBytes: 1e15, kvBytesPerToken: 1 });
    const first = newRequest(0, 0, 0, 100, 0, 51); // prefill 0.1 s, then 50 steps = 0.5 s
    const second = newRequest(1, 0, 0.2, 300, 0, 2); // arrives mid-decode, prefill 0.3 s
    instance.submit(first);
    sim.scheduleAt(0.2, () => instance.submit(second));
    sim.run();
    expect(first.completionS).toBeCloseTo(0.1 + 0.5 + 0.3, 9);
    expect(second.firstTokenS).toBeCloseTo(0.5, 9);
    expect(second.completionS).toBeCloseTo(0.51, 9);
  });

  it('ends a request at the end of the decode step in which its last token falls', () => {
    // Steps of 10 ms, prefill 1 ms per token. `first` decodes from 0.1 s (V = 0). A arrives at V = 10.2
    // and B at V = 10.7; each prefills for 0.1 s (decode pauses) and joins needing 2 more tokens.
    // Without steps A would finish at V = 12.2 and B at 12.7; with them both finish as step 13 ends.
    const model = affineModel(0.01, 0, 0, 1e-3);
    const sim = new Simulation();
    const instance = new ServingInstance(sim, { performance: model, batchCap: 8, kvCapacityBytes: 1e15, kvBytesPerToken: 1 });
    const first = newRequest(0, 0, 0, 100, 0, 51);
    const a = newRequest(1, 0, 0.202, 100, 0, 3);
    const b = newRequest(2, 0, 0.307, 100, 0, 3);
    instance.submit(first);
    sim.scheduleAt(0.202, () => instance.submit(a));
    sim.scheduleAt(0.307, () => instance.submit(b));
    sim.run();
    expect(a.firstTokenS).toBeCloseTo(0.302, 9);
    expect(b.firstTokenS).toBeCloseTo(0.407, 9);
    // from B's join at V = 10.7: 2.3 steps to the end of step 13
    expect(a.completionS).toBeCloseTo(0.407 + 0.023, 9);
    expect(b.completionS).toBe(a.completionS);
    // `first` joined at V = 0, a step boundary: 50 steps of 10 ms plus the two 0.1 s pauses
    expect(first.completionS).toBeCloseTo(0.1 + 0.5 + 0.2, 9);
    // a slot held to the step's end produces no token: the counter is still exact
    instance.syncCounters();
    expect(instance.counters.outputTokens).toBeCloseTo(51 + 3 + 3, 9);
  });

  it('never runs more sequences than the batch cap or the KV memory allows', () => {
    const model = affineModel(0.01, 0.001, 0);
    const sim = new Simulation();
    const kvBytesPerToken = 1000;
    // Room for exactly three 4K-context requests, or none of a 400K one.
    const instance = new ServingInstance(sim, {
      performance: model,
      batchCap: 5,
      kvCapacityBytes: 3 * 4096 * kvBytesPerToken,
      kvBytesPerToken,
    });
    let peak = 0;
    let peakKv = 0;
    const requests: LlmRequest[] = [];
    for (let i = 0; i < 12; i++) {
      const r = newRequest(i, 0, 0, 4096 - 96, 0, 96);
      requests.push(r);
      instance.submit(r);
    }
    const probe = (): void => {
      peak = Math.max(peak, instance.activeCount);
      peakKv = Math.max(peakKv, instance.kvUsedFraction);
      if (instance.activeCount + instance.queueLength > 0) sim.schedule(0.005, probe);
    };
    sim.schedule(0, probe);
    sim.run();
    expect(peak).toBe(3);
    expect(peakKv).toBeLessThanOrEqual(1);
    expect(requests.every((r) => r.completionS > 0)).toBe(true);
    const longContext = newRequest(99, 0, 0, 400_000, 0, 10);
    expect(instance.kvBytesFor(longContext) / instance.kvBytesFor(requests[0])).toBeGreaterThan(95);
    expect(instance.canEverFit(longContext)).toBe(false);
  });

  it('conserves tokens: the counter equals the output tokens of the completed requests', () => {
    const model = affineModel(0.004, 0.0003, 1e-8, 2e-5);
    const prompts = Array.from({ length: 40 }, (_, i) => 200 + 37 * i);
    const outputs = Array.from({ length: 40 }, (_, i) => 1 + ((i * 53) % 300));
    const sim = new Simulation();
    const instance = new ServingInstance(sim, { performance: model, batchCap: 16, kvCapacityBytes: 1e15, kvBytesPerToken: 1 });
    prompts.forEach((p, i) => sim.scheduleAt(i * 0.05, () => instance.submit(newRequest(i, 0, sim.now, p, 0, outputs[i]))));
    sim.run();
    instance.syncCounters();
    const expected = outputs.reduce((a, b) => a + b, 0);
    expect(instance.counters.completed).toBe(40);
    expect(Math.abs(instance.counters.outputTokens - expected)).toBeLessThan(1e-6 * expected);
    expect(instance.counters.prefillTokens).toBe(prompts.reduce((a, b) => a + b, 0));
  });
});
