import { beforeAll, describe, expect, it } from 'vitest';
import { compileWithWarnings } from '../../helpers/vega-compile.js';
import { buildCharts, CHARTS } from '../../../experiments/charts/index.js';
import { renderSvg } from '../../../experiments/charts/render.js';
import { tokenFactorySpec } from '../../../experiments/charts/specs/token-factory.js';
import type { RunTables } from '../../../experiments/output/rows.js';
import { CAP_MW, CURVE_LABELS, CURVES, fixtureTables, TIER_TARGETS } from './fixture.js';

const tables = fixtureTables();
const svgs = new Map<string, string>();
const warnings: string[] = [];

beforeAll(async () => {
  for (const chart of await buildCharts(tables, { onWarning: (m) => warnings.push(m) })) svgs.set(chart.name, chart.svg);
});

/** The opening tags of a chart's marks of one type (vega-lite names mark groups after the layer). */
function markGroups(svg: string, mark: string, layerPrefix = ''): string[] {
  return [...svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark ${layerPrefix}[^"]*"[^>]*>(<path [^>]*>)`, 'g'))].map((m) => m[1]);
}

describe('chart specs', () => {
  it('compile with vega-lite and render without warnings', () => {
    for (const chart of CHARTS) {
      const { vega, warnings: compileWarnings } = compileWithWarnings(chart.spec(tables));
      expect(vega.marks?.length, chart.name).toBeGreaterThan(0);
      expect(compileWarnings, chart.name).toEqual([]);
    }
    expect(warnings).toEqual([]);
  });

  it('render as standalone SVG documents in the shipped font', () => {
    for (const chart of CHARTS) {
      const svg = svgs.get(chart.name)!;
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), chart.name).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), chart.name).toBe(true);
      expect(svg, chart.name).toMatch(/font-family="DejaVu Sans, /);
      expect(svg, chart.name).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('token factory: one line per (tier, rack, model) curve, each tier target labelled, a dot per reachable target', () => {
    const svg = svgs.get('token-factory')!;
    const topLines = markGroups(svg, 'line', 'concat_0_');
    expect(topLines).toHaveLength(CURVES.length);
    for (const label of CURVE_LABELS) expect(topLines.filter((p) => p.includes(`tier · rack · model: ${label};`))).toHaveLength(1);
    for (const path of topLines) expect(path).toMatch(/ d="M[^"]*(L[^"]*){5,}"/);

    // the revenue panel leaves out the free tier's $0 curve
    const revenueLines = markGroups(svg, 'line', 'concat_1_');
    expect(revenueLines).toHaveLength(CURVES.filter((c) => c.tier !== 'free').length);

    for (const t of TIER_TARGETS) expect(svg).toContain(`>${t.tier} · ${t.interactivityTokPerS} tok/s · $${t.priceUsdPerMTokOut}/Mtok</text>`);
    // premium on gpu-b never reaches 350 tok/s per user: no operating point; the other three curves have one
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(3 + 2);
  });

  it('token factory: the operating point sits on the curve at the target (log-log interpolation)', () => {
    const spec = tokenFactorySpec(tables) as { vconcat: { layer: { data?: { values?: Record<string, unknown>[] } }[] }[] };
    const dots = spec.vconcat[0].layer.at(-1)!.data!.values! as { curve: string; interactivityTokPerS: number; outputTokPerSPerMw: number }[];
    const medium = dots.find((d) => d.curve.startsWith('medium'))!;
    expect(medium.interactivityTokPerS).toBe(50);
    // the fixture's curve: x = 190 / (1 + b/64), y = 5e6 b / (b + 32); at x = 50, b = 64 · (190/50 − 1) = 179.2
    const batch = 64 * (190 / 50 - 1);
    expect(medium.outputTokPerSPerMw / ((5e6 * batch) / (batch + 32))).toBeCloseTo(1, 1);
  });

  it('token factory: no revenue panel when every tier is free', async () => {
    const free: RunTables = { ...tables, tierTargets: TIER_TARGETS.map((t) => ({ ...t, priceUsdPerMTokOut: 0 })) };
    const warned: string[] = [];
    const svg = await renderSvg(tokenFactorySpec(free), { onWarning: (m) => warned.push(m) });
    expect(warned).toEqual([]);
    expect(markGroups(svg, 'line', 'concat_0_')).toHaveLength(CURVES.length);
    expect(svg).not.toContain('concat_1_');
    expect(svg).not.toContain('Lower panel');
  });

  it('revenue by tier: a bar and an error bar per tier and measure', () => {
    const svg = svgs.get('revenue-by-tier')!;
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(2 * TIER_TARGETS.length);
    expect(svg.match(/aria-roledescription="errorbar"/g)).toHaveLength(2 * TIER_TARGETS.length);
    for (const t of TIER_TARGETS) expect(svg).toContain(`>${t.tier}</text>`);
  });

  it('utilisation: one line per tier, split by rack type and by prefill/decode where a tier has several', () => {
    const svg = svgs.get('utilization-over-time')!;
    const lines = markGroups(svg, 'line');
    expect(lines).toHaveLength(5);
    for (const series of ['free', 'medium · decode', 'medium · prefill', 'premium · gpu-b', 'premium · lpu-x']) {
      expect(lines.filter((p) => p.includes(`tier: ${series};`)), series).toHaveLength(1);
    }
  });

  it('power: mean line, range band, the cap as a rule with its label, shed intervals shaded', () => {
    const svg = svgs.get('power-over-time')!;
    expect(markGroups(svg, 'line')).toHaveLength(1);
    expect(markGroups(svg, 'area')).toHaveLength(1);
    expect(svg).toContain(`>cap ${CAP_MW} MW</text>`);
    expect(svg).toMatch(/aria-roledescription="rule mark container"/);
    const shed = new Set(tables.power.filter((r) => r.sheddingTiers !== '').map((r) => r.interval));
    expect(shed.size).toBeGreaterThan(0);
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(shed.size);
  });
});

describe('buildCharts', () => {
  it('renders every chart, in order, and skips those without data', async () => {
    expect([...svgs.keys()]).toEqual(CHARTS.map((c) => c.name));
    const noPower: RunTables = { ...tables, power: [], chart: [] };
    expect((await buildCharts(noPower)).map((c) => c.name)).toEqual(['revenue-by-tier', 'utilization-over-time']);
  });

  it('copes with a single replication (no intervals, no band)', async () => {
    const one: RunTables = {
      ...tables,
      utilization: tables.utilization.filter((r) => r.replication === 0),
      power: tables.power.filter((r) => r.replication === 0),
      revenue: tables.revenue.filter((r) => r.replication === 0),
    };
    const warned: string[] = [];
    for (const chart of CHARTS) {
      const svg = await renderSvg(chart.spec(one), { onWarning: (m) => warned.push(m) });
      expect(svg).not.toMatch(/NaN/);
    }
    expect(warned).toEqual([]);
  });
});
