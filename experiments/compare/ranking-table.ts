import { metricLabel, type MetricChoice } from './metrics.js';
import type { RankingCsvRow } from './rows.js';

/** The ranking as the terminal shows it: mean ± half-width, and the paired difference from the baseline. */
export function rankingTable(ranking: readonly RankingCsvRow[], choice: MetricChoice, labels?: ReadonlyMap<string, string>): string {
  const first = ranking[0];
  const show = first.unit.startsWith('USD') ? usd : compact;
  const n = first.replications;
  const withCi = (value: number, halfWidth: number, signed = false): string =>
    `${signed && value >= 0 ? '+' : ''}${show(value)}${n > 1 ? ` ± ${show(halfWidth)}` : ''}`;
  const header = [
    `Ranking by ${metricLabel(choice)} (${first.unit}, ${choice.higherIsBetter ? 'higher' : 'lower'} is better): mean${n > 1 ? ' ± 95% CI' : ''} over ${n} replication${n === 1 ? '' : 's'};`,
    `differences from "${first.baseline}" are paired (same seeds and replications)`,
  ];
  const rows = ranking.map((r) => {
    const vsBaseline =
      r.variant === r.baseline
        ? 'baseline'
        : `${withCi(r.differenceFromBaseline, (r.differenceCiHigh95 - r.differenceCiLow95) / 2, true)}  ${verdict(r, choice, n)}`;
    return [`${r.rank}`, labels?.get(r.variant) ?? r.variant, withCi(r.mean, r.halfWidth95), vsBaseline];
  });
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = rows.map((row) => `  ${row[0].padStart(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padStart(widths[2])}   ${row[3]}`);
  // each pair once: a variant with those ranked below it
  const below = (r: RankingCsvRow): string[] => r.indistinguishableFrom.split(' ').filter((name) => ranking.findIndex((o) => o.variant === name) > r.rank - 1);
  const ties = ranking.filter((r) => below(r).length > 0).map((r) => `${r.variant} ~ ${below(r).join(', ')}`);
  const tieLine = n > 1 && ties.length > 0 ? [`  not distinguishable (paired 95% CI contains 0): ${ties.join('; ')}`] : [];
  return [...header, ...lines, ...tieLine].join('\n');
}

function verdict(r: RankingCsvRow, choice: MetricChoice, replications: number): string {
  if (replications < 2) return '(one replication: no interval)';
  if (!r.significantVsBaseline) return 'not distinguishable';
  return r.differenceFromBaseline > 0 === choice.higherIsBetter ? 'better' : 'worse';
}

function usd(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}$${(abs / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${sign}$${(abs / 1e3).toFixed(1)}k`;
  return `${sign}$${abs.toFixed(2)}`;
}

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value === 0 ? '0' : value.toPrecision(3);
}
