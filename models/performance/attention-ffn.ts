/**
 * Attention–FFN disaggregation (AFD, docs/serving-model.md §8): one decode instance made of two rack
 * kinds. `ffnRacks` racks of the FFN kind (Groq 3 LPX: weights in SRAM) hold the routed experts and
 * run them; `attentionRacks` racks of the attention kind (Vera Rubin NVL72: HBM) hold the dense weights
 * (attention projections, shared experts, embeddings, output head: the catalog's denseParamsB) and the
 * whole KV cache, and run everything but the routed experts. Every layer sends the batch's activations
 * from the attention side to the FFN side and back.
 *
 * Where the weights live: the catalog splits a model into dense and routed parameters only, so the
 * split follows it. Dense weights are read by every token every step, next to the KV cache they attend
 * over; keeping them on the attention side leaves the FFN side only the experts, which is what its
 * SRAM is too small for anyway, and costs the attention side ~0.3% of its HBM (63 GB for GPT MoE at FP8).
 *
 * Attention racks are data parallel (each runs attention for its share of the sequences and holds a
 * full copy of the dense weights, as AFD systems replicate attention instances); the FFN racks each
 * hold the experts of a group of consecutive layers. Step time, B sequences with Σctx context tokens:
 *
 *   t(B, Σctx) = t0_F + 2·L·t_x                                                  fixed part
 *              + W_routed·φ(B) / (F·BW_F·η_F) + B·2·P_routed / (F·C_F·μ_F)          FFN side
 *              + W_dense / (BW_A·η_A) + (Σctx·kv + B·kv_fixed) / (A·BW_A·η_A)
 *              + (B·2·P_dense / C_A + Σctx·a_attn / C_A,kv) / (A·μ_A)                 attention side
 *
 * φ(B) = 1 − (1 − k/E)^B the touched fraction of the routed experts (roofline.ts), P_routed the routed
 * params a token uses (active − dense), BW, C the bandwidth and dense FLOP/s of one rack of each kind
 * (C_A,kv: at the KV-cache precision, as roofline.ts runs attention), a_attn the model's attention
 * FLOPs per context token, η, μ, t0 the catalog's roofline calibration of each rack. The FFN side's
 * bandwidth and FLOPs add up over its racks as in a multi-rack roofline instance (layer groups on
 * different racks work on different micro-batches); the two sides are summed, not overlapped: at
 * batch 1 nothing can overlap, the sum keeps the step affine in Σctx (the pool's decode spans rely on
 * it), and it is the conservative bound on real AFD, which pipelines micro-batches across the sides.
 *
 * The fixed part: the FFN side's per-step overhead t0_F (LPX: 0.2 ms, compiler-scheduled) and 2·L
 * activation hops of t_x each (two per layer: attention → FFN → attention). The attention rack's own
 * t0 (Rubin: 5 ms, a GPU serving engine's whole-model step: scheduler, thousands of kernel launches,
 * expert all-to-all) is not charged: its only work here is one attention block per layer, started
 * by the arriving activations, whose start latency t_x includes. Grade E.
 */
import type { LlmSpec, Precision, RackSpec, RooflineCalibration } from '../catalog/types.js';
import type { InstanceProfile } from './fluid-capacity.js';
import { BYTES_PER_PARAM, kvBytesPerToken, ServingConfigError, type MemoryBudget } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import { attentionPeakFlopsPerS, distinctExpertFraction, RooflineModel } from './roofline.js';
import { DEFAULT_USABLE_MEMORY_FRACTION, resolveInstance, type ServingInstance, type ServingLayout } from './serving-layout.js';

/**
 * Cost of one activation hop between the attention and the FFN racks (E): the one-way latency of a
 * small message between a GPU and an LPU in another rack (GPU-initiated RDMA or NVLink-class links,
 * ~1–2 µs) plus starting the receiving side's layer (~1 µs). Two hops per layer. Set from the one
 * published anchor: Vera Rubin + LPX serve trillion-parameter models "approaching 1,000 tokens/s per
 * user" (FACTS §1), and the Ultra tier serves the 120-layer GPT MoE at 1,000: 0.2 ms + 240 × 2.5 µs
 * + ~0.05 ms of reads ≈ 0.85 ms a step at batch 1 (~1,180 tok/s/user). At 5 µs the same model stops
 * near 690 tok/s/user: the Ultra tier's feasibility rests on this constant.
 */
