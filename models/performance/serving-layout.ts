/**
 * A serving instance: the chips (part of a rack, a whole rack, or several racks) that hold one copy of
 * a model and serve one continuous batch. The layout says how big it is and at which precision the
 * weights and the KV cache are stored; the instance derived from it has the memory, bandwidth, FLOPs
 * and power share that the performance models and the fluid capacity use.
 */
import type { LlmSpec, Precision, RackSpec } from '../catalog/types.js';
import { kvBytesPerToken, memoryBudget, ServingConfigError, weightsBytes } from './memory.js';

/** Either a whole number of chips within one rack (dividing into it or a multiple of it) or whole racks. */
export type InstanceSize =
  | { chipsPerInstance: number; racksPerInstance?: undefined }
  | { racksPerInstance: number; chipsPerInstance?: undefined };

export type ServingLayout = InstanceSize & {
  weightPrecision: Precision;
  kvPrecision: Precision;
  /** fraction of the instance memory the serving engine can fill with weights and KV; default 0.9 */
  usableMemoryFraction?: number;
  /** step-time overhead per rack boundary a token crosses (multi-rack instances); default 80 µs */
  interRackHopS?: number;
};

/**
 * vLLM's default gpu_memory_utilization is 0.9 and SGLang's mem_fraction_static about 0.88: the rest
 * holds activations, CUDA graphs and allocator slack (E). Used for SRAM machines too, for lack of data.
 */
export const DEFAULT_USABLE_MEMORY_FRACTION = 0.9;

/**
 * Overhead per rack boundary per decode step (E). When layers are split across racks, each step sends
 * the batch's activations across every boundary once: link latency (~5–10 µs for an RDMA message),
 * buffering, and the slack of keeping both sides in lock step. Set from the one published anchor: a
 * trillion-parameter model on 10 Groq 3 LPX racks "approaching 1,000 tokens/s per user" (FACTS §1),
 * i.e. ~1 ms per step, of which the catalog's in-rack overhead is 0.2 ms and the weight reads ~0.1 µs:
 * (1 ms − 0.2 ms) / 9 boundaries ≈ 90 µs; 80 µs keeps it "approaching" rather than at 1,000.
 */
export const DEFAULT_INTER_RACK_HOP_S = 80e-6;

/**
 * KV reserve of the default layout (E): room for 262,144 tokens of context, i.e. one sequence at Kimi
 * K2.5's full native context or 32 sequences of 8K. A layout that holds the weights but not this much
 * KV would serve a handful of users and is not what anyone deploys.
 */
export const DEFAULT_MIN_KV_RESERVE_TOKENS = 262_144;

/** Largest instance the default-layout search tries, in racks. */
const MAX_RACKS_PER_INSTANCE = 64;

export interface ServingInstance {
  rack: RackSpec;
  layout: ServingLayout;
  /** chips in the instance */
  chips: number;
  /** racks in the instance: a fraction for a part of a rack */
  racks: number;
  /** rack boundaries a token crosses per step: racks − 1 for multi-rack instances, else 0 */
  rackBoundaries: number;
  /** whole instances one rack holds (1/racks for a multi-rack instance) */
  instancesPerRack: number;
  memoryBytes: number;
  usableMemoryFraction: number;
  usableMemoryBytes: number;
  bandwidthBytesPerS: number;
  /** precision the matrix multiplies run at: the weight precision if the rack has it, else wider */
  computePrecision: Precision;
  /** dense peak FLOP/s of the instance at computePrecision */
  peakFlopsPerS: number;
  /** IT power (no PUE) of the instance's share of its racks, at peak and at idle */
  peakPowerKw: number;
  idlePowerKw: number;
  interRackHopS: number;
}

