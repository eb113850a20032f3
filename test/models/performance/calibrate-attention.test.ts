/**
 * The attention term the calibration relies on (roofline.ts, docs/serving-model.md §3): the model's
 * catalog attention FLOPs are charged by default, at the KV-cache precision's rate, in decode and in
 * prefill, and the step stays affine in the total context (the serving pool's decode spans need it).
 */
import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import { attentionPeakFlopsPerS, RooflineModel } from '../../../models/performance/roofline.js';
import { candidateLayouts, defaultLayout, resolveInstance } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

// testRack: 8 chips of 2 PF FP4, 1 PF FP8, 0.5 PF BF16; μ = μ_prefill/2 = 0.1
const rack = testRack();
const attention = 1e6;

describe('attention FLOPs in the roofline', () => {
  it('come from the catalog model by default; an option overrides them, 0 turns them off', () => {
    const instance = resolveInstance(rack, { chipsPerInstance: 2, weightPrecision: 'fp8', kvPrecision: 'fp8' });
    const withCatalog = new RooflineModel(instance, testMoe({ attentionFlopsPerContextToken: attention }));
    const without = new RooflineModel(instance, testMoe({ attentionFlopsPerContextToken: attention }), { attentionFlopsPerContextToken: 0 });
    const context = 8 * 4096;
    // 2 chips at FP8: 2 PF × μ 0.1
    expect(withCatalog.decodeStepTimeS(8, context) - without.decodeStepTimeS(8, context)).toBeCloseTo((context * attention) / (2e15 * 0.1), 12);
    expect(withCatalog.stepTimeBreakdown(8, context).attentionComputeS).toBeCloseTo((context * attention) / (2e15 * 0.1), 12);
    expect(new RooflineModel(instance, testMoe()).stepTimeBreakdown(8, context).attentionComputeS).toBe(0);
    expect(() => new RooflineModel(instance, testMoe(), { attentionFlopsPerContextToken: -1 })).toThrow(/must be ≥ 0/);
  });

  it('run at the KV-cache precision, never faster than the weights', () => {
    const at = (weightPrecision: 'fp4' | 'fp8' | 'bf16', kvPrecision: 'fp4' | 'fp8' | 'bf16') =>
      attentionPeakFlopsPerS(resolveInstance(rack, { chipsPerInstance: 2, weightPrecision, kvPrecision }));
    expect(at('fp4', 'bf16')).toBeCloseTo(1e15, 3); // 2 × 0.5 PF BF16, a quarter of the FP4 weights' 4 PF
    expect(at('fp4', 'fp8')).toBeCloseTo(2e15, 3);
    expect(at('fp4', 'fp4')).toBeCloseTo(4e15, 3);
    expect(at('bf16', 'fp8')).toBeCloseTo(1e15, 3); // capped at the BF16 weights' rate
    const m = new RooflineModel(resolveInstance(rack, { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'bf16' }), testMoe({ attentionFlopsPerContextToken: attention }));
    expect(m.stepTimeBreakdown(4, 40_000).attentionComputeS).toBeCloseTo((40_000 * attention) / (1e15 * 0.1), 12);
  });

  it('make prefill quadratic in the prompt, at the KV precision and the prefill efficiency', () => {
    const instance = resolveInstance(rack, { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'bf16' });
    const withAttention = new RooflineModel(instance, testMoe({ attentionFlopsPerContextToken: attention }));
    const without = new RooflineModel(instance, testMoe());
    const n = 100_000;
    expect(withAttention.prefillTimeS(n) - without.prefillTimeS(n)).toBeCloseTo((attention * n * n) / 2 / (1e15 * 0.2), 6);
  });

  it('keep every catalog model affine in the total context on every rack', () => {
    const catalog = defaultCatalog();
    for (const rackId of Object.keys(catalog.racks)) {
      for (const llmId of Object.keys(catalog.llms)) {
        const r = getRack(catalog, rackId);
        const llm = getLlm(catalog, llmId);
        for (const layout of [defaultLayout(r, llm), ...candidateLayouts(r, llm).slice(-1)]) {
          const m = new RooflineModel(resolveInstance(r, layout), llm);
          for (const batch of [1, 16, 256]) {
            const [a, b, c] = [0, 1, 2].map((k) => m.decodeStepTimeS(batch, batch * (1_000 + k * 50_000)));
            expect(a! + c!, `${rackId} ${llmId} B=${batch}`).toBeCloseTo(2 * b!, 12);
            expect(b!, `${rackId} ${llmId} B=${batch}`).toBeGreaterThan(a!);
          }
        }
      }
    }
  });
});
