import type { TopLevelSpec } from 'vega-lite';
import type { RunTables } from '../../output/rows.js';
import { groupBy, meanWithInterval, tierOrder } from '../aggregate.js';
import { chartConfig, usdLabelExpr } from '../theme.js';

const MEASURES = [
  { key: 'gross', label: 'all tokens served', field: 'grossRevenueUsdPerYear' },
  { key: 'goodput', label: 'tokens of requests that met the SLO', field: 'goodputRevenueUsdPerYear' },
] as const;

/**
 * Revenue per year by tier: the mean over replications with its 95% Student-t interval, for all tokens
 * sold and for the goodput (requests that met their tier's SLO). Computed from revenue.csv's rows, so it
 * matches the CSV and summary.csv.
 */
export function revenueByTierSpec(tables: RunTables): TopLevelSpec {
  const tiers = tierOrder(tables.tierTargets, tables.revenue);
  const values: { tier: string; measure: string; mean: number; lower: number; upper: number }[] = [];
  let replications = 0;
  for (const m of MEASURES) {
    // a tier could appear on several rows of one replication (one per rack type): add them up first
    const perReplication = groupBy(tables.revenue, (r) => `${r.tier}\u0000${r.replication}`, (r) => r[m.field]);
    const perTier = groupBy([...perReplication], ([key]) => key.split('\u0000')[0], ([, v]) => v.reduce((a, b) => a + b, 0));
    for (const tier of tiers) {
      const samples = perTier.get(tier);
      if (!samples) continue;
      const ci = meanWithInterval(samples);
      replications = Math.max(replications, ci.n);
      values.push({ tier, measure: m.label, mean: ci.mean, lower: ci.lower, upper: ci.upper });
    }
  }
  const interval =
    replications > 1
      ? `Bars: mean over ${replications} replications; whiskers: 95% Student-t confidence interval of the mean.`
      : 'One replication: bars are single values, with no confidence interval.';

  const x = { field: 'tier', type: 'nominal' as const, title: 'tier', sort: tiers, axis: { labelAngle: 0 } };
  const xOffset = { field: 'measure', type: 'nominal' as const, sort: MEASURES.map((m) => m.label) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Revenue by tier',
      subtitle: [interval, 'Scaled to a year from the measured window; goodput counts only requests that met their tier’s SLO.'],
    },
    width: Math.max(320, 110 * tiers.length),
    height: 300,
    data: { values },
    encoding: { x, xOffset },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: 'revenue per year (USD)', axis: { labelExpr: usdLabelExpr() } },
          color: {
            field: 'measure',
            type: 'nominal',
            title: 'revenue from',
            sort: MEASURES.map((m) => m.label),
            scale: { range: ['#4c78a8', '#9ecae9'] },
            legend: { orient: 'bottom' },
          },
        },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 8 }, color: '#222' },
        encoding: { y: { field: 'lower', type: 'quantitative', title: 'revenue per year (USD)' }, y2: { field: 'upper' } },
      },
    ],
  };
}
