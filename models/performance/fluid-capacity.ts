/**
 * Analytic steady-state (fluid) capacity of a serving instance and of a pool (docs/serving-model.md §6):
 * the throughput a saturated instance sustains at a per-user speed, per chip, per rack and per
 * facility megawatt. The token-factory chart is this, swept over the batch.
 *
 * At a batch of B decoding sequences of mean context c, a step takes t(B, B·c): every user gets 1/t
 * tokens/s and the instance emits B/t. Each request also needs p = prefillTimeS(uncached prompt) of
 * instance time. Decoding at B/t tokens/s completes λ_d = B/(t·L_out) requests per second of decode
 * time; per second of wall time the instance decodes a fraction f and prefills λ·p, with
 * λ = f·λ_d requests/s, so f + f·λ_d·p = 1:
 *
 *   f = 1 / (1 + λ_d·p),   output tok/s = f·B/t,   requests/s = f·λ_d.
 *
 * Interactivity is the decode speed 1/t: exact for disaggregated serving (prefill on other chips of the
 * same kind, charged here through f) and for chunked prefill that hides in the decode steps' slack;
 * an engine that stalls the whole batch during each prefill delivers f/t instead.
 *
 * The equations need only an instance profile (memory budget, chips, racks, power, PUE, performance),
 * so `FluidModel.fromProfile` serves any instance, e.g. an attention–FFN pair of two rack kinds
 * (attention-ffn.ts); `FluidCapacityModel` is the usual one rack type and layout.
 */
import type { LlmSpec, RackSpec } from '../catalog/types.js';
import { createPerformanceModel, type PerformanceSpec } from './factory.js';
import { maxConcurrentSequences, memoryBudget, ServingConfigError, type MemoryBudget } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import { resolveInstance, type ServingInstance, type ServingLayout } from './serving-layout.js';

/** The mean shape of the requests an instance serves. */
export interface WorkloadShape {
  meanPromptTokens: number;
  meanOutputTokens: number;
  /** fraction of prompt tokens found in the prefix cache (not prefilled again); default 0 */
  prefixCacheHitFraction?: number;
  /** mean context of a decoding sequence; default prompt + output/2 (halfway through its answer) */
  meanDecodeContextTokens?: number;
  /**
   * mean prefill time per request, when known better than prefillTimeS(mean uncached prompt): prefill
   * is superlinear in the prompt (attention), so for spread-out prompts E[p(X)] > p(E[X])
   */
  meanPrefillTimeS?: number;
  /** KV tokens a running sequence holds on average (the memory limit); default meanDecodeContextTokens */
  meanKvReservedTokens?: number;
}

export interface FluidOptions {
  /** power usage effectiveness; default by cooling class: 1.1 liquid, 1.3 air (InferenceX, FACTS §7) */
  pue?: number;
  /** most sequences a batch may hold (an engine's max_num_seqs); default unlimited */
  batchCap?: number;
  /** performance model, or the spec to build one; default the roofline with the rack's calibration */
  performance?: PerformanceSpec | PerformanceModel;
}

/** Options of a fluid model built from an instance profile: the performance, if given, is a built model. */
export type ProfileFluidOptions = Omit<FluidOptions, 'performance'> & { performance?: PerformanceModel };

/** The steady state of one saturated instance at one batch size. */
export interface FluidOperatingPoint {
  batch: number;
  stepTimeS: number;
  /** output tokens/s each user sees: 1 / stepTimeS */
  interactivityTokPerS: number;
  /** fraction of instance time spent decoding (the rest prefills) */
  decodeTimeFraction: number;
  requestsPerSPerInstance: number;
  outputTokPerSPerInstance: number;
  inputTokPerSPerInstance: number;
  outputTokPerSPerChip: number;
  outputTokPerSPerRack: number;
  /** output tokens/s per MW of facility power (instance peak IT power × PUE) */
  outputTokPerSPerMw: number;
}

/** A point of the token-factory chart. */
export interface TokenFactoryPoint {
  interactivityTokPerS: number;
  outputTokPerSPerMw: number;
  batch: number;
}

const COOLING_PUE = { liquid: 1.1, air: 1.3 } as const;

export function defaultPue(rack: RackSpec): number {
  return COOLING_PUE[rack.cooling];
}

function isModel(p: PerformanceSpec | PerformanceModel): p is PerformanceModel {
  return typeof (p as PerformanceModel).decodeStepTimeS === 'function';
}

/**
 * What the fluid model needs of one serving instance, whatever hardware it is made of: its KV memory,
 * size, power and speed. `rackInstanceProfile` builds it for one rack type and layout;
 * `attentionFfnProfile` (attention-ffn.ts) for an attention–FFN pair of two rack kinds.
 */
