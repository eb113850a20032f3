/**
 * The rows of a sweep's CSV files, from its description and results: pure, so `sweep` and `merge`
 * write the same bytes from the same numbers. Tidy rows, one header line, units in their own column.
 */
import { studentTIntervalOrPoint } from '../../engine/stats/confidence-interval.js';
import { InputError } from '../errors.js';
import type { DesignPoint, SweepDescription } from './load-sweep.js';
import { formatMetric, type MetricKey } from './metric-names.js';
import type { PointMetric, PointResult } from './run-sweep.js';
import { spearman, standardizedRegression } from './sensitivity.js';

/** A CSV cell: '' where a number does not exist (an undefined coefficient), never NaN. */
export type Cell = number | string | boolean;
export type CsvRow = Record<string, Cell>;

export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
}

/** One tornado bar pair: the chosen metric with one parameter at its low and at its high value. */
export interface TornadoRow {
  metric: string;
  scope: string;
  unit: string;
  rank: number;
  parameter: string;
  /** the parameter's low and high values (relative changes for relative parameters) */
  lowValue: number;
  highValue: number;
  baseMean: number;
  lowMean: number;
  highMean: number;
  /** highMean − lowMean: signed, so a metric that falls as the parameter rises has a negative swing */
  swing: number;
  /** 95% interval of the swing from the per-replication differences (paired: common random numbers) */
  swingCiLow95: number;
  swingCiHigh95: number;
  replications: number;
}

/** One parameter's global sensitivity measures for a chosen metric, from a sampled design. */
export interface RegressionRow {
  metric: string;
  scope: string;
  unit: string;
  rank: number;
  parameter: string;
  /** standardised regression coefficient ('' when the regression does not exist) */
  src: number | '';
  /** Spearman rank correlation of the parameter with the metric ('' for a constant or non-numeric parameter) */
  spearman: number | '';
  /** of the linear fit behind the SRCs: near 1, the SRCs explain the metric; low, read spearman instead */
  rSquared: number | '';
  samples: number;
}

export const TORNADO_COLUMNS: (keyof TornadoRow & string)[] = [
  'metric', 'scope', 'unit', 'rank', 'parameter', 'lowValue', 'highValue', 'baseMean', 'lowMean', 'highMean',
  'swing', 'swingCiLow95', 'swingCiHigh95', 'replications',
];
export const REGRESSION_COLUMNS: (keyof RegressionRow & string)[] = ['metric', 'scope', 'unit', 'rank', 'parameter', 'src', 'spearman', 'rSquared', 'samples'];

const SUMMARY_COLUMNS = ['metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95'];

/** points.csv: the design, one row per point (one-at-a-time adds which parameter moved and where to). */
export function pointsTable(description: SweepDescription): CsvTable {
  const oat = description.design === 'one-at-a-time';
  const names = description.parameters.map((p) => p.name);
  return {
    columns: ['point', ...(oat ? ['varied', 'level'] : []), ...names],
    rows: description.points.map((p) => ({
      point: p.point,
      ...(oat && { varied: p.varied === null ? '' : names[p.varied], level: p.level ?? '' }),
      ...parameterCells(description, p),
    })),
  };
}

/** sweep.csv: one row per point and metric, each metric's mean and 95% Student-t interval over the replications. */
export function sweepTable(description: SweepDescription, results: readonly PointResult[]): CsvTable {
  const names = description.parameters.map((p) => p.name);
  const rows: CsvRow[] = [];
  for (const result of results) {
    const cells = parameterCells(description, description.points[result.point]);
    for (const m of result.metrics) {
      const ci = studentTIntervalOrPoint(m.values);
      rows.push({
        point: result.point,
        ...cells,
        metric: m.metric,
        scope: m.scope,
        unit: m.unit,
        replications: ci.n,
        mean: ci.mean,
        ciLow95: ci.lower,
        ciHigh95: ci.upper,
        halfWidth95: ci.halfWidth,
      });
    }
  }
  return { columns: ['point', ...names, ...SUMMARY_COLUMNS], rows };
}

function parameterCells(description: SweepDescription, point: DesignPoint): CsvRow {
  return Object.fromEntries(description.parameters.map((p, i) => [p.name, point.values[i]]));
}

