import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import { distinctExpertFraction, RooflineModel, weightBytesTouched } from '../../../models/performance/roofline.js';
import { defaultLayout, resolveInstance } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

describe('MoE distinct experts', () => {
  it('one token touches k of E experts', () => {
    expect(distinctExpertFraction(1, 64, 4)).toBeCloseTo(4 / 64, 12);
    expect(distinctExpertFraction(1, 384, 8)).toBeCloseTo(8 / 384, 12);
  });

  it('many tokens touch all experts, and the count follows E·(1 − (1 − k/E)^B) in between', () => {
    expect(distinctExpertFraction(1e6, 64, 4)).toBeCloseTo(1, 12);
    expect(distinctExpertFraction(16, 64, 4)).toBeCloseTo(1 - Math.pow(60 / 64, 16), 12);
    expect(distinctExpertFraction(1, 1, 1)).toBe(1); // a dense model reads everything
  });

  it('reads the active weights at batch 1 and all weights at a huge batch', () => {
    const llm = testMoe(); // 8B dense + 192B routed, 4 of 64 experts: 20B active
    expect(weightBytesTouched(llm, 'fp8', 1)).toBeCloseTo(llm.activeParamsB * 1e9, -3);
    expect(weightBytesTouched(llm, 'fp8', 1e6)).toBeCloseTo(llm.totalParamsB * 1e9, -3);
    expect(weightBytesTouched(llm, 'fp4', 1)).toBeCloseTo(20e9 * 0.5625, -3);
  });
});

describe('roofline step time', () => {
  const rack = testRack();
  const llm = testMoe();
  const instance = resolveInstance(rack, { chipsPerInstance: 2, weightPrecision: 'fp8', kvPrecision: 'fp8' });
  const model = new RooflineModel(instance, llm);

  it('is t0 + bytes/(BW·η) + FLOPs/(F·μ)', () => {
    // 2 chips: 10 TB/s × 0.8, 2 PF FP8 × 0.1 (FP8 weights run at FP8 rate)
    const batch = 8;
    const context = 8 * 4096;
    const weights = 8e9 + 192e9 * (1 - Math.pow(60 / 64, batch));
    const expected = 0.005 + (weights + context * 50_000) / (10e12 * 0.8) + (batch * 2 * 20e9) / (2e15 * 0.1);
    expect(model.decodeStepTimeS(batch, context)).toBeCloseTo(expected, 12);
    const parts = model.stepTimeBreakdown(batch, context);
    expect(parts.overheadS + parts.interRackS + parts.weightReadS + parts.kvReadS + parts.computeS).toBeCloseTo(expected, 12);
  });

  it('never gets faster with more sequences or more context', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 512 }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (batch, extraBatch, context, extraContext) => {
          const t = model.decodeStepTimeS(batch, context);
          expect(model.decodeStepTimeS(batch + extraBatch, context)).toBeGreaterThanOrEqual(t);
          expect(model.decodeStepTimeS(batch, context + extraContext)).toBeGreaterThanOrEqual(t);
        },
      ),
    );
  });

  it('adds an inter-rack hop per rack boundary to multi-rack instances', () => {
    const three = resolveInstance(rack, { racksPerInstance: 3, weightPrecision: 'fp8', kvPrecision: 'fp8', interRackHopS: 1e-4 });
    const m = new RooflineModel(three, llm);
    expect(m.stepTimeBreakdown(1, 1000).interRackS).toBeCloseTo(2e-4, 15);
    // 3 racks: aggregate bandwidth 120 TB/s × 0.8
    expect(m.stepTimeBreakdown(1, 1000).weightReadS).toBeCloseTo(20e9 / (120e12 * 0.8), 12);
  });

  it('prefills compute-bound: long prompts cost their FLOPs, short ones share a pass', () => {
    const flopsS = (n: number) => (2 * 20e9 * n) / (2e15 * 0.2);
    const pass = 0.005 + 200e9 / (10e12 * 0.8); // t0 + all weights, read once per pass of 2 × 2,048 tokens
    expect(model.prefillTimeS(16_384)).toBeCloseTo(pass + flopsS(16_384), 9);
    expect(model.prefillTimeS(1024)).toBeCloseTo((1024 / 4096) * pass + flopsS(1024), 9);
    expect(model.prefillTimeS(0)).toBe(0);
    const withAttention = new RooflineModel(instance, llm, { attentionFlopsPerContextToken: 1e6 });
    expect(withAttention.prefillTimeS(100_000) - model.prefillTimeS(100_000)).toBeCloseTo((1e6 * 100_000 ** 2) / 2 / (2e15 * 0.2), 6);
  });

  it('lets a scenario override the rack calibration and rejects impossible efficiencies', () => {
    const m = new RooflineModel(instance, llm, { calibration: { stepOverheadS: 0.001 } });
    expect(m.decodeStepTimeS(1, 0) - model.decodeStepTimeS(1, 0)).toBeCloseTo(-0.004, 12);
    expect(() => new RooflineModel(instance, llm, { calibration: { bandwidthEfficiency: 1.5 } })).toThrow(/bandwidthEfficiency: must be in \(0, 1\]/);
  });
});

describe('roofline on the catalog', () => {
  const catalog = defaultCatalog();
  const llm = getLlm(catalog, 'kimi-k2.5');

  it('LPX decodes a trillion-parameter model near 1,000 tok/s per user at small batch; GPUs far slower', () => {
    const lpx = getRack(catalog, 'groq3-lpx');
    const m = new RooflineModel(resolveInstance(lpx, defaultLayout(lpx, llm)), llm);
    const context = 2048;
    const speed = (b: number) => 1 / m.decodeStepTimeS(b, b * context);
    expect(speed(1)).toBeGreaterThan(850);
    expect(speed(1)).toBeLessThan(1300);
    expect(speed(8)).toBeGreaterThan(850);
    for (const id of ['hgx-h100', 'hgx-h200', 'hgx-b200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72']) {
      const rack = getRack(catalog, id);
      const gpu = new RooflineModel(resolveInstance(rack, defaultLayout(rack, llm)), llm);
      expect(1 / gpu.decodeStepTimeS(1, context)).toBeLessThan(400);
    }
  });

  it('slows down as context grows', () => {
    const rack = getRack(catalog, 'gb200-nvl72');
    const m = new RooflineModel(resolveInstance(rack, defaultLayout(rack, llm)), llm);
    const steps = [4_000, 32_000, 128_000, 256_000].map((ctx) => m.decodeStepTimeS(16, 16 * ctx));
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThan(steps[i - 1]!);
  });
});