export const DEFAULT_ACTIVATION_HOP_S = 2.5e-6;

/** The hardware of an attention–FFN instance: the FFN racks' layout and the attention racks. */
export interface AttentionFfnConfig {
  /** racks holding and running the routed experts (e.g. Groq 3 LPX) */
  ffnRack: RackSpec;
  /**
   * the FFN side as a layout of `ffnRack`: whole racks (racksPerInstance), the weight and KV
   * precisions (of the whole instance) and the usable memory fraction (of both sides); its
   * interRackHopS is unused (tokens go back to the attention side between layers, never FFN to FFN)
   */
  ffnLayout: ServingLayout;
  /** racks holding the dense weights and the KV cache and running attention (e.g. Vera Rubin NVL72) */
  attentionRack: RackSpec;
  attentionRacksPerInstance: number;
}

/** An attention–FFN instance resolved into its two sides and their totals. */
export interface AttentionFfnInstance {
  llm: LlmSpec;
  /** the FFN racks and the attention racks, each as a multi-rack instance of its rack */
  ffn: ServingInstance;
  attention: ServingInstance;
  /** bytes of routed experts on the FFN side and of dense weights on each attention rack */
  ffnWeightsBytes: number;
  attentionWeightsBytesPerRack: number;
  /** KV cache: attention racks' usable memory less their copies of the dense weights */
  memory: MemoryBudget;
  chips: number;
  racks: number;
  idlePowerKw: number;
  peakPowerKw: number;
}

/** Bytes of the routed-expert weights (all of them) and of the dense ones, at a precision. */
export function afdWeightSplit(llm: LlmSpec, precision: Precision): { routedBytes: number; denseBytes: number } {
  const bytes = BYTES_PER_PARAM[precision];
  return {
    routedBytes: Math.max(0, llm.totalParamsB - llm.denseParamsB) * 1e9 * bytes,
    denseBytes: llm.denseParamsB * 1e9 * bytes,
  };
}

/**
 * The default FFN layout: the fewest whole racks whose usable memory holds the routed experts; weights
 * FP4 where the rack computes FP4, else FP8 (as defaultLayout); KV FP8.
 */
export function defaultFfnLayout(
  ffnRack: RackSpec,
  llm: LlmSpec,
  options: { weightPrecision?: Precision; kvPrecision?: Precision; usableMemoryFraction?: number } = {},
): ServingLayout {
  const weightPrecision = options.weightPrecision ?? (ffnRack.computePflops.fp4 ? 'fp4' : 'fp8');
  const fraction = options.usableMemoryFraction ?? DEFAULT_USABLE_MEMORY_FRACTION;
  const { routedBytes } = afdWeightSplit(llm, weightPrecision);
  const perRack = ffnRack.memoryGb * 1e9 * fraction;
  return {
    racksPerInstance: Math.max(1, Math.ceil(routedBytes / perRack - 1e-12)),
    weightPrecision,
    kvPrecision: options.kvPrecision ?? 'fp8',
    ...(options.usableMemoryFraction !== undefined ? { usableMemoryFraction: options.usableMemoryFraction } : {}),
  };
}

const GB = 1e9;

/**
 * Resolve an attention–FFN instance: both sides' resources, the memory budget, power and chips.
 * Throws ServingConfigError when the FFN racks cannot hold the routed experts or the attention racks
 * have no room for KV beside the dense weights.
 */
