import type { TopLevelSpec } from 'vega-lite';
import { SECONDS_PER_YEAR } from '../../../models/economics/costs.js';
import type { FactoryChartCsvRow, RunTables } from '../../output/rows.js';
import { extent } from '../aggregate.js';
import { logTicks } from '../log-ticks.js';
import { categoricalScheme, chartConfig, usdLabelExpr } from '../theme.js';

const WIDTH = 620;

/** One panel of a vertical concatenation. */
type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

interface CurvePoint {
  curve: string;
  tier: string;
  interactivityTokPerS: number;
  outputTokPerSPerMw: number;
}

interface OperatingPoint extends CurvePoint {
  revenueUsdPerMwYear: number;
}

/** "tier · rack · model": one line per distinct triple, so a tier served by two rack types gets two lines. */
function curveLabel(row: FactoryChartCsvRow): string {
  return `${row.tier} · ${row.rack} · ${row.model}`;
}

/**
 * Where a tier runs on its curve: the most throughput per MW that still meets its interactivity
 * target. Inside the curve's range that is the curve at the target, interpolated linearly in log-log
 * space (the chart's axes); when even a full batch is faster than the target, the full-batch point;
 * undefined when even batch 1 is too slow.
 */
function operatingPoint(points: readonly CurvePoint[], targetTokPerS: number): { interactivityTokPerS: number; outputTokPerSPerMw: number } | undefined {
  const sorted = [...points].sort((a, b) => a.interactivityTokPerS - b.interactivityTokPerS);
  const first = sorted[0];
  if (!first || targetTokPerS > sorted[sorted.length - 1].interactivityTokPerS) return undefined;
  if (targetTokPerS <= first.interactivityTokPerS) {
    const best = points.reduce((a, b) => (b.outputTokPerSPerMw > a.outputTokPerSPerMw ? b : a));
    return { interactivityTokPerS: best.interactivityTokPerS, outputTokPerSPerMw: best.outputTokPerSPerMw };
  }
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const b = sorted[i + 1];
    if (targetTokPerS > b.interactivityTokPerS) continue;
    const t = Math.log(targetTokPerS / a.interactivityTokPerS) / Math.log(b.interactivityTokPerS / a.interactivityTokPerS);
    const y = Math.exp(Math.log(a.outputTokPerSPerMw) + t * Math.log(b.outputTokPerSPerMw / a.outputTokPerSPerMw));
    return { interactivityTokPerS: targetTokPerS, outputTokPerSPerMw: y };
  }
  return undefined;
}

/** Revenue per MW-year when every token is sold at the price: $/Mtok × tok/s/MW × s/yr ÷ 1e6. */
function revenueUsdPerMwYear(priceUsdPerMTokOut: number, outputTokPerSPerMw: number): number {
  return (priceUsdPerMTokOut * outputTokPerSPerMw * SECONDS_PER_YEAR) / 1e6;
}

/**
 * The token-factory chart: output tokens/s per MW against tokens/s per user, one line per tier's rack
 * and model (the fluid model's curve), each tier's interactivity target as a dashed rule, and a dot
 * at each curve's operating point for its own tier's target. Both axes are logarithmic: throughput per MW spans
 * three to four orders of magnitude between batch 1 and a full batch, interactivity one to two.
 *
 * Revenue is a second panel rather than isolines on the first: at one price, constant revenue per MW is
 * a horizontal line, and each curve sells at its own tier's price, so isolines would be a family of
 * horizontal lines per price that read as gridlines. The panel shows price × throughput directly.
 */
