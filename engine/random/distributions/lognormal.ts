import type { RandomSource } from '../random-source.js';
import { requireFinite, requireGreater, requirePositive } from './check.js';
import { standardNormal } from './normal.js';
import type { Sampler } from './sampler.js';

/** The standard normal's 0.9 quantile, Φ⁻¹(0.9). */
export const Z_0_9 = 1.2815515655446004;

/** Lognormal: exp(mu + sigma·Z) with Z standard normal; median e^mu, mean e^(mu + sigma²/2). */
export function lognormal(source: RandomSource, mu: number, sigma: number): Sampler {
  requireFinite('lognormal', 'mu', mu);
  requirePositive('lognormal', 'sigma', sigma);
  const z = standardNormal(source);
  return () => Math.exp(mu + sigma * z());
}

/** The (mu, sigma) of the lognormal with the given median and 0.9 quantile (p90 > median > 0). */
export function lognormalParamsFromMedianP90(median: number, p90: number): { mu: number; sigma: number } {
  requirePositive('lognormal', 'median', median);
  requireGreater('lognormal', 'p90', p90, 'median', median);
  return { mu: Math.log(median), sigma: Math.log(p90 / median) / Z_0_9 };
}

/** Lognormal fitted to a median and a 0.9 quantile, the two figures papers usually report. */
export function lognormalFromMedianP90(source: RandomSource, median: number, p90: number): Sampler {
  const { mu, sigma } = lognormalParamsFromMedianP90(median, p90);
  return lognormal(source, mu, sigma);
}