export function resolveAttentionFfnInstance(llm: LlmSpec, config: AttentionFfnConfig): AttentionFfnInstance {
  const { ffnRack, ffnLayout, attentionRack, attentionRacksPerInstance: attentionRacks } = config;
  if (ffnLayout.racksPerInstance === undefined) {
    throw new ServingConfigError(`layout.racksPerInstance: the FFN side of an attention–FFN instance is whole racks of ${ffnRack.id}; give racksPerInstance, not chipsPerInstance`);
  }
  if (!(Number.isInteger(attentionRacks) && attentionRacks >= 1)) {
    throw new ServingConfigError(`attention.racksPerInstance: must be a whole number ≥ 1, got ${attentionRacks}`);
  }
  const ffn = resolveInstance(ffnRack, ffnLayout);
  const attention = resolveInstance(attentionRack, {
    racksPerInstance: attentionRacks,
    weightPrecision: ffnLayout.weightPrecision,
    kvPrecision: ffnLayout.kvPrecision,
    ...(ffnLayout.usableMemoryFraction !== undefined ? { usableMemoryFraction: ffnLayout.usableMemoryFraction } : {}),
  });
  const { routedBytes, denseBytes } = afdWeightSplit(llm, ffnLayout.weightPrecision);
  if (routedBytes >= ffn.usableMemoryBytes) {
    throw new ServingConfigError(
      `model ${llm.id} (${ffnLayout.weightPrecision} weights): its routed experts do not fit on ${ffn.racks} rack${ffn.racks > 1 ? 's' : ''} of ${ffnRack.id}: ` +
        `needs ${(routedBytes / GB).toFixed(1)} GB, has ${(ffn.usableMemoryBytes / GB).toFixed(1)} GB usable; ` +
        `short by ${((routedBytes - ffn.usableMemoryBytes) / GB).toFixed(1)} GB`,
    );
  }
  const usablePerAttentionRack = attention.usableMemoryBytes / attentionRacks;
  const kvCapacityBytes = (usablePerAttentionRack - denseBytes) * attentionRacks;
  if (kvCapacityBytes <= 0) {
    throw new ServingConfigError(
      `model ${llm.id} (${ffnLayout.weightPrecision} weights): its dense weights (${(denseBytes / GB).toFixed(1)} GB) leave no KV room on a rack of ${attentionRack.id} ` +
        `(${(usablePerAttentionRack / GB).toFixed(1)} GB usable)`,
    );
  }
  return {
    llm,
    ffn,
    attention,
    ffnWeightsBytes: routedBytes,
    attentionWeightsBytesPerRack: denseBytes,
    memory: {
      instanceBytes: attention.memoryBytes,
      usableBytes: attention.usableMemoryBytes,
      weightsBytes: denseBytes * attentionRacks,
      kvCapacityBytes,
      kvBytesPerToken: kvBytesPerToken(llm, ffnLayout.kvPrecision),
      kvFixedBytesPerSequence: llm.kvFixedBytesPerSequence ?? 0,
    },
    chips: ffn.chips + attention.chips,
    racks: ffn.racks + attention.racks,
    idlePowerKw: ffn.idlePowerKw + attention.idlePowerKw,
    peakPowerKw: ffn.peakPowerKw + attention.peakPowerKw,
  };
}

export interface AttentionFfnOptions {
  /** per activation hop between the two sides, two per layer; default DEFAULT_ACTIVATION_HOP_S */
  activationHopS?: number;
  /** overrides of the FFN rack's and the attention rack's roofline calibration */
  ffnCalibration?: Partial<RooflineCalibration>;
  attentionCalibration?: Partial<RooflineCalibration>;
  /** attention FLOPs per new token per context token, all layers (as RooflineOptions); default the catalog's, else 0 */
  attentionFlopsPerContextToken?: number;
  /** chunked-prefill budget per chip of the attention racks' prefill (as RooflineOptions) */
  prefillPassTokensPerChip?: number;
}

/** The parts of one decode step, in seconds; they add up to the step time. */
export interface AttentionFfnStepBreakdown {
  ffnOverheadS: number;
  activationHopsS: number;
  ffnWeightReadS: number;
  ffnComputeS: number;
  attentionWeightReadS: number;
  kvReadS: number;
  attentionComputeS: number;
  totalS: number;
}

