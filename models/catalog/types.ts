/**
 * Types of the catalog: racks, LLMs and tiers. The data lives in JSON files beside this one, each
 * number with a source and a grade (see ../shared/reference/FACTS.md):
 *   P  published or measured,  P2 published through a secondary source,
 *   D  derived from P numbers (arithmetic in the note),  E  estimate: a tunable default.
 */
export type Grade = 'P' | 'P2' | 'D' | 'E';

/** Where a number comes from. Kept next to the data so users see what is solid and what is a guess. */
export interface Sourced {
  source: string;
  grade: Grade;
  note?: string;
}

export type Precision = 'fp4' | 'fp8' | 'bf16';

export type CoolingClass = 'air' | 'liquid';

export interface RackSpec {
  id: string;
  name: string;
  chipName: string;
  chips: number;
  /** memory usable for weights and KV cache, whole rack */
  memoryGb: number;
  memoryBandwidthTbPerS: number;
  /** dense peak compute by precision, whole rack; a precision the rack lacks is absent */
  computePflops: Partial<Record<Precision, number>>;
  /** IT power (no PUE) of the whole rack, including its share of host, network and switches */
  idlePowerKw: number;
  peakPowerKw: number;
  cooling: CoolingClass;
  /** capital cost of one rack, if known */
  capexUsdPerRack?: number;
  /** total cost of ownership per chip-hour (hyperscaler tier), if known */
  tcoUsdPerChipHour?: number;
  /** calibration constants of the roofline performance model for this rack */
  roofline: RooflineCalibration;
  sources: Record<string, Sourced>;
}

/** Constants that turn a rack's peak figures into achieved speed (see docs/serving-model.md). */
export interface RooflineCalibration {
  /** fixed per-step overhead: kernel launches, synchronisation, scheduler */
  stepOverheadS: number;
  /** achieved fraction of memory bandwidth during decode */
  bandwidthEfficiency: number;
  /** achieved fraction of dense peak FLOPs during decode */
  decodeComputeEfficiency: number;
  /** achieved fraction of dense peak FLOPs during prefill */
  prefillComputeEfficiency: number;
}

export interface LlmSpec {
  id: string;
  name: string;
  totalParamsB: number;
  activeParamsB: number;
  layers: number;
  /** routed experts per MoE layer (1 for dense models) */
  experts: number;
  /** routed experts active per token */
  activeExperts: number;
  /**
   * parameters every token reads outside the routed experts (attention, shared experts, dense layers,
   * output head), billions; the catalog derives it so that weights touched at batch 1 equal activeParamsB
   */
  denseParamsB: number;
  /** KV-cache bytes per token of context, by KV precision */
  kvBytesPerToken: Partial<Record<Precision, number>>;
  /**
   * KV bytes per sequence that do not grow with context (e.g. sliding-window layers), at BF16;
   * other precisions scale by kvBytesPerToken[p] / kvBytesPerToken.bf16
   */
  kvFixedBytesPerSequence?: number;
  /**
   * attention FLOPs one generated token spends per token of its context, all layers together
   * (QKᵀ scores and the weighted sum of values): ≈ 4 · layers · query heads · head dim for GQA; for MLA
   * with absorbed projections 2 · (kv_lora_rank + rope dim + kv_lora_rank) · heads · layers. Absent: 0
   * (attention FLOPs ignored; the KV reads are always counted)
   */
  attentionFlopsPerContextToken?: number;
  nativeContextTokens: number;
  /** longest context with rope scaling (e.g. YaRN), when larger than the native one */
  extendedContextTokens?: number;
  sources: Record<string, Sourced>;
}

export interface TierSpec {
  id: string;
  name: string;
  modelId: string;
  priceUsdPerMTokOut: number;
  priceUsdPerMTokIn: number;
  /** tokens/s per user the tier promises (interactivity) */
  interactivityTokPerS: number;
  ttftTargetS: number;
  maxContextTokens: number;
  sources: Record<string, Sourced>;
}

export interface Catalog {
  racks: Record<string, RackSpec>;
  llms: Record<string, LlmSpec>;
  tiers: Record<string, TierSpec>;
}
