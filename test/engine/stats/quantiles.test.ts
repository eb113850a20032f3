import { describe, expect, it } from 'vitest';
import { quantile, quantileSorted } from 'simple-statistics';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import { DDSketch } from '../../../engine/stats/ddsketch.js';
import { QuantileEstimator, sampleQuantile } from '../../../engine/stats/quantiles.js';

function normal(source: RandomSource): number {
  const u1 = 1 - source.next();
  const u2 = source.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Lognormal(μ = 0, σ = 1) draws: a latency-like, right-skewed sample. */
function lognormalDraws(count: number, replication: number): Float64Array {
  const source = new RandomStreams('stats', replication).stream('latency');
  const draws = new Float64Array(count);
  for (let i = 0; i < count; i++) draws[i] = Math.exp(normal(source));
  return draws;
}

function relativeError(estimate: number, exact: number): number {
  return Math.abs(estimate - exact) / Math.abs(exact);
}

const ALPHA = 0.01;
// Floating-point slack on top of α: bucket boundaries are computed with a logarithm.
const SLACK = 1e-9;

describe('QuantileEstimator, exact mode', () => {
  it('matches simple-statistics quantile while within the limit', () => {
    const values = Array.from(lognormalDraws(1000, 1));
    const estimator = new QuantileEstimator();
    for (const x of values) estimator.add(x);
    expect(estimator.isExact).toBe(true);
    expect(estimator.count).toBe(1000);
    for (const q of [0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1]) {
      expect(estimator.quantile(q)).toBe(quantile(values, q));
    }
    // Adding after a query (which sorted the kept values) stays exact.
    estimator.add(1e-3);
    values.push(1e-3);
    expect(estimator.quantile(0.3)).toBe(quantile(values, 0.3));
  });

  it('switches to the sketch once the limit is passed', () => {
    const estimator = new QuantileEstimator({ exactLimit: 100 });
    for (let i = 1; i <= 100; i++) estimator.add(i);
    expect(estimator.isExact).toBe(true);
    estimator.add(101);
    expect(estimator.isExact).toBe(false);
    expect(estimator.count).toBe(101);
    expect(relativeError(estimator.quantile(0.5), 51)).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it('merges exact estimators exactly', () => {
    const a = new QuantileEstimator();
    const b = new QuantileEstimator();
    const all = Array.from(lognormalDraws(300, 2));
    all.forEach((x, i) => (i % 3 === 0 ? a : b).add(x));
    a.merge(b);
    expect(a.isExact).toBe(true);
    expect(a.quantile(0.9)).toBe(quantile(all, 0.9));
  });

  it('rejects negative and non-finite values, in both modes', () => {
    for (const exactLimit of [10_000, 0]) {
      const estimator = new QuantileEstimator({ exactLimit });
      expect(() => estimator.add(-1)).toThrow(RangeError);
      expect(() => estimator.add(Number.NaN)).toThrow(RangeError);
      expect(() => estimator.add(Infinity)).toThrow(RangeError);
      expect(() => estimator.quantile(0.5)).toThrow(RangeError);
      estimator.add(0);
      expect(estimator.quantile(0.5)).toBe(0);
      expect(() => estimator.quantile(1.5)).toThrow(RangeError);
    }
  });
});

describe('sketch mode on 1e6 lognormal draws', () => {
  const draws = lognormalDraws(1_000_000, 3);
  const sorted = Array.from(draws).sort((a, b) => a - b);

  it('reports p50, p90, p99 and p999 within the stated relative error of the exact sample quantiles', () => {
    const estimator = new QuantileEstimator();
    for (const x of draws) estimator.add(x);
    expect(estimator.isExact).toBe(false);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      expect(relativeError(estimator.quantile(q), quantileSorted(sorted, q))).toBeLessThanOrEqual(ALPHA + SLACK);
    }
    expect(estimator.quantile(0)).toBe(sorted[0]);
    expect(estimator.quantile(1)).toBe(sorted[sorted.length - 1]);
  });

  it('merges shards into exactly the sketch of all values, in bounded memory', () => {
    const whole = new DDSketch();
    const shards = [new DDSketch(), new DDSketch(), new DDSketch()];
    draws.forEach((x, i) => {
      whole.add(x);
      shards[i % 3].add(x);
    });
    const merged = shards.reduce((a, b) => a.merge(b), new DDSketch());
    expect(merged.count).toBe(whole.count);
    for (let q = 0; q <= 1; q += 0.001) expect(merged.quantile(q)).toBe(whole.quantile(q));
    // One counter per bucket between min and max: ln(max/min) / ln γ, about 650 here.
    const gamma = (1 + ALPHA) / (1 - ALPHA);
    expect(whole.bucketCount).toBeLessThanOrEqual(Math.ceil(Math.log(whole.max / whole.min) / Math.log(gamma)) + 1);
    expect(whole.bucketCount).toBeLessThan(1000);
  });
});

describe('DDSketch', () => {
  it('holds the relative-error guarantee at every quantile over a wide range', () => {
    // Log-uniform over 12 decades, a harder spread than any latency.
    const source = new RandomStreams('stats', 4).stream('wide');
    const values = Array.from({ length: 20_000 }, () => 10 ** (12 * source.next() - 6));
    const sorted = [...values].sort((a, b) => a - b);
    for (const alpha of [0.001, 0.01, 0.05]) {
      const sketch = new DDSketch({ relativeAccuracy: alpha });
      for (const x of values) sketch.add(x);
      for (let q = 0; q <= 1; q += 0.001) {
        expect(relativeError(sketch.quantile(q), quantileSorted(sorted, q))).toBeLessThanOrEqual(alpha + SLACK);
      }
    }
  });

  it('counts zeros exactly', () => {
    const sketch = new DDSketch();
    for (let i = 0; i < 30; i++) sketch.add(0);
    for (let i = 1; i <= 70; i++) sketch.add(i);
    expect(sketch.quantile(0.2)).toBe(0);
    expect(relativeError(sketch.quantile(0.5), quantile([...new Array(30).fill(0), ...Array.from({ length: 70 }, (_, i) => i + 1)], 0.5))).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it('caps its buckets by collapsing the lowest, keeping the upper quantiles accurate', () => {
    const sketch = new DDSketch({ maxBucketCount: 100 });
    const values = Array.from({ length: 10_000 }, (_, i) => 1e-6 * 1.003 ** i); // ~13 decades
    for (const x of values) sketch.add(x);
    expect(sketch.bucketCount).toBe(100);
    // The top 100 buckets span values above max / γ^100 ≈ max / 7.4, the top 6.7% of these
    // values: quantiles up there stay within α.
    for (const q of [0.95, 0.99, 0.999]) {
      expect(relativeError(sketch.quantile(q), quantile(values, q))).toBeLessThanOrEqual(ALPHA + SLACK);
    }
    // Collapsing gives the same counters whether values arrive at one sketch or at shards.
    const shardA = new DDSketch({ maxBucketCount: 100 });
    const shardB = new DDSketch({ maxBucketCount: 100 });
    values.forEach((x, i) => (i < 7000 ? shardB : shardA).add(x));
    shardA.merge(shardB);
    for (const q of [0, 0.1, 0.5, 0.9, 1]) expect(shardA.quantile(q)).toBe(sketch.quantile(q));
  });

  it('refuses to merge sketches with different settings', () => {
    expect(() => new DDSketch().merge(new DDSketch({ relativeAccuracy: 0.02 }))).toThrow(RangeError);
  });
});

describe('sampleQuantile', () => {
  it('is the exact interpolated quantile and leaves its input alone', () => {
    const values = [5, 1, 4, 2, 3];
    expect(sampleQuantile(values, 0.5)).toBe(3);
    expect(sampleQuantile(values, 0.9)).toBeCloseTo(4.6, 14);
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(() => sampleQuantile([], 0.5)).toThrow(RangeError);
  });
});
