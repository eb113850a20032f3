import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderPng, renderSvg } from '../charts/render.js';
import { policyComparisonSpec, type ComparisonStatus, type PolicyComparisonBar } from '../charts/specs/policy-comparison.js';
import { writeFileAtomic } from '../output/atomic-file.js';
import { writeCsvAtomic } from '../output/csv-writer.js';
import type { ComparisonTables } from './compare-tables.js';
import { metricLabel, type MetricChoice } from './metrics.js';
import { COMPARE_HEADERS, DIFFERENCE_HEADERS, RANKING_HEADERS, type RankingCsvRow } from './rows.js';

export interface ChartRequest {
  title: string;
  choice: MetricChoice;
  /** variant name → y-axis label (default: the name) */
  labels?: ReadonlyMap<string, string>;
  /** variant name → the fluid model's estimate of the metric, drawn beside the simulated mean */
  estimates?: ReadonlyMap<string, number>;
}

/**
 * Writes compare.csv, differences.csv, ranking.csv, the resolved inputs (`resolvedName`) and, unless `chart` is null,
 * policy-comparison.svg and .png into `outDir` (created), each atomically. Returns the files written.
 */
export async function writeComparison(
  outDir: string,
  tables: ComparisonTables,
  resolved: unknown,
  chart: ChartRequest | null,
  resolvedName = 'compare.resolved.json',
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await writeCsvAtomic(join(outDir, 'compare.csv'), COMPARE_HEADERS, tables.compare);
  await writeCsvAtomic(join(outDir, 'differences.csv'), DIFFERENCE_HEADERS, tables.differences);
  await writeCsvAtomic(join(outDir, 'ranking.csv'), RANKING_HEADERS, tables.ranking);
  await writeFileAtomic(join(outDir, resolvedName), `${JSON.stringify(resolved, null, 2)}\n`);
  const written = ['compare.csv', 'differences.csv', 'ranking.csv', resolvedName];
  if (chart) {
    const svg = await renderSvg(
      policyComparisonSpec({
        title: chart.title,
        metric: metricLabel(chart.choice),
        unit: tables.ranking[0].unit,
        replications: tables.ranking[0].replications,
        baseline: tables.ranking[0].baseline,
        bars: comparisonBars(tables.ranking, chart.choice.higherIsBetter, chart.labels).map((b) => {
          const estimate = chart.estimates?.get(b.variant);
          return estimate === undefined ? b : { ...b, estimate };
        }),
      }),
    );
    await writeFileAtomic(join(outDir, 'policy-comparison.svg'), svg);
    await writeFileAtomic(join(outDir, 'policy-comparison.png'), renderPng(svg));
    written.push('policy-comparison.svg', 'policy-comparison.png');
  }
  return written;
}

/** The chart's bars from the ranking: best first, coloured by the paired difference from the baseline. */
export function comparisonBars(ranking: readonly RankingCsvRow[], higherIsBetter: boolean, labels?: ReadonlyMap<string, string>): PolicyComparisonBar[] {
  return ranking.map((r) => {
    let status: ComparisonStatus = 'indistinguishable';
    if (r.variant === r.baseline) status = 'baseline';
    else if (r.significantVsBaseline) status = r.differenceFromBaseline > 0 === higherIsBetter ? 'better' : 'worse';
    return { variant: r.variant, label: labels?.get(r.variant) ?? r.variant, mean: r.mean, lower: r.ciLow95, upper: r.ciHigh95, status };
  });
}
