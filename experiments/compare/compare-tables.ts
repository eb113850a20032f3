/**
 * From every variant's per-replication metrics to the comparison's tables: each variant's means and
 * intervals, its paired differences from the baseline, and the ranking. Pure: the CSV files, the chart
 * and the terminal table are all written from these rows.
 */
import { studentTIntervalOrPoint } from '../../engine/stats/confidence-interval.js';
import type { MetricChoice } from './metrics.js';
import { pairedDifference, type PairedDifference } from './paired-difference.js';
import type { CompareCsvRow, DifferenceCsvRow, RankingCsvRow } from './rows.js';
import type { VariantResult } from './run-variants.js';

export interface ComparisonTables {
  compare: CompareCsvRow[];
  differences: DifferenceCsvRow[];
  ranking: RankingCsvRow[];
}

interface Series {
  metric: string;
  scope: string;
  unit: string;
  /** values[r]: replication r */
  values: number[];
}

const key = (metric: string, scope: string): string => `${metric}\u0000${scope}`;

/** A variant's metrics as series over replications, in replicationMetrics' order. */
export function metricSeries(variant: VariantResult): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const replication of variant.replications) {
    for (const { metric, scope, unit, value } of replication) {
      const k = key(metric, scope);
      let s = series.get(k);
      if (!s) series.set(k, (s = { metric, scope, unit, values: [] }));
      s.values.push(value);
    }
  }
  return series;
}

export function comparisonTables(variants: readonly VariantResult[], baselineIndex: number, choice: MetricChoice): ComparisonTables {
  const series = variants.map(metricSeries);
  return {
    compare: compareRows(variants, series),
    differences: differenceRows(variants, series, baselineIndex),
    ranking: rankingRows(variants, series, baselineIndex, choice),
  };
}

function compareRows(variants: readonly VariantResult[], series: readonly Map<string, Series>[]): CompareCsvRow[] {
  return variants.flatMap((v, i) =>
    [...series[i].values()].map((s) => {
      const ci = studentTIntervalOrPoint(s.values);
      return {
        variant: v.name,
        metric: s.metric,
        scope: s.scope,
        unit: s.unit,
        replications: ci.n,
        mean: ci.mean,
        ciLow95: ci.lower,
        ciHigh95: ci.upper,
        halfWidth95: ci.halfWidth,
      };
    }),
  );
}

/** Every metric the variant shares with the baseline (a hardware variant's utilisation scopes differ). */
function differenceRows(variants: readonly VariantResult[], series: readonly Map<string, Series>[], baselineIndex: number): DifferenceCsvRow[] {
  const baseline = variants[baselineIndex];
  const rows: DifferenceCsvRow[] = [];
  variants.forEach((v, i) => {
    if (i === baselineIndex) return;
    for (const [k, s] of series[i]) {
      const b = series[baselineIndex].get(k);
      if (!b) continue;
      const d = pairedDifference(s.values, b.values);
      const baselineMean = mean(b.values);
      rows.push({
        variant: v.name,
        baseline: baseline.name,
        metric: s.metric,
        scope: s.scope,
        unit: s.unit,
        replications: d.n,
        baselineMean,
        variantMean: mean(s.values),
        meanDifference: d.mean,
        ciLow95: d.lower,
        ciHigh95: d.upper,
        halfWidth95: d.halfWidth,
        relativeDifference: baselineMean !== 0 ? d.mean / Math.abs(baselineMean) : '',
        significant: d.significant,
      });
    }
  });
  return rows;
}

/**
 * Best first by the chosen metric (ties keep the variants' order). Each row says how the variant differs
 * from the baseline and from the next one down, and which variants it cannot be told apart from: those
 * whose paired 95% interval of the difference contains 0. The intervals are per pair, not simultaneous.
 */
function rankingRows(
  variants: readonly VariantResult[],
  series: readonly Map<string, Series>[],
  baselineIndex: number,
  choice: MetricChoice,
): RankingCsvRow[] {
  const chosen = series.map((s, i) => {
    const found = s.get(key(choice.metric, choice.scope));
    if (!found) throw new Error(`internal error: variant ${variants[i].name} has no metric ${choice.metric} for "${choice.scope}"`);
    return found;
  });
  const stats = chosen.map((s) => studentTIntervalOrPoint(s.values));
  const sign = choice.higherIsBetter ? -1 : 1;
  const order = variants.map((_, i) => i).sort((a, b) => sign * (stats[a].mean - stats[b].mean) || a - b);
  const diff = (a: number, b: number): PairedDifference => pairedDifference(chosen[a].values, chosen[b].values);
  return order.map((i, rank) => {
    const fromBaseline = diff(i, baselineIndex);
    const next = order[rank + 1];
    const fromNext = next === undefined ? undefined : diff(i, next);
    const ci = stats[i];
    return {
      rank: rank + 1,
      variant: variants[i].name,
      metric: choice.metric,
      scope: choice.scope,
      unit: chosen[i].unit,
      replications: ci.n,
      mean: ci.mean,
      ciLow95: ci.lower,
      ciHigh95: ci.upper,
      halfWidth95: ci.halfWidth,
      baseline: variants[baselineIndex].name,
      differenceFromBaseline: fromBaseline.mean,
      differenceCiLow95: fromBaseline.lower,
      differenceCiHigh95: fromBaseline.upper,
      significantVsBaseline: fromBaseline.significant,
      differenceFromNext: fromNext?.mean ?? '',
      differenceFromNextCiLow95: fromNext?.lower ?? '',
      differenceFromNextCiHigh95: fromNext?.upper ?? '',
      indistinguishableFrom: order
        .filter((j) => j !== i && !diff(i, j).significant)
        .map((j) => variants[j].name)
        .join(' '),
    };
  });
}

function mean(values: readonly number[]): number {
  return studentTIntervalOrPoint(values).mean;
}
