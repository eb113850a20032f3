// Distributions as plain data, for scenario files. Field names are neutral (no units): the caller
// knows whether `mean` is seconds or tokens. The experiments layer validates scenarios against its
// own schema; samplerFromSpec re-checks every parameter, so code-built specs fail just as clearly.

import { lognormalParamsFromMedianP90 } from './lognormal.js';

/** Condition a distribution on min ≤ x ≤ max; an omitted bound does not truncate on that side. */
export interface Truncation {
  min?: number;
  max?: number;
}

interface Truncatable {
  truncate?: Truncation;
}

export interface DeterministicSpec extends Truncatable {
  kind: 'deterministic';
  value: number;
}

/** Exponential, by its mean or by its rate (1 / mean): give exactly one. */
export type ExponentialSpec =
  | (Truncatable & { kind: 'exponential'; mean: number; rate?: never })
  | (Truncatable & { kind: 'exponential'; rate: number; mean?: never });

/** Uniform on [min, max). */
export interface UniformSpec extends Truncatable {
  kind: 'uniform';
  min: number;
  max: number;
}

export interface NormalSpec extends Truncatable {
  kind: 'normal';
  mean: number;
  sd: number;
}

/** Lognormal, by the mean and sd of its log (mu, sigma) or by its median and 0.9 quantile. */
export type LognormalSpec =
  | (Truncatable & { kind: 'lognormal'; mu: number; sigma: number; median?: never; p90?: never })
  | (Truncatable & { kind: 'lognormal'; median: number; p90: number; mu?: never; sigma?: never });

/** Gamma, by shape and scale or by mean and coefficient of variation (sd / mean). */
export type GammaSpec =
  | (Truncatable & { kind: 'gamma'; shape: number; scale: number; mean?: never; cv?: never })
  | (Truncatable & { kind: 'gamma'; mean: number; cv: number; shape?: never; scale?: never });

export interface WeibullSpec extends Truncatable {
  kind: 'weibull';
  shape: number;
  scale: number;
}

/** Pareto with tail index alpha, restricted to [min, max]. */
export interface BoundedParetoSpec extends Truncatable {
  kind: 'bounded-pareto';
  alpha: number;
  min: number;
  max: number;
}

/** 1 with probability p, else 0. */
export interface BernoulliSpec extends Truncatable {
  kind: 'bernoulli';
  p: number;
}

export interface PoissonSpec extends Truncatable {
  kind: 'poisson';
  mean: number;
}

/** Failures before the first success of Bernoulli(p) trials: 0, 1, 2, … (mean (1 − p)/p). */
export interface GeometricSpec extends Truncatable {
  kind: 'geometric';
  p: number;
}

/** values[i] (or i itself without values) with probability weights[i] / Σ weights. */
export interface CategoricalSpec extends Truncatable {
  kind: 'categorical';
  weights: readonly number[];
  values?: readonly number[];
}

/** Resample observed values; with interpolate, the piecewise-linear inverse CDF through them. */
export interface EmpiricalSpec extends Truncatable {
  kind: 'empirical';
  values: readonly number[];
  interpolate?: boolean;
}

export type DistributionSpec =
  | DeterministicSpec
  | ExponentialSpec
  | UniformSpec
  | NormalSpec
  | LognormalSpec
  | GammaSpec
  | WeibullSpec
  | BoundedParetoSpec
  | BernoulliSpec
  | PoissonSpec
  | GeometricSpec
  | CategoricalSpec
  | EmpiricalSpec;

export type DistributionKind = DistributionSpec['kind'];

export const DISTRIBUTION_KINDS = [
  'deterministic',
  'exponential',
  'uniform',
  'normal',
  'lognormal',
  'gamma',
  'weibull',
  'bounded-pareto',
  'bernoulli',
  'poisson',
  'geometric',
  'categorical',
  'empirical',
] as const satisfies readonly DistributionKind[];

// ---- helpers shared by samplerFromSpec and meanOfSpec (parameters already validated) ----

/**
 * Which of two parameterisations a spec uses; naming fields of both, or of neither, is an error.
 * Returns true for the first.
 */
export function usesFirstParameterisation(
  spec: DistributionSpec,
  first: readonly string[],
  second: readonly string[],
): boolean {
  const fields = spec as unknown as Record<string, unknown>;
  const hasFirst = first.some((name) => fields[name] !== undefined);
  const hasSecond = second.some((name) => fields[name] !== undefined);
  const options = `${first.join(' and ')}, or ${second.join(' and ')}`;
  if (hasFirst && hasSecond) throw new RangeError(`${spec.kind}: give either ${options}, not both`);
  if (!hasFirst && !hasSecond) throw new RangeError(`${spec.kind}: give ${options}`);
  return hasFirst;
}

export function exponentialMean(spec: ExponentialSpec): number {
  return spec.rate !== undefined ? 1 / spec.rate : spec.mean;
}

