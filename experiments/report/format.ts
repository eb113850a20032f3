/**
 * Numbers as a reader of the report wants them: three significant figures, k/M/B/T suffixes, money with
 * a dollar sign, fractions as percentages, seconds as ms below one second. Units are summary.csv's.
 */

const MINUS = '\u2212';
const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 3 significant figures without exponent notation or trailing zeros after the point: 1.23, 45.6, 789, 0.0123. */
function significant(value: number): string {
  if (value === 0) return '0';
  const text = value.toPrecision(3);
  if (!text.includes('e')) return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  // toPrecision uses exponents from 1e21 up and below 1e-6; spell those out
  return Number(text).toLocaleString('en-US', { maximumSignificantDigits: 3, useGrouping: false });
}

/** 1234567 → "1.23M"; below 1000 plain ("987", "0.5"). */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? MINUS : '';
  const abs = Math.abs(value);
  for (const [scale, suffix] of SUFFIXES) {
    // 999,600 rounds to "1000k" at scale 1e3: promote it to the next suffix
    if (abs >= scale * 0.9995) return `${sign}${significant(abs / scale)}${suffix}`;
  }
  return `${sign}${significant(abs)}`;
}

export function usd(value: number): string {
  const text = compactNumber(value);
  return text.startsWith(MINUS) ? `${MINUS}$${text.slice(1)}` : `$${text}`;
}

export function percent(fraction: number): string {
  return `${significant(fraction * 100)}%`;
}

export function seconds(valueS: number): string {
  if (valueS !== 0 && Math.abs(valueS) < 1) return `${compactNumber(valueS * 1000)} ms`;
  return `${compactNumber(valueS)} s`;
}

/** A value in summary.csv's unit, formatted with its unit. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'USD/year':
      return `${usd(value)}/yr`;
    case 'USD/year/MW':
      return `${usd(value)}/MW-yr`;
    case 'USD/Mtok':
      return `${usd(value)}/Mtok`;
    case 'USD':
      return usd(value);
    case 'fraction':
      return percent(value);
    case 's':
      return seconds(value);
    case '':
      return compactNumber(value);
    default:
      return `${compactNumber(value)} ${unit}`;
  }
}

/**
 * A ± half-width next to its mean: in the mean's scale where the unit has two (a 30 ms interval on
 * a 420 ms mean reads "± 30 ms", not "± 0.03 s"; "± 0 ms", not "± 0 s").
 */
export function formatSpread(halfWidth: number, mean: number, unit: string): string {
  if (unit === 's') return mean !== 0 && Math.abs(mean) < 1 ? `${compactNumber(halfWidth * 1000)} ms` : `${compactNumber(halfWidth)} s`;
  return formatValue(halfWidth, unit);
}

/** Wall-clock duration: "8.4 s", "3 min 05 s", "1 h 02 min". */
export function duration(totalS: number): string {
  if (totalS < 60) return `${significant(totalS)} s`;
  const s = Math.round(totalS);
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(min).padStart(2, '0')} min`;
  return `${min} min ${String(s % 60).padStart(2, '0')} s`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