/** Peak dense FLOP/s of a whole rack for matrices stored at `precision`, falling back to wider formats. */
export function rackPeakFlops(rack: RackSpec, precision: Precision): { precision: Precision; flopsPerS: number } {
  const pf = rack.computePflops;
  // A rack without FP4 tensor cores (Hopper, LPX) runs 4-bit weights at FP8 rate; BF16 is half of FP8
  // on every chip in the catalog, so it is derived when absent.
  const order: Record<Precision, Array<[Precision, number]>> = {
    fp4: [['fp4', 1], ['fp8', 1], ['bf16', 1]],
    fp8: [['fp8', 1], ['bf16', 1]],
    bf16: [['bf16', 1], ['fp8', 0.5]],
  };
  for (const [p, factor] of order[precision]) {
    const value = pf[p];
    if (value !== undefined && value > 0) {
      return { precision: p === 'fp8' && factor === 0.5 ? 'bf16' : p, flopsPerS: value * factor * 1e15 };
    }
  }
  throw new ServingConfigError(`rack ${rack.id}: computePflops has no ${precision}, fp8 or bf16 entry`);
}

function positiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

/** Resolve a layout on a rack into the instance's resources. Throws ServingConfigError on a bad size. */
export function resolveInstance(rack: RackSpec, layout: ServingLayout): ServingInstance {
  let chips: number;
  if (layout.racksPerInstance !== undefined) {
    if (!positiveInteger(layout.racksPerInstance)) {
      throw new ServingConfigError(`layout.racksPerInstance: must be a whole number ≥ 1, got ${layout.racksPerInstance}`);
    }
    chips = layout.racksPerInstance * rack.chips;
  } else {
    chips = layout.chipsPerInstance;
    if (!positiveInteger(chips)) {
      throw new ServingConfigError(`layout.chipsPerInstance: must be a whole number ≥ 1, got ${chips}`);
    }
    if (chips > rack.chips && chips % rack.chips !== 0) {
      throw new ServingConfigError(
        `layout.chipsPerInstance: ${chips} spans racks of ${rack.id} (${rack.chips} chips each) but is not a multiple of ${rack.chips}`,
      );
    }
  }
  const fraction = layout.usableMemoryFraction ?? DEFAULT_USABLE_MEMORY_FRACTION;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new ServingConfigError(`layout.usableMemoryFraction: must be in (0, 1], got ${fraction}`);
  }
  const hop = layout.interRackHopS ?? DEFAULT_INTER_RACK_HOP_S;
  if (!(hop >= 0)) throw new ServingConfigError(`layout.interRackHopS: must be ≥ 0, got ${hop}`);

  const racks = chips / rack.chips;
  const share = racks; // the instance's share of one rack's totals (may exceed 1)
  const compute = rackPeakFlops(rack, layout.weightPrecision);
  const memoryBytes = rack.memoryGb * 1e9 * share;
  return {
    rack,
    layout,
    chips,
    racks,
    rackBoundaries: racks > 1 ? Math.ceil(racks) - 1 : 0,
    instancesPerRack: racks >= 1 ? 1 / racks : Math.floor(rack.chips / chips),
    memoryBytes,
    usableMemoryFraction: fraction,
    usableMemoryBytes: memoryBytes * fraction,
    bandwidthBytesPerS: rack.memoryBandwidthTbPerS * 1e12 * share,
    computePrecision: compute.precision,
    peakFlopsPerS: compute.flopsPerS * share,
    peakPowerKw: rack.peakPowerKw * share,
    idlePowerKw: rack.idlePowerKw * share,
    interRackHopS: hop,
  };
}

export interface DefaultLayoutOptions {
  /** default: fp4 where the rack has FP4 compute, else fp8 */
  weightPrecision?: Precision;
  /** default: fp8 */
  kvPrecision?: Precision;
  usableMemoryFraction?: number;
  interRackHopS?: number;
  /** default DEFAULT_MIN_KV_RESERVE_TOKENS */
  minKvReserveTokens?: number;
  /**
   * 'chip': powers of two chips within a rack, then whole racks; 'rack': whole racks only. Default:
   * 'rack' for SRAM machines (under 2 GB per chip, e.g. Groq LPX, whose compiler schedules a whole
   * rack as one dataflow machine), 'chip' for GPUs.
   */
  granularity?: 'chip' | 'rack';
}

