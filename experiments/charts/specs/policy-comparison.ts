import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, usdLabelExpr } from '../theme.js';

/** How a variant compares with the baseline, by its paired 95% interval. */
export type ComparisonStatus = 'baseline' | 'better' | 'worse' | 'indistinguishable';

export interface PolicyComparisonBar {
  variant: string;
  /** the y-axis label: the name, or the name and what it changes */
  label: string;
  mean: number;
  lower: number;
  upper: number;
  status: ComparisonStatus;
  /** the fluid model's estimate of the metric, when there is one (the optimiser's candidates) */
  estimate?: number;
}

export interface PolicyComparisonInput {
  title: string;
  /** e.g. `margin` or `revenue[premium]` */
  metric: string;
  unit: string;
  replications: number;
  baseline: string;
  /** top to bottom (the ranking's order) */
  bars: readonly PolicyComparisonBar[];
}

const STATUS_LEGEND: { status: ComparisonStatus; label: string; color: string }[] = [
  { status: 'baseline', label: 'baseline', color: '#7f7f7f' },
  { status: 'better', label: 'better than the baseline', color: '#59a14f' },
  { status: 'worse', label: 'worse than the baseline', color: '#e15759' },
  { status: 'indistinguishable', label: 'not distinguishable from the baseline', color: '#9ecae9' },
];

/**
 * A comparison's chosen metric per variant: the mean over replications with its 95% Student-t interval,
 * coloured by what the paired difference from the baseline says (common random numbers make that
 * interval narrower than the two bars' whiskers suggest, so overlapping whiskers can still differ).
 */
export function policyComparisonSpec(input: PolicyComparisonInput): TopLevelSpec {
  const usd = input.unit.startsWith('USD');
  const legendOf = new Map(STATUS_LEGEND.map((s) => [s.status, s.label]));
  const values = input.bars.map((b) => ({ ...b, statusLabel: legendOf.get(b.status)! }));
  const used = STATUS_LEGEND.filter((s) => input.bars.some((b) => b.status === s.status));
  const interval =
    input.replications > 1
      ? `Bars: mean over ${input.replications} replications; whiskers: 95% Student-t interval of the mean.`
      : 'One replication: bars are single values, with no confidence interval.';
  const title = `${input.metric} (${input.unit})`;
  const withEstimates = input.bars.some((b) => b.estimate !== undefined);
  const x = { type: 'quantitative' as const, title, axis: usd ? { labelExpr: usdLabelExpr() } : { format: '~s' } };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: input.bars.map((b) => b.label), axis: { labelLimit: 560 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: input.title,
      subtitle: [
        interval,
        `Colour: paired difference from "${input.baseline}" (same seeds and replications), 95% interval.`,
        ...(withEstimates ? ['Diamonds: the fluid model’s estimate (no queueing, no SLO misses).'] : []),
      ],
    },
    width: 480,
    height: Math.max(120, 34 * input.bars.length),
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          x: { field: 'mean', ...x },
          color: {
            field: 'statusLabel',
            type: 'nominal',
            title: null,
            scale: { domain: used.map((s) => s.label), range: used.map((s) => s.color) },
            legend: { orient: 'bottom', direction: 'vertical' },
          },
        },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 10 }, color: '#222' },
        encoding: { x: { field: 'lower', ...x }, x2: { field: 'upper' } },
      },
      ...(withEstimates
        ? [
            {
              transform: [{ filter: 'isValid(datum.estimate)' }],
              mark: { type: 'point' as const, shape: 'diamond', size: 90, filled: true, color: '#222' },
              encoding: { x: { field: 'estimate', ...x } },
            },
          ]
        : []),
    ],
  };
}
