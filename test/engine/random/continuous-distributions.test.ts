import { describe, expect, it } from 'vitest';
import {
  boundedPareto,
  exponential,
  gamma,
  gammaFromMeanCv,
  lognormal,
  lognormalFromMedianP90,
  normal,
  standardNormal,
  uniform,
  weibull,
  Z_0_9,
} from '../../../engine/random/distributions/index.js';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { draw, expectChiSquareFit, expectKsFit, expectMoments } from '../../helpers/distribution-checks.js';
import {
  boundedParetoCdf,
  boundedParetoRawMoment,
  centralFromRaw,
  exponentialCdf,
  gammaCdf,
  lnGamma,
  lognormalCdf,
  normalCdf,
  uniformCdf,
  weibullCdf,
} from '../../helpers/reference-distributions.js';

const N = 40_000;
const stream = (name: string) => new RandomStreams('test', 0).stream(name);

function gammaRawMoments(shape: number, scale: number): [number, number, number, number] {
  const raw: number[] = [];
  let product = 1;
  for (let k = 0; k < 4; k++) {
    product *= (shape + k) * scale;
    raw.push(product);
  }
  return raw as [number, number, number, number];
}

function lognormalRawMoments(mu: number, sigma: number): [number, number, number, number] {
  return [1, 2, 3, 4].map((k) => Math.exp(k * mu + (k * k * sigma * sigma) / 2)) as [number, number, number, number];
}

describe('exponential', () => {
  it('has mean 1/rate, variance 1/rate² and the exponential CDF', () => {
    const rate = 2.5;
    const samples = draw(exponential(stream('exponential'), rate), N);
    expectMoments(samples, { mean: 1 / rate, variance: 1 / rate ** 2, fourthCentral: 9 / rate ** 4 });
    expectKsFit(samples, (x) => exponentialCdf(x, rate));
  });

  it('returns 0, not Infinity, when the source returns exactly 0', () => {
    expect(exponential({ next: () => 0 }, 3)()).toBe(0);
  });
});

describe('uniform', () => {
  it('matches the moments and CDF of U[min, max)', () => {
    const [min, max] = [-2, 5];
    const samples = draw(uniform(stream('uniform'), min, max), N);
    const width = max - min;
    expectMoments(samples, { mean: (min + max) / 2, variance: width ** 2 / 12, fourthCentral: width ** 4 / 80 });
    expectKsFit(samples, (x) => uniformCdf(x, min, max));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(min);
    expect(Math.max(...samples)).toBeLessThan(max);
  });
});

describe('normal', () => {
  it('matches the moments and CDF of N(mean, sd²)', () => {
    const [mean, sd] = [3, 2];
    const samples = draw(normal(stream('normal'), mean, sd), N);
    expectMoments(samples, { mean, variance: sd ** 2, fourthCentral: 3 * sd ** 4 });
    expectKsFit(samples, (x) => normalCdf(x, mean, sd));
  });

  // The ziggurat's tables, wedges and tail are each a place to get the shape subtly wrong: a fine
  // chi-square over 256 equiprobable bins of Φ (a bin every ~0.01 sd near 0) sees any layer off by
  // more than ~0.4% of its mass, and the tail beyond R = 3.654 (mass 2.58e-4) is checked on its own.
  it('standardNormal fits N(0, 1) bin by bin (chi-square over 256 equiprobable bins, 10^6 draws)', () => {
    const z = standardNormal(stream('normal-bins'));
    const bins = 256;
    const binOf = new Float64Array(1_000_000);
    for (let i = 0; i < binOf.length; i++) binOf[i] = Math.min(bins - 1, Math.floor(normalCdf(z()) * bins));
    expectChiSquareFit(binOf, (k) => (k < bins ? 1 / bins : 0), bins - 1);
  });

  it('standardNormal draws the tail beyond R = 3.654 as often as N(0, 1) and with its shape', () => {
    const z = standardNormal(stream('normal-tail'));
    const r = 3.6541528853610088;
    const n = 4_000_000;
    const tail: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = z();
      if (Math.abs(x) > r) tail.push(Math.abs(x));
    }
    const p = 2 * (1 - normalCdf(r));
    // binomial count: within 4 sd of n·p
    expect(Math.abs(tail.length - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    // |Z| given |Z| > r: CDF (Φ(x) − Φ(r)) / (1 − Φ(r))
    expectKsFit(Float64Array.from(tail), (x) => (normalCdf(x) - normalCdf(r)) / (1 - normalCdf(r)));
  });

  it('standardNormal gives successive draws that are uncorrelated, in value and in size', () => {
    // Layer and position come from disjoint bits of one uniform; a shared bit would correlate
    // successive values or their magnitudes (Doornik 2005). Correlations of independent draws: sd 1/√n.
    const z = standardNormal(stream('normal-pairs'));
    const n = 200_000;
    let previous = z();
    let product = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = z();
      product += x * previous;
      squares += (x * x - 1) * (previous * previous - 1);
      previous = x;
    }
    expect(Math.abs(product / n)).toBeLessThan(4 / Math.sqrt(n));
    // Var(Z² − 1) = 2, so the product of two independent ones has sd 2/√n
    expect(Math.abs(squares / n)).toBeLessThan((4 * 2) / Math.sqrt(n));
  });

  it('standardNormal takes one uniform per draw on its fast path', () => {
    let calls = 0;
    const source = stream('normal-calls');
    const z = standardNormal({ next: () => (calls++, source.next()) });
    const draws = 100_000;
    for (let i = 0; i < draws; i++) z();
    // ~1% of draws leave the fast path and take 2–4 more uniforms
    expect(calls / draws).toBeGreaterThanOrEqual(1);
    expect(calls / draws).toBeLessThan(1.05);
  });

});

