/**
 * Roofline performance model (docs/serving-model.md §3). A decode step of a batch of B sequences reads
 * the weights its tokens touch and the KV cache of every sequence, multiplies every token by the
 * active weights and attends over every sequence's context:
 *
 *   t(B, Σctx) = t0 + hops·t_hop
 *              + (W_touched(B) + Σctx·kv + B·kv_fixed) / (BW·η)
 *              + (B·2·P_active / F + Σctx·a_attn / F_attn) / μ
 *
 * with W_touched(B) = W_dense + W_routed·(1 − (1 − k/E)^B): an MoE layer with E routed experts, k per
 * token, touches E·(1 − (1 − k/E)^B) distinct experts for B independent tokens. a_attn is the model's
 * attention FLOPs per context token (catalog `attentionFlopsPerContextToken`); they run at F_attn, the
 * peak at the KV-cache precision (attention kernels multiply the cached keys and values in their own
 * format: BF16 or FP8, never the FP4 of the weights), F at the weight precision. The step time is affine
 * in Σctx for a fixed B, as the serving pool's decode spans need (decode-span.ts).
 *
 * A prefill is charged as the instance time it occupies under load: prompts are prefilled together in
 * passes of at least C tokens (chunked prefill's token budget, default 2,048 per chip of the instance),
 * so a prompt of n < C tokens pays n/C of a pass's fixed costs (overhead, hops, weight reads) and all
 * of its own compute:
 *
 *   p(n) = (n / max(n, C))·(t0 + hops·t_hop + W_touched(max(n, C))/(BW·η))
 *        + (2·P_active·n / F + a_attn·n²/2 / F_attn) / μ_prefill
 *
 * This is what a saturated instance spends per prompt (published "saturated prefill" rates are this
 * compute term); a lone prompt on an idle instance takes up to one pass's fixed costs longer.
 */
import type { LlmSpec, Precision, RooflineCalibration } from '../catalog/types.js';
import { BYTES_PER_PARAM, kvBytesPerToken, ServingConfigError } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import { rackPeakFlops, type ServingInstance } from './serving-layout.js';

/** Fraction of an MoE layer's routed experts that B tokens touch: 1 − (1 − k/E)^B. */
export function distinctExpertFraction(batch: number, experts: number, activeExperts: number): number {
  if (experts <= 0 || activeExperts >= experts) return 1;
  return 1 - Math.pow(1 - activeExperts / experts, batch);
}

/** Bytes of weights read by one forward pass over `tokens` tokens (dense part plus touched experts). */
export function weightBytesTouched(llm: LlmSpec, precision: Precision, tokens: number): number {
  const bytes = BYTES_PER_PARAM[precision];
  const routedParams = Math.max(0, llm.totalParamsB - llm.denseParamsB) * 1e9;
  const dense = llm.denseParamsB * 1e9 * bytes;
  return dense + routedParams * bytes * distinctExpertFraction(tokens, llm.experts, llm.activeExperts);
}

export interface RooflineOptions {
  /** overrides of the rack's calibration constants */
  calibration?: Partial<RooflineCalibration>;
  /**
   * Attention FLOPs each new token spends per token of context, all layers together (≈ 4 · layers ·
   * query heads · head dim); default the model's catalog value (0 when it has none). 0 ignores attention
   * FLOPs (the KV reads are always counted).
   */
  attentionFlopsPerContextToken?: number;
  /** token budget per chip of a prefill pass shared by several prompts; default DEFAULT_PREFILL_PASS_TOKENS_PER_CHIP */
  prefillPassTokensPerChip?: number;
}

/**
 * Prompt tokens per chip in one prefill pass under load (E): vLLM's and SGLang's chunked-prefill
 * budgets are 8K–16K tokens per step (max_num_batched_tokens, chunked_prefill_size) on 4–8 GPUs. It
 * scales with the instance: a bigger instance batches more prompts into a pass for the same overhead.
 */
export const DEFAULT_PREFILL_PASS_TOKENS_PER_CHIP = 2048;

/** The parts of one decode step, in seconds; they add up to the step time. */
export interface StepTimeBreakdown {
  overheadS: number;
  interRackS: number;
  weightReadS: number;
  kvReadS: number;
  /** all matrix FLOPs: the linear layers' and attention's (attentionComputeS) */
  computeS: number;
  /** the part of computeS spent on attention over the context */
  attentionComputeS: number;
  totalS: number;
}

function checkCalibration(c: RooflineCalibration, where: string): void {
  const fractions: Array<[keyof RooflineCalibration, number]> = [
    ['bandwidthEfficiency', c.bandwidthEfficiency],
    ['decodeComputeEfficiency', c.decodeComputeEfficiency],
    ['prefillComputeEfficiency', c.prefillComputeEfficiency],
  ];
  for (const [name, value] of fractions) {
    if (!(value > 0 && value <= 1)) throw new ServingConfigError(`${where}.${name}: must be in (0, 1], got ${value}`);
  }
  if (!(c.stepOverheadS >= 0)) throw new ServingConfigError(`${where}.stepOverheadS: must be ≥ 0, got ${c.stepOverheadS}`);
}

export class RooflineModel implements PerformanceModel {
  readonly kind = 'roofline';
  readonly calibration: RooflineCalibration;
  private readonly denseBytes: number;
  private readonly routedBytes: number;
  private readonly expertMiss: number; // 1 − k/E
  private readonly kvPerToken: number;
  private readonly kvFixed: number;
  private readonly flopsPerToken: number;
  private readonly attentionFlops: number;
  private readonly effectiveBandwidth: number;
  private readonly decodeFlops: number;
  private readonly prefillFlops: number;
  private readonly decodeAttentionFlops: number;
  private readonly prefillAttentionFlops: number;
  private readonly fixedS: number;
  private readonly prefillPassTokens: number;
  /** fixed cost of a full pass of prefillPassTokens: what every prompt shorter than a pass shares (Math.pow costs ~45 ns a call) */
  private readonly fullPassFixedS: number;

