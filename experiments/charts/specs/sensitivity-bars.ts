import type { TopLevelSpec } from 'vega-lite';
import type { RegressionRow } from '../../sweep/sweep-tables.js';
import { chartConfig } from '../theme.js';

const MEASURES = ['standardised regression coefficient', 'Spearman rank correlation'] as const;

/**
 * Global sensitivity of a sampled sweep (Latin hypercube or grid): per chosen metric, each parameter's
 * standardised regression coefficient and Spearman rank correlation as paired bars on [−1, 1], in
 * sensitivity.csv's rank order. The panel title carries the R² that says how far to trust the SRCs.
 */
export function sensitivityBarsSpec(rows: readonly RegressionRow[]): TopLevelSpec {
  const metrics = [...new Map(rows.map((r) => [`${r.metric}\u0000${r.scope}`, r])).values()];
  const panels = metrics.map((m) => {
    const mine = rows.filter((r) => r.metric === m.metric && r.scope === m.scope).sort((a, b) => a.rank - b.rank);
    const values = mine.flatMap((r) => [
      ...(r.src === '' ? [] : [{ parameter: r.parameter, measure: MEASURES[0], value: r.src }]),
      ...(r.spearman === '' ? [] : [{ parameter: r.parameter, measure: MEASURES[1], value: r.spearman }]),
    ]);
    const fit = m.rSquared === '' ? 'no linear fit' : `linear fit R² = ${m.rSquared.toFixed(2)}`;
    return {
      title: { text: `${m.metric}${m.scope ? ` of ${m.scope}` : ''} (${fit}, ${m.samples} points)`, fontSize: 13 },
      width: 480,
      height: Math.max(60, 34 * mine.length),
      data: { values },
      mark: { type: 'bar' as const },
      encoding: {
        // every parameter keeps its row, in rank order, even one without coefficients (a string-valued grid parameter)
        y: { field: 'parameter', type: 'nominal' as const, scale: { domain: mine.map((r) => r.parameter) }, title: null, axis: { labelLimit: 320 } },
        yOffset: { field: 'measure', type: 'nominal' as const, sort: [...MEASURES] },
        // SRCs of correlated samples can pass ±1: widen the axis rather than cut a bar
        x: { field: 'value', type: 'quantitative' as const, title: 'coefficient', scale: { domain: [Math.min(-1, ...values.map((v) => v.value)), Math.max(1, ...values.map((v) => v.value))] } },
        color: {
          field: 'measure',
          type: 'nominal' as const,
          title: null,
          sort: [...MEASURES],
          scale: { domain: [...MEASURES], range: ['#4c78a8', '#f58518'] },
          legend: { orient: 'bottom' as const },
        },
      },
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Sensitivity: sampled parameters',
      subtitle: [
        'SRC: standard deviations of the metric per standard deviation of the parameter, from a linear fit of the point means.',
        'Spearman: rank correlation of parameter and metric (±1: perfectly monotone; 0: none). Sorted by |SRC|.',
      ],
    },
    vconcat: panels,
  } as TopLevelSpec;
}
