// Demand: when requests arrive (arrival processes), how long they are (size samplers with a
// prefix-cache model), and recorded traces to drive both (pure parsers of the trace text).

export { type ArrivalProcess } from './arrival-process.js';
export {
  createArrivalProcess,
  meanRatePerS,
  scaleSpec,
  specWithMeanRate,
  type ArrivalKind,
  type ArrivalSpec,
} from './arrivals.js';
export { poissonArrivals, type PoissonArrivalSpec } from './poisson-arrivals.js';
export { gammaRenewalArrivals, type GammaRenewalArrivalSpec } from './gamma-renewal-arrivals.js';
export {
  dailyCycleArrivals,
  dailyCycleRate,
  DAYS_OF_WEEK,
  type DailyCycleArrivalSpec,
  type DayOfWeek,
} from './daily-cycle-arrivals.js';
export { mmppArrivals, mmppMeanRatePerS, type MmppArrivalSpec } from './mmpp-arrivals.js';
export { traceReplayArrivals, traceReplayMeanRatePerS, type TraceReplayArrivalSpec } from './trace-replay-arrivals.js';

export {
  createRequestSizeSampler,
  meanRequestSize,
  type DistributionSizeSpec,
  type RequestSize,
  type RequestSizeSampler,
  type RequestSizeSpec,
  type TraceSizeSpec,
} from './request-size-sampler.js';
export { cachedTokensFromSpec, DEFAULT_BLOCK_TOKENS, type CachedTokens, type PrefixCacheSpec } from './prefix-cache.js';

export { parseAzureTrace } from './parse-azure-trace.js';
export { parseMooncakeTrace } from './parse-mooncake-trace.js';
export { MOONCAKE_BLOCK_TOKENS, TraceError, type AzureTrace, type MooncakeTrace, type WorkloadTrace } from './trace.js';
