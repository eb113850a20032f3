import { studentTIntervalOrPoint } from '../../engine/stats/confidence-interval.js';

/** Mean and 95% Student-t interval across replications; one replication gives a point (lower = upper). */
export interface MeanWithInterval {
  n: number;
  mean: number;
  lower: number;
  upper: number;
}

export function meanWithInterval(values: readonly number[]): MeanWithInterval {
  const ci = studentTIntervalOrPoint(values);
  return { n: ci.n, mean: ci.mean, lower: ci.lower, upper: ci.upper };
}

/** Groups values by key, keys in first-seen order (so charts follow the order rows were written in). */
export function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(value(row));
  }
  return groups;
}

/**
 * Tiers in display order: those with targets in the scenario's order, then any others as they first
 * appear in the rows.
 */
export function tierOrder(targets: readonly { tier: string }[], ...rowTiers: readonly (readonly { tier: string }[])[]): string[] {
  const order = targets.map((t) => t.tier);
  for (const rows of rowTiers) for (const r of rows) if (!order.includes(r.tier)) order.push(r.tier);
  return order;
}

/**
 * Smallest and largest of a mapped array, without spreading it into Math.min/max (which overflows
 * the call stack on a long run's hundreds of thousands of rows). An empty array gives [Infinity, -Infinity].
 */
export function extent<T>(rows: readonly T[], value: (row: T) => number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    const v = value(row);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
