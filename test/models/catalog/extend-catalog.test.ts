import { describe, expect, it } from 'vitest';
import { defaultCatalog, extendCatalog, getLlm, getRack, getTier } from '../../../models/catalog/catalog.js';

const base = defaultCatalog();

describe('extendCatalog', () => {
  it('adds a custom rack, filling in the documented defaults with estimate sources', () => {
    const catalog = extendCatalog(base, {
      racks: {
        'my-asic': {
          name: 'My ASIC rack',
          chipName: 'A1',
          chips: 16,
          memoryGb: 2048,
          memoryBandwidthTbPerS: 64,
          computePflops: { fp8: 40 },
          peakPowerKw: 30,
          cooling: 'liquid',
          sources: { peakPowerKw: { source: 'vendor sheet', grade: 'P' } },
        },
      },
    });
    const rack = getRack(catalog, 'my-asic');
    expect(rack.id).toBe('my-asic');
    expect(rack.chips).toBe(16);
    expect(rack.idlePowerKw).toBeCloseTo(0.35 * 30, 9);
    expect(rack.roofline.stepOverheadS).toBeGreaterThan(0);
    expect(rack.sources.peakPowerKw).toEqual({ source: 'vendor sheet', grade: 'P' });
    expect(rack.sources.chips!.grade).toBe('E');
    expect(rack.sources.idlePowerKw!.grade).toBe('E');
    expect(rack.sources['roofline.bandwidthEfficiency']!.grade).toBe('E');
    // the base catalog is untouched and shared, not copied
    expect(Object.hasOwn(base.racks, 'my-asic')).toBe(false);
    expect(catalog.racks['gb200-nvl72']).toBe(base.racks['gb200-nvl72']);
  });

  it('overrides one field of an existing rack and marks it as a scenario override', () => {
    const catalog = extendCatalog(base, { racks: { 'gb200-nvl72': { peakPowerKw: 140, roofline: { stepOverheadS: 0.005 } } } });
    const rack = getRack(catalog, 'gb200-nvl72');
    expect(rack.peakPowerKw).toBe(140);
    expect(rack.roofline.stepOverheadS).toBe(0.005);
    expect(rack.roofline.bandwidthEfficiency).toBe(base.racks['gb200-nvl72']!.roofline.bandwidthEfficiency); // nested merge
    expect(rack.memoryGb).toBe(13_400);
    expect(rack.sources.peakPowerKw).toMatchObject({ source: 'scenario override', grade: 'E' });
    expect(rack.sources.peakPowerKw!.note).toContain('was 134.64');
    expect(rack.sources.memoryGb).toEqual(base.racks['gb200-nvl72']!.sources.memoryGb);
    expect(getRack(base, 'gb200-nvl72').peakPowerKw).toBe(134.64);
  });

  it('keeps a source the scenario gives with its override', () => {
    const sourced = { source: 'our lab measurement', grade: 'P' as const };
    const catalog = extendCatalog(base, { racks: { 'hgx-h100': { idlePowerKw: 2.5, sources: { idlePowerKw: sourced } } } });
    expect(getRack(catalog, 'hgx-h100').sources.idlePowerKw).toEqual(sourced);
  });

  it('lets a scenario resize the GPT MoE, re-deriving its dense params', () => {
    const catalog = extendCatalog(base, { llms: { 'gpt-moe-2t': { totalParamsB: 2000, activeParamsB: 300 } } });
    const llm = getLlm(catalog, 'gpt-moe-2t');
    const touchedB = llm.denseParamsB + (llm.activeExperts / llm.experts) * (llm.totalParamsB - llm.denseParamsB);
    expect(touchedB).toBeCloseTo(300, 3);
    expect(llm.sources.denseParamsB).toMatchObject({ source: 'derived', grade: 'E' });
    expect(getLlm(base, 'gpt-moe-2t').totalParamsB).toBe(1800);
  });

  it('adds a model and a tier that uses it, in one call', () => {
    const catalog = extendCatalog(base, {
      llms: {
        'dense-70b': {
          name: 'Dense 70B',
          totalParamsB: 70,
          activeParamsB: 70,
          layers: 80,
          experts: 1,
          activeExperts: 1,
          kvBytesPerToken: { bf16: 2 * 80 * 8 * 128 * 2 },
          nativeContextTokens: 131_072,
        },
      },
      tiers: {
        budget: { name: 'Budget', modelId: 'dense-70b', priceUsdPerMTokOut: 0.5, interactivityTokPerS: 20, ttftTargetS: 4, maxContextTokens: 8192 },
      },
    });
    expect(getLlm(catalog, 'dense-70b').denseParamsB).toBe(70);
    const tier = getTier(catalog, 'budget');
    expect(tier.priceUsdPerMTokIn).toBe(0);
    expect(tier.sources.priceUsdPerMTokIn!.grade).toBe('E');
  });

  it('moves a tier onto another model', () => {
    const catalog = extendCatalog(base, { tiers: { ultra: { modelId: 'deepseek-r1', maxContextTokens: 131_072 } } });
    expect(getTier(catalog, 'ultra').modelId).toBe('deepseek-r1');
    expect(getTier(catalog, 'ultra').sources.modelId!.source).toBe('scenario override');
  });

  it('returns a frozen catalog and accepts an empty addition', () => {
    const catalog = extendCatalog(base, {});
    expect(catalog).not.toBe(base);
    expect(Object.keys(catalog.racks)).toEqual(Object.keys(base.racks));
    expect(() => {
      (catalog.tiers as Record<string, unknown>).extra = {};
    }).toThrow(TypeError);
  });

  it('extends an extended catalog', () => {
    const once = extendCatalog(base, { racks: { 'vr-nvl72': { peakPowerKw: 230 } } });
    const twice = extendCatalog(once, { racks: { 'vr-nvl72': { idlePowerKw: 80 } } });
    expect([getRack(twice, 'vr-nvl72').peakPowerKw, getRack(twice, 'vr-nvl72').idlePowerKw]).toEqual([230, 80]);
  });
});