/** The candidate instance sizes, smallest first. */
function candidateSizes(rack: RackSpec, granularity: 'chip' | 'rack'): InstanceSize[] {
  const sizes: InstanceSize[] = [];
  if (granularity === 'chip') {
    for (let chips = 1; chips <= rack.chips; chips *= 2) sizes.push({ chipsPerInstance: chips });
    // a rack whose chip count is not a power of two (NVL72) can still be one instance
    if ((sizes.at(-1)?.chipsPerInstance ?? 0) < rack.chips) sizes.push({ racksPerInstance: 1 });
  } else {
    sizes.push({ racksPerInstance: 1 });
  }
  for (let racks = 2; racks <= MAX_RACKS_PER_INSTANCE; racks++) sizes.push({ racksPerInstance: racks });
  return sizes;
}

/**
 * The default layout of a model on a rack: the smallest instance (powers of two chips for GPUs within
 * a rack; whole racks for SRAM machines and beyond one rack) whose usable memory holds the weights plus
 * the minimum KV reserve. Throws ServingConfigError if even 64 racks are not enough.
 */
export function defaultLayout(rack: RackSpec, llm: LlmSpec, options: DefaultLayoutOptions = {}): ServingLayout {
  const weightPrecision = options.weightPrecision ?? (rack.computePflops.fp4 ? 'fp4' : 'fp8');
  const kvPrecision = options.kvPrecision ?? 'fp8';
  const reserveTokens = options.minKvReserveTokens ?? DEFAULT_MIN_KV_RESERVE_TOKENS;
  const granularity = options.granularity ?? (rack.memoryGb / rack.chips < 2 ? 'rack' : 'chip');
  const common = {
    weightPrecision,
    kvPrecision,
    ...(options.usableMemoryFraction !== undefined ? { usableMemoryFraction: options.usableMemoryFraction } : {}),
    ...(options.interRackHopS !== undefined ? { interRackHopS: options.interRackHopS } : {}),
  };
  const fraction = options.usableMemoryFraction ?? DEFAULT_USABLE_MEMORY_FRACTION;
  const needed = weightsBytes(llm, weightPrecision) + reserveTokens * kvBytesPerToken(llm, kvPrecision) + (llm.kvFixedBytesPerSequence ?? 0);
  let last: ServingLayout | undefined;
  for (const size of candidateSizes(rack, granularity)) {
    const layout: ServingLayout = { ...size, ...common };
    const chips = size.racksPerInstance !== undefined ? size.racksPerInstance * rack.chips : size.chipsPerInstance;
    last = layout;
    if ((chips / rack.chips) * rack.memoryGb * 1e9 * fraction > needed) return layout;
  }
  // Not even the largest fits: let memoryBudget phrase the error with the numbers.
  memoryBudget(resolveInstance(rack, last!), llm, reserveTokens);
  throw new ServingConfigError(`model ${llm.id} does not fit on rack ${rack.id}`);
}

/** A short human label, e.g. "4 chips, fp4 weights, fp8 KV" or "10 racks, fp8 weights, fp8 KV". */
export function describeLayout(layout: ServingLayout): string {
  const size =
    layout.racksPerInstance !== undefined
      ? `${layout.racksPerInstance} rack${layout.racksPerInstance > 1 ? 's' : ''}`
      : `${layout.chipsPerInstance} chip${layout.chipsPerInstance > 1 ? 's' : ''}`;
  return `${size}, ${layout.weightPrecision} weights, ${layout.kvPrecision} KV`;
}

/**
 * Layouts worth comparing for a model on a rack: the default (smallest) one and every larger instance
 * up to a whole rack (powers of two chips, then the whole rack). Larger instances spread the weights
 * over more chips, which leaves more time per step for a bigger batch (wide expert parallelism); a
 * multi-rack default has no larger in-rack alternative.
 */
export function candidateLayouts(rack: RackSpec, llm: LlmSpec, options: DefaultLayoutOptions = {}): ServingLayout[] {
  const smallest = defaultLayout(rack, llm, options);
  if (smallest.racksPerInstance !== undefined) return [smallest];
  const { chipsPerInstance: _chips, ...common } = smallest;
  const layouts: ServingLayout[] = [smallest];
  for (let chips = smallest.chipsPerInstance * 2; chips < rack.chips; chips *= 2) layouts.push({ ...common, chipsPerInstance: chips });
  if (smallest.chipsPerInstance < rack.chips) layouts.push({ ...common, racksPerInstance: 1 });
  return layouts;
}
