import type { TopLevelSpec } from 'vega-lite';
import type { RunTables } from '../output/rows.js';
import { renderSvg, type RenderSvgOptions } from './render.js';
import { powerOverTimeSpec } from './specs/power-over-time.js';
import { revenueByTierSpec } from './specs/revenue-by-tier.js';
import { tokenFactorySpec } from './specs/token-factory.js';
import { utilizationOverTimeSpec } from './specs/utilization-over-time.js';

export { rasterize, renderPng, renderSvg, type RasterImage, type RenderPngOptions, type RenderSvgOptions } from './render.js';

/** A chart of a run: its file name (without extension), its spec, and whether the run has its data. */
export interface ChartDefinition {
  /** file name stem and HTML anchor: lowercase words joined by '-' */
  name: string;
  spec: (tables: RunTables) => TopLevelSpec;
  hasData: (tables: RunTables) => boolean;
}

export interface RenderedChart {
  name: string;
  svg: string;
}

/** Every chart of a run, in report order. A new chart is one file in specs/ and one line here. */
export const CHARTS: readonly ChartDefinition[] = [
  { name: 'token-factory', spec: tokenFactorySpec, hasData: (t) => t.chart.some((r) => r.interactivityTokPerS > 0 && r.outputTokPerSPerMw > 0) },
  { name: 'revenue-by-tier', spec: revenueByTierSpec, hasData: (t) => t.revenue.length > 0 },
  { name: 'utilization-over-time', spec: utilizationOverTimeSpec, hasData: (t) => t.utilization.length > 0 },
  { name: 'power-over-time', spec: powerOverTimeSpec, hasData: (t) => t.power.length > 0 },
];

/** Renders every chart the run has data for, as SVG documents (deterministic: same tables, same bytes). */
export async function buildCharts(tables: RunTables, options: RenderSvgOptions = {}): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  for (const chart of CHARTS) {
    if (!chart.hasData(tables)) continue;
    charts.push({ name: chart.name, svg: await renderSvg(chart.spec(tables), options) });
  }
  return charts;
}
