import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import {
  AttentionFfnModel,
  attentionFfnProfile,
  defaultFfnLayout,
  resolveAttentionFfnInstance,
  type AttentionFfnConfig,
} from '../../../models/performance/attention-ffn.js';
import { FluidCapacityModel, FluidModel, rackInstanceProfile, type WorkloadShape } from '../../../models/performance/fluid-capacity.js';
import { maxConcurrentSequences, memoryBudget, ServingConfigError } from '../../../models/performance/memory.js';
import { RooflineModel } from '../../../models/performance/roofline.js';
import { candidateLayouts, defaultLayout, resolveInstance } from '../../../models/performance/serving-layout.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';

const catalog = defaultCatalog();
const lpx = getRack(catalog, 'groq3-lpx');
const rubin = getRack(catalog, 'vr-nvl72');
const gptMoe = getLlm(catalog, 'gpt-moe-2t');
const kimi = getLlm(catalog, 'kimi-k2.5');
const GPU_RACKS = ['hgx-h100', 'hgx-h200', 'hgx-b200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72'];
const LONG_CONTEXT = 400_000;

function afdConfig(llm = gptMoe, attentionRacksPerInstance = 1): AttentionFfnConfig {
  return { ffnRack: lpx, ffnLayout: defaultFfnLayout(lpx, llm), attentionRack: rubin, attentionRacksPerInstance };
}

/** Decode only: the AFD instance sits behind a prefill pool, so its fluid model charges no prefill. */
function decodeOnly(model: PerformanceModel): PerformanceModel {
  return { kind: model.kind, decodeStepTimeS: (b, c) => model.decodeStepTimeS(b, c), prefillTimeS: () => 0 };
}

const chat: WorkloadShape = { meanPromptTokens: 1024, meanOutputTokens: 1024 };

describe('attention–FFN instance: memory', () => {
  it('puts the routed experts on the fewest LPX racks that hold them and the dense weights and KV on Rubin', () => {
    const afd = resolveAttentionFfnInstance(gptMoe, afdConfig());
    // 1,737 GB of routed experts at FP8 over 115.2 GB usable per LPX rack: 16 racks
    expect(afd.ffn.racks).toBe(16);
    expect(afd.ffnWeightsBytes).toBeLessThan(afd.ffn.usableMemoryBytes);
    expect(afd.ffnWeightsBytes).toBeGreaterThan(15 * lpx.memoryGb * 1e9 * 0.9);
    expect(afd.attentionWeightsBytesPerRack).toBeCloseTo(62.86e9, -6);
    expect(afd.memory.kvCapacityBytes).toBeCloseTo(rubin.memoryGb * 1e9 * 0.9 - 62.86e9, -6);
    expect(afd.chips).toBe(16 * 256 + 72);
    expect(afd.peakPowerKw).toBe(17 * 200);
    expect(afd.idlePowerKw).toBe(16 * lpx.idlePowerKw + rubin.idlePowerKw);
  });

  it('holds a 400K-token gpt-moe-2t sequence, which LPX alone cannot', () => {
    const afd = resolveAttentionFfnInstance(gptMoe, afdConfig());
    expect(maxConcurrentSequences(afd.memory, LONG_CONTEXT)).toBeGreaterThanOrEqual(100);
    // LPX alone at its default layout, KV at BF16 (491 KB/token: 196 GB per 400K sequence)
    const bf16Layout = defaultLayout(lpx, gptMoe, { kvPrecision: 'bf16' });
    expect(maxConcurrentSequences(memoryBudget(resolveInstance(lpx, bf16Layout), gptMoe), LONG_CONTEXT)).toBe(0);
    // LPX alone on as many racks as the AFD instance's FFN side, KV at FP8 (98 GB per 400K sequence)
    const sameRacks = memoryBudget(resolveInstance(lpx, afd.ffn.layout), gptMoe);
    expect(maxConcurrentSequences(sameRacks, LONG_CONTEXT)).toBe(0);
  });

  it('doubles the KV room with two data-parallel attention racks, each holding a copy of the dense weights', () => {
    const one = resolveAttentionFfnInstance(gptMoe, afdConfig(gptMoe, 1));
    const two = resolveAttentionFfnInstance(gptMoe, afdConfig(gptMoe, 2));
    expect(two.memory.kvCapacityBytes).toBeCloseTo(2 * one.memory.kvCapacityBytes, -3);
    expect(two.memory.weightsBytes).toBeCloseTo(2 * one.memory.weightsBytes, -3);
  });

  it('names the shortfall when the FFN racks cannot hold the experts, and wants whole FFN racks', () => {
    const tooFew = { ...afdConfig(), ffnLayout: { ...defaultFfnLayout(lpx, gptMoe), chipsPerInstance: undefined, racksPerInstance: 15 } };
    expect(() => resolveAttentionFfnInstance(gptMoe, tooFew)).toThrow(ServingConfigError);
    expect(() => resolveAttentionFfnInstance(gptMoe, tooFew)).toThrow(/routed experts do not fit on 15 racks of groq3-lpx.*short by/);
    const chips = { ...afdConfig(), ffnLayout: { chipsPerInstance: 256, weightPrecision: 'fp8' as const, kvPrecision: 'fp8' as const } };
    expect(() => resolveAttentionFfnInstance(gptMoe, chips)).toThrow(/racksPerInstance/);
    expect(() => resolveAttentionFfnInstance(gptMoe, { ...afdConfig(), attentionRacksPerInstance: 0 })).toThrow(/attention.racksPerInstance/);
  });
});