export interface InstanceProfile {
  /** how messages name the hardware, e.g. "vr-nvl72" or "groq3-lpx + vr-nvl72" */
  label: string;
  memory: MemoryBudget;
  /** chips in the instance, all kinds together */
  chips: number;
  /** racks in the instance, all kinds together (a fraction for part of a rack) */
  racks: number;
  /** whole instances per rack: 1/racks for a multi-rack instance */
  instancesPerRack: number;
  /** IT power (no PUE) of the instance at idle and at peak */
  idlePowerKw: number;
  peakPowerKw: number;
  /** facility power per IT power at peak: the cooling class's PUE (weighted by peak kW across rack kinds) */
  pue: number;
  performance: PerformanceModel;
}

/** The profile of an instance of one rack type: resolveInstance + memoryBudget + the performance model. */
export function rackInstanceProfile(
  rack: RackSpec,
  llm: LlmSpec,
  layout: ServingLayout,
  options: Pick<FluidOptions, 'performance' | 'pue'> = {},
): InstanceProfile & { instance: ServingInstance } {
  const instance = resolveInstance(rack, layout);
  const memory = memoryBudget(instance, llm);
  const performance = options.performance ?? { kind: 'roofline' };
  return {
    label: rack.id,
    instance,
    memory,
    chips: instance.chips,
    racks: instance.racks,
    instancesPerRack: instance.instancesPerRack,
    idlePowerKw: instance.idlePowerKw,
    peakPowerKw: instance.peakPowerKw,
    pue: options.pue ?? defaultPue(rack),
    performance: isModel(performance) ? performance : createPerformanceModel(performance, rack, llm, layout),
  };
}

/** The fluid model of one instance serving one workload; see the file comment for the equations. */
export class FluidModel {
  readonly memory: MemoryBudget;
  readonly performance: PerformanceModel;
  readonly pue: number;
  readonly decodeContextTokens: number;
  readonly prefillTimeS: number;
  /** largest batch memory (at the mean decode context) and the batch cap allow; 0 if none fits */
  readonly maxBatch: number;

  /** The fluid model of any instance profile (`options.performance` and `options.pue` override the profile's). */
  static fromProfile(profile: InstanceProfile, llm: LlmSpec, workload: WorkloadShape, options: ProfileFluidOptions = {}): FluidModel {
    return new FluidModel(profile, llm, workload, options);
  }

  protected constructor(
    readonly profile: InstanceProfile,
    readonly llm: LlmSpec,
    readonly workload: WorkloadShape,
    options: ProfileFluidOptions,
  ) {
    const { meanPromptTokens: prompt, meanOutputTokens: output } = workload;
    if (!(prompt >= 0)) throw new ServingConfigError(`workload.meanPromptTokens: must be ≥ 0, got ${prompt}`);
    if (!(output > 0)) throw new ServingConfigError(`workload.meanOutputTokens: must be > 0, got ${output}`);
    const hit = workload.prefixCacheHitFraction ?? 0;
    if (!(hit >= 0 && hit <= 1)) throw new ServingConfigError(`workload.prefixCacheHitFraction: must be in [0, 1], got ${hit}`);
    this.memory = profile.memory;
    this.performance = options.performance ?? profile.performance;
    this.pue = options.pue ?? profile.pue;
    if (!(this.pue >= 1)) throw new ServingConfigError(`pue: must be ≥ 1, got ${this.pue}`);
    this.decodeContextTokens = workload.meanDecodeContextTokens ?? prompt + output / 2;
    this.prefillTimeS = workload.meanPrefillTimeS ?? this.performance.prefillTimeS(prompt * (1 - hit));
    const batchCap = options.batchCap ?? Number.POSITIVE_INFINITY;
    if (!(batchCap >= 1)) throw new ServingConfigError(`batchCap: must be ≥ 1, got ${batchCap}`);
    this.maxBatch = Math.min(Math.floor(batchCap), maxConcurrentSequences(this.memory, workload.meanKvReservedTokens ?? this.decodeContextTokens));
  }

  /** The steady state at a batch of `batch` sequences (memory and cap not checked). */
  atBatch(batch: number): FluidOperatingPoint {
    const stepTimeS = this.performance.decodeStepTimeS(batch, batch * this.decodeContextTokens);
    const decodeTokPerS = batch / stepTimeS;
    const decodeRequestRate = decodeTokPerS / this.workload.meanOutputTokens;
    const decodeTimeFraction = 1 / (1 + decodeRequestRate * this.prefillTimeS);
    const output = decodeTimeFraction * decodeTokPerS;
    const requests = decodeTimeFraction * decodeRequestRate;
    return {
      batch,
      stepTimeS,
      interactivityTokPerS: 1 / stepTimeS,
      decodeTimeFraction,
      requestsPerSPerInstance: requests,
      outputTokPerSPerInstance: output,
      inputTokPerSPerInstance: requests * this.workload.meanPromptTokens,
      outputTokPerSPerChip: output / this.profile.chips,
      outputTokPerSPerRack: output * this.profile.instancesPerRack,
      outputTokPerSPerMw: output / ((this.profile.peakPowerKw * this.pue) / 1000),
    };
  }

