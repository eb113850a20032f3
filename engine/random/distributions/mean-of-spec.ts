import type { RandomSource } from '../random-source.js';
import { categoricalWeightsWithin, samplerFromSpec } from './sampler-from-spec.js';
import {
  activeTruncation,
  exponentialMean,
  gammaShapeScale,
  lognormalMuSigma,
  noProbabilityError,
  type DistributionSpec,
  type EmpiricalSpec,
} from './spec.js';
import { logFactorial, logGamma, standardNormalMassBetween } from './special-functions.js';

// meanOfSpec builds the sampler only to validate the spec exactly as samplerFromSpec does.
const NO_DRAWS: RandomSource = {
  next(): number {
    throw new Error('meanOfSpec must not draw');
  },
};

/**
 * The analytic mean of the distribution a spec describes (truncation included), for capacity
 * planning. Undefined only where there is no closed form: gamma and Weibull when the truncation
 * actually cuts their support. Throws like samplerFromSpec on a bad spec, and when the
 * truncation keeps no probability.
 */
export function meanOfSpec(spec: DistributionSpec): number | undefined {
  samplerFromSpec(spec, NO_DRAWS);
  const kept = activeTruncation(spec);
  return kept === undefined ? untruncatedMean(spec) : truncatedMean(spec, kept[0], kept[1]);
}

function untruncatedMean(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'deterministic':
      return spec.value;
    case 'exponential':
      return exponentialMean(spec);
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'normal':
      return spec.mean;
    case 'lognormal': {
      const { mu, sigma } = lognormalMuSigma(spec);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case 'gamma': {
      const { shape, scale } = gammaShapeScale(spec);
      return shape * scale;
    }
    case 'weibull':
      return spec.scale * Math.exp(logGamma(1 + 1 / spec.shape));
    case 'bounded-pareto':
      return boundedParetoMean(spec.alpha, spec.min, spec.max);
    case 'bernoulli':
      return spec.p;
    case 'poisson':
      return spec.mean;
    case 'geometric':
      return (1 - spec.p) / spec.p;
    case 'categorical':
      return categoricalMean(spec.weights, spec.values);
    case 'empirical':
      return spec.interpolate === true ? interpolatedEmpiricalMean(spec, -Infinity, Infinity) : average(spec.values);
  }
}

/** The mean conditioned on lower ≤ x ≤ upper, [lower, upper] already inside the support. */
function truncatedMean(spec: DistributionSpec, lower: number, upper: number): number | undefined {
  switch (spec.kind) {
    case 'deterministic':
      return spec.value;
    case 'uniform':
    case 'bernoulli':
      return (lower + upper) / 2;
    case 'exponential': {
      const mean = exponentialMean(spec);
      if (upper === Infinity) return lower + mean; // memoryless
      const width = upper - lower;
      return lower + mean - width / Math.expm1(width / mean);
    }
    case 'normal':
      return truncatedNormalMean(spec.mean, spec.sd, lower, upper, spec);
    case 'lognormal': {
      const { mu, sigma } = lognormalMuSigma(spec);
      const logLower = Math.log(lower);
      const logUpper = Math.log(upper);
      const mass = standardNormalMassBetween((logLower - mu) / sigma, (logUpper - mu) / sigma);
      if (!(mass > 0)) throw noProbabilityError(spec, [lower, upper]);
      // E[X; a ≤ X ≤ b] = e^(mu + sigma²/2) · P(a ≤ X ≤ b under log-mean mu + sigma²).
      const shifted = mu + sigma * sigma;
      const partial = standardNormalMassBetween((logLower - shifted) / sigma, (logUpper - shifted) / sigma);
      return (Math.exp(mu + (sigma * sigma) / 2) * partial) / mass;
    }
    case 'gamma':
    case 'weibull':
      return undefined; // needs the incomplete gamma function
    case 'bounded-pareto':
      // A bounded Pareto cut to [lower, upper] is the bounded Pareto on [lower, upper].
      return boundedParetoMean(spec.alpha, lower, upper);
    case 'poisson':
      return truncatedPoissonMean(spec.mean, lower, upper, spec);
    case 'geometric':
      return truncatedGeometricMean(spec.p, lower, upper);
    case 'categorical': {
      const weights = categoricalWeightsWithin(spec, lower, upper);
      if (weights === undefined) throw noProbabilityError(spec, [lower, upper]);
      return categoricalMean(weights, spec.values);
    }
    case 'empirical':
      if (spec.interpolate === true) return interpolatedEmpiricalMean(spec, lower, upper);
      return average(spec.values.filter((value) => value >= lower && value <= upper));
  }
}

