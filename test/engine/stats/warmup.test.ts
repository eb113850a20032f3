import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomSource } from '../../../engine/random/random-source.js';
import { deleteWarmup, mser5TruncationIndex, mserTruncationIndex } from '../../../engine/stats/warmup.js';

function normal(source: RandomSource): number {
  const u1 = 1 - source.next();
  const u2 = source.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

describe('deleteWarmup', () => {
  it('drops the first observations without touching the input', () => {
    const series = [9, 8, 1, 2, 3];
    expect(deleteWarmup(series, 2)).toEqual([1, 2, 3]);
    expect(deleteWarmup(series, 0)).toEqual(series);
    expect(deleteWarmup(series, 5)).toEqual([]);
    expect(series).toEqual([9, 8, 1, 2, 3]);
    expect(() => deleteWarmup(series, 6)).toThrow(RangeError);
    expect(() => deleteWarmup(series, -1)).toThrow(RangeError);
    expect(() => deleteWarmup(series, 1.5)).toThrow(RangeError);
  });
});

describe('mser5TruncationIndex', () => {
  it('truncates a biased initial segment of known length near its end', () => {
    const transientLength = 300;
    for (let replication = 0; replication < 20; replication++) {
      const source = new RandomStreams('stats', replication).stream('mser');
      // 300 observations biased by +2σ, then 2,700 from the steady state N(0, 1).
      const series = Array.from({ length: 3000 }, (_, t) => (t < transientLength ? 2 : 0) + normal(source));
      const index = mser5TruncationIndex(series);
      expect(index % 5).toBe(0);
      // Never short of the transient by more than one batch (a biased batch is far off the steady
      // mean); it may delete a few extra steady batches that happen to sit high, which costs data only.
      expect(index).toBeGreaterThanOrEqual(transientLength - 5);
      expect(index).toBeLessThanOrEqual(transientLength + 100);
    }
  });

  it('truncates a decaying transient (a queue filling from empty) where the bias has faded', () => {
    // Bias −5·e^(−t/100): below 0.1σ after t ≈ 390, so the truncation belongs roughly in 200–500.
    for (let replication = 0; replication < 20; replication++) {
      const source = new RandomStreams('stats', replication).stream('decay');
      const series = Array.from({ length: 5000 }, (_, t) => 50 - 5 * Math.exp(-t / 100) + normal(source));
      const index = mser5TruncationIndex(series);
      expect(index).toBeGreaterThanOrEqual(150);
      expect(index).toBeLessThanOrEqual(600);
    }
  });

  it('deletes little from a series already in steady state, even at a large offset', () => {
    for (let replication = 0; replication < 20; replication++) {
      const source = new RandomStreams('stats', replication).stream('steady');
      const series = Array.from({ length: 2000 }, () => 1e9 + normal(source));
      expect(mser5TruncationIndex(series)).toBeLessThanOrEqual(200); // at most 10%
    }
  });

  it('ignores a trailing partial batch and needs at least two batches', () => {
    expect(mserTruncationIndex([5, 5, 0, 0, 0, 0, 99], 2)).toBe(2);
    expect(() => mser5TruncationIndex([1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(RangeError);
    expect(() => mserTruncationIndex([1, 2, 3], 0)).toThrow(RangeError);
  });
});
