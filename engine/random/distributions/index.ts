// Probability distributions: one factory per file (d3-random style: the uniform source first, then
// the parameters), plus a data-driven entry point (DistributionSpec → Sampler, and its mean).

export type { Sampler } from './sampler.js';
export { bernoulli } from './bernoulli.js';
export { boundedPareto } from './bounded-pareto.js';
export { categorical } from './categorical.js';
export { deterministic } from './deterministic.js';
export { empirical, type EmpiricalOptions } from './empirical.js';
export { exponential } from './exponential.js';
export { gamma, gammaFromMeanCv } from './gamma.js';
export { geometric } from './geometric.js';
export { lognormal, lognormalFromMedianP90, lognormalParamsFromMedianP90, Z_0_9 } from './lognormal.js';
export { normal, standardNormal } from './normal.js';
export { poisson } from './poisson.js';
export { truncated } from './truncated.js';
export { uniform } from './uniform.js';
export { weibull } from './weibull.js';
export { logFactorial, logGamma, standardNormalCdf } from './special-functions.js';

export {
  DISTRIBUTION_KINDS,
  type BernoulliSpec,
  type BoundedParetoSpec,
  type CategoricalSpec,
  type DeterministicSpec,
  type DistributionKind,
  type DistributionSpec,
  type EmpiricalSpec,
  type ExponentialSpec,
  type GammaSpec,
  type GeometricSpec,
  type LognormalSpec,
  type NormalSpec,
  type PoissonSpec,
  type Truncation,
  type UniformSpec,
  type WeibullSpec,
} from './spec.js';
export { samplerFromSpec } from './sampler-from-spec.js';
export { meanOfSpec } from './mean-of-spec.js';
