import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFileSchema, loadCompareFile } from '../../../experiments/compare/compare-file.js';
import { chooseComparisonMetric } from '../../../experiments/compare/comparison.js';
import { prepareVariants } from '../../../experiments/compare/prepare-variants.js';
import { fluidSearch } from '../../../experiments/optimize/fluid-search.js';
import { optimizeFileSchema } from '../../../experiments/optimize/optimize-file.js';
import { readJsonFile } from '../../../experiments/scenario/load-scenario.js';

/** The ready-made comparisons and docs/compare.md's examples load, and every variant plans. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const COMPARISONS = join(REPO, 'experiments', 'comparisons');

async function prepareAll(path: string) {
  const spec = await loadCompareFile(path);
  const scenario = resolve(dirname(path), spec.scenario);
  const prepared = await prepareVariants(
    { raw: await readJsonFile(scenario, 'scenario'), dir: dirname(scenario), label: spec.scenario, common: { set: spec.set, unset: spec.unset } },
    spec.variants.map((v, i) => ({ name: v.name, overrides: { set: v.set, unset: v.unset }, where: `variants[${i}].` })),
    {},
  );
  chooseComparisonMetric(spec.metric, prepared, 'metric');
  return prepared;
}

function block(doc: string, marker: string): unknown {
  const at = doc.indexOf(`<!-- ${marker} -->`);
  expect(at, marker).toBeGreaterThan(0);
  return JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc.slice(at))![1]);
}

describe('ready-made comparisons', () => {
  it('allocation-policies: three policies on gtc2026 with the same absolute demand', async () => {
    const prepared = await prepareAll(join(COMPARISONS, 'allocation-policies.json'));
    expect(prepared.map((p) => p.file.policies.allocation)).toEqual(['static-split', 'demand-proportional', 'revenue-greedy']);
    expect(prepared.every((p) => p.file.tiers.length === 5 && p.file.tiers.every((t) => t.demand.loadFraction === undefined))).toBe(true);
    // the static-split variant is gtc2026: its absolute demand is what the load fractions gave, to 0.1%
    const static_ = prepared[0].plan.tiers;
    for (const t of static_) expect(t.demandRequestsPerSFull / t.capacityRequestsPerSFull).toBeGreaterThan(0.79);
    for (const t of static_) expect(t.demandRequestsPerSFull / t.capacityRequestsPerSFull).toBeLessThan(0.91);
  });

  it('hardware-generations: four generations (Rubin + LPX in two prefill layouts), two tiers, 1 GW', async () => {
    const prepared = await prepareAll(join(COMPARISONS, 'hardware-generations.json'));
    expect(prepared.map((p) => p.file.tiers.map((t) => t.hardware.rack))).toEqual([
      ['hgx-h200', 'hgx-h200'],
      ['gb300-nvl72', 'gb300-nvl72'],
      ['vr-nvl72', 'vr-nvl72'],
      ['groq3-lpx', 'groq3-lpx'],
      ['groq3-lpx', 'groq3-lpx'],
    ]);
    for (const p of prepared) {
      expect(p.file.factory.powerCapMw).toBe(1000);
      expect(p.plan.peakFacilityMw).toBeLessThanOrEqual(1000);
    }
  });
});

describe('docs/compare.md', () => {
  it('has a valid compare example and an optimize example whose every option plans', async () => {
    const doc = await readFile(join(REPO, 'docs', 'compare.md'), 'utf8');
    expect(compareFileSchema.safeParse(block(doc, 'compare-example')).success).toBe(true);
    const spec = optimizeFileSchema.parse(block(doc, 'optimize-example'));
    const scenario = resolve(COMPARISONS, spec.scenario);
    const [base] = await prepareVariants(
      { raw: await readJsonFile(scenario, 'scenario'), dir: dirname(scenario), label: 'x', common: { set: spec.set, unset: spec.unset } },
      [{ name: 'base', overrides: { set: {}, unset: [] }, where: 'base.' }],
      {},
    );
    const found = await fluidSearch(spec, base.raw, base.file, dirname(scenario));
    expect(found.evaluations.every((e) => e.feasible)).toBe(true);
  });

  it('documents every field of both files', async () => {
    const doc = await readFile(join(REPO, 'docs', 'compare.md'), 'utf8');
    const keys = [
      ...Object.keys(compareFileSchema.shape),
      ...Object.keys(optimizeFileSchema.shape),
      ...Object.keys(optimizeFileSchema.shape.search.unwrap().shape).map((k) => `search.${k}`),
    ].filter((k) => k !== '$schema');
    for (const key of new Set(keys)) expect(doc, key).toContain(`\`${key}\``);
  });
});