  /** Fastest per-user speed the instance offers (batch 1), tokens/s; 0 if no sequence fits. */
  maxInteractivityTokPerS(): number {
    return this.maxBatch >= 1 ? this.atBatch(1).interactivityTokPerS : 0;
  }

  /**
   * The capacity at a per-user speed of at least `targetTokPerS`: the largest whole batch B ≤ maxBatch
   * with 1/t(B) ≥ target (step time is non-decreasing in B, so a bisection finds it). Undefined when
   * even one sequence is slower than the target or none fits in memory.
   */
  atInteractivity(targetTokPerS: number): FluidOperatingPoint | undefined {
    if (this.maxBatch < 1) return undefined;
    const fastEnough = (b: number): boolean => this.atBatch(b).interactivityTokPerS >= targetTokPerS;
    if (!fastEnough(1)) return undefined;
    let lo = 1;
    let hi = this.maxBatch;
    if (fastEnough(hi)) return this.atBatch(hi);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fastEnough(mid)) lo = mid;
      else hi = mid;
    }
    return this.atBatch(lo);
  }

  /** The steady states at whole batches from 1 to maxBatch, about `points` of them spaced evenly in log. */
  curve(points = 64): FluidOperatingPoint[] {
    if (this.maxBatch < 1) return [];
    const batches = new Set<number>([1, this.maxBatch]);
    const span = Math.log(this.maxBatch);
    for (let i = 1; i < points - 1; i++) batches.add(Math.round(Math.exp((span * i) / (points - 1))));
    return [...batches].sort((a, b) => a - b).map((b) => this.atBatch(b));
  }
}

/** The fluid model of an instance of one rack type with a layout (the common case). */
export class FluidCapacityModel extends FluidModel {
  readonly instance: ServingInstance;

  constructor(
    readonly rack: RackSpec,
    llm: LlmSpec,
    readonly layout: ServingLayout,
    workload: WorkloadShape,
    options: FluidOptions = {},
  ) {
    const profile = rackInstanceProfile(rack, llm, layout, options);
    super(profile, llm, workload, { ...options, performance: profile.performance });
    this.instance = profile.instance;
  }
}

/** Capacity of one instance at a per-user speed target (undefined: unreachable). */
export function fluidCapacity(
  rack: RackSpec,
  llm: LlmSpec,
  layout: ServingLayout,
  workload: WorkloadShape,
  targetTokPerS: number,
  options: FluidOptions = {},
): FluidOperatingPoint | undefined {
  return new FluidCapacityModel(rack, llm, layout, workload, options).atInteractivity(targetTokPerS);
}

/** The token-factory chart of one rack type and model: throughput per MW against interactivity. */
export function tokenFactoryCurve(
  rack: RackSpec,
  llm: LlmSpec,
  layout: ServingLayout,
  workload: WorkloadShape,
  options: FluidOptions & { points?: number } = {},
): TokenFactoryPoint[] {
  return new FluidCapacityModel(rack, llm, layout, workload, options)
    .curve(options.points)
    .map((p) => ({ interactivityTokPerS: p.interactivityTokPerS, outputTokPerSPerMw: p.outputTokPerSPerMw, batch: p.batch }));
}

/** A pool of identical saturated instances. */
export interface PoolCapacity {
  instances: number;
  requestsPerS: number;
  outputTokPerS: number;
  inputTokPerS: number;
  /** IT power at peak (no PUE) and facility power (with PUE) */
  itPowerKw: number;
  facilityPowerMw: number;
}

export function poolCapacity(model: FluidModel, point: FluidOperatingPoint, instances: number): PoolCapacity {
  if (!(instances >= 0)) throw new ServingConfigError(`instances: must be ≥ 0, got ${instances}`);
  const itPowerKw = model.profile.peakPowerKw * instances;
  return {
    instances,
    requestsPerS: point.requestsPerSPerInstance * instances,
    outputTokPerS: point.outputTokPerSPerInstance * instances,
    inputTokPerS: point.inputTokPerSPerInstance * instances,
    itPowerKw,
    facilityPowerMw: (itPowerKw * model.pue) / 1000,
  };
}
