import { describe, expect, it } from 'vitest';
import { bernoulli, geometric, poisson } from '../../../engine/random/distributions/index.js';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { draw, expectChiSquareFit, expectMoments } from '../../helpers/distribution-checks.js';
import { geometricPmf, poissonPmf } from '../../helpers/reference-distributions.js';

const N = 30_000;
const stream = (name: string) => new RandomStreams('test', 0).stream(name);

describe('bernoulli', () => {
  for (const p of [0.3, 0.02]) {
    it(`is 1 with probability ${p}`, () => {
      const samples = draw(bernoulli(stream(`bernoulli-${p}`), p), N);
      expect(samples.every((x) => x === 0 || x === 1)).toBe(true);
      const variance = p * (1 - p);
      expectMoments(samples, { mean: p, variance, fourthCentral: variance * (1 - 3 * variance) });
      expectChiSquareFit(samples, (k) => (k === 0 ? 1 - p : k === 1 ? p : 0), 1);
    });
  }

  it('is always 0 for p = 0 and always 1 for p = 1', () => {
    expect(draw(bernoulli(stream('bernoulli-0'), 0), 1000).every((x) => x === 0)).toBe(true);
    expect(draw(bernoulli(stream('bernoulli-1'), 1), 1000).every((x) => x === 1)).toBe(true);
  });
});

describe('poisson', () => {
  // Below 10: inversion; from 10: PTRS. 9.99 and 10 sit either side of the switch.
  for (const mean of [0.5, 4, 9.99, 10, 37.5, 1000, 1e6]) {
    it(`matches the PMF and moments of Poisson(${mean})`, () => {
      const samples = draw(poisson(stream(`poisson-${mean}`), mean), N);
      expect(samples.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
      expectMoments(samples, { mean, variance: mean, fourthCentral: mean + 3 * mean * mean });
      expectChiSquareFit(samples, (k) => poissonPmf(k, mean), Math.ceil(mean + 12 * Math.sqrt(mean) + 12));
    });
  }

  it('passes a high-power check of the PTRS rejection step (300,000 draws of Poisson(1000))', () => {
    // 30,000 draws cannot see a PMF off by ~1%; this many can (a 5% error in the acceptance test fails).
    const mean = 1000;
    const samples = draw(poisson(stream('poisson-high-power'), mean), 300_000);
    expectChiSquareFit(samples, (k) => poissonPmf(k, mean), Math.ceil(mean + 12 * Math.sqrt(mean)));
  });

  it('is always 0 for mean 0', () => {
    expect(draw(poisson(stream('poisson-0'), 0), 1000).every((x) => x === 0)).toBe(true);
  });

  it('terminates on a source stuck just below 1', () => {
    expect(poisson({ next: () => 1 - 2 ** -32 }, 3)()).toBeGreaterThan(10);
  });
});

describe('geometric (failures before the first success)', () => {
  for (const p of [0.2, 0.75, 0.01]) {
    it(`matches the PMF p(1−p)^k and moments for p = ${p}`, () => {
      const samples = draw(geometric(stream(`geometric-${p}`), p), N);
      const q = 1 - p;
      expectMoments(samples, {
        mean: q / p,
        variance: q / p ** 2,
        fourthCentral: (q * (9 * q + p * p)) / p ** 4,
      });
      expectChiSquareFit(samples, (k) => geometricPmf(k, p), Math.ceil(40 / p));
    });
  }

  it('counts from 0: p = 1 always gives 0, and u = 0 gives +0', () => {
    expect(draw(geometric(stream('geometric-1'), 1), 1000).every((x) => Object.is(x, 0))).toBe(true);
    expect(Object.is(geometric({ next: () => 0 }, 0.3)(), 0)).toBe(true);
  });
});
