import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCharts, type RenderedChart } from '../../../experiments/charts/index.js';
import { buildReportHtml, inlineSvg, type ReportMeta } from '../../../experiments/report/build-report.js';
import { compactNumber, duration, formatSpread, formatValue } from '../../../experiments/report/format.js';
import { fixtureTables, TIER_TARGETS } from './fixture.js';

const tables = fixtureTables();
const meta: ReportMeta = {
  scenarioName: 'gtc <2026> & friends',
  description: 'Four tiers on a 100 MW factory.',
  seed: 'keynote-42',
  replications: 3,
  version: '0.1.0',
  wallS: 185.4,
};
let charts: RenderedChart[];
let html: string;
let dir: string;

beforeAll(async () => {
  charts = await buildCharts(tables);
  html = buildReportHtml(tables, charts, meta);
  dir = await mkdtemp(join(tmpdir(), 'tokenfactory-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildReportHtml', () => {
  it('is one self-contained file: no scripts, stylesheets, images or fonts fetched from anywhere', () => {
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|\ssrc=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
  });

  it('inlines every chart, with ids unique across the page', () => {
    for (const chart of charts) {
      expect(html).toContain(`<section id="chart-${chart.name}" class="chart">`);
      expect(html).toContain(`<a href="#chart-${chart.name}">`);
    }
    expect(html.match(/<svg /g)).toHaveLength(charts.length);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // each clip-path reference points at an id on the page
    for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
    // the token-factory chart clips its lines: its references were rewritten with its prefix
    expect(html).toContain('url(#chart-token-factory-clip1)');
  });

  it('has the header and the headline and per-tier metrics with their intervals', () => {
    expect(html).toContain('<h1>gtc &lt;2026&gt; &amp; friends</h1>');
    expect(html).toContain('Four tiers on a 100 MW factory.');
    expect(html).toContain('seed <code>keynote-42</code>');
    expect(html).toContain('3 replications');
    expect(html).toContain('wall time 3 min 05 s');
    // revenue 1.234e9 ± 5.6e7; margin; tokens/s per MW; power against the cap
    expect(html).toContain('<td>$1.23B/yr</td><td>$1.18B/yr – $1.29B/yr</td>');
    expect(html).toContain('<td>$784M/yr</td>');
    expect(html).toContain('45.6k tok/s/MW');
    expect(html).toContain('91.2 MW <span class="note">(91% of cap)</span>');
    expect(html).toContain('<td>105 MW <span class="note">(105% of cap)</span></td>'); // 104.5: 3 significant figures
    // SLO attainment per tier with its half-width
    expect(html).toContain('<td>87.1%<br><span class="ci">± 2%</span></td>');
    expect(html).toContain('<td>99.8%<br><span class="ci">± 0.1%</span></td>');
    expect(html).toContain('<td>420 ms<br><span class="ci">± 30 ms</span></td>');
    for (const t of TIER_TARGETS) expect(html).toContain(`<th scope="row">${t.tier}</th>`);
    // and the full summary table, collapsed
    expect(html).toContain(`summary.csv: ${tables.summary.length} metrics`);
    expect(html).toContain('premium/lpu-x/decode');
  });

  it('is deterministic and leaves the wall time out when not given', () => {
    expect(buildReportHtml(tables, charts, meta) === html).toBe(true);
    const { wallS: _wall, ...noWall } = meta;
    expect(buildReportHtml(tables, charts, noWall)).not.toContain('wall time');
  });

  it('says so when one replication gives no intervals', () => {
    const one = tables.summary.map((r) => ({ ...r, replications: 1, ciLow95: r.mean, ciHigh95: r.mean, halfWidth95: 0 }));
    const single = buildReportHtml({ ...tables, summary: one }, [], { ...meta, replications: 1 });
    expect(single).toContain('One replication: single values, no confidence intervals');
    expect(single).toContain('<td>$1.23B/yr</td><td>—</td>');
    expect(single).not.toContain('class="ci"');
    expect(single).toContain('1 replication ·');
  });

  it('writes to a file that reads back identically', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, html, 'utf8');
    expect(await readFile(file, 'utf8')).toBe(html);
  });
});

describe('inlineSvg', () => {
  it('prefixes ids and every reference to them, and drops an XML prolog', () => {
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"><use href="#clip1"/><use xlink:href="#other"/></g></svg>';
    expect(inlineSvg(svg, 'c')).toBe('<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="c-clip1"/></defs><g clip-path="url(#c-clip1)"><use href="#c-clip1"/><use xlink:href="#other"/></g></svg>');
  });
});

describe('number formatting', () => {
  it('uses three significant figures and k/M/B/T', () => {
    expect(compactNumber(0)).toBe('0');
    expect(compactNumber(0.5)).toBe('0.5');
    expect(compactNumber(987)).toBe('987');
    expect(compactNumber(999.7)).toBe('1k');
    expect(compactNumber(45_600)).toBe('45.6k');
    expect(compactNumber(1.234e9)).toBe('1.23B');
    expect(compactNumber(-7.84e8)).toBe('\u2212784M');
    expect(compactNumber(2.5e13)).toBe('25T');
    expect(formatValue(-1.5e6, 'USD/year')).toBe('\u2212$1.5M/yr');
    expect(formatValue(0.953, 'fraction')).toBe('95.3%');
    expect(formatValue(1.5, 's')).toBe('1.5 s');
    expect(formatValue(3.456, 'USD/Mtok')).toBe('$3.46/Mtok');
    expect(formatSpread(0, 0.0325, 's')).toBe('0 ms');
    expect(formatSpread(0.2, 1.5, 's')).toBe('0.2 s');
    expect(duration(8.44)).toBe('8.44 s');
    expect(duration(3725)).toBe('1 h 02 min');
  });
});
