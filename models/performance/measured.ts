/**
 * Measured performance model: interpolation of a published throughput-vs-interactivity curve
 * (docs/serving-model.md §4).
 *
 * A curve point (x, y) says: at x output tokens/s per user, the deployment produced y total (input +
 * output) tokens/s per GPU, averaged over all its GPUs, prefill included. Turned into one instance of N
 * chips:
 *   output tok/s per chip      y_out = y·osl/(isl+osl),  input y_in = y·isl/(isl+osl)
 *   share of chip time spent prefilling   s = y_in / R      (R: prefill input tok/s per chip)
 *   decode-only output tok/s per chip     y_out / (1 − s)
 *   batch  B = N · y_out / ((1 − s) · x),   step time  t = 1/x.
 * Taking prefill's share out keeps the model consistent with the fluid capacity, which charges
 * prefillTimeS per request on top of decode: at the curve's own isl/osl it gives back y exactly.
 *
 * Between points t(B) is piecewise linear in (log B, log t); below the smallest measured batch the
 * step time stays at the fastest measured (no speed beyond the data); above the largest it grows
 * linearly in B with the last segment's slope (large batches are compute- and KV-bound, linear in B).
 * Context: the curve holds at its reference context isl + osl/2 per sequence; other contexts add or
 * remove their KV reads at the roofline's effective bandwidth ('kv-roofline', default), never
 * shortening a step below half its measured time, or are ignored ('none').
 */
import type { LlmSpec } from '../catalog/types.js';
import { kvBytesPerToken, ServingConfigError } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import type { ServingInstance } from './serving-layout.js';

export interface MeasuredCurve {
  id: string;
  source: string;
  /** input and output tokens per request of the benchmark */
  isl: number;
  osl: number;
  /** [interactivity: output tok/s per user, throughput: total (input+output) tok/s per GPU] */
  points: ReadonlyArray<readonly [number, number]>;
}

export interface MeasuredOptions {
  curve: MeasuredCurve;
  /**
   * Saturated prefill rate of one chip, input tokens/s: the prefill time of a prompt and the share of
   * chip time the curve spent prefilling. Omit (Infinity) to treat the curve as decode only.
   */
  prefillTokPerSPerChip?: number;
  contextScaling?: 'kv-roofline' | 'none';
}

export interface BatchStep {
  batch: number;
  stepTimeS: number;
}

/** Never shorten a step below this fraction of its measured time when contexts are shorter. */
const MIN_CONTEXT_SCALING_FRACTION = 0.5;

/**
 * One curve point as a (batch, step time) pair of an instance of `chipsPerInstance` chips, with the
 * share of chip time the deployment spent prefilling taken out (see the file comment).
 */
export function curvePointToBatchStep(
  curve: MeasuredCurve,
  [x, y]: readonly [number, number],
  chipsPerInstance: number,
  prefillTokPerSPerChip = Number.POSITIVE_INFINITY,
): BatchStep {
  if (!(x > 0 && y > 0)) throw new ServingConfigError(`curve ${curve.id}: points must be positive, got [${x}, ${y}]`);
  const outFraction = curve.osl / (curve.isl + curve.osl);
  const prefillShare = (y * (1 - outFraction)) / prefillTokPerSPerChip;
  if (prefillShare >= 0.9) {
    throw new ServingConfigError(
      `curve ${curve.id}: prefillTokPerSPerChip ${prefillTokPerSPerChip} is too low for point [${x}, ${y}] (prefill would take ${(prefillShare * 100).toFixed(0)}% of chip time)`,
    );
  }
  return { batch: (chipsPerInstance * y * outFraction) / ((1 - prefillShare) * x), stepTimeS: 1 / x };
}

/**
 * The (batch, step time) pairs of a curve for an instance of `chipsPerInstance` chips, sorted by batch.
 * Step time is made non-decreasing in batch (a running maximum) so noise cannot make a larger batch
 * faster; duplicate batches keep the slower step.
 */
export function curveToBatchSteps(
  curve: MeasuredCurve,
  chipsPerInstance: number,
  prefillTokPerSPerChip = Number.POSITIVE_INFINITY,
): BatchStep[] {
  if (curve.points.length < 2) throw new ServingConfigError(`curve ${curve.id}: needs at least 2 points`);
  const raw = curve.points.map((point) => curvePointToBatchStep(curve, point, chipsPerInstance, prefillTokPerSPerChip));
  raw.sort((a, b) => a.batch - b.batch);
  const steps: BatchStep[] = [];
  for (const p of raw) {
    const last = steps.at(-1);
    const stepTimeS = Math.max(p.stepTimeS, last?.stepTimeS ?? 0);
    if (last && p.batch <= last.batch * (1 + 1e-9)) last.stepTimeS = stepTimeS;
    else steps.push({ batch: p.batch, stepTimeS });
  }
  if (steps.length < 2) throw new ServingConfigError(`curve ${curve.id}: needs at least 2 distinct batch sizes`);
  return steps;
}

/** Monotone interpolation of step time in batch over (batch, step time) pairs; see the file comment. */
export function interpolateStepTime(steps: readonly BatchStep[], batch: number): number {
  const first = steps[0]!;
  const n = steps.length;
  if (batch <= first.batch) return first.stepTimeS;
  const last = steps[n - 1]!;
  if (batch >= last.batch) {
    const prev = steps[n - 2]!;
    const slope = (last.stepTimeS - prev.stepTimeS) / (last.batch - prev.batch);
    return last.stepTimeS + slope * (batch - last.batch);
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.batch <= batch) lo = mid;
    else hi = mid;
  }
  const a = steps[lo]!;
  const b = steps[hi]!;
  const w = Math.log(batch / a.batch) / Math.log(b.batch / a.batch);
  return Math.exp(Math.log(a.stepTimeS) + w * Math.log(b.stepTimeS / a.stepTimeS));
}

export class MeasuredModel implements PerformanceModel {
  readonly kind = 'measured';
  readonly steps: readonly BatchStep[];
  /** context tokens per sequence the curve was measured at: isl + osl/2 */
  readonly referenceContextTokens: number;
  private readonly prefillRate: number;
  private readonly kvSecondsPerToken: number;

  constructor(
    readonly instance: ServingInstance,
    llm: LlmSpec,
    readonly options: MeasuredOptions,
  ) {
    const rate = options.prefillTokPerSPerChip ?? Number.POSITIVE_INFINITY;
    if (!(rate > 0)) throw new ServingConfigError(`measured.prefillTokPerSPerChip: must be > 0, got ${rate}`);
    this.steps = curveToBatchSteps(options.curve, instance.chips, rate);
    this.referenceContextTokens = options.curve.isl + options.curve.osl / 2;
    this.prefillRate = rate * instance.chips;
    this.kvSecondsPerToken =
      (options.contextScaling ?? 'kv-roofline') === 'none'
        ? 0
        : kvBytesPerToken(llm, instance.layout.kvPrecision) /
          (instance.bandwidthBytesPerS * instance.rack.roofline.bandwidthEfficiency);
  }

  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number {
    const measured = interpolateStepTime(this.steps, batchSize);
    if (this.kvSecondsPerToken === 0) return measured;
    const extraKvS = (contextTokensTotal - batchSize * this.referenceContextTokens) * this.kvSecondsPerToken;
    return Math.max(measured + extraKvS, measured * MIN_CONTEXT_SCALING_FRACTION);
  }

  prefillTimeS(promptTokens: number): number {
    return promptTokens <= 0 ? 0 : promptTokens / this.prefillRate;
  }
}
