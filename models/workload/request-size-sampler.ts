import type { RandomSource } from '../../engine/random/random-source.js';
import { meanOfSpec, samplerFromSpec, type DistributionSpec } from '../../engine/random/distributions/index.js';
import { cachedTokensFromSpec, nominalCachedShare, type CachedTokens, type PrefixCacheSpec } from './prefix-cache.js';

/** The token counts of one request. */
export interface RequestSize {
  /** ≥ 1, including the cached ones */
  promptTokens: number;
  /** ≥ 1 */
  outputTokens: number;
  /** prompt tokens already in the prefix cache, in [0, promptTokens − 1] */
  cachedPromptTokens: number;
}

/**
 * A RequestSize to be filled by `sample`. Its class gives it a hidden class of its own: an object
 * literal of the same shape shares V8's map with every other one, and once any of them holds a
 * fraction (a mean size) every such object keeps its fields as boxed doubles, which then cost an
 * allocation whenever they are passed on. Here they stay small integers.
 */
export function newRequestSize(): RequestSize {
  return new WholeRequestSize();
}

class WholeRequestSize implements RequestSize {
  promptTokens = 0;
  outputTokens = 0;
  cachedPromptTokens = 0;
}

/** Prompt and output lengths drawn independently from two distributions (rounded to whole tokens). */
export interface DistributionSizeSpec {
  kind: 'distributions';
  promptTokens: DistributionSpec;
  outputTokens: DistributionSpec;
  /** the model's context window: promptTokens + outputTokens ≤ this, whole number ≥ 2 */
  maxContextTokens: number;
  prefixCache?: PrefixCacheSpec;
}

/**
 * (prompt, output) pairs taken jointly from the rows of a trace, which keeps their correlation
 * (long prompts in a trace tend to come with their own kind of answer).
 */
export interface TraceSizeSpec {
  kind: 'trace';
  /** one entry per trace row; not copied */
  promptTokens: Int32Array | readonly number[];
  outputTokens: Int32Array | readonly number[];
  /** per row, prompt tokens a cache had (a Mooncake trace's); needed by prefixCache { kind: 'trace' } */
  cachedPromptTokens?: Int32Array | readonly number[];
  /** `resample` (default): rows drawn uniformly with replacement; `sequential`: rows in order, wrapping (pairs with a trace replay of the same rows) */
  order?: 'resample' | 'sequential';
  maxContextTokens: number;
  /** default none; `trace`: each row's own cachedPromptTokens */
  prefixCache?: PrefixCacheSpec | { kind: 'trace' };
}

export type RequestSizeSpec = DistributionSizeSpec | TraceSizeSpec;

export interface RequestSizeSampler {
  /** The next request's sizes, written into `out` when given (no allocation) and returned. */
  sample(out?: RequestSize): RequestSize;
  /** Draws so far whose prompt + output exceeded maxContextTokens and were cut to fit. */
  readonly truncatedCount: number;
}

/**
 * Sizes as the spec describes, drawing from `source` (a stream of its own, apart from arrivals).
 *
 * Each draw is rounded to a whole number of tokens, at least 1. When prompt + output exceeds
 * maxContextTokens the output is kept and the prompt is truncated to maxContextTokens − output (as
 * a chat client drops its oldest context); an output that alone fills the window is cut to
 * maxContextTokens − 1 and the prompt to 1. Cached tokens are then taken from the final prompt.
 */
