import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  boundedPareto,
  categorical,
  deterministic,
  DISTRIBUTION_KINDS,
  empirical,
  exponential,
  gamma,
  gammaFromMeanCv,
  geometric,
  lognormal,
  lognormalFromMedianP90,
  meanOfSpec,
  normal,
  poisson,
  samplerFromSpec,
  uniform,
  weibull,
  Z_0_9,
  type DistributionSpec,
  type Sampler,
} from '../../../engine/random/distributions/index.js';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import { draw, sampleMean, sampleSd } from '../../helpers/distribution-checks.js';
import {
  boundedParetoCdf,
  boundedParetoRawMoment,
  exponentialCdf,
  lognormalCdf,
  normalCdf,
} from '../../helpers/reference-distributions.js';

const stream = (name: string) => new RandomStreams('test', 0).stream(name);

const lognormalSigma = Math.log(3000 / 800) / Z_0_9;

/** Every kind (and parameterisation), the factory call it must match, and its analytic mean. */
const untruncated: { spec: DistributionSpec; direct: (s: RandomSource) => Sampler; mean: number }[] = [
  { spec: { kind: 'deterministic', value: 4 }, direct: () => deterministic(4), mean: 4 },
  { spec: { kind: 'exponential', mean: 2 }, direct: (s) => exponential(s, 0.5), mean: 2 },
  { spec: { kind: 'exponential', rate: 4 }, direct: (s) => exponential(s, 4), mean: 0.25 },
  { spec: { kind: 'uniform', min: 1, max: 5 }, direct: (s) => uniform(s, 1, 5), mean: 3 },
  { spec: { kind: 'normal', mean: 10, sd: 2 }, direct: (s) => normal(s, 10, 2), mean: 10 },
  { spec: { kind: 'lognormal', mu: 1, sigma: 0.5 }, direct: (s) => lognormal(s, 1, 0.5), mean: Math.exp(1.125) },
  {
    spec: { kind: 'lognormal', median: 800, p90: 3000 },
    direct: (s) => lognormalFromMedianP90(s, 800, 3000),
    mean: 800 * Math.exp(lognormalSigma ** 2 / 2),
  },
  { spec: { kind: 'gamma', shape: 2, scale: 3 }, direct: (s) => gamma(s, 2, 3), mean: 6 },
  { spec: { kind: 'gamma', mean: 5, cv: 2 }, direct: (s) => gammaFromMeanCv(s, 5, 2), mean: 5 },
  { spec: { kind: 'weibull', shape: 2, scale: 3 }, direct: (s) => weibull(s, 2, 3), mean: (3 * Math.sqrt(Math.PI)) / 2 },
  {
    spec: { kind: 'bounded-pareto', alpha: 1.5, min: 1, max: 100 },
    direct: (s) => boundedPareto(s, 1.5, 1, 100),
    mean: boundedParetoRawMoment(1, 1.5, 1, 100),
  },
  {
    spec: { kind: 'bounded-pareto', alpha: 1, min: 2, max: 50 },
    direct: (s) => boundedPareto(s, 1, 2, 50),
    mean: ((2 * 50) / 48) * Math.log(25),
  },
  { spec: { kind: 'bernoulli', p: 0.3 }, direct: (s) => bernoulli(s, 0.3), mean: 0.3 },
  { spec: { kind: 'poisson', mean: 7 }, direct: (s) => poisson(s, 7), mean: 7 },
  { spec: { kind: 'poisson', mean: 50 }, direct: (s) => poisson(s, 50), mean: 50 },
  { spec: { kind: 'geometric', p: 0.25 }, direct: (s) => geometric(s, 0.25), mean: 3 },
  {
    spec: { kind: 'categorical', weights: [1, 3], values: [10, 20] },
    direct: (s) => {
      const index = categorical(s, [1, 3]);
      return () => [10, 20][index()];
    },
    mean: 17.5,
  },
  { spec: { kind: 'categorical', weights: [1, 1, 2] }, direct: (s) => categorical(s, [1, 1, 2]), mean: 1.25 },
  { spec: { kind: 'empirical', values: [1, 2, 3, 10] }, direct: (s) => empirical(s, [1, 2, 3, 10]), mean: 4 },
  {
    spec: { kind: 'empirical', values: [1, 2, 3, 10], interpolate: true },
    direct: (s) => empirical(s, [1, 2, 3, 10], { interpolate: true }),
    mean: 3.5, // trapezoid: (1/2 + 2 + 3 + 10/2) / 3
  },
];

