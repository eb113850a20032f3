/**
 * What `compare` and `optimize` share once their variants are prepared: the metric to rank by, the
 * runs under common random numbers, and the tables.
 */
import { comparisonTables, type ComparisonTables } from './compare-tables.js';
import { chooseMetric, type MetricChoice } from './metrics.js';
import type { PreparedVariant } from './prepare-variants.js';
import { runVariants, type RunVariantsOptions, type VariantResult } from './run-variants.js';

export interface Comparison {
  results: VariantResult[];
  tables: ComparisonTables;
}

/** A metric every variant reports: a tier metric needs the tier in all of them (a variant may unset one). */
export function chooseComparisonMetric(text: string, variants: readonly PreparedVariant[], where: string): MetricChoice {
  const tierSets = variants.map((v) => new Set(v.file.tiers.map((t) => t.tier)));
  const common = [...tierSets[0]].filter((id) => tierSets.every((s) => s.has(id)));
  return chooseMetric(text, common, where);
}

export async function runComparison(
  variants: readonly PreparedVariant[],
  baselineIndex: number,
  choice: MetricChoice,
  options: RunVariantsOptions,
): Promise<Comparison> {
  const results = await runVariants(variants, options);
  return { results, tables: comparisonTables(results, baselineIndex, choice) };
}
