/**
 * Calibration of a rack's roofline constants (t0, η, μ) on a measured curve (docs/serving-model.md §7).
 *
 * Each curve point becomes a (batch, Σcontext, step time) sample through the measured model's
 * conversion (measured.ts) at the curve's reference context isl + osl/2. The constants minimise the
 * sum of squared log errors of the step time on the fitting points (every other point of the curve,
 * by default), by Nelder–Mead in unbounded coordinates (log t0, logit η, logit μ) within a search box
 * from a small grid of starts; the other points are held out and their error reported. The model's
 * attention FLOPs are included (roofline.ts). The prefill efficiency is not fitted: the curves hold no
 * prefill timing.
 *
 * The catalog's constants come from the fit in CATALOG_FIT_BOUNDS, where η stays in the range FACTS §5
 * gives for HBM (0.85–1.0): with one context per curve η is weakly identified (t0 and μ trade against
 * it), and the wide-EP GB200 curve would otherwise fit η ≈ 0.6, a 16-GPU load imbalance that does not
 * belong in a rack default.
 */
import type { LlmSpec, RackSpec, RooflineCalibration } from '../catalog/types.js';
import type { CalibrationCurve } from './calibration-curves.js';
import { curvePointToBatchStep } from './measured.js';
import { ServingConfigError } from './memory.js';
import { nelderMead } from './nelder-mead.js';
import { RooflineModel, type RooflineOptions } from './roofline.js';
import { resolveInstance, type ServingInstance, type ServingLayout } from './serving-layout.js';

export interface StepSample {
  batch: number;
  contextTokensTotal: number;
  stepTimeS: number;
}

export type FittedConstant = 'stepOverheadS' | 'bandwidthEfficiency' | 'decodeComputeEfficiency';
export type CalibrationBounds = Record<FittedConstant, readonly [number, number]>;

/** Search box of the fit; a constant that ends on an edge is a sign the model form does not fit. */
export const CALIBRATION_BOUNDS = {
  stepOverheadS: [1e-5, 0.05],
  bandwidthEfficiency: [0.05, 1],
  decodeComputeEfficiency: [0.005, 1],
} as const satisfies CalibrationBounds;

/** The box the catalog's constants are fitted in: η within FACTS §5's 0.85–1.0 of HBM bandwidth. */
export const CATALOG_FIT_BOUNDS = {
  ...CALIBRATION_BOUNDS,
  bandwidthEfficiency: [0.85, 1],
} as const satisfies CalibrationBounds;

export interface FitOptions extends Omit<RooflineOptions, 'calibration'> {
  /** search box; default CALIBRATION_BOUNDS */
  bounds?: CalibrationBounds;
}

