import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../experiments/charts/render.js';
import { policyComparisonSpec } from '../../../experiments/charts/specs/policy-comparison.js';
import { comparisonTables } from '../../../experiments/compare/compare-tables.js';
import { chooseMetric } from '../../../experiments/compare/metrics.js';
import type { VariantResult } from '../../../experiments/compare/run-variants.js';
import { comparisonBars } from '../../../experiments/compare/write-comparison.js';
import { compileWithWarnings } from '../../helpers/vega-compile.js';

/** A variant whose replications report `margin` (USD/year) and `ttftP99` of tier "a" (s). */
function variant(name: string, margin: number[], ttft: number[]): VariantResult {
  return {
    name,
    label: name,
    simulatedRequests: 0,
    replications: margin.map((m, r) => [
      { metric: 'margin', scope: '', unit: 'USD/year', value: m },
      { metric: 'ttftP99', scope: 'a', unit: 's', value: ttft[r] },
    ]),
  };
}

// Shared replication noise [0, +10, −10, +5]; offsets: base 100, better +3, same +0, worse −20.
const noise = [0, 10, -10, 5];
const variants = [
  variant('base', noise.map((n) => 100 + n), [1, 2, 3, 4]),
  variant('better', noise.map((n) => 103 + n), [0.5, 1.5, 2.5, 3.5]),
  variant('same', noise.map((n) => 100 + n), [1, 2, 3, 4]),
  variant('worse', noise.map((n) => 80 + n), [2, 3, 4, 5]),
];
const margin = chooseMetric('margin', ['a'], 'metric');

describe('comparisonTables', () => {
  const tables = comparisonTables(variants, 0, margin);

  it('compare.csv: one row per variant and metric with the replications\' mean', () => {
    expect(tables.compare).toHaveLength(8);
    const better = tables.compare.find((r) => r.variant === 'better' && r.metric === 'margin')!;
    expect(better.mean).toBeCloseTo(103 + 5 / 4, 12);
    expect(better.replications).toBe(4);
  });

  it('differences.csv: every variant but the baseline, paired by replication', () => {
    expect(new Set(tables.differences.map((r) => r.variant))).toEqual(new Set(['better', 'same', 'worse']));
    const better = tables.differences.find((r) => r.variant === 'better' && r.metric === 'margin')!;
    // the noise is shared, so the difference is exactly 3 in every replication
    expect(better.meanDifference).toBeCloseTo(3, 12);
    expect(better.halfWidth95).toBeLessThan(1e-9);
    expect(better.significant).toBe(true);
    expect(better.relativeDifference).toBeCloseTo(3 / (100 + 5 / 4), 12);
    const same = tables.differences.filter((r) => r.variant === 'same');
    for (const r of same) expect(r).toMatchObject({ meanDifference: 0, ciLow95: 0, ciHigh95: 0, significant: false });
  });

  it('ranking.csv: best first, differences from the baseline and from the next, and who is indistinguishable', () => {
    expect(tables.ranking.map((r) => r.variant)).toEqual(['better', 'base', 'same', 'worse']);
    expect(tables.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    const [better, base, same, worse] = tables.ranking;
    expect(better.differenceFromNext).toBeCloseTo(3, 12);
    expect(worse.differenceFromNext).toBe('');
    expect(base.indistinguishableFrom).toBe('same');
    expect(same.indistinguishableFrom).toBe('base');
    expect(better.indistinguishableFrom).toBe('');
    expect(worse.significantVsBaseline).toBe(true);
    expect(worse.differenceFromBaseline).toBeCloseTo(-20, 12);
  });

  it('ranks a lower-is-better metric from the smallest', () => {
    const ttft = comparisonTables(variants, 0, chooseMetric('ttftP99[a]', ['a'], 'metric'));
    expect(ttft.ranking[0].variant).toBe('better');
    expect(ttft.ranking.at(-1)!.variant).toBe('worse');
  });

  it('leaves the relative difference empty when the baseline\'s mean is 0', () => {
    const zero = [variant('z', [0, 0], [0, 0]), variant('y', [1, 2], [0, 0])];
    const t = comparisonTables(zero, 0, margin);
    expect(t.differences.find((r) => r.metric === 'margin')!.relativeDifference).toBe('');
  });
});

describe('chooseMetric', () => {
  it('reads factory and tier metrics and rejects the rest in one line', () => {
    expect(chooseMetric('goodputRevenue', ['free'], 'metric')).toEqual({ metric: 'goodputRevenue', scope: '', higherIsBetter: true });
    expect(chooseMetric('cost', ['free'], 'metric').higherIsBetter).toBe(false);
    expect(() => chooseMetric('margn', ['free'], '--metric')).toThrow(/^--metric: "margn" is not a metric of the factory/);
    expect(() => chooseMetric('revenue[gold]', ['free'], 'metric')).toThrow(/^metric: "revenue\[gold\]": gold is not a tier/);
    expect(() => chooseMetric('margin[free]', ['free'], 'metric')).toThrow(/"margin" is not a metric of a tier/);
  });
});

/** The items of one mark group of a rendered chart (vega names groups after their layer). */
function marks(svg: string, type: string, layer: string): string[] {
  const start = svg.indexOf(`<g class="mark-${type} role-mark ${layer}"`);
  if (start < 0) return [];
  const group = svg.slice(start, svg.indexOf('</g>', start));
  return group.match(/<path /g) ?? [];
}

describe('policy-comparison chart', () => {
  const tables = comparisonTables(variants, 0, margin);
  const bars = comparisonBars(tables.ranking, true);

  it('colours each bar by its paired difference from the baseline', () => {
    expect(bars.map((b) => [b.variant, b.status])).toEqual([
      ['better', 'better'],
      ['base', 'baseline'],
      ['same', 'indistinguishable'],
      ['worse', 'worse'],
    ]);
  });

  it('compiles without warnings and renders one bar and one whisker per variant, and diamonds for estimates', async () => {
    const input = { title: 'test', metric: 'margin', unit: 'USD/year', replications: 4, baseline: 'base', bars };
    const { warnings } = compileWithWarnings(policyComparisonSpec(input));
    const svg = await renderSvg(policyComparisonSpec(input), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(marks(svg, 'rect', 'layer_0_marks')).toHaveLength(4);
    expect(marks(svg, 'rect', 'layer_1_layer_0_marks')).toHaveLength(4); // one end tick of each whisker
    for (const name of ['better', 'base', 'same', 'worse']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain('fluid model');

    const withEstimates = await renderSvg(policyComparisonSpec({ ...input, bars: bars.map((b, i) => (i < 2 ? { ...b, estimate: 100 } : b)) }));
    expect(withEstimates).toContain('fluid model');
    expect(marks(withEstimates, 'symbol', 'layer_2_marks')).toHaveLength(2);
  });
});
