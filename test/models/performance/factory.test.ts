import { describe, expect, it } from 'vitest';
import { createPerformanceModel, performanceModelKinds, registerPerformanceModel } from '../../../models/performance/factory.js';
import type { PerformanceModel } from '../../../models/performance/performance-model.js';
import { testMoe, testRack } from './helpers.js';

const layout = { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' } as const;

describe('performance model factory', () => {
  it('builds each built-in kind by name', () => {
    expect(performanceModelKinds()).toEqual(expect.arrayContaining(['roofline', 'measured', 'linear']));
    const roofline = createPerformanceModel({ kind: 'roofline' }, testRack(), testMoe(), layout);
    expect(roofline.kind).toBe('roofline');
    const linear = createPerformanceModel(
      { kind: 'linear', stepBaseS: 0.01, stepPerSequenceS: 0, stepPerContextTokenS: 0, prefillBaseS: 0, prefillPerTokenS: 0 },
      testRack(),
      testMoe(),
      layout,
    );
    expect(linear.decodeStepTimeS(100, 1e6)).toBe(0.01);
    const measured = createPerformanceModel(
      { kind: 'measured', curve: { id: 'toy', source: 'test', isl: 1000, osl: 1000, points: [[100, 400], [20, 4000]] } },
      testRack(),
      testMoe(),
      layout,
    );
    expect(measured.kind).toBe('measured');
  });

  it('names an unknown kind, suggests the closest and lists the known ones', () => {
    expect(() => createPerformanceModel({ kind: 'rooflin' }, testRack(), testMoe(), layout)).toThrow(
      /performance\.kind: unknown kind 'rooflin' \(did you mean 'roofline'\?\); known: roofline, measured, linear/,
    );
  });

  it('accepts new kinds by name', () => {
    const constant: PerformanceModel = { kind: 'constant-test', decodeStepTimeS: () => 0.02, prefillTimeS: () => 0.1 };
    registerPerformanceModel('constant-test', () => constant);
    expect(createPerformanceModel({ kind: 'constant-test' }, testRack(), testMoe(), layout)).toBe(constant);
    expect(() => registerPerformanceModel('constant-test', () => constant)).toThrow(/already registered/);
  });
});
