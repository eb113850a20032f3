import { describe, expect, it } from 'vitest';
import { defaultCatalog, getLlm, getRack } from '../../../models/catalog/catalog.js';
import {
  BYTES_PER_PARAM,
  kvBytesPerToken,
  maxConcurrentSequences,
  memoryBudget,
  sequenceKvBytes,
  ServingConfigError,
  weightsBytes,
} from '../../../models/performance/memory.js';
import { defaultLayout, resolveInstance } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

describe('memory', () => {
  it('stores weights at 0.5625, 1 and 2 bytes per parameter', () => {
    const llm = testMoe();
    expect(weightsBytes(llm, 'fp4')).toBeCloseTo(200e9 * 0.5625, -3);
    expect(weightsBytes(llm, 'fp8')).toBeCloseTo(200e9, -3);
    expect(weightsBytes(llm, 'bf16')).toBeCloseTo(400e9, -3);
    expect(BYTES_PER_PARAM.fp4).toBe(0.5625);
  });

  it('derives a KV precision the catalog does not list from one it does', () => {
    const llm = testMoe({ kvBytesPerToken: { bf16: 100_000 } });
    expect(kvBytesPerToken(llm, 'fp8')).toBe(50_000);
    expect(kvBytesPerToken(llm, 'fp4')).toBeCloseTo(28_125);
  });

  it('a 400K-context sequence takes ~100x the KV of a 4K one, and 100x fewer of them fit', () => {
    const catalog = defaultCatalog();
    const llm = getLlm(catalog, 'kimi-k2.5');
    const ratio = sequenceKvBytes(llm, 'fp8', 400_000) / sequenceKvBytes(llm, 'fp8', 4_000);
    expect(ratio).toBeCloseTo(100, 6);
    const rack = getRack(catalog, 'gb200-nvl72');
    const budget = memoryBudget(resolveInstance(rack, { racksPerInstance: 1, weightPrecision: 'fp4', kvPrecision: 'fp8' }), llm);
    const short = maxConcurrentSequences(budget, 4_000);
    const long = maxConcurrentSequences(budget, 400_000);
    expect(long).toBeGreaterThan(0);
    expect(short / long).toBeGreaterThan(99);
    expect(short / long).toBeLessThan(101.5);
  });

  it('counts fixed per-sequence KV (sliding-window layers) once per sequence', () => {
    const llm = testMoe({ kvFixedBytesPerSequence: 4_000_000 });
    expect(sequenceKvBytes(llm, 'fp8', 1000)).toBe(1000 * 50_000 + 4_000_000);
    const budget = memoryBudget(resolveInstance(testRack(), { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' }), llm);
    // 180 GB usable − 112.5 GB weights = 67.5 GB of KV; 54 MB per sequence of 1,000 tokens
    expect(budget.kvCapacityBytes).toBeCloseTo(67.5e9, -3);
    expect(maxConcurrentSequences(budget, 1000)).toBe(Math.floor(67.5e9 / 54e6));
  });

  it('a model that does not fit is one clear line naming the rack, the model, needed vs available and the shortfall', () => {
    const instance = resolveInstance(testRack(), { chipsPerInstance: 1, weightPrecision: 'bf16', kvPrecision: 'fp8' });
    let error: unknown;
    try {
      memoryBudget(instance, testMoe());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServingConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('test-moe');
    expect(message).toContain('test-rack');
    expect(message).toContain('needs 400.0 GB');
    expect(message).toContain('has 90.0 GB usable');
    expect(message).toContain('short by 310.0 GB');
  });

  it('a real model on too few real chips names the real shortfall', () => {
    const catalog = defaultCatalog();
    const rack = getRack(catalog, 'hgx-h100');
    const llm = getLlm(catalog, 'kimi-k2.5');
    // 1.04 TB of FP8 weights against 8 × 80 GB × 0.9 = 576 GB usable
    expect(() => memoryBudget(resolveInstance(rack, { racksPerInstance: 1, weightPrecision: 'fp8', kvPrecision: 'fp8' }), llm)).toThrow(
      /kimi-k2\.5.*hgx-h100.*needs 1040\.0 GB.*has 576\.0 GB usable.*short by 464\.0 GB/,
    );
  });
});

describe('default layout', () => {
  it('is the smallest power of two chips that holds the weights plus the KV reserve', () => {
    // fp4: 112.5 GB of weights + 13.1 GB reserve; one 100 GB chip (90 usable) is too small, two suffice
    expect(defaultLayout(testRack(), testMoe())).toEqual({ chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' });
    // a rack without FP4 compute stores FP8 weights: 200 GB + reserve → 4 chips (360 GB usable)
    const hopperLike = testRack({ computePflops: { fp8: 8, bf16: 4 } });
    expect(defaultLayout(hopperLike, testMoe()).chipsPerInstance).toBe(4);
  });

  it('puts a trillion-parameter model on ~8–10 whole LPX racks and on a few GPUs of an NVL72', () => {
    const catalog = defaultCatalog();
    const llm = getLlm(catalog, 'kimi-k2.5');
    const lpx = defaultLayout(getRack(catalog, 'groq3-lpx'), llm);
    expect(lpx.racksPerInstance).toBeGreaterThanOrEqual(8);
    expect(lpx.racksPerInstance).toBeLessThanOrEqual(10);
    expect(defaultLayout(getRack(catalog, 'gb200-nvl72'), llm)).toMatchObject({ chipsPerInstance: 4, weightPrecision: 'fp4' });
    // FP8 Kimi (1.04 TB) is more than one HGX H100 (640 GB): two whole racks
    expect(defaultLayout(getRack(catalog, 'hgx-h100'), llm).racksPerInstance).toBe(2);
  });

  it('fails clearly when even 64 racks cannot hold the model', () => {
    const huge = testMoe({ id: 'huge', totalParamsB: 100_000, denseParamsB: 1000 });
    expect(() => defaultLayout(testRack(), huge)).toThrow(ServingConfigError);
    expect(() => defaultLayout(testRack(), huge)).toThrow(/huge.*test-rack.*short by/);
  });
});

describe('serving instance', () => {
  it('takes its share of memory, bandwidth, FLOPs and power from the rack', () => {
    const i = resolveInstance(testRack(), { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' });
    expect(i.chips).toBe(2);
    expect(i.instancesPerRack).toBe(4);
    expect(i.memoryBytes).toBeCloseTo(200e9, -3);
    expect(i.bandwidthBytesPerS).toBeCloseTo(10e12, -3);
    expect(i.peakFlopsPerS).toBeCloseTo(4e15, -6);
    expect(i.peakPowerKw).toBeCloseTo(2.5);
    expect(i.rackBoundaries).toBe(0);
  });

  it('aggregates whole racks and counts the boundaries between them', () => {
    const i = resolveInstance(testRack(), { racksPerInstance: 3, weightPrecision: 'fp8', kvPrecision: 'fp8' });
    expect(i.chips).toBe(24);
    expect(i.bandwidthBytesPerS).toBeCloseTo(120e12, -3);
    expect(i.peakFlopsPerS).toBeCloseTo(24e15, -6);
    expect(i.rackBoundaries).toBe(2);
    expect(i.instancesPerRack).toBeCloseTo(1 / 3);
  });

  it('runs 4-bit weights at FP8 rate on a rack without FP4', () => {
    const i = resolveInstance(testRack({ computePflops: { fp8: 8 } }), { chipsPerInstance: 8, weightPrecision: 'fp4', kvPrecision: 'fp8' });
    expect(i.computePrecision).toBe('fp8');
    expect(i.peakFlopsPerS).toBeCloseTo(8e15, -6);
  });

  it('rejects sizes that are not whole or straddle racks', () => {
    const rack = testRack();
    expect(() => resolveInstance(rack, { chipsPerInstance: 12, weightPrecision: 'fp4', kvPrecision: 'fp8' })).toThrow(/not a multiple of 8/);
    expect(() => resolveInstance(rack, { chipsPerInstance: 1.5, weightPrecision: 'fp4', kvPrecision: 'fp8' })).toThrow(ServingConfigError);
    expect(() => resolveInstance(rack, { racksPerInstance: 0, weightPrecision: 'fp4', kvPrecision: 'fp8' })).toThrow(ServingConfigError);
  });
});
