/**
 * Global sensitivity measures of a sampled design (Latin hypercube or grid): how much of a metric's
 * spread each parameter explains. Pure functions of numbers; undefined where a measure does not exist
 * (a constant input, too few samples), never NaN, so callers can leave a CSV cell empty.
 */
import { sampleRankCorrelation } from 'simple-statistics';

export interface StandardizedRegression {
  /** standardised regression coefficient per input column: β_j · sd(x_j) / sd(y) */
  src: number[];
  /** share of y's variance the linear fit explains; SRCs are trustworthy only when it is near 1 */
  rSquared: number;
}

/**
 * Least-squares fit of y on the columns of x, all standardised (mean 0, sd 1), so each coefficient is
 * "standard deviations of y per standard deviation of x_j" and they compare across units. Undefined
 * when y or a column is constant, when the samples do not outnumber the coefficients (k slopes and an
 * intercept: with exactly k + 1 the fit is perfect whatever the data, and R² = 1 would say nothing),
 * or when the columns are collinear.
 */
export function standardizedRegression(columns: readonly (readonly number[])[], y: readonly number[]): StandardizedRegression | undefined {
  const n = y.length;
  const k = columns.length;
  if (k === 0 || n < k + 2 || columns.some((c) => c.length !== n)) return undefined;
  const ys = standardize(y);
  const xs = columns.map(standardize);
  if (!ys || xs.some((c) => c === undefined)) return undefined;
  const x = xs as number[][];

  // normal equations (XᵀX) β = Xᵀy on standardised data: XᵀX/(n−1) is the correlation matrix
  const a = x.map((ci) => x.map((cj) => dot(ci, cj)));
  const b = x.map((ci) => dot(ci, ys));
  const beta = solve(a, b, 1e-10 * (n - 1));
  if (!beta) return undefined;

  let residualSq = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += beta[j] * x[j][i];
    residualSq += (ys[i] - fit) ** 2;
  }
  // standardised y has a total sum of squares of exactly n − 1
  return { src: beta, rSquared: Math.max(0, 1 - residualSq / (n - 1)) };
}

/** Spearman's rank correlation (ties share their average rank); undefined if either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number | undefined {
  if (x.length !== y.length || x.length < 2) return undefined;
  const rho = sampleRankCorrelation([...x], [...y]);
  return Number.isFinite(rho) ? Math.max(-1, Math.min(1, rho)) : undefined;
}

/** (v − mean) / sd with the n − 1 sd; undefined for a constant (or near-constant) series. */
function standardize(values: readonly number[]): number[] | undefined {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const centred = values.map((v) => v - mean);
  const sd = Math.sqrt(dot(centred, centred) / (n - 1));
  // relative to the values' size: rounding noise on a constant must not pass for a real spread
  const scale = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (!(sd > 1e-12 * scale) || !Number.isFinite(sd)) return undefined;
  return centred.map((v) => v / sd);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Gaussian elimination with partial pivoting; undefined when a pivot falls below `tiny` (singular). */
function solve(matrix: number[][], rhs: number[], tiny: number): number[] | undefined {
  const k = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > tiny)) return undefined;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < k; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= k; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(k);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r][k];
    for (let c = r + 1; c < k; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}