describe('samplerFromSpec', () => {
  it('covers every kind', () => {
    expect(new Set(untruncated.map((c) => c.spec.kind))).toEqual(new Set(DISTRIBUTION_KINDS));
  });

  for (const { spec, direct } of untruncated) {
    it(`${JSON.stringify(spec)} draws what the factory draws`, () => {
      const fromSpec = draw(samplerFromSpec(spec, stream('spec')), 500);
      const fromFactory = draw(direct(stream('spec')), 500);
      for (let i = 0; i < fromSpec.length; i++) {
        expect(fromSpec[i]).toBeCloseTo(fromFactory[i], 9);
      }
    });
  }

  it('rejects an unknown kind, naming the known ones', () => {
    const spec = { kind: 'pareto', alpha: 1 } as unknown as DistributionSpec;
    expect(() => samplerFromSpec(spec, stream('x'))).toThrow(/unknown distribution kind "pareto"; expected one of deterministic, exponential/);
    expect(() => samplerFromSpec(null as unknown as DistributionSpec, stream('x'))).toThrow(RangeError);
  });

  it('rejects mixed or missing parameterisations', () => {
    const both = { kind: 'exponential', mean: 1, rate: 1 } as unknown as DistributionSpec;
    expect(() => samplerFromSpec(both, stream('x'))).toThrow(/^exponential: give either mean, or rate, not both$/);
    const neither = { kind: 'lognormal', sigma: 1 } as unknown as DistributionSpec;
    expect(() => samplerFromSpec(neither, stream('x'))).toThrow(/^lognormal: mu must be a finite number, got undefined$/);
    const mixed = { kind: 'gamma', shape: 1, cv: 1 } as unknown as DistributionSpec;
    expect(() => samplerFromSpec(mixed, stream('x'))).toThrow(/^gamma: give either shape and scale, or mean and cv, not both$/);
    const none = { kind: 'gamma' } as unknown as DistributionSpec;
    expect(() => samplerFromSpec(none, stream('x'))).toThrow(/^gamma: give shape and scale, or mean and cv$/);
  });

  it('reports bad parameters in the spec’s own field names', () => {
    const cases: [DistributionSpec, RegExp][] = [
      [{ kind: 'exponential', mean: 0 }, /^exponential: mean must be > 0, got 0$/],
      [{ kind: 'exponential', rate: -1 }, /^exponential: rate must be > 0, got -1$/],
      [{ kind: 'bounded-pareto', alpha: 1, min: 5, max: 2 }, /^bounded-pareto: max must be > min \(5\), got 2$/],
      [{ kind: 'lognormal', median: 10, p90: 9 }, /^lognormal: p90 must be > median \(10\), got 9$/],
      [{ kind: 'categorical', weights: [1, 2], values: [1] }, /^categorical: values must have one entry per weight \(2\), got 1$/],
      [{ kind: 'empirical', values: [] }, /^empirical: values must be a non-empty list of numbers$/],
    ];
    for (const [spec, message] of cases) expect(() => samplerFromSpec(spec, stream('x'))).toThrow(message);
  });

  it('rejects a bad or empty truncation when building', () => {
    const cases: [DistributionSpec, RegExp][] = [
      [{ kind: 'normal', mean: 0, sd: 1, truncate: { min: 2, max: 1 } }, /^normal: truncate.max must be ≥ truncate.min \(2\), got 1$/],
      [{ kind: 'normal', mean: 0, sd: 1, truncate: { min: NaN } }, /^normal: truncate.min must be a number/],
      [{ kind: 'exponential', mean: 1, truncate: { max: -1 } }, /^exponential: truncate \[-Infinity, -1\] keeps no probability of the support \[0, Infinity\]$/],
      [{ kind: 'uniform', min: 0, max: 1, truncate: { min: 1 } }, /^uniform: truncate \[1, Infinity\] keeps no probability/],
      [{ kind: 'deterministic', value: 3, truncate: { max: 2 } }, /keeps no probability/],
      [{ kind: 'poisson', mean: 3, truncate: { min: 2.2, max: 2.8 } }, /^poisson: truncate \[2.2, 2.8\] keeps no probability/],
      [{ kind: 'poisson', mean: 0, truncate: { min: 1 } }, /keeps no probability/],
      [{ kind: 'geometric', p: 1, truncate: { min: 1 } }, /keeps no probability/],
      [{ kind: 'normal', mean: 0, sd: 1, truncate: { min: 1, max: 1 } }, /keeps no probability/],
      [{ kind: 'categorical', weights: [1, 0, 1], truncate: { min: 0.5, max: 1.5 } }, /keeps no probability/],
      [{ kind: 'empirical', values: [1, 5], truncate: { min: 2, max: 4 } }, /keeps no probability/],
      [{ kind: 'bernoulli', p: 0, truncate: { min: 1 } }, /keeps no probability/],
    ];
    for (const [spec, message] of cases) {
      expect(() => samplerFromSpec(spec, stream('x')), JSON.stringify(spec)).toThrow(message);
    }
  });
});

