import { describe, expect, it } from 'vitest';
import racksFile from '../../../models/catalog/racks.json' with { type: 'json' };
import llmsFile from '../../../models/catalog/llms.json' with { type: 'json' };
import tiersFile from '../../../models/catalog/tiers.json' with { type: 'json' };
import { buildCatalog, defaultCatalog, extendCatalog, getLlm, getRack, getTier } from '../../../models/catalog/catalog.js';
import { CatalogError } from '../../../models/catalog/errors.js';

type Json = Record<string, any>;
const files = () => structuredClone({ racks: racksFile, llms: llmsFile, tiers: tiersFile }) as Record<'racks' | 'llms' | 'tiers', Json>;

/** The CatalogError `fn` throws; fails the test if it throws nothing or something else. */
function catalogError(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as Error).message).not.toContain('\n');
    return error as CatalogError;
  }
  throw new Error('expected a CatalogError');
}

describe('validation of the data files', () => {
  it('builds the shipped files', () => {
    expect(() => buildCatalog(files())).not.toThrow();
  });

  it('rejects idle power above peak, naming the path and both numbers', () => {
    const data = files();
    data.racks.racks['gb200-nvl72'].idlePowerKw = 200;
    expect(catalogError(() => buildCatalog(data)).message).toBe(
      'racks.gb200-nvl72.idlePowerKw: must be ≤ peakPowerKw (134.64), got 200',
    );
  });

  it('rejects a negative price', () => {
    const data = files();
    data.tiers.tiers.high.priceUsdPerMTokOut = -3;
    expect(catalogError(() => buildCatalog(data)).message).toBe('tiers.high.priceUsdPerMTokOut: must be ≥ 0, got -3');
  });

  it('rejects a tier naming an unknown model, suggesting the closest id', () => {
    const data = files();
    data.tiers.tiers.medium.modelId = 'kimi-k25';
    expect(catalogError(() => buildCatalog(data)).message).toBe(
      'tiers.medium.modelId: unknown model "kimi-k25" (did you mean "kimi-k2.5"?)',
    );
  });

  it('rejects an unknown key (strict), suggesting the field meant', () => {
    const data = files();
    data.racks.racks['hgx-h100'].peakPowerKW = 11;
    expect(catalogError(() => buildCatalog(data)).message).toBe(
      'racks.hgx-h100: unknown key "peakPowerKW" (did you mean "peakPowerKw"?)',
    );
  });

  it('rejects a number without a source, and a source naming no field', () => {
    const missing = files();
    delete missing.llms.llms['deepseek-r1'].sources.layers;
    expect(catalogError(() => buildCatalog(missing)).message).toBe(
      'llms.deepseek-r1.sources.layers: missing: every number needs a source and a grade',
    );
    const orphan = files();
    orphan.racks.racks['hgx-b200'].sources.peakPowerKW = { source: 'x', grade: 'P' };
    expect(catalogError(() => buildCatalog(orphan)).message).toBe(
      'racks.hgx-b200.sources.peakPowerKW: names no field of this rack (did you mean "peakPowerKw"?)',
    );
  });

  it('rejects an unknown grade', () => {
    const data = files();
    data.racks.racks['hgx-b200'].sources.chips.grade = 'A';
    expect(catalogError(() => buildCatalog(data)).message).toBe(
      'racks.hgx-b200.sources.chips.grade: must be one of "P", "P2", "D", "E", got "A"',
    );
  });

  it('checks ranges and cross-field rules of models and racks', () => {
    const cases: [(d: Record<string, Json>) => void, string][] = [
      [(d) => (d.llms.llms['kimi-k2.5'].activeParamsB = 2000), 'llms.kimi-k2.5.activeParamsB: must be ≤ totalParamsB (1040), got 2000'],
      [(d) => (d.llms.llms['kimi-k2.5'].activeExperts = 400), 'llms.kimi-k2.5.activeExperts: must be ≤ experts (384), got 400'],
      [(d) => (d.llms.llms['kimi-k2.5'].layers = 61.5), 'llms.kimi-k2.5.layers: must be an integer, got 61.5'],
      [(d) => (d.racks.racks['vr-nvl72'].roofline.bandwidthEfficiency = 1.2), 'racks.vr-nvl72.roofline.bandwidthEfficiency: must be ≤ 1, got 1.2'],
      [(d) => (d.racks.racks['vr-nvl72'].roofline.decodeComputeEfficiency = 0), 'racks.vr-nvl72.roofline.decodeComputeEfficiency: must be > 0, got 0'],
      [(d) => (d.racks.racks['vr-nvl72'].cooling = 'water'), 'racks.vr-nvl72.cooling: must be one of "air", "liquid", got "water"'],
      [(d) => (d.racks.racks['vr-nvl72'].computePflops.fp8 = 5000), 'racks.vr-nvl72.computePflops.fp8: must be ≤ computePflops.fp4 (3600), got 5000'],
      [(d) => delete d.racks.racks['vr-nvl72'].chips, 'racks.vr-nvl72.chips: is required'],
      [(d) => (d.tiers.tiers.free.maxContextTokens = 1_000_000), 'tiers.free.maxContextTokens: must be ≤ the longest context of model "qwen3-235b-a22b" (131072), got 1000000'],
      [(d) => (d.racks.racks['vr-nvl72'].id = 'vr'), 'racks.vr-nvl72.id: must equal its key "vr-nvl72", got "vr"'],
    ];
    for (const [breakIt, message] of cases) {
      const data = files();
      breakIt(data);
      expect(catalogError(() => buildCatalog(data)).message).toBe(message);
    }
  });

  it('reports every problem in `issues` and counts the rest in the message', () => {
    const data = files();
    data.tiers.tiers.free.priceUsdPerMTokOut = -1;
    data.tiers.tiers.ultra.priceUsdPerMTokOut = -2;
    const error = catalogError(() => buildCatalog(data));
    expect(error.message).toBe('tiers.free.priceUsdPerMTokOut: must be ≥ 0, got -1 (and 1 more problem)');
    expect(error.issues.map((issue) => issue.path)).toEqual(['tiers.free.priceUsdPerMTokOut', 'tiers.ultra.priceUsdPerMTokOut']);
    expect(error.path).toBe('tiers.free.priceUsdPerMTokOut');
    expect(error.detail).toBe('must be ≥ 0, got -1');
  });
});

