/**
 * Roofline performance model (docs/serving-model.md §3). A decode step of a batch of B sequences reads
 * the weights its tokens touch and the KV cache of every sequence, and multiplies every token by the
 * active weights:
 *
 *   t(B, Σctx) = t0 + hops·t_hop
 *              + (W_touched(B) + Σctx·kv + B·kv_fixed) / (BW·η)
 *              + (B·2·P_active + Σctx·a_attn) / (F·μ)
 *
 * with W_touched(B) = W_dense + W_routed·(1 − (1 − k/E)^B): an MoE layer with E routed experts, k per
 * token, touches E·(1 − (1 − k/E)^B) distinct experts for B independent tokens.
 *
 * A prefill is charged as the instance time it occupies under load: prompts are prefilled together in
 * passes of at least C tokens (chunked prefill's token budget, default 2,048 per chip of the instance),
 * so a prompt of n < C tokens pays n/C of a pass's fixed costs (overhead, hops, weight reads) and all
 * of its own compute:
 *
 *   p(n) = (n / max(n, C))·(t0 + hops·t_hop + W_touched(max(n, C))/(BW·η))
 *        + (2·P_active·n + a_attn·n²/2) / (F·μ_prefill)
 *
 * This is what a saturated instance spends per prompt (published "saturated prefill" rates are this
 * compute term); a lone prompt on an idle instance takes up to one pass's fixed costs longer.
 */
import type { LlmSpec, Precision, RooflineCalibration } from '../catalog/types.js';
import { BYTES_PER_PARAM, kvBytesPerToken, ServingConfigError } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import type { ServingInstance } from './serving-layout.js';

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
   * query heads · head dim). Default 0: attention FLOPs ignored (its KV reads are always counted).
   * Worth setting for long prompts, where it makes prefill quadratic.
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
  computeS: number;
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
  private readonly fixedS: number;
  private readonly prefillPassTokens: number;

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
    this.attentionFlops = options.attentionFlopsPerContextToken ?? 0;
    const c = this.calibration;
    this.effectiveBandwidth = instance.bandwidthBytesPerS * c.bandwidthEfficiency;
    this.decodeFlops = instance.peakFlopsPerS * c.decodeComputeEfficiency;
    this.prefillFlops = instance.peakFlopsPerS * c.prefillComputeEfficiency;
    this.fixedS = c.stepOverheadS + instance.rackBoundaries * instance.interRackHopS;
    const perChip = options.prefillPassTokensPerChip ?? DEFAULT_PREFILL_PASS_TOKENS_PER_CHIP;
    if (!(perChip > 0)) throw new ServingConfigError(`roofline.prefillPassTokensPerChip: must be > 0, got ${perChip}`);
    this.prefillPassTokens = perChip * instance.chips;
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
    const computeS = (batchSize * this.flopsPerToken + contextTokensTotal * this.attentionFlops) / this.decodeFlops;
    return {
      overheadS: c.stepOverheadS,
      interRackS,
      weightReadS,
      kvReadS,
      computeS,
      totalS: c.stepOverheadS + interRackS + weightReadS + kvReadS + computeS,
    };
  }

  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number {
    return (
      this.fixedS +
      (this.weightBytesTouched(batchSize) + contextTokensTotal * this.kvPerToken + batchSize * this.kvFixed) /
        this.effectiveBandwidth +
      (batchSize * this.flopsPerToken + contextTokensTotal * this.attentionFlops) / this.decodeFlops
    );
  }

  prefillTimeS(promptTokens: number): number {
    if (promptTokens <= 0) return 0;
    const pass = Math.max(promptTokens, this.prefillPassTokens);
    const passFixedS = this.fixedS + this.weightBytesTouched(pass) / this.effectiveBandwidth;
    const flops = this.flopsPerToken * promptTokens + (this.attentionFlops * promptTokens * promptTokens) / 2;
    return (promptTokens / pass) * passFixedS + flops / this.prefillFlops;
  }
}
