import { expect } from 'vitest';
import type { Sampler } from '../../engine/random/distributions/index.js';
import { chiSquareGoodnessOfFit } from './chi-square.js';
import { KS_CRITICAL_ALPHA_0_001, ksStatistic } from './kolmogorov-smirnov.js';

export function draw(sampler: Sampler, n: number): Float64Array {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = sampler();
  return samples;
}

export interface Moments {
  mean: number;
  variance: number;
  /** E[(X − μ)⁴], which sets the standard error of the sample variance. */
  fourthCentral: number;
}

/**
 * Sample mean within 4 standard errors (σ/√n) of μ, and sample variance within 4 standard errors
 * (√((μ₄ − σ⁴)/n), the large-sample sd of s²) of σ².
 */
export function expectMoments(samples: Float64Array, theory: Moments): void {
  const n = samples.length;
  let sum = 0;
  for (const x of samples) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of samples) squares += (x - mean) ** 2;
  const variance = squares / (n - 1);

  const meanTolerance = 4 * Math.sqrt(theory.variance / n);
  expect(Math.abs(mean - theory.mean), `mean ${mean} vs ${theory.mean}`).toBeLessThan(meanTolerance);
  const varianceTolerance = 4 * Math.sqrt((theory.fourthCentral - theory.variance ** 2) / n);
  expect(Math.abs(variance - theory.variance), `variance ${variance} vs ${theory.variance}`).toBeLessThan(
    varianceTolerance,
  );
}

/** One-sample KS test at α = 0.001. */
export function expectKsFit(samples: Float64Array, cdf: (x: number) => number): void {
  const d = ksStatistic(samples, cdf);
  expect(d * Math.sqrt(samples.length), `KS √n·D (D = ${d})`).toBeLessThan(KS_CRITICAL_ALPHA_0_001);
}

/** Chi-square goodness of fit at α = 0.001 against a PMF on {0, 1, 2, …}. */
export function expectChiSquareFit(samples: Float64Array, pmf: (k: number) => number, maxValue: number): void {
  const result = chiSquareGoodnessOfFit(samples, pmf, maxValue);
  expect(result.pValue, `chi-square ${result.statistic} on ${result.degreesOfFreedom} df`).toBeGreaterThan(0.001);
}

export function sampleMean(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i];
  return sum / samples.length;
}

export function sampleSd(samples: ArrayLike<number>): number {
  const mean = sampleMean(samples);
  let squares = 0;
  for (let i = 0; i < samples.length; i++) squares += (samples[i] - mean) ** 2;
  return Math.sqrt(squares / (samples.length - 1));
}
