import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import { FluidCapacityModel, fluidCapacity, poolCapacity, tokenFactoryCurve } from '../../../models/performance/fluid-capacity.js';
import { bestLayoutAt, tokenFactoryFrontier } from '../../../models/performance/frontier.js';
import { candidateLayouts, type ServingLayout } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

const layout: ServingLayout = { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' };
// t(B) = 10 ms + 1 ms·B; a 1,000-token prompt prefills in 10 ms
const linear = { kind: 'linear', stepBaseS: 0.01, stepPerSequenceS: 0.001, stepPerContextTokenS: 0, prefillBaseS: 0, prefillPerTokenS: 1e-5 } as const;
const workload = { meanPromptTokens: 1000, meanOutputTokens: 100 };

describe('fluid capacity', () => {
  it('takes the largest batch that keeps the target speed and charges prefill time per request', () => {
    const p = fluidCapacity(testRack(), testMoe(), layout, workload, 50, { performance: linear })!;
    // 1/t(B) ≥ 50 ⇔ B ≤ 10; decoding completes λ_d = 10/(0.02·100) = 5 req/s; f = 1/(1 + 5·0.01)
    expect(p.batch).toBe(10);
    expect(p.stepTimeS).toBeCloseTo(0.02, 12);
    expect(p.decodeTimeFraction).toBeCloseTo(1 / 1.05, 12);
    expect(p.outputTokPerSPerInstance).toBeCloseTo(500 / 1.05, 9);
    expect(p.requestsPerSPerInstance).toBeCloseTo(5 / 1.05, 9);
    // decode time plus prefill time fill the instance exactly
    expect(p.decodeTimeFraction + p.requestsPerSPerInstance * 0.01).toBeCloseTo(1, 12);
    expect(p.inputTokPerSPerInstance).toBeCloseTo((5 / 1.05) * 1000, 9);
    // 2 of 8 chips of a 10 kW liquid-cooled rack: 2.5 kW × PUE 1.1
    expect(p.outputTokPerSPerChip).toBeCloseTo(p.outputTokPerSPerInstance / 2, 9);
    expect(p.outputTokPerSPerRack).toBeCloseTo(p.outputTokPerSPerInstance * 4, 9);
    expect(p.outputTokPerSPerMw).toBeCloseTo(p.outputTokPerSPerInstance / 0.00275, 6);
  });

  it('stops at the batch cap and at the memory limit', () => {
    expect(fluidCapacity(testRack(), testMoe(), layout, workload, 1, { performance: linear, batchCap: 4 })!.batch).toBe(4);
    // 67.5 GB of KV; a sequence of 100,000 + 50 tokens holds 5.0025 GB: 13 fit
    const long = new FluidCapacityModel(testRack(), testMoe(), layout, { meanPromptTokens: 100_000, meanOutputTokens: 100 }, { performance: linear });
    expect(long.maxBatch).toBe(13);
    expect(long.atInteractivity(1)!.batch).toBe(13);
  });

  it('cannot reach a speed faster than one sequence alone', () => {
    expect(fluidCapacity(testRack(), testMoe(), layout, workload, 100, { performance: linear })).toBeUndefined(); // 1/t(1) = 90.9
    expect(fluidCapacity(testRack(), testMoe(), layout, workload, 90, { performance: linear })!.batch).toBe(1);
  });

  it('uses the PUE given or the cooling class default', () => {
    const liquid = fluidCapacity(testRack(), testMoe(), layout, workload, 50, { performance: linear })!;
    const air = fluidCapacity(testRack({ cooling: 'air' }), testMoe(), layout, workload, 50, { performance: linear })!;
    expect(liquid.outputTokPerSPerMw / air.outputTokPerSPerMw).toBeCloseTo(1.3 / 1.1, 12);
    const explicit = fluidCapacity(testRack(), testMoe(), layout, workload, 50, { performance: linear, pue: 1.5 })!;
    expect(liquid.outputTokPerSPerMw / explicit.outputTokPerSPerMw).toBeCloseTo(1.5 / 1.1, 12);
  });

  it('scales to a pool of instances', () => {
    const model = new FluidCapacityModel(testRack(), testMoe(), layout, workload, { performance: linear });
    const point = model.atInteractivity(50)!;
    const pool = poolCapacity(model, point, 40);
    expect(pool.outputTokPerS).toBeCloseTo(point.outputTokPerSPerInstance * 40, 9);
    expect(pool.itPowerKw).toBeCloseTo(100, 9);
    expect(pool.facilityPowerMw).toBeCloseTo(0.11, 12);
  });

  it('a prefix-cache hit removes its share of prefill', () => {
    const cold = fluidCapacity(testRack(), testMoe(), layout, workload, 50, { performance: linear })!;
    const warm = fluidCapacity(testRack(), testMoe(), layout, { ...workload, prefixCacheHitFraction: 1 }, 50, { performance: linear })!;
    expect(warm.decodeTimeFraction).toBe(1);
    expect(warm.outputTokPerSPerInstance).toBeGreaterThan(cold.outputTokPerSPerInstance);
  });
});

describe('token-factory curve', () => {
  const catalog = defaultCatalog();
  const rack = getRack(catalog, 'gb200-nvl72');
  const llm = getLlm(catalog, 'deepseek-r1');

  it('trades interactivity for throughput per MW as the batch grows', () => {
    const curve = tokenFactoryCurve(rack, llm, { racksPerInstance: 1, weightPrecision: 'fp4', kvPrecision: 'fp8' }, { meanPromptTokens: 1024, meanOutputTokens: 1024 });
    expect(curve.length).toBeGreaterThan(30);
    expect(curve[0]!.batch).toBe(1);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.batch).toBeGreaterThan(curve[i - 1]!.batch);
      expect(curve[i]!.interactivityTokPerS).toBeLessThanOrEqual(curve[i - 1]!.interactivityTokPerS);
      expect(curve[i]!.outputTokPerSPerMw).toBeGreaterThan(curve[i - 1]!.outputTokPerSPerMw);
    }
  });

  it('lands near the published GB200 DeepSeek-R1 figure at 50 tok/s/user (~2.67M output tok/s per MW, FACTS §7)', () => {
    const best = bestLayoutAt(rack, llm, { meanPromptTokens: 1024, meanOutputTokens: 1024 }, 50)!;
    expect(best.point.outputTokPerSPerMw).toBeGreaterThan(2.67e6 / 2);
    expect(best.point.outputTokPerSPerMw).toBeLessThan(2.67e6 * 2);
  });

  it('the frontier over layouts dominates every single layout', () => {
    const wl = { meanPromptTokens: 2048, meanOutputTokens: 512 };
    const frontier = tokenFactoryFrontier(rack, llm, wl);
    for (let i = 1; i < frontier.length; i++) {
      expect(frontier[i]!.interactivityTokPerS).toBeLessThan(frontier[i - 1]!.interactivityTokPerS);
      expect(frontier[i]!.outputTokPerSPerMw).toBeGreaterThan(frontier[i - 1]!.outputTokPerSPerMw);
    }
    for (const l of candidateLayouts(rack, llm)) {
      for (const p of tokenFactoryCurve(rack, llm, l, wl)) {
        const dominating = frontier.some((f) => f.interactivityTokPerS >= p.interactivityTokPerS * (1 - 1e-12) && f.outputTokPerSPerMw >= p.outputTokPerSPerMw * (1 - 1e-12));
        expect(dominating).toBe(true);
      }
    }
  });
});
