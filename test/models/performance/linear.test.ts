import { describe, expect, it } from 'vitest';
import { LinearModel } from '../../../models/performance/linear.js';
import { ServingConfigError } from '../../../models/performance/memory.js';

describe('linear performance model', () => {
  const model = new LinearModel({ stepBaseS: 0.01, stepPerSequenceS: 0.001, stepPerContextTokenS: 1e-8, prefillBaseS: 0.02, prefillPerTokenS: 1e-5 });

  it('is exactly a + b·B + c·Σcontext and p0 + p1·n', () => {
    expect(model.decodeStepTimeS(1, 0)).toBe(0.011);
    expect(model.decodeStepTimeS(10, 1e6)).toBeCloseTo(0.01 + 0.01 + 0.01, 15);
    expect(model.prefillTimeS(1000)).toBeCloseTo(0.03, 15);
    expect(model.prefillTimeS(0)).toBe(0);
    expect(model.kind).toBe('linear');
  });

  it('rejects negative or missing coefficients and a zero-time step', () => {
    expect(() => new LinearModel({ stepBaseS: -1, stepPerSequenceS: 0, stepPerContextTokenS: 0, prefillBaseS: 0, prefillPerTokenS: 0 })).toThrow(
      /linear\.stepBaseS: must be a finite number ≥ 0, got -1/,
    );
    expect(() => new LinearModel({ stepBaseS: 0, stepPerSequenceS: 0, stepPerContextTokenS: 1, prefillBaseS: 0, prefillPerTokenS: 0 })).toThrow(
      ServingConfigError,
    );
  });
});
