import { describe, expect, it } from 'vitest';
import { SeededStream } from '../../../engine/random/random-source.js';
import { gridDesign, gridSize } from '../../../experiments/sweep/designs/grid.js';
import { latinHypercubeDesign, type SampledRange } from '../../../experiments/sweep/designs/latin-hypercube.js';
import { oneAtATimeDesign } from '../../../experiments/sweep/designs/one-at-a-time.js';

/** The stratum (0 … n−1) a value falls in, on its range's scale. */
function stratum(range: SampledRange, value: number, n: number): number {
  const at = range.scale === 'log' ? (Math.log(value) - Math.log(range.low)) / (Math.log(range.high) - Math.log(range.low)) : (value - range.low) / (range.high - range.low);
  return Math.floor(at * n);
}

describe('grid design', () => {
  it('has the product of the level counts, every combination once, the first parameter slowest', () => {
    const levels = [[1, 2, 3], ['a', 'b'], [true, false], [0.5]];
    const points = gridDesign<number | string | boolean>(levels);
    expect(points).toHaveLength(3 * 2 * 2 * 1);
    expect(gridSize(levels)).toBe(points.length);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
    for (const p of points) expect(p).toHaveLength(levels.length);
    expect(points[0]).toEqual([1, 'a', true, 0.5]);
    expect(points[1]).toEqual([1, 'a', false, 0.5]);
    expect(points.at(-1)).toEqual([3, 'b', false, 0.5]);
    // the first parameter changes only every 4 points
    expect(points.map((p) => p[0])).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });
});

describe('one-at-a-time design', () => {
  it('is the base, then each parameter at its low and high with the others at base', () => {
    const points = oneAtATimeDesign([10, 20, 30], [[1, 2], [3, 4], [5, 6]]);
    expect(points).toHaveLength(1 + 2 * 3);
    expect(points[0]).toEqual({ values: [10, 20, 30], varied: null, level: 'base' });
    for (let i = 0; i < 3; i++) {
      const low = points[1 + 2 * i];
      const high = points[2 + 2 * i];
      expect([low.varied, low.level, high.varied, high.level]).toEqual([i, 'low', i, 'high']);
      for (let j = 0; j < 3; j++) {
        expect(low.values[j]).toBe(j === i ? 2 * i + 1 : 10 * (j + 1));
        expect(high.values[j]).toBe(j === i ? 2 * i + 2 : 10 * (j + 1));
      }
    }
  });
});

describe('Latin hypercube design', () => {
  const ranges: SampledRange[] = [
    { low: 0, high: 1, scale: 'linear' },
    { low: -5, high: 15, scale: 'linear' },
    { low: 1, high: 1000, scale: 'log' },
  ];

  it('hits each of a parameter\'s N strata exactly once, inside its bounds', () => {
    for (const n of [1, 2, 7, 50]) {
      const points = latinHypercubeDesign(ranges, n, new SeededStream('lhs-test'));
      expect(points).toHaveLength(n);
      ranges.forEach((range, j) => {
        const values = points.map((p) => p[j]);
        for (const v of values) {
          expect(v).toBeGreaterThanOrEqual(range.low);
          expect(v).toBeLessThanOrEqual(range.high);
        }
        const strata = values.map((v) => stratum(range, v, n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      });
    }
  });

  it('is reproducible from its seed, and another seed gives another design', () => {
    const a = latinHypercubeDesign(ranges, 20, new SeededStream('seed-1'));
    const b = latinHypercubeDesign(ranges, 20, new SeededStream('seed-1'));
    const c = latinHypercubeDesign(ranges, 20, new SeededStream('seed-2'));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('pairs strata at random: two parameters are not sampled in lockstep', () => {
    const points = latinHypercubeDesign(ranges.slice(0, 2), 40, new SeededStream('pairing'));
    const first = points.map((p) => stratum(ranges[0], p[0], 40));
    const second = points.map((p) => stratum(ranges[1], p[1], 40));
    expect(second).not.toEqual(first);
  });

  it('rejects a sample size that is not a positive integer', () => {
    expect(() => latinHypercubeDesign(ranges, 0, new SeededStream('x'))).toThrow(RangeError);
    expect(() => latinHypercubeDesign(ranges, 2.5, new SeededStream('x'))).toThrow(RangeError);
  });
});