export function createRequestSizeSampler(spec: RequestSizeSpec, source: RandomSource): RequestSizeSampler {
  const maxContext = checkedMaxContext(spec.maxContextTokens);
  const { draw, cached } = spec.kind === 'trace' ? traceRows(spec, source) : distributionDraws(spec, source);
  // Sizes are drawn ahead, BLOCK at a time, into integer arrays, and handed out in order: the same
  // draws in the same order as one at a time (the source is this sampler's own), but the samplers
  // run in one tight loop, and `sample` passes on whole numbers, which V8 never boxes (a double
  // returned through a call it does not inline costs a heap allocation).
  const prompts = new Int32Array(SIZE_BLOCK);
  const outputs = new Int32Array(SIZE_BLOCK);
  const cachedTokens = new Int32Array(SIZE_BLOCK);
  const truncated = new Uint8Array(SIZE_BLOCK);
  const one = newRequestSize();
  const refill = (): void => {
    for (let i = 0; i < SIZE_BLOCK; i++) {
      const row = draw(one);
      truncated[i] = fitToContext(one, maxContext) ? 1 : 0;
      prompts[i] = one.promptTokens;
      outputs[i] = one.outputTokens;
      cachedTokens[i] = Math.min(cached(one.promptTokens, row), one.promptTokens - 1);
    }
  };
  let next = SIZE_BLOCK;
  let truncatedCount = 0;
  return {
    sample(out: RequestSize = newRequestSize()): RequestSize {
      if (next === SIZE_BLOCK) {
        refill();
        next = 0;
      }
      out.promptTokens = prompts[next];
      out.outputTokens = outputs[next];
      out.cachedPromptTokens = cachedTokens[next];
      truncatedCount += truncated[next];
      next++;
      return out;
    },
    get truncatedCount() {
      return truncatedCount;
    },
  };
}

/** Request sizes drawn ahead at a time (see createRequestSizeSampler). */
const SIZE_BLOCK = 256;
/** Token counts are kept in Int32Arrays, so a context window may not exceed this. */
const MAX_CONTEXT_TOKENS = 2 ** 31 - 1;

/**
 * Cuts prompt + output to maxContext: keeps the output and truncates the prompt, or, when the output
 * alone fills the window, leaves 1 prompt token and maxContext − 1 output tokens. True if it cut.
 */
function fitToContext(size: RequestSize, maxContext: number): boolean {
  const output = size.outputTokens;
  if (size.promptTokens + output <= maxContext) return false;
  if (output >= maxContext) {
    size.outputTokens = maxContext - 1;
    size.promptTokens = 1;
  } else {
    size.promptTokens = maxContext - output;
  }
  return true;
}

/**
 * A size model split in two steps around the context cap: `draw` sets prompt and output (≥ 1) in
 * `out` and returns the trace row it used (-1 for distributions); `cached` gives the cached tokens of
 * the final, capped prompt.
 */
interface SizeModel {
  draw: (out: RequestSize) => number;
  cached: (promptTokens: number, row: number) => number;
}

function distributionDraws(spec: DistributionSizeSpec, source: RandomSource): SizeModel {
  const prompt = samplerFromSpec(spec.promptTokens, source);
  const output = samplerFromSpec(spec.outputTokens, source);
  const cached = cachedTokensFromSpec(spec.prefixCache ?? { kind: 'none' }, source);
  return {
    draw(out) {
      out.promptTokens = wholeTokens(prompt());
      out.outputTokens = wholeTokens(output());
      return -1;
    },
    cached,
  };
}

function traceRows(spec: TraceSizeSpec, source: RandomSource): SizeModel {
  const n = checkTraceColumns(spec);
  const { promptTokens, outputTokens } = spec;
  const prefixCache = spec.prefixCache ?? { kind: 'none' };
  let cached: SizeModel['cached'];
  if (prefixCache.kind === 'trace') {
    const rowCached = spec.cachedPromptTokens;
    if (rowCached === undefined) {
      throw new RangeError("prefixCache { kind: 'trace' } needs the trace's cachedPromptTokens (a Mooncake trace has them)");
    }
    cached = (_prompt, row) => rowCached[row];
  } else {
    const cachedOfPrompt: CachedTokens = cachedTokensFromSpec(prefixCache, source);
    cached = (prompt) => cachedOfPrompt(prompt);
  }
  const order = spec.order ?? 'resample';
  if (order !== 'resample' && order !== 'sequential') {
    throw new RangeError(`order must be resample or sequential, got ${JSON.stringify(order)}`);
  }
  let nextRow = 0;
  return {
    draw(out) {
      let row: number;
      if (order === 'resample') {
        row = Math.floor(source.next() * n);
      } else {
        row = nextRow;
        nextRow = nextRow + 1 === n ? 0 : nextRow + 1;
      }
      out.promptTokens = Math.max(1, promptTokens[row]);
      out.outputTokens = Math.max(1, outputTokens[row]);
      return row;
    },
    cached,
  };
}

