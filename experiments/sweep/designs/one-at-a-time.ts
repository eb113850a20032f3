/** Where a one-at-a-time point sits: the base, or one parameter moved to its low or high value. */
export type OatLevel = 'base' | 'low' | 'high';

export interface OatPoint<V> {
  values: V[];
  /** index of the parameter moved, or null for the base point */
  varied: number | null;
  level: OatLevel;
}

/**
 * One-at-a-time design for tornado charts: the base point first, then for each parameter in turn its
 * low and its high value with every other parameter at its base value (1 + 2k points for k parameters).
 */
export function oneAtATimeDesign<V>(base: readonly V[], lowHigh: readonly (readonly [V, V])[]): OatPoint<V>[] {
  const points: OatPoint<V>[] = [{ values: [...base], varied: null, level: 'base' }];
  lowHigh.forEach(([low, high], i) => {
    for (const [level, value] of [['low', low], ['high', high]] as const) {
      const values = [...base];
      values[i] = value;
      points.push({ values, varied: i, level });
    }
  });
  return points;
}
