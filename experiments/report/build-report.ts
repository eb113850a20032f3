import type { RunTables, SummaryCsvRow } from '../output/rows.js';
import { duration, escapeHtml, formatSpread, formatValue } from './format.js';

export interface ReportMeta {
  scenarioName: string;
  description: string;
  seed: string | number;
  replications: number;
  /** tokenfactory's version */
  version: string;
  /** wall-clock time of the run; left out of the report when absent (it differs between runs) */
  wallS?: number;
}

export interface ReportChart {
  /** the chart's name, used as its anchor */
  name: string;
  /** a standalone SVG document */
  svg: string;
}

/** Factory-wide metrics in the headline table, in this order, when summary.csv has them. */
const HEADLINE: { metric: string; label: string }[] = [
  { metric: 'revenue', label: 'Revenue' },
  { metric: 'goodputRevenue', label: 'Goodput revenue (requests that met their SLO)' },
  { metric: 'cost', label: 'Cost' },
  { metric: 'margin', label: 'Margin (revenue − cost)' },
  { metric: 'revenuePerMw', label: 'Revenue per MW of cap' },
  { metric: 'outputTokens', label: 'Output tokens/s' },
  { metric: 'outputTokensPerMw', label: 'Output tokens/s per MW of cap' },
  { metric: 'meanFacilityPower', label: 'Mean facility power' },
  { metric: 'peakIntervalFacilityPower', label: 'Peak facility power (interval mean)' },
  { metric: 'powerCap', label: 'Facility power cap' },
];
const POWER_METRICS = new Set(['meanFacilityPower', 'peakIntervalFacilityPower']);

/** Per-tier columns, in this order, when summary.csv has them. */
const TIER_COLUMNS: { metric: string; label: string }[] = [
  { metric: 'revenue', label: 'Revenue' },
  { metric: 'goodputRevenue', label: 'Goodput revenue' },
  { metric: 'sloAttainment', label: 'SLO attainment' },
  { metric: 'outputTokensPerMw', label: 'Tokens/s per MW' },
  { metric: 'ttftP99', label: 'TTFT p99' },
  { metric: 'tpotP99', label: 'TPOT p99' },
  { metric: 'rejectedFraction', label: 'Rejected or abandoned' },
  { metric: 'costPerMTokOut', label: 'Cost per Mtok' },
];

/**
 * The run's report as one HTML file: header, headline metrics with confidence intervals, metrics per
 * tier, every chart inlined as SVG, and the full summary table. No scripts, no external resources:
 * it opens offline and can be mailed as an attachment. Same inputs ⇒ same bytes.
 */
export function buildReportHtml(tables: RunTables, svgs: readonly ReportChart[], meta: ReportMeta): string {
  const summary = new Map(tables.summary.map((r) => [`${r.metric}\u0000${r.scope}`, r]));
  const find = (metric: string, scope = ''): SummaryCsvRow | undefined => summary.get(`${metric}\u0000${scope}`);
  const title = `${meta.scenarioName} — tokenfactory report`;

  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="tokenfactory ${escapeHtml(meta.version)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    header(meta, svgs),
    headlineSection(find, meta.replications),
    tierSection(tables, find),
    ...svgs.map((chart) => chartSection(chart)),
    fullSummarySection(tables.summary),
    `<footer>tokenfactory ${escapeHtml(meta.version)} · a self-contained file: no scripts, no network.</footer>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((p) => p !== '').join('\n') + '\n';
}

function header(meta: ReportMeta, svgs: readonly ReportChart[]): string {
  const facts = [
    `scenario <strong>${escapeHtml(meta.scenarioName)}</strong>`,
    `seed <code>${escapeHtml(String(meta.seed))}</code>`,
    `${meta.replications} replication${meta.replications === 1 ? '' : 's'}`,
    `tokenfactory ${escapeHtml(meta.version)}`,
    ...(meta.wallS !== undefined ? [`wall time ${escapeHtml(duration(meta.wallS))}`] : []),
  ];
  const nav = svgs.length
    ? `<nav><a href="#headline">Headline</a> · <a href="#tiers">Tiers</a> · ${svgs
        .map((c) => `<a href="#${anchor(c.name)}">${escapeHtml(c.name)}</a>`)
        .join(' · ')} · <a href="#summary">All metrics</a></nav>`
    : '';
  return [
    '<header>',
    `<h1>${escapeHtml(meta.scenarioName)}</h1>`,
    meta.description ? `<p class="description">${escapeHtml(meta.description)}</p>` : '',
    `<p class="facts">${facts.join(' · ')}</p>`,
    nav,
    '</header>',
  ]
    .filter((p) => p !== '')
    .join('\n');
}

function intervalNote(replications: number): string {
  return replications > 1
    ? `Means over ${replications} replications; intervals are 95% Student-t confidence intervals of the mean.`
    : 'One replication: single values, no confidence intervals (run more replications for intervals).';
}

function ci(row: SummaryCsvRow): string {
  if (row.replications < 2) return '—';
  return `${escapeHtml(formatValue(row.ciLow95, row.unit))} – ${escapeHtml(formatValue(row.ciHigh95, row.unit))}`;
}

function headlineSection(find: (metric: string, scope?: string) => SummaryCsvRow | undefined, replications: number): string {
  const cap = find('powerCap');
  const rows = HEADLINE.flatMap(({ metric, label }) => {
    const row = find(metric);
    if (!row) return [];
    const ofCap = POWER_METRICS.has(metric) && cap && cap.mean > 0 ? ` <span class="note">(${Math.round((100 * row.mean) / cap.mean)}% of cap)</span>` : '';
    return [`<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(formatValue(row.mean, row.unit))}${ofCap}</td><td>${ci(row)}</td></tr>`];
  });
  if (rows.length === 0) return '';
  return [
    '<section id="headline">',
    '<h2>Headline</h2>',
    `<p class="note">${intervalNote(replications)}</p>`,
    metricsTable(['metric', 'mean', '95% CI'], rows, false),
    '</section>',
  ].join('\n');
}

function tierSection(tables: RunTables, find: (metric: string, scope?: string) => SummaryCsvRow | undefined): string {
  const tiers = [...tables.tierTargets.map((t) => t.tier)];
  for (const r of tables.summary) if (r.metric === 'sloAttainment' && !tiers.includes(r.scope)) tiers.push(r.scope);
  const columns = TIER_COLUMNS.filter((c) => tiers.some((t) => find(c.metric, t)));
  if (tiers.length === 0 || columns.length === 0) return '';
  const targets = new Map(tables.tierTargets.map((t) => [t.tier, t]));
  const cell = (metric: string, tier: string): string => {
    const row = find(metric, tier);
    if (!row) return '<td>—</td>';
    const spread = row.replications >= 2 ? `<br><span class="ci">± ${escapeHtml(formatSpread(row.halfWidth95, row.mean, row.unit))}</span>` : '';
    return `<td>${escapeHtml(formatValue(row.mean, row.unit))}${spread}</td>`;
  };
  const body = tiers.map((tier) => {
    const target = targets.get(tier);
    const targetCells = target
      ? `<td>${escapeHtml(formatValue(target.priceUsdPerMTokOut, 'USD/Mtok'))}</td><td>${escapeHtml(formatValue(target.interactivityTokPerS, 'tok/s'))}</td>`
      : '<td>—</td><td>—</td>';
    return `<tr><th scope="row">${escapeHtml(tier)}</th>${targetCells}${columns.map((c) => cell(c.metric, tier)).join('')}</tr>`;
  });
  return [
    '<section id="tiers">',
    '<h2>Tiers</h2>',
    '<p class="note">Price and interactivity target as configured; ± is the half-width of the 95% confidence interval.</p>',
    metricsTable(['tier', 'price', 'target per user', ...columns.map((c) => c.label)], body, true),
    '</section>',
  ].join('\n');
}

/** A table of metrics: escaped column headers, rows already rendered; `scroll` lets wide tables scroll. */
function metricsTable(headers: readonly string[], rows: readonly string[], scroll: boolean): string {
  const table = [
    '<table class="metrics">',
    `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
  return scroll ? `<div class="scroll">${table}</div>` : table;
}