/** Rows of a trace size spec, checked once: equal lengths, whole numbers ≥ 0. Returns the row count. */
function checkTraceColumns(spec: TraceSizeSpec): number {
  const n = spec.promptTokens?.length;
  if (typeof n !== 'number' || n === 0) throw new RangeError('trace sizes: promptTokens must be a non-empty list');
  const columns: [string, ArrayLike<number> | undefined][] = [
    ['promptTokens', spec.promptTokens],
    ['outputTokens', spec.outputTokens],
    ['cachedPromptTokens', spec.cachedPromptTokens],
  ];
  for (const [name, column] of columns) {
    if (column === undefined && name === 'cachedPromptTokens') continue;
    if (column?.length !== n) {
      throw new RangeError(`trace sizes: ${name} must have one entry per row (${n}), got ${column?.length}`);
    }
    for (let i = 0; i < n; i++) {
      const value = column[i];
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(`trace sizes: ${name}[${i}] must be a whole number ≥ 0, got ${value}`);
      }
    }
  }
  return n;
}

/** A drawn length as whole tokens: rounded, at least 1 (NaN, which no valid spec produces, becomes 1). */
function wholeTokens(x: number): number {
  const rounded = Math.round(x);
  return rounded >= 1 ? rounded : 1;
}

/**
 * Mean sizes a spec gives, tokens per request, for sizing demand against capacity.
 * - trace: exact over its rows, with the minimum of 1, the context cap and the cache model applied
 *   (for `blocks`, the expected share; for `fraction`, before rounding);
 * - distributions: the analytic means of the two specs (meanOfSpec), before rounding to whole
 *   tokens and the context cap, so slightly off when the cap often binds; cached = share × prompt.
 *   Throws when a distribution has no closed-form mean (gamma or Weibull with an active truncation).
 */
export function meanRequestSize(spec: RequestSizeSpec): RequestSize {
  const maxContext = checkedMaxContext(spec.maxContextTokens);
  if (spec.kind === 'distributions') {
    const prompt = requireMean('promptTokens', meanOfSpec(spec.promptTokens));
    const output = requireMean('outputTokens', meanOfSpec(spec.outputTokens));
    const share = nominalCachedShare(spec.prefixCache ?? { kind: 'none' });
    return { promptTokens: prompt, outputTokens: output, cachedPromptTokens: share * prompt };
  }
  const n = checkTraceColumns(spec);
  const prefixCache = spec.prefixCache ?? { kind: 'none' };
  const share = prefixCache.kind === 'trace' ? NaN : nominalCachedShare(prefixCache);
  let promptSum = 0;
  let outputSum = 0;
  let cachedSum = 0;
  const size = newRequestSize();
  for (let i = 0; i < n; i++) {
    size.promptTokens = Math.max(1, spec.promptTokens[i]);
    size.outputTokens = Math.max(1, spec.outputTokens[i]);
    fitToContext(size, maxContext);
    const prompt = size.promptTokens;
    promptSum += prompt;
    outputSum += size.outputTokens;
    const cached = prefixCache.kind === 'trace' ? (spec.cachedPromptTokens?.[i] ?? 0) : share * prompt;
    cachedSum += Math.min(cached, prompt - 1);
  }
  return { promptTokens: promptSum / n, outputTokens: outputSum / n, cachedPromptTokens: cachedSum / n };
}

function requireMean(field: string, mean: number | undefined): number {
  if (mean === undefined) {
    throw new RangeError(`${field}: this distribution has no closed-form mean (a truncated gamma or Weibull); estimate it by sampling`);
  }
  return mean;
}

function checkedMaxContext(maxContextTokens: number): number {
  if (!Number.isInteger(maxContextTokens) || maxContextTokens < 2 || maxContextTokens > MAX_CONTEXT_TOKENS) {
    throw new RangeError(`maxContextTokens must be a whole number in [2, ${MAX_CONTEXT_TOKENS}], got ${maxContextTokens}`);
  }
  return maxContextTokens;
}
