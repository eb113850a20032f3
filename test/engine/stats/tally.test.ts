import { describe, expect, it } from 'vitest';
import { mean, sampleVariance, sum } from 'simple-statistics';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import { Tally } from '../../../engine/stats/tally.js';
import { studentTInterval } from '../../../engine/stats/confidence-interval.js';

function normal(source: RandomSource): number {
  const u1 = 1 - source.next();
  const u2 = source.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function tallyOf(values: readonly number[]): Tally {
  const tally = new Tally();
  for (const x of values) tally.add(x);
  return tally;
}

function expectRelativelyClose(actual: number, expected: number, relativeTolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relativeTolerance * Math.abs(expected));
}

function randomData(replication: number, count: number, offset: number, scale: number): number[] {
  const source = new RandomStreams('stats', replication).stream('tally');
  return Array.from({ length: count }, () => offset + scale * normal(source));
}

describe('Tally', () => {
  it('matches two-pass formulas on random data', () => {
    for (let replication = 0; replication < 5; replication++) {
      const values = randomData(replication, 5000, 10 * replication, 1 + replication);
      const tally = tallyOf(values);
      expect(tally.count).toBe(values.length);
      expectRelativelyClose(tally.mean, mean(values), 1e-12);
      expectRelativelyClose(tally.variance, sampleVariance(values), 1e-10);
      expectRelativelyClose(tally.stdDev, Math.sqrt(sampleVariance(values)), 1e-10);
      expect(tally.min).toBe(Math.min(...values));
      expect(tally.max).toBe(Math.max(...values));
      expectRelativelyClose(tally.sum, sum(values), 1e-14);
    }
  });

  it('merges shards into the tally of all observations', () => {
    const values = randomData(7, 10_000, 50, 3);
    const shards = [values.slice(0, 17), values.slice(17, 4000), values.slice(4000)];
    const merged = new Tally();
    for (const shard of shards) merged.merge(tallyOf(shard));
    const whole = tallyOf(values);
    expect(merged.count).toBe(whole.count);
    expectRelativelyClose(merged.mean, whole.mean, 1e-14);
    expectRelativelyClose(merged.variance, whole.variance, 1e-12);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expectRelativelyClose(merged.sum, whole.sum, 1e-15);
    // Merging an empty tally, or into an empty one, changes nothing.
    const copy = new Tally().merge(whole).merge(new Tally());
    expect(copy.toState()).toEqual(whole.toState());
  });

  it('keeps its digits under a large offset (1e9 + small noise)', () => {
    const noise = randomData(3, 10_000, 0, 1e-3);
    const values = noise.map((x) => 1e9 + x);
    // x − 1e9 is exact here, so two-pass statistics of the offsets are the reference.
    const offsets = values.map((x) => x - 1e9);
    const tally = tallyOf(values);
    // The mean itself is a double near 1e9, so it can only be right to its spacing there (2^-23).
    expect(Math.abs(tally.mean - (1e9 + mean(offsets)))).toBeLessThanOrEqual(2 ** -23);
    expectRelativelyClose(tally.variance, sampleVariance(offsets), 1e-10);
    // The textbook one-pass formula (Σx² − n·x̄²)/(n − 1) would have lost every digit here.
    const naive = (sum(values.map((x) => x * x)) - values.length * mean(values) ** 2) / (values.length - 1);
    expect(Math.abs(naive - sampleVariance(offsets))).toBeGreaterThan(0.5 * sampleVariance(offsets));

    const half = values.length / 2;
    const merged = tallyOf(values.slice(0, half)).merge(tallyOf(values.slice(half)));
    expectRelativelyClose(merged.variance, sampleVariance(offsets), 1e-10);
  });

  it('keeps the sum exact where naive summation drifts', () => {
    const tally = new Tally();
    tally.add(1e16);
    for (let i = 0; i < 1000; i++) tally.add(1);
    tally.add(-1e16);
    expect(tally.sum).toBe(1000);
  });

  it('reports NaN for undefined statistics and rejects non-finite values', () => {
    const tally = new Tally();
    expect(tally.count).toBe(0);
    expect(tally.mean).toBeNaN();
    expect(tally.min).toBeNaN();
    expect(tally.sum).toBe(0);
    tally.add(4);
    expect(tally.mean).toBe(4);
    expect(tally.variance).toBeNaN();
    expect(() => tally.add(Number.NaN)).toThrow(RangeError);
    expect(() => tally.add(-Infinity)).toThrow(RangeError);
    expect(tally.count).toBe(1);
    expect(() => tally.confidenceInterval()).toThrow(RangeError);
  });

  it('gives the same interval as studentTInterval on its observations', () => {
    const values = randomData(11, 40, 5, 2);
    const fromTally = tallyOf(values).confidenceInterval(0.9);
    const reference = studentTInterval(values, 0.9);
    expect(fromTally.n).toBe(reference.n);
    expectRelativelyClose(fromTally.mean, reference.mean, 1e-13);
    expectRelativelyClose(fromTally.halfWidth, reference.halfWidth, 1e-12);
  });

  it('survives a JSON round trip of its state, empty or not', () => {
    const tally = tallyOf([3, 1, 4, 1, 5]);
    const restored = Tally.fromState(JSON.parse(JSON.stringify(tally.toState())));
    expect(restored.toState()).toEqual(tally.toState());
    const empty = Tally.fromState(JSON.parse(JSON.stringify(new Tally().toState())));
    empty.add(2);
    expect(empty.min).toBe(2);
    expect(empty.max).toBe(2);
  });
});
