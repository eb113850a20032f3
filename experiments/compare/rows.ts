/** The rows of a comparison's CSV files: one observation per row, units in a column. */
import type { SummaryCsvRow } from '../output/rows.js';
import { SUMMARY_COLUMNS } from '../output/write-run.js';

/** compare.csv: one row per variant and metric, mean and 95% Student-t interval over replications. */
export type CompareCsvRow = { variant: string } & SummaryCsvRow;

/** differences.csv: one row per variant (but the baseline) and metric: variant − baseline, paired by replication. */
export interface DifferenceCsvRow {
  variant: string;
  baseline: string;
  metric: string;
  scope: string;
  unit: string;
  replications: number;
  baselineMean: number;
  variantMean: number;
  meanDifference: number;
  ciLow95: number;
  ciHigh95: number;
  halfWidth95: number;
  /** meanDifference ÷ |baselineMean|; empty when the baseline's mean is 0 */
  relativeDifference: number | '';
  /** the paired 95% interval excludes 0 (never with one replication) */
  significant: boolean;
}

/** ranking.csv: the variants best first by the chosen metric. */
export type RankingCsvRow = { rank: number } & CompareCsvRow & RankingComparisons;

/** What ranking.csv adds to a variant's compare.csv row: how it stands against the others. */
export interface RankingComparisons {
  baseline: string;
  /** this variant − the baseline, paired by replication (0 for the baseline itself) */
  differenceFromBaseline: number;
  differenceCiLow95: number;
  differenceCiHigh95: number;
  significantVsBaseline: boolean;
  /** this variant − the next one down the ranking, paired (empty for the last) */
  differenceFromNext: number | '';
  differenceFromNextCiLow95: number | '';
  differenceFromNextCiHigh95: number | '';
  /** variants whose paired difference from this one has a 95% interval containing 0, in rank order, space-separated */
  indistinguishableFrom: string;
}

export const COMPARE_HEADERS: readonly (keyof CompareCsvRow & string)[] = ['variant', ...SUMMARY_COLUMNS];

export const DIFFERENCE_HEADERS: readonly (keyof DifferenceCsvRow & string)[] = [
  'variant',
  'baseline',
  'metric',
  'scope',
  'unit',
  'replications',
  'baselineMean',
  'variantMean',
  'meanDifference',
  'ciLow95',
  'ciHigh95',
  'halfWidth95',
  'relativeDifference',
  'significant',
];

export const RANKING_HEADERS: readonly (keyof RankingCsvRow & string)[] = [
  'rank',
  ...COMPARE_HEADERS,
  'baseline',
  'differenceFromBaseline',
  'differenceCiLow95',
  'differenceCiHigh95',
  'significantVsBaseline',
  'differenceFromNext',
  'differenceFromNextCiLow95',
  'differenceFromNextCiHigh95',
  'indistinguishableFrom',
];
