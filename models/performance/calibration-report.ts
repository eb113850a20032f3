/**
 * The calibration of the catalog's racks on every published curve, as data and as a markdown table
 * for docs/serving-model.md (the caller writes it; models/ does not touch files).
 */
import { getLlm, getRack } from '../catalog/catalog.js';
import type { Catalog } from '../catalog/types.js';
import { calibrateOnCurve, type CurveCalibration } from './calibrate.js';
import { calibrationCurves, type CalibrationCurve } from './calibration-curves.js';

/** Fit each curve's rack on every other point of it and predict the points held out. */
export function calibrationReport(catalog: Catalog, curves: CalibrationCurve[] = calibrationCurves()): CurveCalibration[] {
  return curves.map((curve) => calibrateOnCurve(curve, getRack(catalog, curve.rackId), getLlm(catalog, curve.llmId)));
}

const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const ms = (s: number): string => (s * 1e3).toFixed(2);

/** Markdown: one table of fitted constants per curve, one of every point (measured vs predicted). */
export function calibrationTableMarkdown(results: readonly CurveCalibration[]): string {
  const lines: string[] = [];
  lines.push('| curve | rack | chips per instance | t0 (ms) | η | μ | fit rms log error | held-out median \\|error\\| | held-out max \\|error\\| | catalog constants: median \\|error\\| |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const c = r.fit.calibration;
    const bound = r.fit.atBounds.length ? ` (at bound: ${r.fit.atBounds.join(', ')})` : '';
    lines.push(
      `| ${r.curve.id} | ${r.curve.rackId} | ${r.layout.chipsPerInstance} | ${ms(c.stepOverheadS)} | ${c.bandwidthEfficiency.toFixed(3)} | ` +
        `${c.decodeComputeEfficiency.toFixed(3)}${bound} | ${r.fit.rmsLogError.toFixed(3)} | ${(r.heldOutMedianAbsRelativeError * 100).toFixed(1)}% | ` +
        `${(r.heldOutMaxAbsRelativeError * 100).toFixed(1)}% | ${(r.catalogMedianAbsRelativeError * 100).toFixed(1)}% |`,
    );
  }
  lines.push('');
  lines.push('| curve | point | tok/s/user | total tok/s/GPU | batch per instance | measured step (ms) | predicted step (ms) | error |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const row of r.rows) {
      lines.push(
        `| ${r.curve.id} | ${row.role} | ${row.interactivityTokPerS} | ${row.throughputTokPerSPerGpu} | ${row.batch.toFixed(1)} | ` +
          `${ms(row.measuredStepS)} | ${ms(row.predictedStepS)} | ${pct(row.relativeError)} |`,
      );
    }
  }
  return lines.join('\n');
}