export function tokenFactorySpec(tables: RunTables): TopLevelSpec {
  const priceByTier = new Map(tables.tierTargets.map((t) => [t.tier, t.priceUsdPerMTokOut]));
  const targetByTier = new Map(tables.tierTargets.map((t) => [t.tier, t.interactivityTokPerS]));

  // Log axes cannot show zero throughput (a batch that cannot meet any speed) or zero interactivity.
  const points: CurvePoint[] = tables.chart
    .filter((r) => r.interactivityTokPerS > 0 && r.outputTokPerSPerMw > 0)
    .map((r) => ({ curve: curveLabel(r), tier: r.tier, interactivityTokPerS: r.interactivityTokPerS, outputTokPerSPerMw: r.outputTokPerSPerMw }));
  const curves = [...new Set(points.map((p) => p.curve))];

  const operating: OperatingPoint[] = [];
  for (const curve of curves) {
    const own = points.filter((p) => p.curve === curve);
    const tier = own[0].tier;
    const target = targetByTier.get(tier);
    if (target === undefined || !(target > 0)) continue;
    const at = operatingPoint(own, target);
    if (at === undefined) continue;
    operating.push({ curve, tier, ...at, revenueUsdPerMwYear: revenueUsdPerMwYear(priceByTier.get(tier) ?? 0, at.outputTokPerSPerMw) });
  }

  const revenuePoints = points
    .filter((p) => (priceByTier.get(p.tier) ?? 0) > 0)
    .map((p) => ({ ...p, revenueUsdPerMwYear: revenueUsdPerMwYear(priceByTier.get(p.tier) ?? 0, p.outputTokPerSPerMw) }));
  const paidOperating = operating.filter((p) => p.revenueUsdPerMwYear > 0);
  const hasRevenue = revenuePoints.length > 0;

  const targets = tables.tierTargets
    .filter((t) => t.interactivityTokPerS > 0)
    .map((t) => ({ ...t, label: `${t.tier} · ${t.interactivityTokPerS} tok/s · $${t.priceUsdPerMTokOut}/Mtok` }));

  const xs = [...points.map((p) => p.interactivityTokPerS), ...targets.map((t) => t.interactivityTokPerS)];
  const ticks = <T>(rows: readonly T[], value: (row: T) => number): number[] => logTicks(...extent(rows, value));
  const x = {
    field: 'interactivityTokPerS',
    type: 'quantitative' as const,
    title: 'output tokens/s per user (interactivity)',
    scale: { type: 'log' as const },
    axis: { format: '~s', values: ticks(xs, (v) => v) },
  };
  const color = {
    field: 'curve',
    type: 'nominal' as const,
    title: 'tier · rack · model',
    scale: { domain: curves, scheme: categoricalScheme(curves.length) },
    legend: { orient: 'bottom' as const, columns: 2, symbolType: 'stroke', titleLimit: 400 },
  };
  const targetRules = {
    data: { values: targets },
    mark: { type: 'rule' as const, strokeDash: [4, 4], color: '#888' },
    encoding: { x: { field: 'interactivityTokPerS', type: 'quantitative' as const } },
  };
  // Tier labels run up their rules; a white outline drawn first keeps them legible over the curves.
  const targetLabel = (outline: boolean) => ({
    data: { values: targets },
    mark: {
      type: 'text' as const,
      angle: 270,
      align: 'right' as const,
      baseline: 'bottom' as const,
      dx: -4,
      dy: -4,
      fontSize: 10,
      color: '#444',
      ...(outline ? { stroke: 'white', strokeWidth: 3, strokeJoin: 'round' as const, color: 'white' } : {}),
    },
    encoding: { x: { field: 'interactivityTokPerS', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'label' } },
  });
  const dots = (yField: string, values: readonly object[]) => ({
    data: { values },
    mark: { type: 'point' as const, filled: true, size: 60, stroke: 'white', strokeWidth: 1, opacity: 1 },
    encoding: {
      x: { field: 'interactivityTokPerS', type: 'quantitative' as const },
      y: { field: yField, type: 'quantitative' as const },
      color: { field: 'curve', type: 'nominal' as const },
    },
  });

  const throughputPanel: Panel = {
    width: WIDTH,
    height: 340,
    layer: [
      targetRules,
      targetLabel(true),
      targetLabel(false),
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          x,
          y: {
            field: 'outputTokPerSPerMw',
            type: 'quantitative',
            title: 'output tokens/s per MW',
            scale: { type: 'log' },
            axis: { format: '~s', values: ticks(points, (p) => p.outputTokPerSPerMw) },
          },
          color,
          order: { field: 'interactivityTokPerS', type: 'quantitative' },
        },
      },
      dots('outputTokPerSPerMw', operating),
    ],
  };

  const revenuePanel: Panel = {
    width: WIDTH,
    height: 220,
    layer: [
      targetRules,
      {
        data: { values: revenuePoints },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          x,
          y: {
            field: 'revenueUsdPerMwYear',
            type: 'quantitative',
            title: 'revenue per MW-year (USD)',
            scale: { type: 'log' },
            axis: { labelExpr: usdLabelExpr(), values: ticks(revenuePoints, (p) => p.revenueUsdPerMwYear) },
          },
          color,
          order: { field: 'interactivityTokPerS', type: 'quantitative' },
        },
      },
      dots('revenueUsdPerMwYear', paidOperating),
      {
        data: { values: paidOperating },
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 10, fontWeight: 'bold' },
        encoding: {
          x: { field: 'interactivityTokPerS', type: 'quantitative' },
          y: { field: 'revenueUsdPerMwYear', type: 'quantitative' },
          text: { field: 'revenueLabel' },
          color: { field: 'curve', type: 'nominal' },
        },
        transform: [{ calculate: `${usdLabelExpr('datum.revenueUsdPerMwYear')} + '/MW-yr'`, as: 'revenueLabel' }],
      },
    ],
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: {
      text: 'Token factory: throughput per MW against interactivity',
      subtitle: [
        'Lines: fluid-model curve of each tier’s rack and model, from batch 1 (right) to a full batch (left).',
        'Dashed rules: tier targets; dots: each tier’s operating point, the most tokens/s per MW that meets its target.',
        ...(hasRevenue
          ? [
              'Lower panel: revenue per MW-year = price × tokens/s per MW × seconds per year, every token sold at the',
              'tier’s price with the racks always busy (an upper bound). Free tiers earn $0 and are left out.',
            ]
          : []),
      ],
    },
    // no revenue panel when every tier is free: its log axis would have nothing to show
    vconcat: hasRevenue ? [throughputPanel, revenuePanel] : [throughputPanel],
    resolve: { scale: { x: 'shared', color: 'shared' } },
  };
}
