/**
 * Many decode steps at once, for an event-efficient pool: between two events the batch is fixed, and
 * every step adds one token to each sequence's context, so the k-th step (k = 0, 1, …) of a batch of B
 * whose contexts total C₀ takes t(B, C₀ + k·B). For a step time affine in the context (roofline, linear,
 * measured with kv-roofline scaling), n steps take exactly n steps at the midpoint context:
 *
 *   T(n) = Σ_{k<n} t(B, C₀ + k·B) = n · t(B, C₀ + B·(n − 1)/2),
 *
 * and the steps that fit in a time span solve a quadratic (docs/serving-model.md §5).
 */
import type { PerformanceModel } from './performance-model.js';

/** Seconds for `steps` decode steps of a fixed batch whose contexts total `contextTokensTotal` at the first step. */
export function decodeSpanS(model: PerformanceModel, batchSize: number, contextTokensTotal: number, steps: number): number {
  if (steps <= 0) return 0;
  return steps * model.decodeStepTimeS(batchSize, contextTokensTotal + (batchSize * (steps - 1)) / 2);
}

/** The most whole decode steps of a fixed batch that complete within `timeS` seconds. */
export function decodeStepsWithin(model: PerformanceModel, batchSize: number, contextTokensTotal: number, timeS: number): number {
  if (!(timeS > 0)) return 0;
  const first = model.decodeStepTimeS(batchSize, contextTokensTotal);
  // T(n) = a·n + (c·B/2)·n·(n − 1), with a the first step and c the step time per context token
  const perContext = Math.max(0, (model.decodeStepTimeS(batchSize, contextTokensTotal + batchSize) - first) / batchSize);
  const quadratic = (perContext * batchSize) / 2;
  const linear = first - quadratic;
  let n =
    quadratic > 0
      ? Math.floor((-linear + Math.sqrt(linear * linear + 4 * quadratic * timeS)) / (2 * quadratic))
      : Math.floor(timeS / first);
  // the closed form is exact for affine step times; settle rounding (and any curvature) by checking
  while (n > 0 && decodeSpanS(model, batchSize, contextTokensTotal, n) > timeS) n--;
  while (decodeSpanS(model, batchSize, contextTokensTotal, n + 1) <= timeS) n++;
  return n;
}
