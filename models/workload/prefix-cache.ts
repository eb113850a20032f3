import type { RandomSource } from '../../engine/random/random-source.js';

/**
 * How many of a request's prompt tokens are already in the prefix (KV) cache and need no prefill:
 * - `none`: nothing is cached (default);
 * - `fraction`: a fixed share of every prompt, round(fraction · prompt) tokens;
 * - `blocks`: the prompt is cut into blocks of `blockTokens` (default 512, as in Mooncake and vLLM
 *   paged caches; the last block holds the remainder) and each block hits independently with
 *   probability `hitProbability`, so the cached share varies between requests but averages
 *   hitProbability (the Mooncake conversation trace: 36.6% of blocks were seen before).
 * Either way at least one prompt token is left to compute (the last one, whose logits start the
 * output), so cached ≤ prompt − 1.
 */
export type PrefixCacheSpec =
  | { kind: 'none' }
  | { kind: 'fraction'; fraction: number }
  | { kind: 'blocks'; hitProbability: number; blockTokens?: number };

/** Cached tokens of a prompt of `promptTokens` (≥ 1): a whole number in [0, promptTokens − 1]. */
export type CachedTokens = (promptTokens: number) => number;

export const DEFAULT_BLOCK_TOKENS = 512;

export function cachedTokensFromSpec(spec: PrefixCacheSpec, source: RandomSource): CachedTokens {
  switch (spec.kind) {
    case 'none':
      return () => 0;
    case 'fraction': {
      const fraction = requireShare('prefixCache.fraction', spec.fraction);
      return (prompt) => Math.min(Math.round(fraction * prompt), prompt - 1);
    }
    case 'blocks': {
      const p = requireShare('prefixCache.hitProbability', spec.hitProbability);
      const blockTokens = spec.blockTokens ?? DEFAULT_BLOCK_TOKENS;
      if (!Number.isInteger(blockTokens) || blockTokens < 1) {
        throw new RangeError(`prefixCache.blockTokens must be a whole number ≥ 1, got ${blockTokens}`);
      }
      return (prompt) => {
        let cached = 0;
        for (let start = 0; start < prompt; start += blockTokens) {
          if (source.next() < p) cached += Math.min(blockTokens, prompt - start);
        }
        return Math.min(cached, prompt - 1);
      };
    }
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new RangeError(`unknown prefixCache kind ${JSON.stringify(kind)}; expected none, fraction or blocks`);
    }
  }
}

/** The expected cached share of a long prompt (the cap of prompt − 1 aside). */
export function nominalCachedShare(spec: PrefixCacheSpec): number {
  switch (spec.kind) {
    case 'none':
      return 0;
    case 'fraction':
      return requireShare('prefixCache.fraction', spec.fraction);
    case 'blocks':
      return requireShare('prefixCache.hitProbability', spec.hitProbability);
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new RangeError(`unknown prefixCache kind ${JSON.stringify(kind)}; expected none, fraction or blocks`);
    }
  }
}

function requireShare(what: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${what} must be in [0, 1], got ${value}`);
  }
  return value;
}
