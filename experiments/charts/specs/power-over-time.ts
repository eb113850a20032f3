import type { TopLevelSpec } from 'vega-lite';
import type { RunTables } from '../../output/rows.js';
import { extent, groupBy } from '../aggregate.js';
import { timeAxisUnit } from '../time-axis.js';
import { chartConfig } from '../theme.js';

const WIDTH = 620;
const POWER_COLOR = '#4c78a8';
const CAP_COLOR = '#d62728';

/**
 * Facility power per interval against the cap: the mean over replications as a line, the range over
 * replications as a band (so a single replication that crossed the cap shows), and the cap as a red
 * rule, or a red step line when the cap changes over time.
 */
export function powerOverTimeSpec(tables: RunTables): TopLevelSpec {
  const rows = tables.power;
  const unit = timeAxisUnit(Math.max(0, extent(rows, (r) => r.endS)[1]));
  const replications = new Set(rows.map((r) => r.replication)).size;

  const values = [...groupBy(rows, (r) => String(r.interval), (r) => r).values()].map((cell) => {
    const [minMw, maxMw] = extent(cell, (r) => r.facilityPowerMw);
    const first = cell[0];
    return {
      time: (first.startS + first.endS) / 2 / unit.seconds,
      startTime: first.startS / unit.seconds,
      endTime: first.endS / unit.seconds,
      meanMw: cell.reduce((sum, r) => sum + r.facilityPowerMw, 0) / cell.length,
      minMw,
      maxMw,
      capMw: extent(cell, (r) => r.capMw)[1],
      shedding: cell.some((r) => r.sheddingTiers !== ''),
    };
  });
  const caps = [...new Set(values.map((v) => v.capMw))];
  const shedIntervals = values.filter((v) => v.shedding);

  // the axis spans whole intervals, though each value sits at its interval's midpoint
  const domain = [extent(values, (v) => v.startTime)[0], extent(values, (v) => v.endTime)[1]];
  const x = { field: 'time', type: 'quantitative' as const, title: `simulated time (${unit.label})`, scale: { domain, nice: false } };
  const capLayers =
    caps.length === 1
      ? [
          { data: { values: [{ capMw: caps[0] }] }, mark: { type: 'rule' as const, color: CAP_COLOR, strokeWidth: 2, strokeDash: [6, 3] }, encoding: { y: { field: 'capMw', type: 'quantitative' as const } } },
          {
            data: { values: [{ capMw: caps[0], label: `cap ${caps[0]} MW` }] },
            mark: { type: 'text' as const, color: CAP_COLOR, align: 'right' as const, baseline: 'bottom' as const, dy: -3, fontSize: 11 },
            encoding: { y: { field: 'capMw', type: 'quantitative' as const }, x: { value: WIDTH - 4 }, text: { field: 'label' } },
          },
        ]
      : [
          {
            mark: { type: 'line' as const, color: CAP_COLOR, strokeWidth: 2, strokeDash: [6, 3], interpolate: 'step' as const },
            encoding: { x, y: { field: 'capMw', type: 'quantitative' as const } },
          },
        ];
  const notes = [
    ...(replications > 1 ? [`band: range over ${replications} replications`] : []),
    'red: the facility power cap',
    ...(shedIntervals.length > 0 ? ['shaded: intervals in which some replication shed load'] : []),
  ];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Facility power against the cap',
      subtitle: [`Mean facility power per interval (IT power × PUE)${replications > 1 ? ' over replications' : ''}.`, `${notes.join('; ')}.`],
    },
    width: WIDTH,
    height: 260,
    data: { values },
    layer: [
      ...(shedIntervals.length > 0
        ? [
            {
              data: { values: shedIntervals },
              mark: { type: 'rect' as const, color: CAP_COLOR, opacity: 0.08 },
              encoding: { x: { field: 'startTime', type: 'quantitative' as const, scale: x.scale }, x2: { field: 'endTime' } },
            },
          ]
        : []),
      ...(replications > 1
        ? [
            {
              mark: { type: 'area' as const, color: POWER_COLOR, opacity: 0.2 },
              encoding: { x, y: { field: 'minMw', type: 'quantitative' as const }, y2: { field: 'maxMw' } },
            },
          ]
        : []),
      {
        mark: { type: 'line', color: POWER_COLOR, strokeWidth: 2, point: { size: 18, color: POWER_COLOR } },
        encoding: { x, y: { field: 'meanMw', type: 'quantitative', title: 'facility power (MW)', scale: { zero: true } } },
      },
      ...capLayers,
    ],
  };
}