function calibrated(rack: RackSpec, overrides: Partial<RooflineCalibration> | undefined, where: string): RooflineCalibration {
  const c = { ...rack.roofline, ...overrides };
  for (const key of ['bandwidthEfficiency', 'decodeComputeEfficiency', 'prefillComputeEfficiency'] as const) {
    if (!(c[key] > 0 && c[key] <= 1)) throw new ServingConfigError(`${where}.${key}: must be in (0, 1], got ${c[key]}`);
  }
  if (!(c.stepOverheadS >= 0)) throw new ServingConfigError(`${where}.stepOverheadS: must be ≥ 0, got ${c.stepOverheadS}`);
  return c;
}

/** Decode speed of an attention–FFN instance (file comment); prefill as the attention racks' roofline. */
export class AttentionFfnModel implements PerformanceModel {
  readonly kind = 'attention-ffn';
  readonly ffnCalibration: RooflineCalibration;
  readonly attentionCalibration: RooflineCalibration;
  readonly activationHopS: number;
  private readonly fixedS: number;
  private readonly routedBytes: number;
  private readonly ffnBandwidth: number;
  private readonly ffnSecondsPerSequence: number;
  private readonly attentionWeightReadS: number;
  private readonly attentionBandwidth: number;
  private readonly kvPerToken: number;
  private readonly kvFixed: number;
  private readonly attentionSecondsPerSequence: number;
  private readonly attentionSecondsPerContextToken: number;
  private readonly prefill: RooflineModel;

  constructor(
    readonly instance: AttentionFfnInstance,
    options: AttentionFfnOptions = {},
  ) {
    const { llm, ffn, attention } = instance;
    this.ffnCalibration = calibrated(ffn.rack, options.ffnCalibration, `rack ${ffn.rack.id} roofline`);
    this.attentionCalibration = calibrated(attention.rack, options.attentionCalibration, `rack ${attention.rack.id} roofline`);
    this.activationHopS = options.activationHopS ?? DEFAULT_ACTIVATION_HOP_S;
    if (!(this.activationHopS >= 0)) throw new ServingConfigError(`attention.activationHopS: must be ≥ 0, got ${this.activationHopS}`);
    const attentionFlops = options.attentionFlopsPerContextToken ?? llm.attentionFlopsPerContextToken ?? 0;
    if (!(attentionFlops >= 0)) {
      throw new ServingConfigError(`attentionFlopsPerContextToken: must be ≥ 0, got ${attentionFlops}`);
    }
    const f = this.ffnCalibration;
    const a = this.attentionCalibration;
    const attentionRacks = attention.racks;
    const { routedBytes, denseBytes } = afdWeightSplit(llm, ffn.layout.weightPrecision);

    this.fixedS = f.stepOverheadS + 2 * llm.layers * this.activationHopS;
    this.routedBytes = routedBytes;
    this.ffnBandwidth = ffn.bandwidthBytesPerS * f.bandwidthEfficiency;
    const routedActiveParams = Math.max(0, llm.activeParamsB - llm.denseParamsB) * 1e9;
    this.ffnSecondsPerSequence = (2 * routedActiveParams) / (ffn.peakFlopsPerS * f.decodeComputeEfficiency);

    // Per attention rack: a full copy of the dense weights, 1/A of the sequences.
    const rackBandwidth = (attention.bandwidthBytesPerS / attentionRacks) * a.bandwidthEfficiency;
    this.attentionWeightReadS = denseBytes / rackBandwidth;
    this.attentionBandwidth = rackBandwidth * attentionRacks;
    this.kvPerToken = instance.memory.kvBytesPerToken;
    this.kvFixed = instance.memory.kvFixedBytesPerSequence;
    // Dense layers run at the weights' precision, attention over the context at the KV cache's (roofline.ts).
    this.attentionSecondsPerSequence = (2 * llm.denseParamsB * 1e9) / (attention.peakFlopsPerS * a.decodeComputeEfficiency);
    this.attentionSecondsPerContextToken = attentionFlops / (attentionPeakFlopsPerS(attention) * a.decodeComputeEfficiency);

    this.prefill = new RooflineModel(attention, llm, {
      calibration: this.attentionCalibration,
      attentionFlopsPerContextToken: attentionFlops,
      ...(options.prefillPassTokensPerChip !== undefined ? { prefillPassTokensPerChip: options.prefillPassTokensPerChip } : {}),
    });
  }