export function lognormalMuSigma(spec: LognormalSpec): { mu: number; sigma: number } {
  return spec.mu !== undefined ? { mu: spec.mu, sigma: spec.sigma } : lognormalParamsFromMedianP90(spec.median, spec.p90);
}

export function gammaShapeScale(spec: GammaSpec): { shape: number; scale: number } {
  if (spec.shape !== undefined) return { shape: spec.shape, scale: spec.scale };
  const cv2 = spec.cv * spec.cv;
  return { shape: 1 / cv2, scale: spec.mean * cv2 };
}

/** True for kinds with a density (no point masses): truncating them to a single point leaves nothing. */
function isContinuous(spec: DistributionSpec): boolean {
  switch (spec.kind) {
    case 'exponential':
    case 'uniform':
    case 'normal':
    case 'lognormal':
    case 'gamma':
    case 'weibull':
    case 'bounded-pareto':
      return true;
    default:
      return false;
  }
}

/** True for kinds whose draws are always integers. */
export function isIntegerValued(spec: DistributionSpec): boolean {
  switch (spec.kind) {
    case 'bernoulli':
    case 'poisson':
    case 'geometric':
      return true;
    case 'categorical':
      return spec.values === undefined;
    default:
      return false;
  }
}

/** The smallest interval [min, max] holding all the probability (of the untruncated distribution). */
export function supportOfSpec(spec: DistributionSpec): [number, number] {
  switch (spec.kind) {
    case 'deterministic':
      return [spec.value, spec.value];
    case 'uniform':
    case 'bounded-pareto':
      return [spec.min, spec.max];
    case 'exponential':
    case 'lognormal':
    case 'gamma':
    case 'weibull':
      return [0, Infinity];
    case 'poisson':
      return [0, spec.mean === 0 ? 0 : Infinity];
    case 'geometric':
      return [0, spec.p === 1 ? 0 : Infinity];
    case 'normal':
      return [-Infinity, Infinity];
    case 'bernoulli':
      return [spec.p === 1 ? 1 : 0, spec.p === 0 ? 0 : 1];
    case 'categorical': {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < spec.weights.length; i++) {
        if (spec.weights[i] === 0) continue;
        const value = spec.values === undefined ? i : spec.values[i];
        if (value < min) min = value;
        if (value > max) max = value;
      }
      return [min, max];
    }
    case 'empirical': {
      let min = Infinity;
      let max = -Infinity;
      for (const value of spec.values) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
      return [min, max];
    }
  }
}

/** The truncation bounds of a spec, checked; undefined when it has no `truncate`. */
export function truncationBounds(spec: DistributionSpec): [number, number] | undefined {
  const truncate = spec.truncate;
  if (truncate === undefined) return undefined;
  if (truncate === null || typeof truncate !== 'object') {
    throw new RangeError(`${spec.kind}: truncate must be an object { min?, max? }`);
  }
  const min = truncate.min ?? -Infinity;
  const max = truncate.max ?? Infinity;
  if (typeof min !== 'number' || Number.isNaN(min)) {
    throw new RangeError(`${spec.kind}: truncate.min must be a number, got ${JSON.stringify(min)}`);
  }
  if (typeof max !== 'number' || Number.isNaN(max)) {
    throw new RangeError(`${spec.kind}: truncate.max must be a number, got ${JSON.stringify(max)}`);
  }
  if (!(min <= max)) {
    throw new RangeError(`${spec.kind}: truncate.max must be ≥ truncate.min (${min}), got ${max}`);
  }
  return [min, max];
}

/**
 * The part [lower, upper] of the support that a spec's truncation keeps, or undefined when the
 * truncation removes nothing. Integer-valued kinds round the bounds inwards. Throws when the
 * truncation plainly keeps no probability (outside the support, between two integers, a point of
 * a continuous distribution); thinner cases are caught when drawing or by meanOfSpec.
 */
export function activeTruncation(spec: DistributionSpec): [number, number] | undefined {
  const bounds = truncationBounds(spec);
  if (bounds === undefined) return undefined;
  const [supportMin, supportMax] = supportOfSpec(spec);
  if (bounds[0] <= supportMin && bounds[1] >= supportMax) return undefined;
  let lower = Math.max(bounds[0], supportMin);
  let upper = Math.min(bounds[1], supportMax);
  if (isIntegerValued(spec)) {
    lower = Math.ceil(lower);
    upper = Math.floor(upper);
  }
  if (lower > upper || (lower === upper && isContinuous(spec))) {
    throw noProbabilityError(spec, bounds, [supportMin, supportMax]);
  }
  return [lower, upper];
}

export function noProbabilityError(
  spec: DistributionSpec,
  bounds: readonly [number, number],
  support?: readonly [number, number],
): RangeError {
  const where = support === undefined ? '' : ` of the support [${support[0]}, ${support[1]}]`;
  return new RangeError(`${spec.kind}: truncate [${bounds[0]}, ${bounds[1]}] keeps no probability${where}`);
}
