/**
 * One LLM request as it moves through a serving pool. Created by the workload, timed by the pool.
 * Times are absolute simulated seconds; NaN until the milestone happens.
 */
export interface LlmRequest {
  readonly id: number;
  /** index of the tier (price class) the request belongs to */
  readonly tierIndex: number;
  readonly arrivalS: number;
  /** prompt tokens, including the ones served from the prefix cache */
  readonly promptTokens: number;
  /** prompt tokens whose KV is already cached: they need no prefill compute */
  readonly cachedPromptTokens: number;
  readonly outputTokens: number;
  /** when the request got a batch slot and KV memory */
  admittedS: number;
  /** when its first output token was produced (end of prefill, plus any KV transfer) */
  firstTokenS: number;
  completionS: number;
  /** KV bytes reserved for its whole context while it runs */
  kvReservedBytes: number;
  /** serving-internal: virtual decode time at which its last token is produced */
  finishVirtualTokens: number;
}

export function newRequest(
  id: number,
  tierIndex: number,
  arrivalS: number,
  promptTokens: number,
  cachedPromptTokens: number,
  outputTokens: number,
): LlmRequest {
  return {
    id,
    tierIndex,
    arrivalS,
    promptTokens,
    cachedPromptTokens,
    outputTokens,
    admittedS: NaN,
    firstTokenS: NaN,
    completionS: NaN,
    kvReservedBytes: 0,
    finishVirtualTokens: NaN,
  };
}

/** Seconds per output token after the first: the decode speed the user saw. */
export function timePerOutputTokenS(request: LlmRequest): number {
  return request.outputTokens > 1 ? (request.completionS - request.firstTokenS) / (request.outputTokens - 1) : 0;
}