export interface RooflineFit {
  /** fitted t0, η, μ; the prefill efficiency is the rack's */
  calibration: RooflineCalibration;
  /** root mean square of log(predicted/measured) step time over the fitting samples */
  rmsLogError: number;
  /** names of constants that ended within 1% of a bound of the search box */
  atBounds: FittedConstant[];
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

function fromCoordinates(u: readonly number[], bounds: CalibrationBounds): [number, number, number] {
  const [t0Lo, t0Hi] = bounds.stepOverheadS;
  const [etaLo, etaHi] = bounds.bandwidthEfficiency;
  const [muLo, muHi] = bounds.decodeComputeEfficiency;
  const t0 = Math.exp(Math.log(t0Lo) + (Math.log(t0Hi) - Math.log(t0Lo)) * logistic(u[0]!));
  return [t0, etaLo + (etaHi - etaLo) * logistic(u[1]!), muLo + (muHi - muLo) * logistic(u[2]!)];
}

function toCoordinate(value: number, [lo, hi]: readonly [number, number], logScale = false): number {
  if (hi <= lo) return 0;
  const p = logScale ? (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (value - lo) / (hi - lo);
  // Starts outside the box begin near its edge, not on it: the logistic is flat far out.
  return logit(Math.min(0.98, Math.max(0.02, p)));
}

/**
 * The box for t0, narrowed so that no sample is faster than t0 plus the reads and FLOPs it must do even
 * at full bandwidth and peak compute: an overhead above that would make the fastest measured step
 * impossible, the fit buying its large-batch slope with a constant the small batches contradict.
 */
function overheadBounds(
  instance: ServingInstance,
  llm: LlmSpec,
  samples: readonly StepSample[],
  [lo, hi]: readonly [number, number],
  options: Omit<RooflineOptions, 'calibration'>,
): readonly [number, number] {
  const ideal = new RooflineModel(instance, llm, {
    ...options,
    calibration: { stepOverheadS: 0, bandwidthEfficiency: 1, decodeComputeEfficiency: 1 },
  });
  const room = Math.min(...samples.map((s) => s.stepTimeS - ideal.decodeStepTimeS(s.batch, s.contextTokensTotal)));
  return [lo, Math.max(lo, Math.min(hi, room))];
}

/**
 * Fit t0, η and μ of the roofline on an instance to (batch, Σcontext, step time) samples, within the
 * search box (t0's top narrowed so the fastest sample stays reachable, see overheadBounds).
 */
export function fitRoofline(
  instance: ServingInstance,
  llm: LlmSpec,
  samples: readonly StepSample[],
  { bounds = CALIBRATION_BOUNDS, ...options }: FitOptions = {},
): RooflineFit {
  if (samples.length < 3) throw new ServingConfigError(`calibration: needs at least 3 samples to fit 3 constants, got ${samples.length}`);
  for (const name of Object.keys(CALIBRATION_BOUNDS) as FittedConstant[]) {
    const [lo, hi] = bounds[name];
    if (!(lo > 0 && hi >= lo)) throw new ServingConfigError(`calibration bounds.${name}: must be 0 < low ≤ high, got [${lo}, ${hi}]`);
  }
  const prefill = instance.rack.roofline.prefillComputeEfficiency;
  const box = { ...bounds, stepOverheadS: overheadBounds(instance, llm, samples, bounds.stepOverheadS, options) };
  const calibrationAt = (u: readonly number[]): RooflineCalibration => {
    const [t0, eta, mu] = fromCoordinates(u, box);
    return { stepOverheadS: t0, bandwidthEfficiency: eta, decodeComputeEfficiency: mu, prefillComputeEfficiency: prefill };
  };
  const loss = (u: readonly number[]): number => {
    const model = new RooflineModel(instance, llm, { ...options, calibration: calibrationAt(u) });
    let sum = 0;
    for (const s of samples) {
      const e = Math.log(model.decodeStepTimeS(s.batch, s.contextTokensTotal) / s.stepTimeS);
      sum += e * e;
    }
    return sum;
  };
  let best: { x: number[]; value: number } | undefined;
  // A coarse grid of starts around published ranges keeps Nelder–Mead out of poor local minima.
  for (const t0 of [0.002, 0.006, 0.015]) {
    for (const eta of [0.5, 0.9]) {
      for (const mu of [0.05, 0.2]) {
        const start = [
          toCoordinate(t0, box.stepOverheadS, true),
          toCoordinate(eta, box.bandwidthEfficiency),
          toCoordinate(mu, box.decodeComputeEfficiency),
        ];
        const result = nelderMead(loss, start, { step: 1, maxIterations: 3000, tolerance: 1e-14 });
        if (!best || result.value < best.value) best = result;
      }
    }
  }
  const calibration = calibrationAt(best!.x);
  const atBounds: RooflineFit['atBounds'] = [];
  for (const name of Object.keys(CALIBRATION_BOUNDS) as FittedConstant[]) {
    const [lo, hi] = box[name];
    const value = calibration[name];
    if (value < lo * 1.01 || value > hi * 0.99) atBounds.push(name);
  }
  return { calibration, rmsLogError: Math.sqrt(best!.value / samples.length), atBounds };
}

/** One curve point: measured against predicted step time. */
export interface PredictedPoint {
  interactivityTokPerS: number;
  /** published total (input + output) tok/s per GPU */
  throughputTokPerSPerGpu: number;
  /** the point as a batch of an instance of the curve's size (measured.ts conversion) */
  batch: number;
  measuredStepS: number;
  predictedStepS: number;
  /** (predicted − measured) / measured step time */
  relativeError: number;
}

/** One curve point in the calibration, fitting or held out. */
export interface CalibrationRow extends PredictedPoint {
  curveId: string;
  role: 'fit' | 'held-out';
}

/** How a set of roofline constants predicts every point of a curve. */
export interface CurvePrediction {
  curve: CalibrationCurve;
  layout: ServingLayout;
  calibration: RooflineCalibration;
  points: PredictedPoint[];
  medianAbsRelativeError: number;
  maxAbsRelativeError: number;
}

export interface CurveCalibration {
  curve: CalibrationCurve;
  layout: ServingLayout;
  fit: RooflineFit;
  rows: CalibrationRow[];
  heldOutMedianAbsRelativeError: number;
  heldOutMaxAbsRelativeError: number;
  /** the rack's catalog constants on every point of the curve, for comparison with the fit */
  catalog: CurvePrediction;
}

/** The (batch, Σcontext, step time) sample of each curve point, in the curve's order (measured.ts). */
export function curveSamples(curve: CalibrationCurve, chipsPerInstance: number): StepSample[] {
  const contextPerSequence = curve.isl + curve.osl / 2;
  return curve.points.map((point) => {
    const { batch, stepTimeS } = curvePointToBatchStep(curve, point, chipsPerInstance, curve.prefillTokPerSPerChip.value);
    return { batch, contextTokensTotal: batch * contextPerSequence, stepTimeS };
  });
}

/** The instance a curve ran on: its size and precisions. */
export function curveLayout(curve: CalibrationCurve): ServingLayout {
  return { chipsPerInstance: curve.chipsPerInstance.value, weightPrecision: curve.weightPrecision, kvPrecision: curve.kvPrecision };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The roofline's step time at every point of a curve, on the curve's instance, with the rack's catalog
 * constants or the given ones (the model's catalog attention FLOPs in both cases).
 */
export function predictCurve(
  curve: CalibrationCurve,
  rack: RackSpec,
  llm: LlmSpec,
  calibration: RooflineCalibration = rack.roofline,
): CurvePrediction {
  const layout = curveLayout(curve);
  const instance = resolveInstance(rack, layout);
  const model = new RooflineModel(instance, llm, { calibration });
  const points = curveSamples(curve, instance.chips).map((s, i): PredictedPoint => {
    const predicted = model.decodeStepTimeS(s.batch, s.contextTokensTotal);
    const [x, y] = curve.points[i]!;
    return {
      interactivityTokPerS: x,
      throughputTokPerSPerGpu: y,
      batch: s.batch,
      measuredStepS: s.stepTimeS,
      predictedStepS: predicted,
      relativeError: (predicted - s.stepTimeS) / s.stepTimeS,
    };
  });
  const errors = points.map((p) => Math.abs(p.relativeError));
  return { curve, layout, calibration, points, medianAbsRelativeError: median(errors), maxAbsRelativeError: Math.max(...errors) };
}

export interface CalibrateOptions {
  /** points held out of the fit; default every other point, starting with the second, so both ends are fitted */
  heldOut?: (index: number) => boolean;
  /** search box of the fit; default CATALOG_FIT_BOUNDS, the box the catalog's constants come from */
  bounds?: CalibrationBounds;
}

/** Fit a rack's roofline constants on one curve and predict the points held out. */
export function calibrateOnCurve(
  curve: CalibrationCurve,
  rack: RackSpec,
  llm: LlmSpec,
  { heldOut = (i) => i % 2 === 1, bounds = CATALOG_FIT_BOUNDS }: CalibrateOptions = {},
): CurveCalibration {
  const layout = curveLayout(curve);
  const instance = resolveInstance(rack, layout);
  const samples = curveSamples(curve, instance.chips);
  const fit = fitRoofline(instance, llm, samples.filter((_, i) => !heldOut(i)), { bounds });
  const rows: CalibrationRow[] = predictCurve(curve, rack, llm, fit.calibration).points.map((point, i) => ({
    ...point,
    curveId: curve.id,
    role: heldOut(i) ? 'held-out' : 'fit',
  }));
  const heldOutErrors = rows.filter((r) => r.role === 'held-out').map((r) => Math.abs(r.relativeError));
  return {
    curve,
    layout,
    fit,
    rows,
    heldOutMedianAbsRelativeError: heldOutErrors.length ? median(heldOutErrors) : Number.NaN,
    heldOutMaxAbsRelativeError: heldOutErrors.length ? Math.max(...heldOutErrors) : Number.NaN,
    catalog: predictCurve(curve, rack, llm),
  };
}
