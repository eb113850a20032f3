import type { LlmSpec, RackSpec } from '../../../models/catalog/types.js';

/** A GPU rack with round numbers: 8 chips of 100 GB, 5 TB/s and 2 PF FP4 (1 PF FP8) each. */
export function testRack(overrides: Partial<RackSpec> = {}): RackSpec {
  return {
    id: 'test-rack',
    name: 'Test rack',
    chipName: 'T1',
    chips: 8,
    memoryGb: 800,
    memoryBandwidthTbPerS: 40,
    computePflops: { fp4: 16, fp8: 8, bf16: 4 },
    idlePowerKw: 4,
    peakPowerKw: 10,
    cooling: 'liquid',
    roofline: { stepOverheadS: 0.005, bandwidthEfficiency: 0.8, decodeComputeEfficiency: 0.1, prefillComputeEfficiency: 0.2 },
    sources: {},
    ...overrides,
  };
}

/** An MoE model: 200B total, 20B active, 64 experts top-4, 8B dense (so active = dense + routed·k/E exactly); KV 50 KB/token at FP8. */
export function testMoe(overrides: Partial<LlmSpec> = {}): LlmSpec {
  return {
    id: 'test-moe',
    name: 'Test MoE',
    totalParamsB: 200,
    activeParamsB: 20,
    layers: 40,
    experts: 64,
    activeExperts: 4,
    denseParamsB: 8,
    kvBytesPerToken: { fp8: 50_000, bf16: 100_000 },
    nativeContextTokens: 131_072,
    sources: {},
    ...overrides,
  };
}