function anchor(name: string): string {
  return `chart-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function chartSection(chart: ReportChart): string {
  const id = anchor(chart.name);
  return [`<section id="${id}" class="chart">`, `<figure aria-label="${escapeHtml(chart.name)}">`, inlineSvg(chart.svg, id), '</figure>', '</section>'].join('\n');
}

/**
 * An SVG document ready to sit in HTML next to others: no XML prolog or doctype, and its ids prefixed,
 * since every inline SVG shares the page's id namespace (two charts' "clip1" would clip each other).
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '').trim();
  const ids = new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.size === 0) return body;
  const scoped = (id: string): string => (ids.has(id) ? `${idPrefix}-${id}` : id);
  return body
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${scoped(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${scoped(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${scoped(id)}${b}`);
}

function fullSummarySection(rows: readonly SummaryCsvRow[]): string {
  if (rows.length === 0) return '';
  const body = rows.map(
    (r) =>
      `<tr><td>${escapeHtml(r.metric)}</td><td>${escapeHtml(r.scope || 'factory')}</td><td>${escapeHtml(formatValue(r.mean, r.unit))}</td><td>${ci(r)}</td><td>${r.replications}</td></tr>`,
  );
  return [
    '<section id="summary">',
    '<h2>All metrics</h2>',
    `<details><summary>summary.csv: ${rows.length} metrics</summary>`,
    metricsTable(['metric', 'scope', 'mean', '95% CI', 'replications'], body, true),
    '</details>',
    '</section>',
  ].join('\n');
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, system-ui, sans-serif; color: #222; background: #fff; margin: 0 auto; padding: 24px; max-width: 1080px; line-height: 1.4; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.description { margin: 4px 0; color: #444; }
.facts { margin: 4px 0 8px; color: #555; }
nav { font-size: 0.9em; margin: 8px 0; }
nav a { color: #1f5fa8; }
.note { color: #666; font-size: 0.9em; }
.ci { color: #777; font-size: 0.85em; }
.scroll { overflow-x: auto; }
table.metrics { border-collapse: collapse; font-size: 0.92em; font-variant-numeric: tabular-nums; }
table.metrics th, table.metrics td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; vertical-align: top; }
table.metrics th[scope="row"], table.metrics td:first-child, table.metrics thead th:first-child { text-align: left; }
table.metrics thead th { border-bottom: 2px solid #ccc; font-weight: 600; }
figure { margin: 24px 0; }
figure svg { max-width: 100%; height: auto; }
details summary { cursor: pointer; color: #1f5fa8; margin: 8px 0; }
footer { margin-top: 40px; color: #888; font-size: 0.85em; }
@media print { nav, footer { display: none; } section.chart { break-inside: avoid; } }
`.trim();
