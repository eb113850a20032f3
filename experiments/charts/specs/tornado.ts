import type { TopLevelSpec } from 'vega-lite';
import { formatLevel } from '../../sweep/format-level.js';
import type { TornadoRow } from '../../sweep/sweep-tables.js';
import { chartConfig, usdLabelExpr } from '../theme.js';

export interface TornadoParameter {
  name: string;
  mode: 'absolute' | 'relative';
}

const LEVELS = ['parameter at its low value', 'parameter at its high value'] as const;
const BAR_HEIGHT_PX = 30;

/**
 * The tornado chart of a one-at-a-time sweep: per chosen metric, one row per parameter with a bar
 * from the base value of the metric to its value with the parameter at its low end and one to its
 * value at the high end; rows sorted by |swing|, the largest on top; a rule marks the base. Built from
 * sensitivity.csv's rows, so chart and CSV agree.
 */
export function tornadoSpec(rows: readonly TornadoRow[], parameters: readonly TornadoParameter[], replications: number): TopLevelSpec {
  const modes = new Map(parameters.map((p) => [p.name, p.mode]));
  const metrics = [...new Map(rows.map((r) => [`${r.metric}\u0000${r.scope}`, r])).values()];
  const panels = metrics.map((m) => {
    const mine = rows.filter((r) => r.metric === m.metric && r.scope === m.scope).sort((a, b) => a.rank - b.rank);
    const label = (r: TornadoRow): string => {
      const mode = modes.get(r.parameter) ?? 'absolute';
      return `${r.parameter} (${formatLevel(r.lowValue, mode)} / ${formatLevel(r.highValue, mode)})`;
    };
    const values = mine.flatMap((r) => [
      { label: label(r), level: LEVELS[0], start: r.baseMean, end: r.lowMean },
      { label: label(r), level: LEVELS[1], start: r.baseMean, end: r.highMean },
    ]);
    const usd = m.unit.startsWith('USD');
    const title = `${m.metric}${m.scope ? ` of ${m.scope}` : ''} (${m.unit})`;
    return {
      title: { text: title, fontSize: 13 },
      width: 520,
      height: Math.max(60, BAR_HEIGHT_PX * mine.length),
      layer: [
        {
          data: { values },
          mark: { type: 'bar' as const, height: { band: 0.7 } },
          encoding: {
            y: { field: 'label', type: 'nominal' as const, sort: mine.map(label), title: null, axis: { labelLimit: 360 } },
            x: {
              field: 'end',
              type: 'quantitative' as const,
              // the panel's title names the metric and its unit
              title: null,
              scale: { zero: false },
              axis: { tickCount: 6, labelOverlap: true, ...(usd ? { labelExpr: usdLabelExpr() } : { format: '~s' }) },
            },
            x2: { field: 'start' },
            color: {
              field: 'level',
              type: 'nominal' as const,
              title: null,
              sort: [...LEVELS],
              scale: { domain: [...LEVELS], range: ['#e45756', '#4c78a8'] },
              legend: { orient: 'bottom' as const },
            },
          },
        },
        {
          data: { values: [{ base: m.baseMean }] },
          mark: { type: 'rule' as const, color: '#222', strokeWidth: 1.5 },
          encoding: { x: { field: 'base', type: 'quantitative' as const } },
        },
      ],
    };
  });
  const runs = replications > 1 ? `means over ${replications} replications, with the same seeds at every point` : 'one replication per point';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Sensitivity: one parameter at a time',
      subtitle: [`Each bar moves one parameter to its low or high value, the others at base; the black rule is the base (${runs}).`],
    },
    vconcat: panels,
  } as TopLevelSpec;
}
