export {
  type ConfidenceInterval,
  type PossiblyDegenerateInterval,
  type SampleSummary,
  studentTInterval,
  studentTIntervalFromSummary,
  studentTIntervalOrPoint,
} from './confidence-interval.js';
export { studentTCdf, studentTDensity, studentTQuantile } from './student-t.js';
export { logGamma, regularizedIncompleteBeta, standardNormalQuantile } from './special-functions.js';
export { Tally, type TallyState } from './tally.js';
export { TimeWeighted } from './time-weighted.js';
export { DDSketch, type DDSketchOptions } from './ddsketch.js';
export { QuantileEstimator, type QuantileEstimatorOptions, quantileSorted, sampleQuantile } from './quantiles.js';
export {
  type BatchMeansInterval,
  type BatchMeansOptions,
  batchMeansInterval,
  lag1Autocorrelation,
  StreamingBatchMeans,
} from './batch-means.js';
export { deleteWarmup, mser5TruncationIndex, mserTruncationIndex } from './warmup.js';
