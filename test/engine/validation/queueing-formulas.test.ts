import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mg1, mg1ProcessorSharing, mm1, mmc } from '../../helpers/queueing-formulas.js';
import { deterministic, exponential, hyperexponential } from '../../helpers/samplers.js';
import { RandomStreams } from '../../../engine/random/random-source.js';

/** The yardsticks must be right before anything is measured against them. */
describe('closed forms', () => {
  /** Erlang B by its defining sum (a^c/c!) / Σ_{k≤c} a^k/k!, fine for small c. */
  function erlangBDirect(c: number, a: number): number {
    let term = 1;
    let sum = 1;
    for (let k = 1; k <= c; k++) {
      term *= a / k;
      sum += term;
    }
    return term / sum;
  }

  it('Erlang B recursion matches the defining sum and textbook values', () => {
    for (const c of [1, 2, 5, 10, 20]) {
      for (const a of [0.5, 3, 8, 15]) expect(erlangB(c, a)).toBeCloseTo(erlangBDirect(c, a), 12);
    }
    expect(erlangB(5, 3)).toBeCloseTo(0.110054, 6);
    expect(erlangB(1, 1)).toBe(0.5);
    expect(erlangB(0, 2)).toBe(1);
  });

  it('Erlang B stays finite and in (0, 1) for large systems, where factorials would overflow', () => {
    const b = erlangB(2000, 1900);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(1);
  });

  it('Erlang C reduces to ρ for one server and matches the M/M/2 closed form 2ρ²/(1+ρ)', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 14);
    for (const rho of [0.2, 0.5, 0.9]) expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 14);
  });

  it('M/M/c with one server is M/M/1', () => {
    const one = mmc(1, 0.8, 1);
    const ref = mm1(0.8, 1);
    expect(one.meanWaitS).toBeCloseTo(ref.meanWaitS, 12);
    expect(one.meanSojournS).toBeCloseTo(ref.meanSojournS, 12);
    expect(ref.meanWaitS).toBeCloseTo(4, 12);
    expect(ref.meanNumberInSystem).toBeCloseTo(4, 12);
  });

  it('Pollaczek–Khinchine gives M/M/1 for exponential and half of it for deterministic service', () => {
    expect(mg1(0.8, 1, 2).meanWaitS).toBeCloseTo(mm1(0.8, 1).meanWaitS, 12);
    expect(mg1(0.8, 1, 1).meanWaitS).toBeCloseTo(2, 12);
  });

  it('M/G/1-PS mean sojourn equals the M/M/1 FIFO one', () => {
    expect(mg1ProcessorSharing(0.8, 1).meanSojournS).toBeCloseTo(mm1(0.8, 1).meanSojournS, 12);
  });

  it('rejects unstable queues', () => {
    expect(() => mm1(1, 1)).toThrow(RangeError);
    expect(() => erlangC(4, 4.5)).toThrow(RangeError);
    expect(() => mg1(1.2, 1, 2)).toThrow(RangeError);
    expect(() => mg1ProcessorSharing(2, 1)).toThrow(RangeError);
  });
});

describe('inline samplers', () => {
  function moments(sample: () => number, n: number) {
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const x = sample();
      sum += x;
      sumSquares += x * x;
    }
    return { mean: sum / n, secondMoment: sumSquares / n };
  }

  it('exponential has the requested mean and E[S²] = 2·mean²', () => {
    const law = exponential(new RandomStreams('samplers', 0).stream('exp'), 2);
    const m = moments(law.sample, 200_000);
    // Relative standard errors: mean 1/√n ≈ 0.22%, second moment √5/√n ≈ 0.5%; bounds are ≥ 4 SE.
    expect(Math.abs(m.mean / law.meanS - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.secondMoment / law.secondMomentS2 - 1)).toBeLessThan(0.03);
  });

  it('hyperexponential has the requested mean and squared coefficient of variation', () => {
    const law = hyperexponential(new RandomStreams('samplers', 0).stream('h2'), 1, 4);
    expect(law.secondMomentS2).toBeCloseTo(5, 12);
    const m = moments(law.sample, 200_000);
    // SE of the mean: √(scv/n) ≈ 0.45%; of E[S²]: √(E[S⁴])/√n/E[S²] ≈ √1041/447/5 ≈ 1.4%.
    expect(Math.abs(m.mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.secondMoment / 5 - 1)).toBeLessThan(0.07);
    expect(() => hyperexponential(new RandomStreams('x', 0).stream('y'), 1, 1)).toThrow(RangeError);
  });

  it('deterministic is constant', () => {
    const law = deterministic(0.25);
    expect([law.sample(), law.sample()]).toEqual([0.25, 0.25]);
    expect(law.secondMomentS2).toBe(0.0625);
  });
});
