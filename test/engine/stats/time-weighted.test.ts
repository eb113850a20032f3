import { describe, expect, it } from 'vitest';
import { SimulationUsageError } from '../../../engine/errors.js';
import { TimeWeighted } from '../../../engine/stats/time-weighted.js';

describe('TimeWeighted', () => {
  // 0 on [0, 2), 3 on [2, 5), 1 for an instant at 5, then 4 on [5, 10]:
  // integral 0·2 + 3·3 + 4·5 = 29 over 10 s.
  function signal(): TimeWeighted {
    const queue = new TimeWeighted(0, 0);
    queue.update(2, 3);
    queue.update(5, 1);
    queue.update(5, 4);
    return queue;
  }

  it('integrates and averages a hand-computable signal', () => {
    const queue = signal();
    expect(queue.integral(10)).toBe(29);
    expect(queue.mean(10)).toBeCloseTo(2.9, 14);
    expect(queue.integral()).toBe(9); // up to the last update, at 5 s
    expect(queue.mean()).toBeCloseTo(9 / 5, 14);
    expect(queue.duration(10)).toBe(10);
    expect(queue.value).toBe(4);
    expect(queue.min).toBe(0);
    expect(queue.max).toBe(4);
  });

  it('restarts the average at reset, keeping the current value (warm-up deletion)', () => {
    const queue = signal();
    queue.reset(6);
    expect(queue.startTime).toBe(6);
    expect(queue.integral(8)).toBe(8);
    expect(queue.mean(8)).toBe(4);
    queue.update(7, 0);
    expect(queue.integral(8)).toBe(4);
    expect(queue.mean(8)).toBe(2);
    expect(queue.min).toBe(0);
    expect(queue.max).toBe(4); // the value at reset counts; 3 from before it does not
  });

  it('averages over a start time other than 0', () => {
    const power = new TimeWeighted(100, 2);
    power.update(110, 6);
    expect(power.mean(120)).toBe(4);
  });

  it('reports the current value over a zero-length window', () => {
    const utilisation = new TimeWeighted(5, 0.5);
    expect(utilisation.mean(5)).toBe(0.5);
  });

  it('throws a clear error when time goes backwards', () => {
    const queue = signal();
    expect(() => queue.update(4, 1)).toThrow(SimulationUsageError);
    expect(() => queue.update(4, 1)).toThrow(/at 4 s is before the previous update at 5 s/);
    expect(() => queue.reset(4.9)).toThrow(SimulationUsageError);
    expect(() => queue.mean(4)).toThrow(SimulationUsageError);
    expect(() => queue.integral(4)).toThrow(SimulationUsageError);
    // The failed calls changed nothing.
    expect(queue.integral(10)).toBe(29);
  });

  it('rejects non-finite times and values', () => {
    const queue = new TimeWeighted();
    expect(() => queue.update(Number.NaN, 1)).toThrow(RangeError);
    expect(() => queue.update(1, Infinity)).toThrow(RangeError);
    expect(() => new TimeWeighted(0, Number.NaN)).toThrow(RangeError);
  });
});
