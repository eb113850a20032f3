import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSpanS, decodeStepsWithin } from '../../../models/performance/decode-span.js';
import { LinearModel } from '../../../models/performance/linear.js';
import { RooflineModel } from '../../../models/performance/roofline.js';
import { resolveInstance } from '../../../models/performance/serving-layout.js';
import { testMoe, testRack } from './helpers.js';

const roofline = new RooflineModel(resolveInstance(testRack(), { chipsPerInstance: 2, weightPrecision: 'fp4', kvPrecision: 'fp8' }), testMoe());
const linear = new LinearModel({ stepBaseS: 0.01, stepPerSequenceS: 0.001, stepPerContextTokenS: 1e-7, prefillBaseS: 0, prefillPerTokenS: 0 });

function stepByStep(model: typeof roofline | typeof linear, batch: number, context: number, steps: number): number {
  let total = 0;
  for (let k = 0; k < steps; k++) total += model.decodeStepTimeS(batch, context + k * batch);
  return total;
}

describe('decode spans', () => {
  for (const [name, model] of [['roofline', roofline], ['linear', linear]] as const) {
    it(`equal the sum of single steps whose context grows by one token per sequence (${name})`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 3000 }), (b, c, n) => {
          const exact = stepByStep(model, b, c, n);
          expect(decodeSpanS(model, b, c, n)).toBeCloseTo(exact, 9);
        }),
        { numRuns: 50 },
      );
    });

    it(`count the whole steps that fit in a time span (${name})`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 5_000_000 }), fc.double({ min: 0, max: 100, noNaN: true }), (b, c, t) => {
          const n = decodeStepsWithin(model, b, c, t);
          expect(decodeSpanS(model, b, c, n)).toBeLessThanOrEqual(t);
          expect(decodeSpanS(model, b, c, n + 1)).toBeGreaterThan(t);
        }),
        { numRuns: 100 },
      );
    });
  }
});
