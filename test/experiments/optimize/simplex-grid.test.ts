import { describe, expect, it } from 'vitest';
import { nearestGridPoint, sharesOf, simplexGrid, simplexGridSize, stepsPerWhole } from '../../../experiments/optimize/simplex-grid.js';

describe('simplexGrid', () => {
  it('gives every split of the units with each tier at least one step, once', () => {
    const points = [...simplexGrid(3, 10)];
    // compositions of 10 into 3 positive parts: C(9, 2) = 36
    expect(points).toHaveLength(36);
    expect(simplexGridSize(3, 10)).toBe(36);
    expect(new Set(points.map((p) => p.join(','))).size).toBe(36);
    for (const p of points) {
      expect(p.reduce((a, b) => a + b, 0)).toBe(10);
      expect(Math.min(...p)).toBeGreaterThanOrEqual(1);
    }
  });

  it('has shares that sum to 1 on a 0.05 grid for five tiers', () => {
    const steps = stepsPerWhole(0.05, 'step');
    expect(steps).toBe(20);
    let count = 0;
    for (const units of simplexGrid(5, steps)) {
      const shares = sharesOf(units, steps);
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      count++;
    }
    // C(19, 4) = 3876
    expect(count).toBe(3876);
    expect(simplexGridSize(5, 20)).toBe(3876);
  });

  it('is empty when the tiers outnumber the steps, and a single point for one tier', () => {
    expect([...simplexGrid(4, 3)]).toEqual([]);
    expect(simplexGridSize(4, 3)).toBe(0);
    expect([...simplexGrid(1, 20)]).toEqual([[20]]);
  });

  it('accepts steps that divide the whole and rejects the others in one line', () => {
    expect(stepsPerWhole(0.1, 'x')).toBe(10);
    expect(stepsPerWhole(0.125, 'x')).toBe(8);
    expect(() => stepsPerWhole(0.03, 'search.powerShare.step')).toThrow(/^search\.powerShare\.step: 1\/step must be a whole number .*got 0\.03$/);
  });

  it('rounds a split to the nearest grid point, every tier keeping a step', () => {
    expect(nearestGridPoint([0.25, 0.25, 0.5], 20)).toEqual([5, 5, 10]);
    expect(nearestGridPoint([0, 1], 10)).toEqual([1, 9]);
    expect(nearestGridPoint([0, 0, 0], 9)).toEqual([3, 3, 3]);
    for (const p of [nearestGridPoint([0.1, 0.7, 0.2], 20), nearestGridPoint([1 / 3, 1 / 3, 1 / 3], 20)]) expect(p.reduce((a, b) => a + b, 0)).toBe(20);
  });
});