describe('meanOfSpec', () => {
  for (const { spec, mean } of untruncated) {
    it(`${JSON.stringify(spec)} has mean ${mean}`, () => {
      expect(meanOfSpec(spec)).toBeCloseTo(mean, 10);
    });
  }

  it('agrees with the sample mean of samplerFromSpec for every kind', () => {
    const n = 20_000;
    for (const { spec } of untruncated) {
      const samples = draw(samplerFromSpec(spec, stream(`mean-${JSON.stringify(spec)}`)), n);
      const tolerance = 4 * (sampleSd(samples) / Math.sqrt(n)) + 1e-12;
      expect(Math.abs(sampleMean(samples) - meanOfSpec(spec)!), JSON.stringify(spec)).toBeLessThan(tolerance);
    }
  });

  it('validates the spec like samplerFromSpec does', () => {
    expect(() => meanOfSpec({ kind: 'gamma', shape: -1, scale: 1 })).toThrow(/^gamma: shape must be > 0, got -1$/);
    expect(() => meanOfSpec({ kind: 'normal', mean: 0, sd: 1, truncate: { min: 40, max: 41 } })).toThrow(
      /keeps no probability/,
    );
  });
});

/** ∫ x dF over [a, b] / (F(b) − F(a)) by parts and Simpson's rule, from a reference CDF. */
function conditionalMean(cdf: (x: number) => number, a: number, b: number): number {
  const steps = 20_000;
  const h = (b - a) / steps;
  const fb = cdf(b);
  let integral = 0;
  for (let i = 0; i <= steps; i++) {
    const weight = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    integral += weight * (fb - cdf(a + i * h));
  }
  integral *= h / 3;
  return a + integral / (fb - cdf(a));
}

