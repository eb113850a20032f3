import { RandomStreams } from '../../engine/random/random-source.js';
import type { PerformanceModel } from '../performance/performance-model.js';
import { createRequestSizeSampler, newRequestSize, type RequestSizeSpec } from '../workload/request-size-sampler.js';

/**
 * How many request sizes the plan draws to estimate workload moments (fixed, so plans are
 * reproducible). With 8,192 the heavy-tailed lognormal sizes of the default scenario left ~3% of
 * sampling error in the capacity, and so in every `loadFraction` arrival rate; 65,536 cut it by √8
 * for ~10 ms of planning per tier.
 */
const MOMENT_SAMPLES = 65_536;

/**
 * Moments of a tier's request sizes that the fluid capacity needs, estimated from a fixed sample of
 * the size distribution (its own seed, independent of the replications):
 * - means of prompt, output and cached tokens;
 * - decodeContextTokens: the context of a sequence averaged over the time it spends decoding. A
 *   sequence decodes for a time ∝ its output, so long answers weigh more:
 *   E[out·(prompt + out/2)] / E[out], not E[prompt] + E[out]/2;
 * - kvReservedTokens: the KV a running sequence holds (the pool reserves prompt + output while it
 *   runs), weighted the same way: E[out·(prompt + out)] / E[out];
 * - the uncached prompts, so the mean prefill time can be taken as E[p(X)]: prefill is superlinear
 *   in the prompt (attention), and p(E[X]) would understate it for spread-out prompts.
 */
export interface WorkloadMoments {
  meanPromptTokens: number;
  meanOutputTokens: number;
  meanCachedPromptTokens: number;
  decodeContextTokens: number;
  kvReservedTokens: number;
  uncachedPrompts: Float64Array;
}

export function workloadMoments(sizes: RequestSizeSpec): WorkloadMoments {
  const sampler = createRequestSizeSampler(sizes, new RandomStreams('tokenfactory-plan', 0).stream('sizes'));
  const size = newRequestSize();
  const uncachedPrompts = new Float64Array(MOMENT_SAMPLES);
  let prompt = 0;
  let output = 0;
  let cached = 0;
  let outTimesContext = 0;
  let outTimesReserved = 0;
  for (let i = 0; i < MOMENT_SAMPLES; i++) {
    sampler.sample(size);
    prompt += size.promptTokens;
    output += size.outputTokens;
    cached += size.cachedPromptTokens;
    outTimesContext += size.outputTokens * (size.promptTokens + size.outputTokens / 2);
    outTimesReserved += size.outputTokens * (size.promptTokens + size.outputTokens);
    uncachedPrompts[i] = size.promptTokens - size.cachedPromptTokens;
  }
  return {
    meanPromptTokens: prompt / MOMENT_SAMPLES,
    meanOutputTokens: output / MOMENT_SAMPLES,
    meanCachedPromptTokens: cached / MOMENT_SAMPLES,
    decodeContextTokens: outTimesContext / output,
    kvReservedTokens: outTimesReserved / output,
    uncachedPrompts,
  };
}

/** E[prefill time] over the sampled prompts. */
export function meanPrefillTimeS(moments: WorkloadMoments, performance: PerformanceModel): number {
  let sum = 0;
  for (const tokens of moments.uncachedPrompts) sum += performance.prefillTimeS(tokens);
  return sum / moments.uncachedPrompts.length;
}

/** The q-quantile of sampled values (nearest rank on a sorted copy). */
export function quantileOf(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