describe('attention–FFN instance: speed', () => {
  it('serves gpt-moe-2t at ≥ 350 tok/s/user at batch 1, even at 400K context, where vr-nvl72 alone cannot', () => {
    const model = new AttentionFfnModel(resolveAttentionFfnInstance(gptMoe, afdConfig()));
    expect(1 / model.decodeStepTimeS(1, 2048)).toBeGreaterThanOrEqual(350);
    expect(1 / model.decodeStepTimeS(1, LONG_CONTEXT)).toBeGreaterThanOrEqual(350);
    for (const layout of candidateLayouts(rubin, gptMoe)) {
      const alone = new RooflineModel(resolveInstance(rubin, layout), gptMoe);
      expect(1 / alone.decodeStepTimeS(1, 2048)).toBeLessThan(350);
    }
  });

  it('approaches 1,000 tok/s/user at small batch on trillion-parameter models', () => {
    for (const llm of [gptMoe, kimi]) {
      const model = new AttentionFfnModel(resolveAttentionFfnInstance(llm, afdConfig(llm)));
      const speed = 1 / model.decodeStepTimeS(1, 8192);
      expect(speed).toBeGreaterThan(1000);
      expect(speed).toBeLessThan(2500);
    }
  });

  it('has a step time affine in the total context and non-decreasing in the batch', () => {
    const model = new AttentionFfnModel(resolveAttentionFfnInstance(gptMoe, afdConfig()));
    for (const batch of [1, 7, 64, 500]) {
      const [c0, c1] = [batch * 1000, batch * 300_000];
      const mid = model.decodeStepTimeS(batch, (c0 + c1) / 2);
      expect(mid).toBeCloseTo((model.decodeStepTimeS(batch, c0) + model.decodeStepTimeS(batch, c1)) / 2, 12);
      expect(model.decodeStepTimeS(batch, c1)).toBeGreaterThan(model.decodeStepTimeS(batch, c0));
      expect(model.decodeStepTimeS(batch + 1, c0)).toBeGreaterThanOrEqual(model.decodeStepTimeS(batch, c0));
    }
  });

  it('adds up both sides (no overlap): the breakdown sums to the step, which exceeds each side alone', () => {
    const model = new AttentionFfnModel(resolveAttentionFfnInstance(gptMoe, afdConfig()));
    const b = model.stepTimeBreakdown(32, 32 * 50_000);
    expect(b.totalS).toBeCloseTo(model.decodeStepTimeS(32, 32 * 50_000), 15);
    expect(b.activationHopsS).toBeCloseTo(2 * gptMoe.layers * 2.5e-6, 12);
    expect(b.ffnOverheadS).toBe(lpx.roofline.stepOverheadS);
    const ffnSide = b.ffnOverheadS + b.ffnWeightReadS + b.ffnComputeS;
    const attentionSide = b.attentionWeightReadS + b.kvReadS + b.attentionComputeS;
    expect(b.totalS).toBeGreaterThan(ffnSide + attentionSide);
    // a slower hop slows every step by 2·layers times the difference
    const slow = new AttentionFfnModel(resolveAttentionFfnInstance(gptMoe, afdConfig()), { activationHopS: 5e-6 });
    expect(slow.decodeStepTimeS(1, 0) - model.decodeStepTimeS(1, 0)).toBeCloseTo(2 * gptMoe.layers * 2.5e-6, 12);
  });

  it('prefills as the attention racks’ roofline would', () => {
    const afd = resolveAttentionFfnInstance(gptMoe, afdConfig());
    const model = new AttentionFfnModel(afd);
    expect(model.prefillTimeS(8192)).toBeCloseTo(new RooflineModel(afd.attention, gptMoe).prefillTimeS(8192), 12);
  });
});

