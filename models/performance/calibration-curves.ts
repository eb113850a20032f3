/**
 * The published throughput-vs-interactivity curves (../catalog/calibration-curves.json) with what is
 * needed to use them: the rack and model they ran on, the instance size and prefill rate that turn
 * their points into (batch, step time) pairs.
 */
import data from '../catalog/calibration-curves.json' with { type: 'json' };
import type { Grade, Precision } from '../catalog/types.js';
import type { MeasuredCurve } from './measured.js';

export interface GradedNumber {
  value: number;
  grade: Grade;
  note: string;
}

export interface CalibrationCurve extends MeasuredCurve {
  rackId: string;
  llmId: string;
  weightPrecision: Precision;
  kvPrecision: Precision;
  /** 'mtp': the deployment used multi-token prediction, which the roofline does not model */
  speculativeDecoding: 'mtp' | 'none';
  deployment: string;
  chipsPerInstance: GradedNumber;
  prefillTokPerSPerChip: GradedNumber;
  /** measured time per output token (ms) by client concurrency, where published */
  tpotMsByConcurrency?: Record<string, number>;
}

interface CurveFile {
  curves: Record<string, Omit<CalibrationCurve, 'id'>>;
}

/** Every published curve, in file order. */
export function calibrationCurves(): CalibrationCurve[] {
  const curves = (data as unknown as CurveFile).curves;
  return Object.entries(curves).map(([id, curve]) => ({ id, ...curve }));
}