  constructor(
    readonly instance: ServingInstance,
    readonly llm: LlmSpec,
    options: RooflineOptions = {},
  ) {
    this.calibration = { ...instance.rack.roofline, ...options.calibration };
    checkCalibration(this.calibration, `rack ${instance.rack.id} roofline`);
    const bytes = BYTES_PER_PARAM[instance.layout.weightPrecision];
    this.denseBytes = llm.denseParamsB * 1e9 * bytes;
    this.routedBytes = Math.max(0, llm.totalParamsB - llm.denseParamsB) * 1e9 * bytes;
    this.expertMiss = llm.experts > 0 && llm.activeExperts < llm.experts ? 1 - llm.activeExperts / llm.experts : 0;
    this.kvPerToken = kvBytesPerToken(llm, instance.layout.kvPrecision);
    this.kvFixed = llm.kvFixedBytesPerSequence ?? 0;
    this.flopsPerToken = 2 * llm.activeParamsB * 1e9;
    this.attentionFlops = options.attentionFlopsPerContextToken ?? llm.attentionFlopsPerContextToken ?? 0;
    if (!(this.attentionFlops >= 0)) {
      throw new ServingConfigError(`roofline.attentionFlopsPerContextToken: must be ≥ 0, got ${this.attentionFlops}`);
    }
    const c = this.calibration;
    this.effectiveBandwidth = instance.bandwidthBytesPerS * c.bandwidthEfficiency;
    this.decodeFlops = instance.peakFlopsPerS * c.decodeComputeEfficiency;
    this.prefillFlops = instance.peakFlopsPerS * c.prefillComputeEfficiency;
    const attentionPeak = attentionPeakFlopsPerS(instance);
    this.decodeAttentionFlops = attentionPeak * c.decodeComputeEfficiency;
    this.prefillAttentionFlops = attentionPeak * c.prefillComputeEfficiency;
    this.fixedS = c.stepOverheadS + instance.rackBoundaries * instance.interRackHopS;
    const perChip = options.prefillPassTokensPerChip ?? DEFAULT_PREFILL_PASS_TOKENS_PER_CHIP;
    if (!(perChip > 0)) throw new ServingConfigError(`roofline.prefillPassTokensPerChip: must be > 0, got ${perChip}`);
    this.prefillPassTokens = perChip * instance.chips;
    this.fullPassFixedS = this.fixedS + this.weightBytesTouched(this.prefillPassTokens) / this.effectiveBandwidth;
  }

  /** Weight bytes one forward pass over `tokens` tokens reads. */
  weightBytesTouched(tokens: number): number {
    return this.denseBytes + this.routedBytes * (1 - Math.pow(this.expertMiss, tokens));
  }

  stepTimeBreakdown(batchSize: number, contextTokensTotal: number): StepTimeBreakdown {
    const c = this.calibration;
    const interRackS = this.instance.rackBoundaries * this.instance.interRackHopS;
    const weightReadS = this.weightBytesTouched(batchSize) / this.effectiveBandwidth;
    const kvReadS = (contextTokensTotal * this.kvPerToken + batchSize * this.kvFixed) / this.effectiveBandwidth;
    const attentionComputeS = (contextTokensTotal * this.attentionFlops) / this.decodeAttentionFlops;
    const computeS = (batchSize * this.flopsPerToken) / this.decodeFlops + attentionComputeS;
    return {
      overheadS: c.stepOverheadS,
      interRackS,
      weightReadS,
      kvReadS,
      computeS,
      attentionComputeS,
      totalS: c.stepOverheadS + interRackS + weightReadS + kvReadS + computeS,
    };
  }

  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number {
    return (
      this.fixedS +
      (this.weightBytesTouched(batchSize) + contextTokensTotal * this.kvPerToken + batchSize * this.kvFixed) /
        this.effectiveBandwidth +
      (batchSize * this.flopsPerToken) / this.decodeFlops +
      (contextTokensTotal * this.attentionFlops) / this.decodeAttentionFlops
    );
  }

  prefillTimeS(promptTokens: number): number {
    if (promptTokens <= 0) return 0;
    const pass = Math.max(promptTokens, this.prefillPassTokens);
    const passFixedS = pass === this.prefillPassTokens ? this.fullPassFixedS : this.fixedS + this.weightBytesTouched(pass) / this.effectiveBandwidth;
    const computeS =
      (this.flopsPerToken * promptTokens) / this.prefillFlops +
      (this.attentionFlops * promptTokens * promptTokens) / 2 / this.prefillAttentionFlops;
    return (promptTokens / pass) * passFixedS + computeS;
  }
}

/**
 * Peak FLOP/s of an instance for attention: the rack's rate at the KV-cache precision (falling back to
 * wider formats as for weights, never faster than the weights' rate). Attention multiplies queries by the
 * cached keys and values in the cache's format; on Blackwell a BF16 cache runs at a quarter of the FP4
 * rate the weights use.
 */
export function attentionPeakFlopsPerS(instance: ServingInstance): number {
  const { rack, layout } = instance;
  const ratio = rackPeakFlops(rack, layout.kvPrecision).flopsPerS / rackPeakFlops(rack, layout.weightPrecision).flopsPerS;
  return instance.peakFlopsPerS * Math.min(1, ratio);
}