function average(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function categoricalMean(weights: readonly number[], values: readonly number[] | undefined): number {
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    weighted += weights[i] * (values === undefined ? i : values[i]);
  }
  return weighted / total;
}

/**
 * α·L·(1 − (L/H)^(α−1)) / ((α − 1)(1 − (L/H)^α)), written with expm1 so that α → 1 tends smoothly
 * to its limit L·H·ln(H/L)/(H − L).
 */
export function boundedParetoMean(alpha: number, lower: number, upper: number): number {
  const logRatio = Math.log(lower / upper); // < 0
  const e = alpha - 1;
  const numerator = e === 0 ? -logRatio : -Math.expm1(e * logRatio) / e;
  return (alpha * lower * numerator) / -Math.expm1(alpha * logRatio);
}

function truncatedNormalMean(
  mean: number,
  sd: number,
  lower: number,
  upper: number,
  spec: DistributionSpec,
): number {
  const a = (lower - mean) / sd;
  const b = (upper - mean) / sd;
  const mass = standardNormalMassBetween(a, b);
  if (!(mass > 0)) throw noProbabilityError(spec, [lower, upper]);
  return mean + (sd * (standardNormalDensity(a) - standardNormalDensity(b))) / mass;
}

function standardNormalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Sums k·P(k) over the integers kept, within 40 sd of the mean (beyond, terms underflow to 0). */
function truncatedPoissonMean(mean: number, lower: number, upper: number, spec: DistributionSpec): number {
  const reach = 40 * Math.sqrt(mean) + 40;
  const first = Math.max(lower, Math.floor(mean - reach));
  const last = Math.min(upper, Math.ceil(mean + reach));
  const logMean = Math.log(mean);
  let mass = 0;
  let weighted = 0;
  for (let k = first; k <= last; k++) {
    const probability = Math.exp(k * logMean - mean - logFactorial(k));
    mass += probability;
    weighted += k * probability;
  }
  if (!(mass > 0)) throw noProbabilityError(spec, [lower, upper]);
  return weighted / mass;
}

/**
 * Memorylessness: X given X ≥ m is m + X, so only the count N = upper − lower matters; the mean of
 * a geometric cut to {0…N} is q/p − (N + 1)·q^(N+1)/(1 − q^(N+1)), with q = 1 − p.
 */
function truncatedGeometricMean(p: number, lower: number, upper: number): number {
  const q = 1 - p;
  if (upper === Infinity) return lower + q / p;
  const count = upper - lower + 1;
  return lower + q / p - count / Math.expm1(-count * Math.log1p(-p));
}

/**
 * The interpolated empirical distribution is an equal-weight mixture of uniforms on the gaps
 * between consecutive order statistics (a point mass where two are equal); cut each to
 * [lower, upper] and average.
 */
function interpolatedEmpiricalMean(spec: EmpiricalSpec, lower: number, upper: number): number {
  const sorted = Float64Array.from(spec.values).sort();
  if (sorted.length === 1) return sorted[0];
  let mass = 0;
  let weighted = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const left = sorted[i];
    const right = sorted[i + 1];
    if (left === right) {
      if (left >= lower && left <= upper) {
        mass += 1;
        weighted += left;
      }
      continue;
    }
    const from = Math.max(left, lower);
    const to = Math.min(right, upper);
    if (to <= from) continue;
    const share = (to - from) / (right - left);
    mass += share;
    weighted += (share * (from + to)) / 2;
  }
  if (!(mass > 0)) throw noProbabilityError(spec, [lower, upper]);
  return weighted / mass;
}
