import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../../experiments/charts/render.js';
import { sensitivityBarsSpec } from '../../../experiments/charts/specs/sensitivity-bars.js';
import { tornadoSpec } from '../../../experiments/charts/specs/tornado.js';
import type { RegressionRow, TornadoRow } from '../../../experiments/sweep/sweep-tables.js';
import { compileWithWarnings } from '../../helpers/vega-compile.js';

function compileWarnings(spec: TopLevelSpec): string[] {
  return compileWithWarnings(spec).warnings;
}

const tornado = (parameter: string, rank: number, low: number, high: number, lowValue: number, highValue: number): TornadoRow => ({
  metric: 'margin', scope: '', unit: 'USD/year', rank, parameter, lowValue, highValue,
  baseMean: 10e9, lowMean: low, highMean: high, swing: high - low, swingCiLow95: high - low, swingCiHigh95: high - low, replications: 2,
});

const regression = (parameter: string, rank: number, src: number | '', spearman: number | ''): RegressionRow => ({
  metric: 'sloAttainment', scope: 'high', unit: 'fraction', rank, parameter, src, spearman, rSquared: 0.93, samples: 40,
});

describe('sweep charts', () => {
  it('tornado: one labelled row per parameter with its low and high levels, a bar to each side of the base', async () => {
    const rows = [tornado('prices', 1, 7e9, 13e9, -0.2, 0.2), tornado('electricity', 2, 10.5e9, 9e9, 40, 160)];
    const spec = tornadoSpec(rows, [{ name: 'prices', mode: 'relative' }, { name: 'electricity', mode: 'absolute' }], 2);
    expect(compileWarnings(spec)).toEqual([]);
    const svg = await renderSvg(spec);
    expect(svg).toContain('prices (−20% / +20%)');
    expect(svg).toContain('electricity (40 / 160)');
    expect(svg).toContain('margin (USD/year)');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    // four bars: two per parameter
    expect([...svg.matchAll(/aria-roledescription="bar"/g)]).toHaveLength(4);
  });

  it('sensitivity bars: SRC and Spearman per parameter, leaving out the coefficients that do not exist', async () => {
    const spec = sensitivityBarsSpec([regression('load', 1, 0.8, 0.75), regression('racks', 2, -1.2, -0.5), regression('policy', 3, '', '')]);
    expect(compileWarnings(spec)).toEqual([]);
    const svg = await renderSvg(spec);
    for (const text of ['load', 'racks', 'policy', 'R² = 0.93', '40 points']) expect(svg).toContain(text);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect([...svg.matchAll(/aria-roledescription="bar"/g)]).toHaveLength(4);
  });
});
