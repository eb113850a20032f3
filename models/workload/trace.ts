/**
 * A request trace parsed into columns: one entry per request, in arrival order.
 * Token counts are whole numbers ≥ 0 as recorded (a sampler applies its own minimum of 1).
 */
export interface AzureTrace {
  readonly format: 'azure';
  /** arrival times in seconds, relative to the first request (so timesS[0] = 0), non-decreasing */
  readonly timesS: Float64Array;
  readonly promptTokens: Int32Array;
  readonly outputTokens: Int32Array;
}

/** A Mooncake trace also records which 512-token prompt blocks each request shares with earlier ones. */
export interface MooncakeTrace {
  readonly format: 'mooncake';
  readonly timesS: Float64Array;
  readonly promptTokens: Int32Array;
  readonly outputTokens: Int32Array;
  /**
   * per request, the prompt tokens in blocks whose hash was seen earlier in the trace (a block seen
   * earlier in the same request counts too): what a cache keeping every block would have served
   */
  readonly cachedPromptTokens: Int32Array;
  /** fraction of all prompt blocks in the trace whose hash was seen earlier (36.6% for Kimi conversation) */
  readonly prefixHitRate: number;
}

export type WorkloadTrace = AzureTrace | MooncakeTrace;

/** Tokens per hashed prompt block in Mooncake traces. */
export const MOONCAKE_BLOCK_TOKENS = 512;

/**
 * A trace the user pointed at is unusable: a bad row, a missing column, a file that cannot be read.
 * The message is one line, starting with the line number when one row is to blame.
 */
export class TraceError extends Error {
  override name = 'TraceError';

  constructor(
    message: string,
    /** 1-based line of the offending row, when one row is to blame */
    readonly lineNumber?: number,
  ) {
    super(message);
  }
}

/** A TraceError for one line: `line 7: ContextTokens must be a whole number ≥ 0, got "abc"`. */
export function lineError(lineNumber: number, problem: string): TraceError {
  return new TraceError(`line ${lineNumber}: ${problem}`, lineNumber);
}

/** A bounded rendering of a bad field for an error message. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
