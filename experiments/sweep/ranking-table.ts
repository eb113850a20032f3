import { formatLevel } from './format-level.js';
import type { SweepDescription } from './load-sweep.js';
import type { RegressionRow, TornadoRow } from './sweep-tables.js';

/** A number for a terminal line: money compactly ($1.23B), anything else to 4 significant digits. */
function show(value: number, unit: string): string {
  if (!unit.startsWith('USD')) return Number(value.toPrecision(4)).toLocaleString('en-US');
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(1)}k`;
  return `${sign}$${abs.toFixed(2)}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
}

/** The short ranking `tokenfactory sweep` prints: per chosen metric, its parameters from most to least influential. */
export function rankingTable(description: SweepDescription, rows: readonly (TornadoRow | RegressionRow)[]): string {
  const lines: string[] = [];
  const modes = new Map(description.parameters.map((p) => [p.name, p.mode]));
  for (const key of description.metrics) {
    const mine = rows.filter((r) => r.metric === key.metric && r.scope === key.scope);
    if (mine.length === 0) continue;
    const unit = mine[0].unit;
    const title = `${key.metric}${key.scope ? ` of ${key.scope}` : ''} (${unit})`;
    if ('swing' in mine[0]) {
      const tornado = mine as TornadoRow[];
      lines.push(`${title}: base ${show(tornado[0].baseMean, unit)}; one parameter at a time, largest swing first`);
      const mode = (r: TornadoRow): 'absolute' | 'relative' => modes.get(r.parameter) ?? 'absolute';
      lines.push(
        ...table([
          ['parameter', 'low', 'high', 'at low', 'at high', 'swing'],
          ...tornado.map((r) => [r.parameter, formatLevel(r.lowValue, mode(r)), formatLevel(r.highValue, mode(r)), show(r.lowMean, unit), show(r.highMean, unit), show(r.swing, unit)]),
        ]),
      );
    } else {
      const regression = mine as RegressionRow[];
      const fit = regression[0].rSquared === '' ? 'no linear fit' : `R² ${regression[0].rSquared.toFixed(2)}`;
      lines.push(`${title}: ${regression[0].samples} points, ${fit}; largest |SRC| first`);
      const cell = (v: number | ''): string => (v === '' ? '–' : v.toFixed(3));
      lines.push(...table([['parameter', 'SRC', 'Spearman'], ...regression.map((r) => [r.parameter, cell(r.src), cell(r.spearman)])]));
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
