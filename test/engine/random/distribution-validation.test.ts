import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  boundedPareto,
  categorical,
  deterministic,
  empirical,
  exponential,
  gamma,
  gammaFromMeanCv,
  geometric,
  lognormal,
  lognormalFromMedianP90,
  normal,
  poisson,
  truncated,
  uniform,
  weibull,
  type Sampler,
} from '../../../engine/random/distributions/index.js';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';

const stream = (name: string) => new RandomStreams('test', 0).stream(name);

const factories: Record<string, (source: RandomSource) => Sampler> = {
  exponential: (s) => exponential(s, 2),
  uniform: (s) => uniform(s, 1, 3),
  normal: (s) => normal(s, 0, 1),
  lognormal: (s) => lognormal(s, 0, 1),
  lognormalFromMedianP90: (s) => lognormalFromMedianP90(s, 10, 30),
  gamma: (s) => gamma(s, 0.5, 1),
  gammaFromMeanCv: (s) => gammaFromMeanCv(s, 1, 2),
  weibull: (s) => weibull(s, 2, 1),
  boundedPareto: (s) => boundedPareto(s, 1.1, 1, 1000),
  bernoulli: (s) => bernoulli(s, 0.4),
  poissonSmall: (s) => poisson(s, 3),
  poissonLarge: (s) => poisson(s, 300),
  geometric: (s) => geometric(s, 0.3),
  categorical: (s) => categorical(s, [1, 2, 3]),
  empirical: (s) => empirical(s, [1, 2, 3]),
  empiricalInterpolated: (s) => empirical(s, [1, 2, 3], { interpolate: true }),
  truncated: (s) => truncated(normal(s, 0, 1), -1, 1),
};

describe('reproducibility', () => {
  for (const [name, make] of Object.entries(factories)) {
    it(`${name}: the same seed gives the same sequence, another stream a different one`, () => {
      const first = Array.from({ length: 200 }, make(stream(name)));
      const again = Array.from({ length: 200 }, make(stream(name)));
      const other = Array.from({ length: 200 }, make(new RandomStreams('test', 1).stream(name)));
      expect(again).toEqual(first);
      expect(other).not.toEqual(first);
    });
  }
});

describe('parameter validation', () => {
  const source = stream('validation');
  const cases: [string, () => unknown, RegExp][] = [
    ['exponential rate 0', () => exponential(source, 0), /^exponential: ratePerS must be > 0, got 0$/],
    ['exponential rate NaN', () => exponential(source, NaN), /^exponential: ratePerS must be a finite number, got NaN$/],
    ['deterministic Infinity', () => deterministic(Infinity), /^deterministic: value must be a finite number/],
    ['uniform max = min', () => uniform(source, 2, 2), /^uniform: max must be > min \(2\), got 2$/],
    ['normal sd 0', () => normal(source, 0, 0), /^normal: sd must be > 0, got 0$/],
    ['normal mean NaN', () => normal(source, NaN, 1), /^normal: mean must be a finite number/],
    ['lognormal sigma -1', () => lognormal(source, 0, -1), /^lognormal: sigma must be > 0, got -1$/],
    ['lognormal p90 below median', () => lognormalFromMedianP90(source, 10, 5), /^lognormal: p90 must be > median \(10\), got 5$/],
    ['lognormal median 0', () => lognormalFromMedianP90(source, 0, 5), /^lognormal: median must be > 0, got 0$/],
    ['gamma shape 0', () => gamma(source, 0, 1), /^gamma: shape must be > 0, got 0$/],
    ['gamma scale -2', () => gamma(source, 1, -2), /^gamma: scale must be > 0, got -2$/],
    ['gamma cv 0', () => gammaFromMeanCv(source, 1, 0), /^gamma: cv must be > 0, got 0$/],
    ['gamma mean -1', () => gammaFromMeanCv(source, -1, 1), /^gamma: mean must be > 0, got -1$/],
    ['weibull shape 0', () => weibull(source, 0, 1), /^weibull: shape must be > 0, got 0$/],
    ['weibull scale Infinity', () => weibull(source, 1, Infinity), /^weibull: scale must be a finite number/],
    ['boundedPareto alpha 0', () => boundedPareto(source, 0, 1, 2), /^boundedPareto: alpha must be > 0, got 0$/],
    ['boundedPareto lower 0', () => boundedPareto(source, 1, 0, 2), /^boundedPareto: lower must be > 0, got 0$/],
    ['boundedPareto upper ≤ lower', () => boundedPareto(source, 1, 3, 2), /^boundedPareto: upper must be > lower \(3\), got 2$/],
    ['bernoulli p 1.5', () => bernoulli(source, 1.5), /^bernoulli: p must be in \[0, 1\], got 1.5$/],
    ['poisson mean -1', () => poisson(source, -1), /^poisson: mean must be ≥ 0, got -1$/],
    ['poisson mean Infinity', () => poisson(source, Infinity), /^poisson: mean must be a finite number/],
    ['geometric p 0', () => geometric(source, 0), /^geometric: p must be in \(0, 1\], got 0$/],
    ['categorical empty', () => categorical(source, []), /^categorical: weights must be a non-empty list/],
    ['categorical negative', () => categorical(source, [1, -1]), /^categorical: weights\[1\] must be a finite number ≥ 0, got -1$/],
    ['categorical all zero', () => categorical(source, [0, 0]), /^categorical: weights must not all be 0$/],
    ['categorical overflow', () => categorical(source, [1e308, 1e308]), /^categorical: the sum of weights overflows$/],
    ['empirical empty', () => empirical(source, []), /^empirical: samples must be a non-empty list/],
    ['empirical NaN', () => empirical(source, [1, NaN]), /^empirical: samples\[1\] must be a finite number, got NaN$/],
    ['truncated upper < lower', () => truncated(() => 0, 2, 1), /^truncated: upper must be ≥ lower \(2\), got 1$/],
    ['truncated NaN', () => truncated(() => 0, NaN, 1), /^truncated: lower must be a number/],
    ['truncated maxTries 0', () => truncated(() => 0, 0, 1, 0), /^truncated: maxTries must be an integer ≥ 1, got 0$/],
  ];
  for (const [label, build, message] of cases) {
    it(`rejects ${label}`, () => {
      expect(build).toThrow(RangeError);
      expect(build).toThrow(message);
    });
  }

  it('accepts the boundary values that are valid', () => {
    expect(() => bernoulli(source, 0)).not.toThrow();
    expect(() => bernoulli(source, 1)).not.toThrow();
    expect(() => geometric(source, 1)).not.toThrow();
    expect(() => poisson(source, 0)).not.toThrow();
    expect(() => truncated(() => 0, -Infinity, Infinity)).not.toThrow();
    expect(() => categorical(source, [0, 1])).not.toThrow();
  });
});