describe('truncation', () => {
  const sigma = lognormalSigma;
  const truncatedCases: { spec: DistributionSpec; exact?: number; reference?: number }[] = [
    { spec: { kind: 'deterministic', value: 4, truncate: { min: 0, max: 10 } }, exact: 4 },
    { spec: { kind: 'exponential', mean: 2, truncate: { min: 1 } }, exact: 3 },
    {
      spec: { kind: 'exponential', mean: 2, truncate: { min: 1, max: 4 } },
      reference: conditionalMean((x) => exponentialCdf(x, 0.5), 1, 4),
    },
    { spec: { kind: 'uniform', min: 1, max: 5, truncate: { min: 2, max: 10 } }, exact: 3.5 },
    { spec: { kind: 'normal', mean: 0, sd: 1, truncate: { min: 0 } }, exact: Math.sqrt(2 / Math.PI) },
    {
      spec: { kind: 'normal', mean: 10, sd: 2, truncate: { min: 9, max: 15 } },
      reference: conditionalMean((x) => normalCdf(x, 10, 2), 9, 15),
    },
    {
      spec: { kind: 'normal', mean: 10, sd: 2, truncate: { max: 7 } },
      reference: conditionalMean((x) => normalCdf(x, 10, 2), -10, 7),
    },
    {
      spec: { kind: 'lognormal', mu: 1, sigma: 0.5, truncate: { max: 3 } },
      reference: conditionalMean((x) => lognormalCdf(x, 1, 0.5), 0, 3),
    },
    {
      spec: { kind: 'lognormal', median: 800, p90: 3000, truncate: { min: 500, max: 5000 } },
      reference: conditionalMean((x) => lognormalCdf(x, Math.log(800), sigma), 500, 5000),
    },
    { spec: { kind: 'gamma', shape: 2, scale: 3, truncate: { max: 10 } } },
    { spec: { kind: 'weibull', shape: 2, scale: 3, truncate: { min: 1 } } },
    { spec: { kind: 'gamma', mean: 5, cv: 2, truncate: { min: 0 } }, exact: 5 },
    {
      spec: { kind: 'bounded-pareto', alpha: 1.5, min: 1, max: 100, truncate: { min: 2, max: 50 } },
      reference: conditionalMean((x) => boundedParetoCdf(x, 1.5, 1, 100), 2, 50),
    },
    { spec: { kind: 'bernoulli', p: 0.3, truncate: { min: 0.5 } }, exact: 1 },
    { spec: { kind: 'bernoulli', p: 0.3, truncate: { max: 0.5 } }, exact: 0 },
    { spec: { kind: 'poisson', mean: 7, truncate: { min: 3, max: 9 } } },
    { spec: { kind: 'poisson', mean: 7, truncate: { min: 5.5 } } },
    { spec: { kind: 'poisson', mean: 50, truncate: { max: 45 } } },
    { spec: { kind: 'geometric', p: 0.25, truncate: { min: 2 } }, exact: 5 },
    { spec: { kind: 'geometric', p: 0.25, truncate: { min: 2, max: 6 } } },
    { spec: { kind: 'geometric', p: 0.25, truncate: { min: 2, max: 2 } }, exact: 2 },
    { spec: { kind: 'categorical', weights: [1, 3], values: [10, 20], truncate: { max: 15 } }, exact: 10 },
    { spec: { kind: 'categorical', weights: [1, 1, 2], truncate: { min: 1 } }, exact: 5 / 3 },
    { spec: { kind: 'empirical', values: [1, 2, 3, 10], truncate: { max: 5 } }, exact: 2 },
    // Segments [1,2] and [2,3] whole, 2/7 of [3,10]: (1.5 + 2.5 + (2/7)·4) / (2 + 2/7).
    { spec: { kind: 'empirical', values: [1, 2, 3, 10], interpolate: true, truncate: { max: 5 } }, exact: 2.25 },
  ];

  for (const { spec, exact, reference } of truncatedCases) {
    it(`${JSON.stringify(spec)}: draws stay in bounds and the mean matches`, () => {
      const n = 20_000;
      const samples = draw(samplerFromSpec(spec, stream(`truncated-${JSON.stringify(spec)}`)), n);
      const min = spec.truncate?.min ?? -Infinity;
      const max = spec.truncate?.max ?? Infinity;
      expect(samples.every((x) => x >= min && x <= max)).toBe(true);

      const mean = meanOfSpec(spec);
      if (spec.kind === 'gamma' && spec.truncate?.max !== undefined) expect(mean).toBeUndefined();
      else if (spec.kind === 'weibull') expect(mean).toBeUndefined();
      else expect(mean).toBeDefined();
      if (exact !== undefined) expect(mean).toBeCloseTo(exact, 10);
      if (reference !== undefined) expect(Math.abs(mean! / reference - 1)).toBeLessThan(1e-7);

      const target = mean ?? sampleMean(samples);
      const tolerance = 4 * (sampleSd(samples) / Math.sqrt(n)) + 1e-12;
      expect(Math.abs(sampleMean(samples) - target)).toBeLessThan(tolerance);
    });
  }

  it('truncated poisson and geometric means match a direct sum of the PMF', () => {
    const direct = (pmf: (k: number) => number, lo: number, hi: number) => {
      let mass = 0;
      let weighted = 0;
      for (let k = lo; k <= hi; k++) {
        mass += pmf(k);
        weighted += k * pmf(k);
      }
      return weighted / mass;
    };
    const poissonPmf = (k: number) => (Math.exp(-7) * 7 ** k) / [...Array(k).keys()].reduce((f, i) => f * (i + 1), 1);
    expect(meanOfSpec({ kind: 'poisson', mean: 7, truncate: { min: 3, max: 9 } })).toBeCloseTo(direct(poissonPmf, 3, 9), 10);
    expect(meanOfSpec({ kind: 'poisson', mean: 7, truncate: { min: 5.5 } })).toBeCloseTo(direct(poissonPmf, 6, 200), 10);
    const geometricPmf = (k: number) => 0.25 * 0.75 ** k;
    expect(meanOfSpec({ kind: 'geometric', p: 0.25, truncate: { min: 2, max: 6 } })).toBeCloseTo(
      direct(geometricPmf, 2, 6),
      10,
    );
  });

  it('skips the rejection wrapper when the truncation removes nothing', () => {
    let calls = 0;
    const source = stream('no-op-truncation');
    const counting: RandomSource = { next: () => (calls++, source.next()) };
    const sampler = samplerFromSpec({ kind: 'exponential', mean: 1, truncate: { min: 0 } }, counting);
    draw(sampler, 100);
    expect(calls).toBe(100);
  });
});
