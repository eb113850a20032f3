import type { SummaryCsvRow } from '../output/rows.js';

/** Compact money: $1.23B, $45.6M. */
function usd(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `$${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `$${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `$${(value / 1e3).toFixed(1)}k`;
  return `$${value.toFixed(2)}`;
}

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toPrecision(3);
}

function withCi(row: SummaryCsvRow | undefined, show: (v: number) => string): string {
  if (!row) return '–';
  return row.replications > 1 ? `${show(row.mean)} ± ${show(row.halfWidth95)}` : show(row.mean);
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

/** The short table `tokenfactory run` prints: the factory's economics, then one line per tier. */
export function summaryTable(summary: readonly SummaryCsvRow[], tiers: readonly string[]): string {
  const get = (metric: string, scope = ''): SummaryCsvRow | undefined => summary.find((r) => r.metric === metric && r.scope === scope);
  const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const seconds = (v: number): string => `${v.toFixed(2)} s`;
  const lines: string[] = [];
  const replications = get('revenue')?.replications ?? 0;
  lines.push(`Factory (mean ± 95% CI over ${replications} replication${replications === 1 ? '' : 's'}, per year)`);
  lines.push(`  revenue            ${withCi(get('revenue'), usd)}   goodput revenue ${withCi(get('goodputRevenue'), usd)}`);
  lines.push(`  cost               ${withCi(get('cost'), usd)}   margin          ${withCi(get('margin'), usd)}`);
  lines.push(`  output tokens/s/MW ${withCi(get('outputTokensPerMw'), compact)}   revenue/MW      ${withCi(get('revenuePerMw'), usd)}`);
  lines.push(
    `  facility power     ${withCi(get('meanFacilityPower'), (v) => `${v.toFixed(1)} MW`)} mean, ` +
      `${withCi(get('peakIntervalFacilityPower'), (v) => `${v.toFixed(1)} MW`)} peak interval, cap ${get('powerCap')?.mean ?? '–'} MW`,
  );
  lines.push('');
  const header = ['tier', 'revenue/yr', 'tok/s per MW', 'SLO met', 'TTFT p99', 'TPOT p99', 'lost'];
  const rows = tiers.map((tier) => [
    tier,
    withCi(get('revenue', tier), usd),
    withCi(get('outputTokensPerMw', tier), compact),
    withCi(get('sloAttainment', tier), percent),
    withCi(get('ttftP99', tier), seconds),
    withCi(get('tpotP99', tier), (v) => `${(v * 1000).toFixed(1)} ms`),
    withCi(get('rejectedFraction', tier), percent),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines.push(pad(header, widths));
  for (const r of rows) lines.push(pad(r, widths));
  return lines.join('\n');
}
