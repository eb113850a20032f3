import type { RandomSource } from '../random-source.js';
import { bernoulli } from './bernoulli.js';
import { boundedPareto } from './bounded-pareto.js';
import { categorical } from './categorical.js';
import { requireFiniteList, requireGreater, requirePositive } from './check.js';
import { deterministic } from './deterministic.js';
import { empirical } from './empirical.js';
import { exponential } from './exponential.js';
import { gamma, gammaFromMeanCv } from './gamma.js';
import { geometric } from './geometric.js';
import { lognormal, lognormalFromMedianP90 } from './lognormal.js';
import { normal } from './normal.js';
import { poisson } from './poisson.js';
import type { Sampler } from './sampler.js';
import {
  activeTruncation,
  DISTRIBUTION_KINDS,
  noProbabilityError,
  usesFirstParameterisation,
  type CategoricalSpec,
  type DistributionSpec,
} from './spec.js';
import { truncated } from './truncated.js';
import { uniform } from './uniform.js';
import { weibull } from './weibull.js';

/**
 * The sampler a spec describes, drawing from `source`. Checks every parameter (RangeError naming
 * the kind and field). Truncation is exact where that is cheap (uniform, bounded Pareto, and the
 * finite discrete kinds, by narrowing their support) and by rejection otherwise.
 */
export function samplerFromSpec(spec: DistributionSpec, source: RandomSource): Sampler {
  if (spec === null || typeof spec !== 'object') {
    throw new RangeError(`a distribution spec must be an object with a kind, got ${JSON.stringify(spec)}`);
  }
  const sampler = untruncatedSampler(spec, source);
  const kept = activeTruncation(spec);
  return kept === undefined ? sampler : truncatedSampler(spec, source, sampler, kept[0], kept[1]);
}

function untruncatedSampler(spec: DistributionSpec, source: RandomSource): Sampler {
  switch (spec.kind) {
    case 'deterministic':
      return deterministic(spec.value);
    case 'exponential':
      if (usesFirstParameterisation(spec, ['mean'], ['rate'])) {
        requirePositive('exponential', 'mean', spec.mean as number);
        return exponential(source, 1 / (spec.mean as number));
      }
      requirePositive('exponential', 'rate', spec.rate as number);
      return exponential(source, spec.rate as number);
    case 'uniform':
      return uniform(source, spec.min, spec.max);
    case 'normal':
      return normal(source, spec.mean, spec.sd);
    case 'lognormal':
      return usesFirstParameterisation(spec, ['mu', 'sigma'], ['median', 'p90'])
        ? lognormal(source, spec.mu as number, spec.sigma as number)
        : lognormalFromMedianP90(source, spec.median as number, spec.p90 as number);
    case 'gamma':
      return usesFirstParameterisation(spec, ['shape', 'scale'], ['mean', 'cv'])
        ? gamma(source, spec.shape as number, spec.scale as number)
        : gammaFromMeanCv(source, spec.mean as number, spec.cv as number);
    case 'weibull':
      return weibull(source, spec.shape, spec.scale);
    case 'bounded-pareto':
      // Checked here so messages use the spec's field names (min, max), not the factory's.
      requirePositive('bounded-pareto', 'alpha', spec.alpha);
      requirePositive('bounded-pareto', 'min', spec.min);
      requireGreater('bounded-pareto', 'max', spec.max, 'min', spec.min);
      return boundedPareto(source, spec.alpha, spec.min, spec.max);
    case 'bernoulli':
      return bernoulli(source, spec.p);
    case 'poisson':
      return poisson(source, spec.mean);
    case 'geometric':
      return geometric(source, spec.p);
    case 'categorical':
      return categoricalOfValues(source, spec.weights, spec.values);
    case 'empirical':
      requireFiniteList('empirical', 'values', spec.values);
      return empirical(source, spec.values, { interpolate: spec.interpolate === true });
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new RangeError(
        `unknown distribution kind ${JSON.stringify(kind)}; expected one of ${DISTRIBUTION_KINDS.join(', ')}`,
      );
    }
  }
}

function truncatedSampler(
  spec: DistributionSpec,
  source: RandomSource,
  sampler: Sampler,
  lower: number,
  upper: number,
): Sampler {
  switch (spec.kind) {
    case 'uniform':
      return uniform(source, lower, upper);
    case 'bounded-pareto':
      return boundedPareto(source, spec.alpha, lower, upper);
    case 'bernoulli':
      // The truncation keeps exactly one of 0 and 1 (keeping both would remove nothing).
      return deterministic(lower);
    case 'categorical': {
      const weights = categoricalWeightsWithin(spec, lower, upper);
      if (weights === undefined) throw noProbabilityError(spec, [lower, upper]);
      return categoricalOfValues(source, weights, spec.values);
    }
    case 'empirical':
      if (spec.interpolate !== true) {
        const kept = spec.values.filter((value) => value >= lower && value <= upper);
        if (kept.length === 0) throw noProbabilityError(spec, [lower, upper]);
        return empirical(source, kept);
      }
      return truncated(sampler, lower, upper);
    default:
      return truncated(sampler, lower, upper);
  }
}

/** values[i] (or i) with probability ∝ weights[i]. */
function categoricalOfValues(
  source: RandomSource,
  weights: readonly number[],
  values: readonly number[] | undefined,
): Sampler {
  const index = categorical(source, weights);
  if (values === undefined) return index;
  requireFiniteList('categorical', 'values', values);
  if (values.length !== weights.length) {
    throw new RangeError(
      `categorical: values must have one entry per weight (${weights.length}), got ${values.length}`,
    );
  }
  const table = Float64Array.from(values);
  return () => table[index()];
}

/** The categorical weights with outcomes outside [lower, upper] set to 0; undefined if none is left. */
export function categoricalWeightsWithin(
  spec: CategoricalSpec,
  lower: number,
  upper: number,
): number[] | undefined {
  let anyLeft = false;
  const weights = spec.weights.map((weight, i) => {
    const value = spec.values === undefined ? i : spec.values[i];
    const keep = value >= lower && value <= upper && weight > 0;
    anyLeft ||= keep;
    return keep ? weight : 0;
  });
  return anyLeft ? weights : undefined;
}