/** The chosen metric's series at every point, by point index; an InputError if a point lacks it. */
function seriesOf(key: MetricKey, index: number, results: readonly PointResult[]): PointMetric[] {
  return results.map((r) => {
    const found = r.metrics.find((m) => m.metric === key.metric && m.scope === key.scope);
    if (!found) {
      const scopes = r.metrics.filter((m) => m.metric === key.metric).map((m) => m.scope || "''");
      throw new InputError(`metrics[${index}]: point ${r.point} has no ${formatMetric(key)}${scopes.length > 0 ? ` (scopes: ${scopes.join(', ')})` : ''}`);
    }
    return found;
  });
}

/**
 * Tornado swings of a one-at-a-time sweep: for each chosen metric, each parameter's low and high
 * means against the base point, ranked by |swing| (ties keep the sweep file's order).
 */
export function tornadoRows(description: SweepDescription, results: readonly PointResult[]): TornadoRow[] {
  const byPoint = new Map(results.map((r) => [r.point, r]));
  const ordered = description.points.map((p) => byPoint.get(p.point)!);
  const rows: TornadoRow[] = [];
  description.metrics.forEach((key, index) => {
    const series = seriesOf(key, index, ordered);
    const at = (varied: number | null, level: string): { point: DesignPoint; metric: PointMetric } => {
      const i = description.points.findIndex((p) => p.varied === varied && p.level === level);
      return { point: description.points[i], metric: series[i] };
    };
    const base = at(null, 'base');
    const baseMean = studentTIntervalOrPoint(base.metric.values).mean;
    const perParameter = description.parameters.map((parameter, j) => {
      const low = at(j, 'low');
      const high = at(j, 'high');
      // replication r of every point shares its seeds: the per-replication difference is a paired one
      const differences = high.metric.values.map((v, r) => v - low.metric.values[r]);
      const swing = studentTIntervalOrPoint(differences);
      const lowMean = studentTIntervalOrPoint(low.metric.values).mean;
      const highMean = studentTIntervalOrPoint(high.metric.values).mean;
      return {
        metric: key.metric,
        scope: key.scope,
        unit: base.metric.unit,
        rank: 0,
        parameter: parameter.name,
        lowValue: low.point.values[j] as number,
        highValue: high.point.values[j] as number,
        baseMean,
        lowMean,
        highMean,
        swing: highMean - lowMean,
        swingCiLow95: swing.lower,
        swingCiHigh95: swing.upper,
        replications: differences.length,
      };
    });
    rows.push(...ranked(perParameter, (r) => [Math.abs(r.swing)]));
  });
  return rows;
}

/**
 * Standardised regression coefficients (one least-squares fit per metric, of its point means on
 * every numeric parameter that varies) and Spearman rank correlations, ranked by |SRC|, then |Spearman|.
 */
export function regressionRows(description: SweepDescription, results: readonly PointResult[]): RegressionRow[] {
  const byPoint = new Map(results.map((r) => [r.point, r]));
  const ordered = description.points.map((p) => byPoint.get(p.point)!);
  const columns = description.parameters.map((_, j) => description.points.map((p) => p.values[j]));
  const numeric = columns.map((c) => (c.every((v) => typeof v === 'number') ? (c as number[]) : undefined));
  const varying = numeric.map((c) => c !== undefined && c.some((v) => v !== c[0]));
  const regressors = numeric.filter((_, j) => varying[j]) as number[][];
  const rows: RegressionRow[] = [];
  description.metrics.forEach((key, index) => {
    const series = seriesOf(key, index, ordered);
    const y = series.map((m) => studentTIntervalOrPoint(m.values).mean);
    const fit = standardizedRegression(regressors, y);
    let k = 0;
    const perParameter = description.parameters.map((parameter, j): RegressionRow => {
      const src = varying[j] && fit ? fit.src[k] : undefined;
      if (varying[j]) k++;
      const rho = varying[j] ? spearman(numeric[j]!, y) : undefined;
      return {
        metric: key.metric,
        scope: key.scope,
        unit: series[0].unit,
        rank: 0,
        parameter: parameter.name,
        src: src ?? '',
        spearman: rho ?? '',
        rSquared: fit ? fit.rSquared : '',
        samples: y.length,
      };
    });
    rows.push(...ranked(perParameter, (r) => [magnitude(r.src), magnitude(r.spearman)]));
  });
  return rows;
}

/** |x|, with a missing value below every real one. */
function magnitude(x: number | ''): number {
  return x === '' ? -1 : Math.abs(x);
}

/** Sorted by the keys, largest first (a stable sort: ties keep the sweep file's order), then numbered. */
function ranked<Row extends { rank: number }>(rows: Row[], keys: (row: Row) => number[]): Row[] {
  const sorted = [...rows].sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return 0;
  });
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}
