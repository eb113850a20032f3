/**
 * The calibration of the catalog's racks on every published curve, as data and as markdown tables for
 * docs/serving-model.md §7 (the caller writes them; models/ does not touch files): the per-curve fits
 * with their held-out error, and what the catalog's default constants predict on the same points.
 */
import { getLlm, getRack } from '../catalog/catalog.js';
import type { Catalog } from '../catalog/types.js';
import { calibrateOnCurve, predictCurve, type CalibrateOptions, type CurveCalibration, type CurvePrediction } from './calibrate.js';
import { calibrationCurves, type CalibrationCurve } from './calibration-curves.js';

/** Fit each curve's rack on every other point of it and predict the points held out. */
export function calibrationReport(
  catalog: Catalog,
  curves: CalibrationCurve[] = calibrationCurves(),
  options: CalibrateOptions = {},
): CurveCalibration[] {
  return curves.map((curve) => calibrateOnCurve(curve, getRack(catalog, curve.rackId), getLlm(catalog, curve.llmId), options));
}

/**
 * The curves the catalog's defaults answer for: those without speculative decoding. An MTP curve's
 * step produces several tokens, so its "step time" per token is not the roofline's step.
 */
export function defaultsCurves(curves: CalibrationCurve[] = calibrationCurves()): CalibrationCurve[] {
  return curves.filter((curve) => curve.speculativeDecoding === 'none');
}

/** The catalog's default constants on every point of each curve. */
export function catalogPredictions(catalog: Catalog, curves: CalibrationCurve[] = defaultsCurves()): CurvePrediction[] {
  return curves.map((curve) => predictCurve(curve, getRack(catalog, curve.rackId), getLlm(catalog, curve.llmId)));
}

const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const absPct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (s: number): string => (s * 1e3).toFixed(2);

/**
 * Markdown: the fitted constants per curve, then every point measured against the fit's prediction and
 * the catalog defaults' prediction.
 */
export function calibrationTableMarkdown(results: readonly CurveCalibration[]): string {
  const lines: string[] = [];
  lines.push(
    '| curve | rack | chips per instance | t0 (ms) | η | μ | fit rms log error | held-out median \\|error\\| | held-out max \\|error\\| | catalog defaults: median \\|error\\| | catalog defaults: max \\|error\\| |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const c = r.fit.calibration;
    const bound = r.fit.atBounds.length ? ` (at bound: ${r.fit.atBounds.join(', ')})` : '';
    const mtp = r.curve.speculativeDecoding === 'mtp' ? ' (MTP)' : '';
    lines.push(
      `| ${r.curve.id}${mtp} | ${r.curve.rackId} | ${r.layout.chipsPerInstance} | ${ms(c.stepOverheadS)} | ${c.bandwidthEfficiency.toFixed(3)} | ` +
        `${c.decodeComputeEfficiency.toFixed(3)}${bound} | ${r.fit.rmsLogError.toFixed(3)} | ${absPct(r.heldOutMedianAbsRelativeError)} | ` +
        `${absPct(r.heldOutMaxAbsRelativeError)} | ${absPct(r.catalog.medianAbsRelativeError)} | ${absPct(r.catalog.maxAbsRelativeError)} |`,
    );
  }
  lines.push('');
  lines.push(
    '| curve | point | tok/s/user | total tok/s/GPU | batch per instance | measured step (ms) | fit: predicted (ms) | fit: error | catalog defaults: predicted (ms) | catalog defaults: error |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    r.rows.forEach((row, i) => {
      const catalog = r.catalog.points[i]!;
      lines.push(
        `| ${r.curve.id} | ${row.role} | ${row.interactivityTokPerS} | ${row.throughputTokPerSPerGpu} | ${row.batch.toFixed(1)} | ` +
          `${ms(row.measuredStepS)} | ${ms(row.predictedStepS)} | ${pct(row.relativeError)} | ${ms(catalog.predictedStepS)} | ${pct(catalog.relativeError)} |`,
      );
    });
  }
  return lines.join('\n');
}

/** Markdown: the catalog's default constants per curve and their error over all its points. */
export function catalogDefaultsTableMarkdown(predictions: readonly CurvePrediction[]): string {
  const lines: string[] = [];
  lines.push('| curve | rack | chips per instance | t0 (ms) | η | μ | points | median \\|error\\| | max \\|error\\| |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const p of predictions) {
    const c = p.calibration;
    lines.push(
      `| ${p.curve.id} | ${p.curve.rackId} | ${p.layout.chipsPerInstance} | ${ms(c.stepOverheadS)} | ${c.bandwidthEfficiency.toFixed(2)} | ` +
        `${c.decodeComputeEfficiency.toFixed(3)} | ${p.points.length} | ${absPct(p.medianAbsRelativeError)} | ${absPct(p.maxAbsRelativeError)} |`,
    );
  }
  return lines.join('\n');
}
