import type { TopLevelSpec } from 'vega-lite';
import type { RunTables, UtilizationCsvRow } from '../../output/rows.js';
import { extent, groupBy, tierOrder } from '../aggregate.js';
import { timeAxisUnit } from '../time-axis.js';
import { categoricalScheme, chartConfig } from '../theme.js';

/**
 * One series per tier; a tier with several rack types or with separate prefill and decode racks gets one
 * series per pool, since averaging a busy decode pool with an idle prefill pool would describe neither.
 */
function seriesLabels(rows: readonly UtilizationCsvRow[]): (row: UtilizationCsvRow) => string {
  const pools = new Map<string, { racks: Set<string>; roles: Set<string> }>();
  for (const r of rows) {
    let p = pools.get(r.tier);
    if (!p) pools.set(r.tier, (p = { racks: new Set(), roles: new Set() }));
    p.racks.add(r.rack);
    p.roles.add(r.role);
  }
  return (r) => {
    const p = pools.get(r.tier)!;
    let label = r.tier;
    if (p.racks.size > 1) label += ` · ${r.rack}`;
    if (p.roles.size > 1) label += ` · ${r.role}`;
    return label;
  };
}

/** Busy fraction of each tier's racks per interval, the mean over replications, against simulated time. */
export function utilizationOverTimeSpec(tables: RunTables): TopLevelSpec {
  const rows = tables.utilization;
  const label = seriesLabels(rows);
  const tiers = tierOrder(tables.tierTargets, rows);
  const tierOfSeries = new Map(rows.map((r) => [label(r), r.tier]));
  const rank = (s: string): number => tiers.indexOf(tierOfSeries.get(s) ?? '');
  const series = [...tierOfSeries.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const spanS = Math.max(0, extent(rows, (r) => r.endS)[1]);
  const unit = timeAxisUnit(spanS);

  const cells = groupBy(rows, (r) => `${label(r)}\u0000${r.interval}`, (r) => r);
  const values = [...cells.values()].map((cell) => {
    const first = cell[0];
    return {
      series: label(first),
      time: (first.startS + first.endS) / 2 / unit.seconds,
      startTime: first.startS / unit.seconds,
      endTime: first.endS / unit.seconds,
      busyFraction: cell.reduce((s, r) => s + r.busyFraction, 0) / cell.length,
    };
  });
  const replications = new Set(rows.map((r) => r.replication)).size;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Rack utilisation over time',
      subtitle: [
        'Busy fraction of each tier’s racks per interval: the share of time a rack was running a batch.',
        `Mean over ${replications} replication${replications === 1 ? '' : 's'}, plotted at each interval’s midpoint.`,
      ],
    },
    width: 620,
    height: 260,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: { size: 18 } },
    encoding: {
      // the axis spans whole intervals, though each value sits at its interval's midpoint
      x: {
        field: 'time',
        type: 'quantitative',
        title: `simulated time (${unit.label})`,
        scale: { domain: [extent(values, (v) => v.startTime)[0], extent(values, (v) => v.endTime)[1]], nice: false },
      },
      y: {
        field: 'busyFraction',
        type: 'quantitative',
        title: 'busy fraction',
        scale: { domain: [0, Math.max(1, extent(values, (v) => v.busyFraction)[1])] },
        axis: { format: '~%' },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: 'tier',
        scale: { domain: series, scheme: categoricalScheme(series.length) },
        legend: { orient: 'right' },
      },
      order: { field: 'time', type: 'quantitative' },
    },
  };
}
