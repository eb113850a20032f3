/**
 * Calibration of the roofline on the published curves (issue 4 §6). Bounds, from the data:
 * - held-out error: each curve is a frontier over deployment configurations; where the frontier
 *   switches configuration the step time jumps in a way one instance cannot follow (GB200 Kimi K2.5
 *   at 36 tok/s/user: throughput +66% from the point before, then flat). So: median held-out
 *   |error| ≤ 10% per curve, every held-out point ≤ 25%.
 * - constants (FACTS §5): t0 a few ms (below the fastest measured step of the curve, above 1 ms);
 *   η ≤ 1 by definition and ≥ 0.3 (wide expert parallelism loses some to load imbalance); μ well
 *   below peak (decode GEMMs see a handful of tokens per expert) but above 0.
 */
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../../models/catalog/catalog.js';
import { calibrationReport, calibrationTableMarkdown } from '../../../models/performance/calibration-report.js';
import { CATALOG_FIT_BOUNDS, fitRoofline } from '../../../models/performance/calibrate.js';
import { nelderMead } from '../../../models/performance/nelder-mead.js';
import { RooflineModel } from '../../../models/performance/roofline.js';
import { resolveInstance } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = ([x, y]: readonly number[]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2;
    const m = nelderMead(rosenbrock, [-1.2, 1], { tolerance: 1e-16 });
    expect(m.x[0]).toBeCloseTo(1, 4);
    expect(m.x[1]).toBeCloseTo(1, 4);
  });
});

describe('roofline fit', () => {
  it('recovers the constants that generated the samples', () => {
    const instance = resolveInstance(testRack(), { chipsPerInstance: 4, weightPrecision: 'fp4', kvPrecision: 'fp8' });
    const truth = { stepOverheadS: 0.004, bandwidthEfficiency: 0.7, decodeComputeEfficiency: 0.05, prefillComputeEfficiency: 0.2 };
    const model = new RooflineModel(instance, testMoe(), { calibration: truth });
    const samples = [1, 4, 16, 64, 256, 1024].map((b) => ({ batch: b, contextTokensTotal: b * 4000, stepTimeS: model.decodeStepTimeS(b, b * 4000) }));
    const fit = fitRoofline(instance, testMoe(), samples);
    expect(fit.calibration.stepOverheadS).toBeCloseTo(0.004, 5);
    expect(fit.calibration.bandwidthEfficiency).toBeCloseTo(0.7, 3);
    expect(fit.calibration.decodeComputeEfficiency).toBeCloseTo(0.05, 4);
    expect(fit.rmsLogError).toBeLessThan(1e-6);
  });

  it('stays in the box it is given and keeps the fastest sample reachable', () => {
    const instance = resolveInstance(testRack(), { chipsPerInstance: 4, weightPrecision: 'fp4', kvPrecision: 'fp8' });
    const truth = { stepOverheadS: 0.004, bandwidthEfficiency: 0.5, decodeComputeEfficiency: 0.05, prefillComputeEfficiency: 0.2 };
    const model = new RooflineModel(instance, testMoe(), { calibration: truth });
    const samples = [1, 4, 16, 64, 256, 1024].map((b) => ({ batch: b, contextTokensTotal: b * 4000, stepTimeS: model.decodeStepTimeS(b, b * 4000) }));
    const fit = fitRoofline(instance, testMoe(), samples, { bounds: CATALOG_FIT_BOUNDS });
    expect(fit.calibration.bandwidthEfficiency).toBeGreaterThanOrEqual(0.85); // truth 0.5 is outside the box
    expect(fit.atBounds).toContain('bandwidthEfficiency');
    // t0 plus the fastest sample's reads and FLOPs at full bandwidth and peak compute fit in its step
    const ideal = new RooflineModel(instance, testMoe(), { calibration: { stepOverheadS: 0, bandwidthEfficiency: 1, decodeComputeEfficiency: 1 } });
    const fastest = samples[0]!;
    expect(fit.calibration.stepOverheadS + ideal.decodeStepTimeS(fastest.batch, fastest.contextTokensTotal)).toBeLessThanOrEqual(fastest.stepTimeS * (1 + 1e-9));
    expect(() => fitRoofline(instance, testMoe(), samples, { bounds: { ...CATALOG_FIT_BOUNDS, bandwidthEfficiency: [0.9, 0.8] } })).toThrow(
      /bounds.bandwidthEfficiency: must be 0 < low ≤ high/,
    );
  });
});

describe('calibration on the published curves', () => {
  const results = calibrationReport(defaultCatalog());

  it('covers every curve and holds out about half of each', () => {
    expect(results).toHaveLength(4);
    for (const r of results) {
      const held = r.rows.filter((row) => row.role === 'held-out').length;
      expect(held).toBe(Math.floor(r.rows.length / 2));
    }
  });

  for (const r of results) {
    it(`predicts the held-out points: ${r.curve.id}`, () => {
      expect(r.heldOutMedianAbsRelativeError).toBeLessThanOrEqual(0.1);
      expect(r.heldOutMaxAbsRelativeError).toBeLessThanOrEqual(0.25);
    });

    it(`fits physically plausible constants: ${r.curve.id}`, () => {
      const c = r.fit.calibration;
      const fastestStepS = Math.min(...r.rows.map((row) => row.measuredStepS));
      expect(c.stepOverheadS).toBeGreaterThan(0.001);
      expect(c.stepOverheadS).toBeLessThan(fastestStepS);
      expect(c.bandwidthEfficiency).toBeGreaterThanOrEqual(0.3);
      expect(c.bandwidthEfficiency).toBeLessThanOrEqual(1);
      expect(c.decodeComputeEfficiency).toBeGreaterThan(0);
      expect(c.decodeComputeEfficiency).toBeLessThan(0.5);
    });
  }

  it('fits the catalog box: η within FACTS §5\'s 0.85–1.0 on every curve', () => {
    for (const r of results) {
      expect(r.fit.calibration.bandwidthEfficiency, r.curve.id).toBeGreaterThanOrEqual(0.85);
      expect(r.fit.calibration.bandwidthEfficiency, r.curve.id).toBeLessThanOrEqual(1);
    }
  });

  it('renders the table for the docs', () => {
    const md = calibrationTableMarkdown(results);
    expect(md.split('\n').filter((l) => l.includes('held-out')).length).toBeGreaterThanOrEqual(14);
  });
});
