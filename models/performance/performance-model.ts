/**
 * The speed of one serving instance (one or more racks holding one copy of a model).
 *
 * Every kind (roofline, measured, linear) answers the same two questions, so the serving pool and
 * the fluid capacity model never care which kind they use:
 *  - how long one decode step takes for a batch of B sequences (each emits one token per step);
 *  - how long the prefill of a prompt takes.
 * Per-user speed is 1 / decodeStepTimeS; instance throughput is B / decodeStepTimeS.
 */
export interface PerformanceModel {
  readonly kind: string;
  /**
   * Seconds per decode step with `batchSize` ≥ 1 running sequences whose contexts total
   * `contextTokensTotal` tokens. Must be positive and non-decreasing in both arguments.
   */
  decodeStepTimeS(batchSize: number, contextTokensTotal: number): number;
  /** Seconds to prefill `promptTokens` uncached prompt tokens of one request. */
  prefillTimeS(promptTokens: number): number;
}
