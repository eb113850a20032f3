import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import type { RackSpec, Sourced } from '../../../models/catalog/types.js';

const catalog = defaultCatalog();
const rack = (id: string): RackSpec => catalog.racks[id]!;
const perChip = (r: RackSpec, value: number) => value / r.chips;

/** Every numeric leaf of an entry, as a dotted path; `sources` itself is not data. */
function numericPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) => {
    if (prefix === '' && key === 'sources') return [];
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'number') return [path];
    if (child !== null && typeof child === 'object') return numericPaths(child, path);
    return [];
  });
}

describe('the default catalog', () => {
  it('validates and holds the racks, models and tiers of issue 4', () => {
    expect(Object.keys(catalog.racks)).toEqual([
      'hgx-h100', 'hgx-h200', 'hgx-b200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72', 'groq3-lpx',
    ]);
    expect(Object.keys(catalog.llms)).toEqual(['qwen3-235b-a22b', 'kimi-k2.5', 'deepseek-r1', 'gpt-moe-2t', 'gpt-oss-120b']);
    expect(Object.keys(catalog.tiers)).toEqual(['free', 'medium', 'high', 'premium', 'ultra']);
  });

  it('is validated once and frozen', () => {
    expect(defaultCatalog()).toBe(catalog);
    expect(() => {
      (catalog.racks['hgx-h100'] as { chips: number }).chips = 1;
    }).toThrow(TypeError);
  });

  it('gives every number of every entry a source with a grade; D and E carry a note', () => {
    const entries = [...Object.values(catalog.racks), ...Object.values(catalog.llms), ...Object.values(catalog.tiers)];
    let checked = 0;
    for (const entry of entries) {
      const sources = entry.sources as Record<string, Sourced>;
      for (const path of numericPaths(entry)) {
        const source = sources[path];
        expect(source, `${entry.id}.${path}`).toBeDefined();
        expect(['P', 'P2', 'D', 'E'], `${entry.id}.${path}`).toContain(source!.grade);
        expect(source!.source.length, `${entry.id}.${path}`).toBeGreaterThan(0);
        if (source!.grade === 'D' || source!.grade === 'E') expect(source!.note, `${entry.id}.${path}`).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('gives the tiers their model a source too', () => {
    for (const tier of Object.values(catalog.tiers)) expect(tier.sources.modelId, tier.id).toBeDefined();
  });
});

describe('racks against published figures (FACTS.md §2, §3)', () => {
  it('memory capacity', () => {
    expect(rack('hgx-h100').memoryGb).toBe(8 * 80); // FACTS §2: H100 80 GB
    expect(rack('hgx-h200').memoryGb).toBe(8 * 141); // FACTS §2: H200 141 GB; §3: 1,128 GB
    expect(rack('hgx-b200').memoryGb).toBe(1440); // FACTS §3: 1.44 TB
    expect(rack('gb200-nvl72').memoryGb).toBeCloseTo(13_400, -2); // FACTS §3: 13.4 TB (72 × 186 = 13,392)
    expect(rack('gb300-nvl72').memoryGb).toBeCloseTo(20_000, -2); // FACTS §3: 20 TB (72 × 278 = 20,016)
    expect(rack('vr-nvl72').memoryGb).toBeCloseTo(20_700, -2); // FACTS §3: 20.7 TB (72 × 288 = 20,736)
    expect(rack('groq3-lpx').memoryGb).toBe(128); // FACTS §3: 128 GB SRAM
  });

  it('memory bandwidth', () => {
    expect(rack('hgx-h100').memoryBandwidthTbPerS).toBeCloseTo(8 * 3.35, 6); // FACTS §2: 3.35 TB/s
    expect(rack('hgx-h200').memoryBandwidthTbPerS).toBe(38.4); // FACTS §3
    expect(rack('hgx-b200').memoryBandwidthTbPerS).toBe(64); // FACTS §3: 64 TB/s
    expect(rack('gb200-nvl72').memoryBandwidthTbPerS).toBe(576); // FACTS §3: 576 TB/s
    expect(rack('vr-nvl72').memoryBandwidthTbPerS).toBeCloseTo(1600, -2); // FACTS §3: 1.6 PB/s
    expect(rack('groq3-lpx').memoryBandwidthTbPerS).toBe(40_000); // FACTS §3: 40 PB/s
  });

  it('chips and dense compute', () => {
    expect(rack('gb200-nvl72').chips).toBe(72);
    expect(rack('groq3-lpx').chips).toBe(256); // FACTS §3: 32 trays × 8
    expect(rack('hgx-h100').computePflops.fp8).toBeCloseTo(8 * 1.979, 1); // FACTS §3: 15.8 PF FP8
    expect(rack('hgx-h100').computePflops.fp4).toBeUndefined(); // Hopper has no FP4
    expect(rack('hgx-b200').computePflops.fp4).toBe(72); // FACTS §3: 72 PF FP4
    expect(rack('gb200-nvl72').computePflops.fp4).toBe(720); // FACTS §3: 720 PF FP4 dense
    expect(rack('gb300-nvl72').computePflops.fp4).toBe(1080); // FACTS §3: 1.08 EF FP4 dense
    expect(rack('vr-nvl72').computePflops.fp4).toBe(3600); // FACTS §3: 3.6 EF NVFP4
    expect(rack('groq3-lpx').computePflops.fp8).toBe(315); // FACTS §3: 315 PF FP8
  });

  it('peak IT power is all-in kW per chip × chips (FACTS §2)', () => {
    const allInKwPerChip: Record<string, number> = {
      'hgx-h100': 1.37, 'hgx-h200': 1.37, 'hgx-b200': 1.71, 'gb200-nvl72': 1.87, 'gb300-nvl72': 2.12,
    };
    for (const [id, kw] of Object.entries(allInKwPerChip)) {
      expect(rack(id).peakPowerKw, id).toBeCloseTo(kw * rack(id).chips, 2);
    }
    expect(rack('gb200-nvl72').peakPowerKw).toBeCloseTo(134.6, 1); // FACTS §3: all-in 134.6 kW
    // FACTS §3: Vera Rubin 190–230 kW quoted; LPX not disclosed, 150–250 kW
    expect(rack('vr-nvl72').peakPowerKw).toBeGreaterThanOrEqual(190);
    expect(rack('vr-nvl72').peakPowerKw).toBeLessThanOrEqual(230);
    expect(rack('groq3-lpx').peakPowerKw).toBeGreaterThanOrEqual(150);
    expect(rack('groq3-lpx').peakPowerKw).toBeLessThanOrEqual(250);
  });

  it('TCO per chip-hour and capex', () => {
    // FACTS §2: TCO $/GPU-h, hyperscaler tier
    const tco: Record<string, number> = {
      'hgx-h100': 1.17, 'hgx-h200': 1.22, 'hgx-b200': 1.73, 'gb200-nvl72': 1.86, 'gb300-nvl72': 2.31, 'vr-nvl72': 3.57,
    };
    for (const [id, usd] of Object.entries(tco)) expect(rack(id).tcoUsdPerChipHour, id).toBe(usd);
    expect(rack('gb200-nvl72').capexUsdPerRack).toBe(3_400_000); // FACTS §7: ~$3.4M compute (Bernstein)
    expect(rack('gb200-nvl72').sources.capexUsdPerRack!.grade).toBe('P2');
    for (const r of Object.values(catalog.racks)) expect(r.capexUsdPerRack, r.id).toBeGreaterThan(0);
  });

  it('cooling: air for HGX, liquid for NVL72 and LPX (FACTS §3 PUE column)', () => {
    for (const id of ['hgx-h100', 'hgx-h200', 'hgx-b200']) expect(rack(id).cooling).toBe('air');
    for (const id of ['gb200-nvl72', 'gb300-nvl72', 'vr-nvl72', 'groq3-lpx']) expect(rack(id).cooling).toBe('liquid');
  });

  it('roofline constants sit in the ranges FACTS §5 reports', () => {
    // The fits (docs/serving-model.md §7, attention FLOPs included) give t0 6.7–7.3 ms against FACTS'
    // ≈ 6.5 ms, η within 0.85–1.0 (the fit's box), and on Blackwell μ 0.12–0.13, inside FACTS' 0.10–0.15.
    // Hopper's μ comes out far lower (0.022 on H200's INT4 curve); Rubin's t0 is Blackwell's less 25%.
    for (const r of Object.values(catalog.racks)) {
      if (r.id === 'groq3-lpx') continue;
      expect(r.roofline.stepOverheadS, r.id).toBeGreaterThan(0.004);
      expect(r.roofline.stepOverheadS, r.id).toBeLessThanOrEqual(0.0075);
      expect(r.roofline.bandwidthEfficiency, r.id).toBeGreaterThanOrEqual(0.85); // η ≈ 0.85–1.0
      expect(r.roofline.bandwidthEfficiency, r.id).toBeLessThanOrEqual(1);
      expect(r.roofline.decodeComputeEfficiency, r.id).toBeGreaterThan(0.01);
      expect(r.roofline.decodeComputeEfficiency, r.id).toBeLessThanOrEqual(0.15);
    }
    for (const id of ['hgx-b200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72']) {
      expect(rack(id).roofline.decodeComputeEfficiency, id).toBeGreaterThanOrEqual(0.1); // μ ≈ 0.10–0.15
    }
    // fitted racks carry the curve they were fitted to; the others say which rule derived them
    for (const id of ['hgx-h200', 'hgx-b200', 'gb200-nvl72']) {
      for (const field of ['stepOverheadS', 'bandwidthEfficiency', 'decodeComputeEfficiency']) {
        const source = rack(id).sources[`roofline.${field}`]!;
        expect(source.grade, `${id} ${field}`).toBe('D');
        expect(source.source, `${id} ${field}`).toMatch(/^fitted to /);
        expect(source.note, `${id} ${field}`).toMatch(/held-out median error \d+(\.\d+)?%.*docs\/serving-model\.md/);
      }
    }
    for (const id of ['hgx-h100', 'gb300-nvl72', 'vr-nvl72', 'groq3-lpx']) {
      for (const field of ['stepOverheadS', 'bandwidthEfficiency', 'decodeComputeEfficiency']) {
        expect(rack(id).sources[`roofline.${field}`]!.grade, `${id} ${field}`).toBe('E');
      }
    }
    // LPX must get under 1 ms per token to approach 1,000 tok/s/user (FACTS §1)
    expect(rack('groq3-lpx').roofline.stepOverheadS).toBeLessThan(0.001);
  });

  it('prefill efficiency of GB200 reproduces the saturated prefill figures of FACTS §5 within their spread', () => {
    // The roofline's prefill compute per prompt token at n tokens: 2·P_active at the FP4 rate plus the
    // attention over half the prompt on average at the FP8 rate of the default FP8 KV cache.
    const gb200 = rack('gb200-nvl72');
    const fp4FlopsPerGpu = (gb200.computePflops.fp4! * 1e15) / gb200.chips;
    const fp8FlopsPerGpu = (gb200.computePflops.fp8! * 1e15) / gb200.chips;
    const tokPerS = (llmId: string, promptTokens: number) => {
      const m = catalog.llms[llmId]!;
      const secondsPerToken = (2 * m.activeParamsB * 1e9) / fp4FlopsPerGpu + (m.attentionFlopsPerContextToken! * promptTokens) / 2 / fp8FlopsPerGpu;
      return gb200.roofline.prefillComputeEfficiency / secondsPerToken;
    };
    // DeepSeek-R1 FP4 ~17–20k input tok/s per GPU at ~1k; Kimi K2.5 ~33.6k at 8k: the single constant lies between
    expect(tokPerS('deepseek-r1', 1024)).toBeGreaterThan(17_000);
    expect(tokPerS('kimi-k2.5', 8192)).toBeLessThan(33_600);
  });
});

describe('rack ordering sanity', () => {
  it('bandwidth per chip: H100 < B200 ≤ GB200 < Vera Rubin (B200 and GB200 both 8 TB/s)', () => {
    const bw = (id: string) => perChip(rack(id), rack(id).memoryBandwidthTbPerS);
    expect(bw('hgx-h100')).toBeLessThan(bw('hgx-h200'));
    expect(bw('hgx-h200')).toBeLessThan(bw('hgx-b200'));
    expect(bw('hgx-b200')).toBeLessThanOrEqual(bw('gb200-nvl72'));
    expect(bw('gb200-nvl72')).toBeLessThan(bw('vr-nvl72'));
    expect(bw('vr-nvl72')).toBeLessThan(bw('groq3-lpx')); // SRAM
  });

  it('memory and FP8 compute per chip grow with each generation', () => {
    const order = ['hgx-h100', 'hgx-h200', 'hgx-b200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72'];
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [rack(order[i - 1]!), rack(order[i]!)];
      expect(perChip(a, a.memoryGb), `${a.id} < ${b.id}`).toBeLessThan(perChip(b, b.memoryGb));
      expect(perChip(a, a.computePflops.fp8!), `${a.id} ≤ ${b.id}`).toBeLessThanOrEqual(perChip(b, b.computePflops.fp8!));
      expect(perChip(a, a.peakPowerKw), `${a.id} ≤ ${b.id}`).toBeLessThanOrEqual(perChip(b, b.peakPowerKw));
    }
  });

  it('idle power is below peak power on every rack', () => {
    for (const r of Object.values(catalog.racks)) {
      expect(r.idlePowerKw, r.id).toBeGreaterThan(0);
      expect(r.idlePowerKw, r.id).toBeLessThan(r.peakPowerKw);
    }
  });
});

describe('LLMs against published figures (FACTS.md §4)', () => {
  const llm = (id: string) => catalog.llms[id]!;

  it('parameters, layers and experts', () => {
    expect([llm('qwen3-235b-a22b').totalParamsB, llm('qwen3-235b-a22b').activeParamsB]).toEqual([235, 22]);
    expect([llm('kimi-k2.5').totalParamsB, llm('kimi-k2.5').activeParamsB]).toEqual([1040, 32.9]);
    expect([llm('deepseek-r1').totalParamsB, llm('deepseek-r1').activeParamsB]).toEqual([671, 37]);
    expect(llm('gpt-oss-120b').totalParamsB).toBeCloseTo(117, 0); // FACTS: 117B / 5.1B
    expect(llm('gpt-oss-120b').activeParamsB).toBeCloseTo(5.1, 1);
    expect([llm('qwen3-235b-a22b').layers, llm('kimi-k2.5').layers, llm('deepseek-r1').layers]).toEqual([94, 61, 61]);
    expect([llm('kimi-k2.5').experts, llm('kimi-k2.5').activeExperts]).toEqual([384, 8]);
    expect([llm('gpt-oss-120b').experts, llm('gpt-oss-120b').activeExperts]).toEqual([128, 4]);
    expect(llm('gpt-moe-2t').totalParamsB).toBeGreaterThanOrEqual(1800); // FACTS: ~1.8–2T
    expect(llm('gpt-moe-2t').totalParamsB).toBeLessThanOrEqual(2000);
  });

  it('KV-cache bytes per token', () => {
    expect(llm('kimi-k2.5').kvBytesPerToken.bf16).toBe(61 * 576 * 2); // MLA: 61 layers × (512 + 64) × 2 bytes
    expect(llm('kimi-k2.5').kvBytesPerToken.fp8).toBe(61 * 576);
    expect(llm('deepseek-r1').kvBytesPerToken.bf16).toBe(61 * 576 * 2);
    expect(llm('qwen3-235b-a22b').kvBytesPerToken.bf16).toBe(2 * 94 * 4 * 128 * 2); // K,V × layers × KV heads × dim × bytes
    expect(llm('qwen3-235b-a22b').kvBytesPerToken.fp8).toBe(2 * 94 * 4 * 128);
    expect(llm('gpt-oss-120b').kvBytesPerToken.bf16! / 1000).toBeCloseTo(36.9, 1); // FACTS: 36.9 KB
    expect(llm('gpt-oss-120b').kvFixedBytesPerSequence! / 1e6).toBeCloseTo(4.7, 1); // FACTS: 4.7 MB per sequence
    expect(llm('gpt-moe-2t').kvBytesPerToken.bf16! / 1000).toBeCloseTo(491.5, 1); // FACTS (E): GQA 8×128
  });

  it('native context', () => {
    expect(llm('kimi-k2.5').nativeContextTokens).toBe(262_144);
    expect(llm('gpt-oss-120b').nativeContextTokens).toBe(131_072);
    expect(llm('qwen3-235b-a22b').nativeContextTokens).toBe(32_768); // 32K native,
    expect(llm('qwen3-235b-a22b').extendedContextTokens).toBe(131_072); // 131K with YaRN
  });

  it('attention FLOPs per context token follow each model\'s attention (GQA: 4·layers·heads·dim; MLA absorbed)', () => {
    expect(llm('qwen3-235b-a22b').attentionFlopsPerContextToken).toBe(4 * 94 * 64 * 128); // 64 query heads of dim 128
    expect(llm('kimi-k2.5').attentionFlopsPerContextToken).toBe(2 * (576 + 512) * 64 * 61); // scores over 576, values over 512
    expect(llm('deepseek-r1').attentionFlopsPerContextToken).toBe(2 * (576 + 512) * 128 * 61); // twice Kimi's heads
    expect(llm('gpt-oss-120b').attentionFlopsPerContextToken).toBe(4 * 18 * 64 * 64); // the 18 full-attention layers
    expect(llm('gpt-moe-2t').sources.attentionFlopsPerContextToken!.grade).toBe('E');
    for (const m of Object.values(catalog.llms)) {
      // attention over 8K of context costs 0.05–3x the linear layers' FLOPs (0.09x for the 280B-active
      // GPT MoE, 1.9x for DeepSeek-R1's 128 MLA heads)
      const ratio = (m.attentionFlopsPerContextToken! * 8192) / (2 * m.activeParamsB * 1e9);
      expect(ratio, m.id).toBeGreaterThan(0.05);
      expect(ratio, m.id).toBeLessThan(3);
    }
  });

  it('dense params make the weights touched at batch 1 equal the active params', () => {
    for (const m of Object.values(catalog.llms)) {
      const touchedB = m.denseParamsB + (m.activeExperts / m.experts) * (m.totalParamsB - m.denseParamsB);
      expect(touchedB / m.activeParamsB, m.id).toBeCloseTo(1, 2); // dense params are rounded to 0.01B
      expect(m.denseParamsB, m.id).toBeGreaterThan(0);
    }
  });
});

describe('tiers against the keynote (FACTS.md §1)', () => {
  const tier = (id: string) => catalog.tiers[id]!;

  it('models, prices per 1M output tokens and context', () => {
    expect(tier('free').modelId).toBe('qwen3-235b-a22b');
    expect(tier('medium').modelId).toBe('kimi-k2.5');
    expect(tier('high').modelId).toBe('gpt-moe-2t');
    expect(tier('premium').modelId).toBe('gpt-moe-2t');
    const prices = ['free', 'medium', 'high', 'premium', 'ultra'].map((id) => tier(id).priceUsdPerMTokOut);
    expect(prices).toEqual([0, 3, 6, 45, 150]);
    expect(tier('high').maxContextTokens).toBe(128_000);
    expect(tier('premium').maxContextTokens).toBe(400_000);
    expect(tier('ultra').maxContextTokens).toBe(400_000);
  });

  it('input price defaults to 0 and is marked an estimate', () => {
    for (const t of Object.values(catalog.tiers)) {
      expect(t.priceUsdPerMTokIn, t.id).toBe(0);
      expect(t.sources.priceUsdPerMTokIn!.grade, t.id).toBe('E');
    }
  });

  it('interactivity targets are the FACTS defaults, graded E', () => {
    const targets = ['free', 'medium', 'high', 'premium', 'ultra'].map((id) => tier(id).interactivityTokPerS);
    expect(targets).toEqual([25, 50, 120, 350, 1000]);
    for (const t of Object.values(catalog.tiers)) {
      expect(t.sources.interactivityTokPerS!.grade).toBe('E');
      expect(t.sources.ttftTargetS!.grade).toBe('E');
    }
  });

  it('every tier fits within its model context', () => {
    for (const t of Object.values(catalog.tiers)) {
      const m = catalog.llms[t.modelId]!;
      expect(t.maxContextTokens).toBeLessThanOrEqual(Math.max(m.nativeContextTokens, m.extendedContextTokens ?? 0));
    }
  });
});
