import type { Config } from 'vega-lite';

/**
 * The family every chart names. The PNG renderer loads this face from assets/fonts, so rasterised
 * text never depends on the machine; browsers without it fall back to a similar sans-serif.
 */
export const FONT_FAMILY = 'DejaVu Sans';
const FONT_STACK = `${FONT_FAMILY}, Verdana, sans-serif`;

/** Shared look of every chart: one place to change fonts, sizes and colours. */
export const chartConfig: Config = {
  font: FONT_STACK,
  background: 'white',
  padding: 12,
  title: { anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', subtitlePadding: 6, offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  view: { stroke: '#ccc' },
};

/** Categorical palette: tableau10 while it suffices, then category20 (colours repeat beyond 20 series). */
export function categoricalScheme(seriesCount: number): 'tableau10' | 'category20' {
  return seriesCount <= 10 ? 'tableau10' : 'category20';
}

/** d3-format → "$1.2B" (d3's SI prefix says G for 1e9, which readers of money do not expect). */
export function usdLabelExpr(field = 'datum.value'): string {
  return `replace(format(${field}, '$.3~s'), 'G', 'B')`;
}