describe('attention–FFN instance: the token-factory chart', () => {
  it('has throughput per MW at 1,000 tok/s/user, which no GPU rack reaches', () => {
    for (const llm of [gptMoe, kimi]) {
      const profile = attentionFfnProfile(llm, afdConfig(llm));
      const fluid = FluidModel.fromProfile(profile, llm, chat, { performance: decodeOnly(profile.performance) });
      const premium = fluid.atInteractivity(350)!;
      const ultra = fluid.atInteractivity(1000)!;
      expect(ultra.outputTokPerSPerMw).toBeGreaterThan(0);
      expect(premium.outputTokPerSPerMw).toBeGreaterThan(ultra.outputTokPerSPerMw);
      for (const rackId of GPU_RACKS) {
        const rack = getRack(catalog, rackId);
        for (const layout of candidateLayouts(rack, llm)) {
          expect(new FluidCapacityModel(rack, llm, layout, chat).atInteractivity(1000)).toBeUndefined();
        }
      }
    }
  });

  it('charges both rack kinds’ power and PUE per MW', () => {
    const profile = attentionFfnProfile(gptMoe, afdConfig(), { pueByCooling: { air: 1.3, liquid: 1.2 } });
    expect(profile.pue).toBeCloseTo(1.2, 12);
    expect(profile.label).toBe('groq3-lpx + vr-nvl72');
    const fluid = FluidModel.fromProfile(profile, gptMoe, chat, { performance: decodeOnly(profile.performance) });
    const p = fluid.atInteractivity(350)!;
    expect(p.outputTokPerSPerMw).toBeCloseTo(p.outputTokPerSPerInstance / ((17 * 200 * 1.2) / 1000), 6);
    expect(p.outputTokPerSPerChip).toBeCloseTo(p.outputTokPerSPerInstance / (16 * 256 + 72), 9);
    // an air-cooled attention rack raises the weighted PUE by its share of the peak power
    const air = attentionFfnProfile(gptMoe, { ...afdConfig(), attentionRack: { ...rubin, cooling: 'air' } }, { pueByCooling: { air: 1.3, liquid: 1.1 } });
    expect(air.pue).toBeCloseTo((16 * 200 * 1.1 + 200 * 1.3) / (17 * 200), 12);
  });

  it('gives FluidCapacityModel and FluidModel.fromProfile(rackInstanceProfile) the same numbers', () => {
    const layout = defaultLayout(rubin, kimi);
    const a = new FluidCapacityModel(rubin, kimi, layout, chat).atInteractivity(100)!;
    const b = FluidModel.fromProfile(rackInstanceProfile(rubin, kimi, layout), kimi, chat).atInteractivity(100)!;
    expect(b).toEqual(a);
  });
});