describe('lookups', () => {
  const catalog = defaultCatalog();

  it('return entries by id', () => {
    expect(getRack(catalog, 'gb200-nvl72').chips).toBe(72);
    expect(getLlm(catalog, 'kimi-k2.5').layers).toBe(61);
    expect(getTier(catalog, 'premium').priceUsdPerMTokOut).toBe(45);
  });

  it('throw with a "did you mean" suggestion or the list of known ids', () => {
    expect(catalogError(() => getRack(catalog, 'gb200')).message).toBe('unknown rack "gb200" (did you mean "gb200-nvl72"?)');
    expect(catalogError(() => getLlm(catalog, 'gpt-moe')).message).toBe('unknown model "gpt-moe" (did you mean "gpt-moe-2t"?)');
    expect(catalogError(() => getTier(catalog, 'premuim')).message).toBe('unknown tier "premuim" (did you mean "premium"?)');
    expect(catalogError(() => getTier(catalog, 'zzzzzzzz')).message).toBe(
      'unknown tier "zzzzzzzz"; known: free, medium, high, premium, ultra',
    );
    expect(() => getRack(catalog, 'constructor')).toThrow(CatalogError);
  });
});

describe('validation of additions', () => {
  const catalog = defaultCatalog();

  it('rejects an unknown kind of addition', () => {
    expect(catalogError(() => extendCatalog(catalog, { rack: {} } as never)).message).toBe(
      'unknown key "rack" (did you mean "racks"?)',
    );
  });

  it('rejects a bad override with the path of the field', () => {
    expect(catalogError(() => extendCatalog(catalog, { tiers: { free: { priceUsdPerMTokOut: -3 } } })).message).toBe(
      'tiers.free.priceUsdPerMTokOut: must be ≥ 0, got -3',
    );
    expect(catalogError(() => extendCatalog(catalog, { racks: { 'gb200-nvl72': { idlePowerKw: 200 } } })).message).toBe(
      'racks.gb200-nvl72.idlePowerKw: must be ≤ peakPowerKw (134.64), got 200',
    );
    expect(catalogError(() => extendCatalog(catalog, { tiers: { free: { modelId: 'qwen3' } } })).message).toBe(
      'tiers.free.modelId: unknown model "qwen3" (did you mean "qwen3-235b-a22b"?)',
    );
  });

  it('tells a user who misspelt an id that a new entry must be complete', () => {
    const error = catalogError(() => extendCatalog(catalog, { racks: { 'gb200-nvl27': { peakPowerKw: 140 } } }));
    expect(error.message).toMatch(/^racks\.gb200-nvl27: is not in the catalog, so it must be a complete rack \(did you mean "gb200-nvl72"\?\)/);
    expect(error.issues.map((issue) => issue.path)).toContain('racks.gb200-nvl27.chips');
  });

  it('rejects an id that is not lowercase', () => {
    const { id: _id, ...free } = catalog.tiers.free!;
    expect(catalogError(() => extendCatalog(catalog, { tiers: { 'My Tier': free } })).message).toBe(
      'tiers.My Tier.id: must be lowercase letters, digits, ".", "_" or "-", starting with a letter or digit, got "My Tier"',
    );
  });

  it('rejects a model size override that cannot be an MoE of that shape', () => {
    expect(catalogError(() => extendCatalog(catalog, { llms: { 'gpt-moe-2t': { totalParamsB: 4000 } } })).message).toBe(
      'llms.gpt-moe-2t.denseParamsB: derives to -251.43: activeParamsB (280) is too small for totalParamsB (4000) ' +
        'with 2 of 16 experts active; set denseParamsB or change the sizes',
    );
  });
});
