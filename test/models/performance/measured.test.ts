import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import { calibrationCurves } from '../../../models/performance/calibration-curves.js';
import { FluidCapacityModel } from '../../../models/performance/fluid-capacity.js';
import { curveToBatchSteps, interpolateStepTime, MeasuredModel, type MeasuredCurve } from '../../../models/performance/measured.js';
import { resolveInstance, type ServingLayout } from '../../../models/performance/serving-layout.js';

const catalog = defaultCatalog();
const curves = calibrationCurves();

function setup(curveId: string, chipsPerInstance = 16) {
  const curve = curves.find((c) => c.id === curveId)!;
  const rack = getRack(catalog, curve.rackId);
  const llm = getLlm(catalog, curve.llmId);
  const layout: ServingLayout = { chipsPerInstance, weightPrecision: curve.weightPrecision, kvPrecision: curve.kvPrecision };
  const model = new MeasuredModel(resolveInstance(rack, layout), llm, { curve, prefillTokPerSPerChip: curve.prefillTokPerSPerChip.value });
  return { curve, rack, llm, layout, model };
}

describe('measured curve conversion', () => {
  const toy: MeasuredCurve = { id: 'toy', source: 'test', isl: 1000, osl: 1000, points: [[100, 400], [50, 2000], [20, 4000]] };

  it('turns (tok/s/user, total tok/s/GPU) into (batch, step time) per instance', () => {
    // output tok/s per GPU = y/2; batch = chips · y/2 / x; step = 1/x
    const steps = curveToBatchSteps(toy, 4);
    expect(steps.map((s) => s.batch)).toEqual([8, 80, 400]);
    expect(steps.map((s) => s.stepTimeS)).toEqual([0.01, 0.02, 0.05]);
  });

  it('takes prefill’s share of chip time out of the batch', () => {
    // at y = 4000, 2000 input tok/s per GPU at 10,000 tok/s prefill is 20% of the time: batch / 0.8
    const steps = curveToBatchSteps(toy, 4, 10_000);
    expect(steps[2]!.batch).toBeCloseTo(400 / 0.8, 9);
  });

  it('clamps below the smallest measured batch and extends the last slope above the largest', () => {
    const steps = curveToBatchSteps(toy, 4);
    expect(interpolateStepTime(steps, 1)).toBe(0.01);
    const slope = (0.05 - 0.02) / (400 - 80);
    expect(interpolateStepTime(steps, 800)).toBeCloseTo(0.05 + slope * 400, 12);
    // log-log linear in between
    expect(interpolateStepTime(steps, Math.sqrt(8 * 80))).toBeCloseTo(Math.sqrt(0.01 * 0.02), 12);
  });
});

describe('measured performance model', () => {
  for (const curve of curves) {
    it(`reproduces its input points at the reference context: ${curve.id}`, () => {
      const { model } = setup(curve.id);
      for (const [x] of curve.points) {
        const step = model.steps.find((s) => Math.abs(s.stepTimeS - 1 / x) < 1e-12);
        expect(step, `point at ${x} tok/s/user`).toBeDefined();
        expect(model.decodeStepTimeS(step!.batch, step!.batch * model.referenceContextTokens)).toBeCloseTo(1 / x, 12);
      }
    });

    it(`is monotone in batch: ${curve.id}`, () => {
      const { model } = setup(curve.id);
      fc.assert(
        fc.property(fc.double({ min: 0.1, max: 50_000, noNaN: true }), fc.double({ min: 0, max: 5_000, noNaN: true }), (b, extra) => {
          const ctx = model.referenceContextTokens;
          expect(model.decodeStepTimeS(b + extra, (b + extra) * ctx)).toBeGreaterThanOrEqual(model.decodeStepTimeS(b, b * ctx) * (1 - 1e-12));
        }),
      );
    });
  }

  it('gives back the published throughput through the fluid capacity at the curve’s own workload', () => {
    for (const curve of curves) {
      const { rack, llm, layout, model } = setup(curve.id, 64);
      const fluid = new FluidCapacityModel(rack, llm, layout, { meanPromptTokens: curve.isl, meanOutputTokens: curve.osl }, { performance: model });
      for (const [x, y] of curve.points) {
        const step = model.steps.find((s) => Math.abs(s.stepTimeS - 1 / x) < 1e-12)!;
        const point = fluid.atBatch(step.batch);
        expect(point.interactivityTokPerS).toBeCloseTo(x, 9);
        expect(point.outputTokPerSPerChip / ((y * curve.osl) / (curve.isl + curve.osl))).toBeCloseTo(1, 9);
      }
    }
  });

  it('slows down for contexts beyond the reference and ignores them on request', () => {
    const { curve, model, rack, llm, layout } = setup('kimi_k2.5_nvfp4_8k1k_gb200_nvl72_dynamo_vllm_nomtp_2026-04-07');
    const b = 64;
    const ref = model.decodeStepTimeS(b, b * model.referenceContextTokens);
    expect(model.decodeStepTimeS(b, b * 100_000)).toBeGreaterThan(ref);
    expect(model.decodeStepTimeS(b, b * 1_000)).toBeLessThan(ref);
    expect(model.decodeStepTimeS(b, 0)).toBeGreaterThanOrEqual(ref * 0.5);
    const flat = new MeasuredModel(resolveInstance(rack, layout), llm, { curve, contextScaling: 'none' });
    expect(flat.decodeStepTimeS(b, b * 100_000)).toBe(flat.decodeStepTimeS(b, b * 1_000));
  });

  it('prefills at the stated rate per chip', () => {
    const { model } = setup('kimi_k2.5_nvfp4_8k1k_gb200_nvl72_dynamo_vllm_nomtp_2026-04-07', 16);
    expect(model.prefillTimeS(8192)).toBeCloseTo(8192 / (33_600 * 16), 12);
  });
});