describe('lognormal', () => {
  it('matches the moments and CDF of exp(N(mu, sigma²))', () => {
    const [mu, sigma] = [0.5, 0.4];
    const samples = draw(lognormal(stream('lognormal'), mu, sigma), N);
    expectMoments(samples, centralFromRaw(lognormalRawMoments(mu, sigma)));
    expectKsFit(samples, (x) => lognormalCdf(x, mu, sigma));
  });

  it('fits a median and a 0.9 quantile', () => {
    const [median, p90] = [800, 3000];
    const samples = draw(lognormalFromMedianP90(stream('lognormal-median-p90'), median, p90), N);
    const sigma = Math.log(p90 / median) / Z_0_9;
    expectKsFit(samples, (x) => lognormalCdf(x, Math.log(median), sigma));
    const { mean, variance } = centralFromRaw(lognormalRawMoments(Math.log(median), sigma));
    let sum = 0;
    for (const x of samples) sum += x;
    expect(Math.abs(sum / N - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
    expect(lognormalCdf(p90, Math.log(median), sigma)).toBeCloseTo(0.9, 12);
  });
});

describe('gamma', () => {
  // 0.3 exercises the shape < 1 boost; 1 is the exponential; 9 is near-normal.
  for (const [shape, scale] of [
    [0.3, 2],
    [1, 0.5],
    [2.5, 1.2],
    [9, 0.1],
  ]) {
    it(`matches the moments and CDF of Gamma(shape ${shape}, scale ${scale})`, () => {
      const samples = draw(gamma(stream(`gamma-${shape}`), shape, scale), N);
      expectMoments(samples, centralFromRaw(gammaRawMoments(shape, scale)));
      expectKsFit(samples, (x) => gammaCdf(x, shape, scale));
    });
  }

  it('passes a high-power KS check of the Marsaglia–Tsang acceptance step (300,000 draws)', () => {
    // A 1% error in the log acceptance test gives √n·D ≈ 2.9 here; 40,000 draws would not see it.
    const samples = draw(gamma(stream('gamma-high-power'), 2.5, 1), 300_000);
    expectKsFit(samples, (x) => gammaCdf(x, 2.5, 1));
  });

  it('is non-negative and finite even for a tiny shape', () => {
    const samples = draw(gamma(stream('gamma-tiny'), 0.05, 1), 10_000);
    expect(samples.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  for (const cv of [0.5, 1, 2.5]) {
    it(`gammaFromMeanCv gives mean and cv (cv ${cv})`, () => {
      const mean = 2;
      const shape = 1 / cv ** 2;
      const scale = mean * cv ** 2;
      const samples = draw(gammaFromMeanCv(stream(`gamma-cv-${cv}`), mean, cv), N);
      expectMoments(samples, centralFromRaw(gammaRawMoments(shape, scale)));
      expectKsFit(samples, (x) => gammaCdf(x, shape, scale));
    });
  }
});

describe('weibull', () => {
  for (const [shape, scale] of [
    [1.5, 2],
    [0.7, 1],
  ]) {
    it(`matches the moments and CDF of Weibull(shape ${shape}, scale ${scale})`, () => {
      const raw = [1, 2, 3, 4].map((k) => scale ** k * Math.exp(lnGamma(1 + k / shape)));
      const samples = draw(weibull(stream(`weibull-${shape}`), shape, scale), N);
      expectMoments(samples, centralFromRaw(raw as [number, number, number, number]));
      expectKsFit(samples, (x) => weibullCdf(x, shape, scale));
    });
  }
});

describe('boundedPareto', () => {
  // alpha = 1 is the boundary case of the mean's closed form.
  for (const [alpha, lower, upper] of [
    [1.5, 1, 100],
    [1, 2, 50],
    [3, 10, 1000],
  ]) {
    it(`matches the moments and CDF of BoundedPareto(alpha ${alpha}, [${lower}, ${upper}])`, () => {
      const samples = draw(boundedPareto(stream(`pareto-${alpha}`), alpha, lower, upper), N);
      const raw = [1, 2, 3, 4].map((k) => boundedParetoRawMoment(k, alpha, lower, upper));
      expectMoments(samples, centralFromRaw(raw as [number, number, number, number]));
      expectKsFit(samples, (x) => boundedParetoCdf(x, alpha, lower, upper));
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(lower);
      expect(Math.max(...samples)).toBeLessThanOrEqual(upper);
    });
  }

  it('maps u = 0 to the lower bound and u → 1 to at most the upper bound', () => {
    expect(boundedPareto({ next: () => 0 }, 1.2, 1, 10)()).toBe(1);
    const nearOne = boundedPareto({ next: () => 1 - 2 ** -32 }, 1.2, 1, 10)();
    expect(nearOne).toBeLessThanOrEqual(10);
    expect(nearOne).toBeGreaterThan(9.99);
  });
});