  /** Seconds the FFN side spends reading the experts B tokens touch: W_routed·φ(B) / (F·BW_F·η_F). */
  private ffnWeightReadS(batchSize: number): number {
    const { experts, activeExperts } = this.instance.llm;
    return (this.routedBytes * distinctExpertFraction(batchSize, experts, activeExperts)) / this.ffnBandwidth;
  }

  stepTimeBreakdown(batchSize: number, contextTokensTotal: number): AttentionFfnStepBreakdown {
    const ffnOverheadS = this.ffnCalibration.stepOverheadS;
    const activationHopsS = this.fixedS - ffnOverheadS;
    const ffnWeightReadS = this.ffnWeightReadS(batchSize);
    const ffnComputeS = batchSize * this.ffnSecondsPerSequence;
    const kvReadS = (contextTokensTotal * this.kvPerToken + batchSize * this.kvFixed) / this.attentionBandwidth;
    const attentionComputeS = batchSize * this.attentionSecondsPerSequence + contextTokensTotal * this.attentionSecondsPerContextToken;
    return {
      ffnOverheadS,
      activationHopsS,
      ffnWeightReadS,
      ffnComputeS,
      attentionWeightReadS: this.attentionWeightReadS,
      kvReadS,
      attentionComputeS,
      totalS: ffnOverheadS + activationHopsS + ffnWeightReadS + ffnComputeS + this.attentionWeightReadS + kvReadS + attentionComputeS,
    };
  }

  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number {
    return (
      this.fixedS +
      this.ffnWeightReadS(batchSize) +
      batchSize * (this.ffnSecondsPerSequence + this.attentionSecondsPerSequence) +
      this.attentionWeightReadS +
      (contextTokensTotal * this.kvPerToken + batchSize * this.kvFixed) / this.attentionBandwidth +
      contextTokensTotal * this.attentionSecondsPerContextToken
    );
  }

  /**
   * Prefill is not the AFD instance's job (a prefill pool of the attention rack kind does it, the
   * factory's disaggregated mode); for completeness, the attention racks' roofline prefill.
   */
  prefillTimeS(promptTokens: number): number {
    return this.prefill.prefillTimeS(promptTokens);
  }
}

/** PUE of each cooling class, for the two sides of an instance (default: 1.1 liquid, 1.3 air). */
export type PueByCooling = { air: number; liquid: number };

/**
 * The fluid-model profile of an attention–FFN instance. `performance` defaults to the AttentionFfnModel
 * with `options`; the PUE is each side's cooling class's, weighted by its peak IT power.
 */
export function attentionFfnProfile(
  llm: LlmSpec,
  config: AttentionFfnConfig,
  options: AttentionFfnOptions & { pueByCooling?: PueByCooling; performance?: PerformanceModel } = {},
): InstanceProfile & { afd: AttentionFfnInstance } {
  const afd = resolveAttentionFfnInstance(llm, config);
  const pue = options.pueByCooling ?? { air: 1.3, liquid: 1.1 };
  const facilityKw = afd.ffn.peakPowerKw * pue[afd.ffn.rack.cooling] + afd.attention.peakPowerKw * pue[afd.attention.rack.cooling];
  return {
    label: `${afd.ffn.rack.id} + ${afd.attention.rack.id}`,
    afd,
    memory: afd.memory,
    chips: afd.chips,
    racks: afd.racks,
    instancesPerRack: 1 / afd.racks,
    idlePowerKw: afd.idlePowerKw,
    peakPowerKw: afd.peakPowerKw,
    pue: facilityKw / afd.peakPowerKw,
    performance: options.performance ?? new AttentionFfnModel(afd, options),
  };
}
