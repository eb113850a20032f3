/**
 * Full factorial design: every combination of the parameters' levels, the first parameter varying
 * slowest (as nested loops in the sweep file's order), so points of a grid read like a table.
 */
export function gridDesign<V>(levels: readonly (readonly V[])[]): V[][] {
  let points: V[][] = [[]];
  for (const values of levels) {
    const next: V[][] = [];
    for (const prefix of points) for (const v of values) next.push([...prefix, v]);
    points = next;
  }
  return levels.length === 0 ? [] : points;
}

/** How many points gridDesign gives, without building them (to refuse a runaway grid up front). */
export function gridSize(levels: readonly (readonly unknown[])[]): number {
  return levels.length === 0 ? 0 : levels.reduce((n, values) => n * values.length, 1);
}
