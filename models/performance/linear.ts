/**
 * Linear performance model: t(B, Σctx) = a + b·B + c·Σctx and prefill p(n) = p0 + p1·n. For custom
 * hardware known only by a few timings, and for tests (queueing limits: b = c = 0 is a constant
 * per-user speed, a = c = 0 a constant total throughput).
 */
import { ServingConfigError } from './memory.js';
import type { PerformanceModel } from './performance-model.js';

export interface LinearCoefficients {
  /** a: seconds per step at any batch */
  stepBaseS: number;
  /** b: seconds added per running sequence */
  stepPerSequenceS: number;
  /** c: seconds added per token of context summed over the batch */
  stepPerContextTokenS: number;
  /** p0: seconds per prefill */
  prefillBaseS: number;
  /** p1: seconds per prompt token */
  prefillPerTokenS: number;
}

export class LinearModel implements PerformanceModel {
  readonly kind = 'linear';

  constructor(readonly coefficients: LinearCoefficients) {
    for (const [name, value] of Object.entries(coefficients)) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new ServingConfigError(`linear.${name}: must be a finite number ≥ 0, got ${value}`);
      }
    }
    if (coefficients.stepBaseS === 0 && coefficients.stepPerSequenceS === 0) {
      throw new ServingConfigError('linear: stepBaseS and stepPerSequenceS cannot both be 0 (a step would take no time)');
    }
  }

  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number {
    const c = this.coefficients;
    return c.stepBaseS + c.stepPerSequenceS * batchSize + c.stepPerContextTokenS * contextTokensTotal;
  }

  prefillTimeS(promptTokens: number): number {
    if (promptTokens <= 0) return 0;
    return this.coefficients.prefillBaseS + this.coefficients.prefillPerTokenS * promptTokens;
  }
}
