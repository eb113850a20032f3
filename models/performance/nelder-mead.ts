/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients: reflection 1,
 * expansion 2, contraction 0.5, shrink 0.5). Small and dependency-free: enough for fitting a handful of
 * calibration constants.
 */
export interface NelderMeadOptions {
  /** initial simplex edge per coordinate; default 0.5 (the fits use log/logit coordinates) */
  step?: number;
  maxIterations?: number;
  /** stop when the simplex's function values span less than this */
  tolerance?: number;
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const tolerance = options.tolerance ?? 1e-12;
  let simplex: Array<{ x: number[]; value: number }> = [{ x: [...x0], value: f(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = x[i]! + step;
    simplex.push({ x, value: f(x) });
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] =>
    from.map((v, i) => v + t * (to[i]! - v));

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;

    const reflected = along(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.value) {
      const expanded = along(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, value: fe } : { x: reflected, value: fr };
      continue;
    }
    if (fr < simplex[n - 1]!.value) {
      simplex[n] = { x: reflected, value: fr };
      continue;
    }
    const outside = fr < worst.value;
    const contracted = along(centroid, outside ? reflected : worst.x, 0.5);
    const fc = f(contracted);
    if (fc < (outside ? fr : worst.value)) {
      simplex[n] = { x: contracted, value: fc };
      continue;
    }
    simplex = simplex.map((p, i) => {
      if (i === 0) return p;
      const x = along(best.x, p.x, 0.5);
      return { x, value: f(x) };
    });
  }
  simplex.sort((a, b) => a.value - b.value);
  return { x: simplex[0]!.x, value: simplex[0]!.value, iterations };
}
