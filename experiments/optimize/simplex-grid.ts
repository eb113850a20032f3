/**
 * Power splits on a grid: `steps` equal units of the cap (20 for a step of 0.05) shared among the
 * tiers, every tier at least `minUnits` (a tier with no power buys no instance). Integer units, so a
 * split sums to the whole exactly and two splits are equal exactly when their units are.
 */
import { InputError } from '../errors.js';

/** Units per whole for a step such as 0.05: 1/step must be a whole number (up to rounding). */
export function stepsPerWhole(step: number, where: string): number {
  const steps = Math.round(1 / step);
  if (!(step > 0 && step <= 1) || Math.abs(steps * step - 1) > 1e-9) {
    throw new InputError(`${where}: 1/step must be a whole number (0.5, 0.25, 0.1, 0.05, …), got ${step}`);
  }
  return steps;
}

/** Every way to give `parts` tiers `steps` units in all, each ≥ minUnits; lexicographic order. */
export function* simplexGrid(parts: number, steps: number, minUnits = 1): Generator<number[]> {
  const units = new Array<number>(parts).fill(minUnits);
  const spare = steps - parts * minUnits;
  if (parts < 1 || spare < 0) return;
  function* place(tier: number, left: number): Generator<number[]> {
    if (tier === parts - 1) {
      units[tier] = minUnits + left;
      yield [...units];
      return;
    }
    for (let extra = 0; extra <= left; extra++) {
      units[tier] = minUnits + extra;
      yield* place(tier + 1, left - extra);
    }
  }
  yield* place(0, spare);
}

/** How many splits simplexGrid yields: C(spare + parts − 1, parts − 1). */
export function simplexGridSize(parts: number, steps: number, minUnits = 1): number {
  const spare = steps - parts * minUnits;
  if (parts < 1 || spare < 0) return 0;
  let count = 1;
  for (let k = 1; k < parts; k++) count = (count * (spare + k)) / k;
  return Math.round(count);
}

/** Shares of the cap from units: k / steps. */
export function sharesOf(units: readonly number[], steps: number): number[] {
  return units.map((k) => k / steps);
}

/**
 * The grid point nearest to `shares` (largest remainder), each tier ≥ minUnits: where a coordinate
 * search starts from the scenario's own split. Shares that sum to 0 start from the even split.
 */
export function nearestGridPoint(shares: readonly number[], steps: number, minUnits = 1): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const weights = total > 0 ? shares.map((s) => s / total) : shares.map(() => 1 / shares.length);
  const spare = steps - shares.length * minUnits;
  const exact = weights.map((w) => w * spare);
  const units = exact.map(Math.floor);
  let left = spare - units.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => i).sort((a, b) => exact[b] - units[b] - (exact[a] - units[a]) || a - b);
  for (const i of byRemainder) {
    if (left <= 0) break;
    units[i]++;
    left--;
  }
  return units.map((u) => u + minUnits);
}
