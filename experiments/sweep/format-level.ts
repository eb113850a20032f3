import type { ParameterValue } from './sweep-schema.js';

/**
 * A parameter's value for a label or a message: a relative change as a signed percentage (−20%), a
 * number compactly (40B, 80.6), strings and booleans as they are.
 */
export function formatLevel(value: ParameterValue, mode: 'absolute' | 'relative'): string {
  if (typeof value !== 'number') return String(value);
  if (mode === 'relative') {
    const percent = Number((value * 100).toPrecision(4));
    return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}%`;
  }
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 }).format(value);
}
