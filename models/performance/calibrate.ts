/**
 * Calibration of a rack's roofline constants (t0, η, μ) on a measured curve (docs/serving-model.md §7).
 *
 * Each curve point becomes a (batch, Σcontext, step time) sample through the measured model's
 * conversion (measured.ts) at the curve's reference context isl + osl/2. The constants minimise the
 * sum of squared log errors of the step time on the fitting points (every other point of the curve,
 * by default), by Nelder–Mead in unbounded coordinates (log t0, logit η, logit μ) from a small grid of
 * starts; the other points are held out and their error reported. The prefill efficiency is not
 * fitted: the curves hold no prefill timing.
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

/** Search box of the fit; a constant that ends on an edge is a sign the model form does not fit. */
export const CALIBRATION_BOUNDS = {
  stepOverheadS: [1e-5, 0.05],
  bandwidthEfficiency: [0.05, 1],
  decodeComputeEfficiency: [0.005, 1],
} as const satisfies Record<string, readonly [number, number]>;

export interface RooflineFit {
  /** fitted t0, η, μ; the prefill efficiency is the rack's */
  calibration: RooflineCalibration;
  /** root mean square of log(predicted/measured) step time over the fitting samples */
  rmsLogError: number;
  /** names of constants that ended within 1% of a bound of CALIBRATION_BOUNDS */
  atBounds: Array<keyof typeof CALIBRATION_BOUNDS>;
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

function fromCoordinates(u: readonly number[]): [number, number, number] {
  const [t0Lo, t0Hi] = CALIBRATION_BOUNDS.stepOverheadS;
  const [etaLo, etaHi] = CALIBRATION_BOUNDS.bandwidthEfficiency;
  const [muLo, muHi] = CALIBRATION_BOUNDS.decodeComputeEfficiency;
  const t0 = Math.exp(Math.log(t0Lo) + (Math.log(t0Hi) - Math.log(t0Lo)) * logistic(u[0]!));
  return [t0, etaLo + (etaHi - etaLo) * logistic(u[1]!), muLo + (muHi - muLo) * logistic(u[2]!)];
}

function toCoordinate(value: number, [lo, hi]: readonly [number, number], logScale = false): number {
  const p = logScale ? (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (value - lo) / (hi - lo);
  return logit(Math.min(1 - 1e-9, Math.max(1e-9, p)));
}

/** Fit t0, η and μ of the roofline on an instance to (batch, Σcontext, step time) samples. */
export function fitRoofline(
  instance: ServingInstance,
  llm: LlmSpec,
  samples: readonly StepSample[],
  options: Omit<RooflineOptions, 'calibration'> = {},
): RooflineFit {
  if (samples.length < 3) throw new ServingConfigError(`calibration: needs at least 3 samples to fit 3 constants, got ${samples.length}`);
  const prefill = instance.rack.roofline.prefillComputeEfficiency;
  const calibrationAt = (u: readonly number[]): RooflineCalibration => {
    const [t0, eta, mu] = fromCoordinates(u);
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
          toCoordinate(t0, CALIBRATION_BOUNDS.stepOverheadS, true),
          toCoordinate(eta, CALIBRATION_BOUNDS.bandwidthEfficiency),
          toCoordinate(mu, CALIBRATION_BOUNDS.decodeComputeEfficiency),
        ];
        const result = nelderMead(loss, start, { step: 1, maxIterations: 3000, tolerance: 1e-14 });
        if (!best || result.value < best.value) best = result;
      }
    }
  }
  const calibration = calibrationAt(best!.x);
  const atBounds: RooflineFit['atBounds'] = [];
  const values = {
    stepOverheadS: calibration.stepOverheadS,
    bandwidthEfficiency: calibration.bandwidthEfficiency,
    decodeComputeEfficiency: calibration.decodeComputeEfficiency,
  };
  for (const name of Object.keys(CALIBRATION_BOUNDS) as Array<keyof typeof CALIBRATION_BOUNDS>) {
    const [lo, hi] = CALIBRATION_BOUNDS[name];
    if (values[name] < lo * 1.01 || values[name] > hi * 0.99) atBounds.push(name);
  }
  return { calibration, rmsLogError: Math.sqrt(best!.value / samples.length), atBounds };
}

/** One curve point in the calibration: measured against predicted, fitting or held out. */
export interface CalibrationRow {
  curveId: string;
  role: 'fit' | 'held-out';
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

export interface CurveCalibration {
  curve: CalibrationCurve;
  layout: ServingLayout;
  fit: RooflineFit;
  rows: CalibrationRow[];
  heldOutMedianAbsRelativeError: number;
  heldOutMaxAbsRelativeError: number;
  /** median |relative error| over all points of the rack's catalog constants, before fitting */
  catalogMedianAbsRelativeError: number;
}

/** The (batch, Σcontext, step time) sample of each curve point, in the curve's order (measured.ts). */
export function curveSamples(curve: CalibrationCurve, chipsPerInstance: number): StepSample[] {
  const contextPerSequence = curve.isl + curve.osl / 2;
  return curve.points.map((point) => {
    const { batch, stepTimeS } = curvePointToBatchStep(curve, point, chipsPerInstance, curve.prefillTokPerSPerChip.value);
    return { batch, contextTokensTotal: batch * contextPerSequence, stepTimeS };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Fit a rack's roofline constants on one curve, holding out the points where `heldOut(index)` is true
 * (default: every other point, starting with the second, so the curve's two ends are fitted).
 */
export function calibrateOnCurve(
  curve: CalibrationCurve,
  rack: RackSpec,
  llm: LlmSpec,
  heldOut: (index: number) => boolean = (i) => i % 2 === 1,
): CurveCalibration {
  const layout: ServingLayout = {
    chipsPerInstance: curve.chipsPerInstance.value,
    weightPrecision: curve.weightPrecision,
    kvPrecision: curve.kvPrecision,
  };
  const instance = resolveInstance(rack, layout);
  const samples = curveSamples(curve, instance.chips);
  const fit = fitRoofline(instance, llm, samples.filter((_, i) => !heldOut(i)));
  const model = new RooflineModel(instance, llm, { calibration: fit.calibration });
  const rows: CalibrationRow[] = samples.map((s, i) => {
    const predicted = model.decodeStepTimeS(s.batch, s.contextTokensTotal);
    const [x, y] = curve.points[i]!;
    return {
      curveId: curve.id,
      role: heldOut(i) ? 'held-out' : 'fit',
      interactivityTokPerS: x,
      throughputTokPerSPerGpu: y,
      batch: s.batch,
      measuredStepS: s.stepTimeS,
      predictedStepS: predicted,
      relativeError: (predicted - s.stepTimeS) / s.stepTimeS,
    };
  });
  const heldOutErrors = rows.filter((r) => r.role === 'held-out').map((r) => Math.abs(r.relativeError));
  const catalogModel = new RooflineModel(instance, llm);
  const catalogErrors = samples.map((s) => Math.abs(catalogModel.decodeStepTimeS(s.batch, s.contextTokensTotal) / s.stepTimeS - 1));
  return {
    curve,
    layout,
    fit,
    rows,
    heldOutMedianAbsRelativeError: heldOutErrors.length ? median(heldOutErrors) : Number.NaN,
    heldOutMaxAbsRelativeError: heldOutErrors.length ? Math.max(...heldOutErrors) : Number.NaN,
    catalogMedianAbsRelativeError: median(catalogErrors),
  };
}
