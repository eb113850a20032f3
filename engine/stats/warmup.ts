/** The series without its first `warmupCount` observations (a new array; the input is unchanged). */
export function deleteWarmup<T>(series: readonly T[], warmupCount: number): T[] {
  if (!Number.isInteger(warmupCount) || warmupCount < 0 || warmupCount > series.length) {
    throw new RangeError(`warmupCount must be an integer in [0, ${series.length}], got ${warmupCount}`);
  }
  return series.slice(warmupCount);
}

const MSER_DEFAULT_BATCH_SIZE = 5;

/**
 * MSER truncation point (White 1997; MSER-5 with the default batch size of 5): the number of
 * leading observations to delete as warm-up.
 *
 * The series is averaged in consecutive batches Z₁…Z_m of `batchSize` (a trailing partial batch
 * is ignored). For each d, MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (m − d)², where Z̄_d is the mean of
 * the batches kept; it trades the bias of keeping a transient against the variance of keeping too
 * little. The d minimising it over the first half of the batches (beyond that the statistic rests
 * on too few points and is unreliable, as White and later studies note) gives the truncation
 * index d · batchSize. A minimum at the half-way limit suggests the run is too short to have
 * reached steady state.
 */
export function mserTruncationIndex(series: readonly number[], batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  }
  const batchCount = Math.floor(series.length / batchSize);
  if (batchCount < 2) {
    throw new RangeError(`MSER needs at least 2 batches of ${batchSize} observations, got ${series.length} observations`);
  }
  const batches = new Float64Array(batchCount);
  for (let j = 0; j < batchCount; j++) {
    let sum = 0;
    for (let i = j * batchSize; i < (j + 1) * batchSize; i++) {
      const x = series[i];
      if (!Number.isFinite(x)) throw new RangeError(`series must be finite numbers, got ${x} at index ${i}`);
      sum += x;
    }
    batches[j] = sum / batchSize;
  }
  // Sums of squared deviations of every suffix, by Welford from the end (stable under large offsets).
  const suffixSquaredDeviations = new Float64Array(batchCount);
  let mean = 0;
  let m2 = 0;
  for (let j = batchCount - 1, n = 1; j >= 0; j--, n++) {
    const delta = batches[j] - mean;
    mean += delta / n;
    m2 += delta * (batches[j] - mean);
    suffixSquaredDeviations[j] = m2;
  }
  // At least 2 batches kept: one alone has no spread and would always look best.
  const lastCandidate = Math.min(Math.floor(batchCount / 2), batchCount - 2);
  let best = 0;
  let bestStatistic = Infinity;
  for (let d = 0; d <= lastCandidate; d++) {
    const kept = batchCount - d;
    const statistic = suffixSquaredDeviations[d] / (kept * kept);
    if (statistic < bestStatistic) {
      bestStatistic = statistic;
      best = d;
    }
  }
  return best * batchSize;
}

/** MSER-5 (White 1997): `mserTruncationIndex` with batches of 5, the usual choice. */
export function mser5TruncationIndex(series: readonly number[]): number {
  return mserTruncationIndex(series, MSER_DEFAULT_BATCH_SIZE);
}
