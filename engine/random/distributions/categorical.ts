import type { RandomSource } from '../random-source.js';
import type { Sampler } from './sampler.js';

/**
 * An index i in [0, weights.length) with probability weights[i] / Σ weights, by Vose's alias
 * method: O(n) set-up, O(1) and two uniforms a draw (one picks a column, one its side, so each
 * probability keeps the source's full 32-bit resolution). Weights must be ≥ 0 and not all 0.
 */
export function categorical(source: RandomSource, weights: ArrayLike<number>): Sampler {
  const n = weights?.length;
  if (typeof n !== 'number' || n === 0) {
    throw new RangeError('categorical: weights must be a non-empty list of numbers');
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const weight = weights[i];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`categorical: weights[${i}] must be a finite number ≥ 0, got ${weight}`);
    }
    total += weight;
  }
  if (!(total > 0)) throw new RangeError('categorical: weights must not all be 0');
  if (!Number.isFinite(total)) throw new RangeError('categorical: the sum of weights overflows');

  const { acceptance, alias } = aliasTable(weights, total);
  return () => {
    const column = Math.floor(source.next() * n);
    return source.next() < acceptance[column] ? column : alias[column];
  };
}

/** Vose's construction: column i keeps i with probability acceptance[i], else gives alias[i]. */
function aliasTable(weights: ArrayLike<number>, total: number): { acceptance: Float64Array; alias: Int32Array } {
  const n = weights.length;
  const acceptance = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let smallCount = 0;
  let largeCount = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] / total) * n;
    if (scaled[i] < 1) small[smallCount++] = i;
    else large[largeCount++] = i;
  }
  while (smallCount > 0 && largeCount > 0) {
    const under = small[--smallCount];
    const over = large[--largeCount];
    acceptance[under] = scaled[under];
    alias[under] = over;
    scaled[over] = scaled[over] + scaled[under] - 1;
    if (scaled[over] < 1) small[smallCount++] = over;
    else large[largeCount++] = over;
  }
  // What is left has scaled weight 1 up to rounding: it always keeps its own column.
  while (largeCount > 0) acceptance[large[--largeCount]] = 1;
  while (smallCount > 0) acceptance[small[--smallCount]] = 1;
  return { acceptance, alias };
}
