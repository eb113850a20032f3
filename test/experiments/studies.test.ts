import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_OVERRIDES } from '../../experiments/compare/apply-overrides.js';
import { loadCompareFile } from '../../experiments/compare/compare-file.js';
import { chooseComparisonMetric } from '../../experiments/compare/comparison.js';
import { prepareVariants, type VariantBase } from '../../experiments/compare/prepare-variants.js';
import { BASE_VARIANT, confirmationSpecs } from '../../experiments/optimize/confirm-variants.js';
import { fluidSearch } from '../../experiments/optimize/fluid-search.js';
import { loadOptimizeFile } from '../../experiments/optimize/optimize-file.js';
import { readJsonFile } from '../../experiments/scenario/load-scenario.js';
import { loadSweep } from '../../experiments/sweep/load-sweep.js';

/**
 * The ready-made experiments (issue 6 §6): every study file in experiments/comparisons, sweeps and
 * optimizations loads with the loaders its command uses, and every variant, candidate or point plans,
 * so `tokenfactory compare|sweep|optimize <file>` gets past validation. Nothing is simulated. Each
 * folder's README reports every study in it, and the top-level README lists them all.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const FOLDERS = {
  comparisons: 'compare',
  sweeps: 'sweep',
  optimizations: 'optimize',
} as const;

function studyFiles(folder: string): string[] {
  return readdirSync(join(REPO, 'experiments', folder))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** The base scenario with the file's common overrides, as compare and optimize prepare it. */
async function variantBase(path: string, spec: { scenario: string; set: Record<string, unknown>; unset: string[] }): Promise<VariantBase> {
  const scenario = resolve(dirname(path), spec.scenario);
  return { raw: await readJsonFile(scenario, 'scenario'), dir: dirname(scenario), label: `scenario ${spec.scenario}`, common: { set: spec.set, unset: spec.unset } };
}

/** What `tokenfactory compare` checks before it runs: the file, every variant's scenario and plan, the metric. */
async function checkComparison(path: string): Promise<void> {
  const spec = await loadCompareFile(path);
  expect(spec.description.length, 'description').toBeGreaterThan(0);
  const prepared = await prepareVariants(
    await variantBase(path, spec),
    spec.variants.map((v, i) => ({ name: v.name, overrides: { set: v.set, unset: v.unset }, where: `variants[${i}].` })),
    {},
  );
  expect(prepared).toHaveLength(spec.variants.length);
  chooseComparisonMetric(spec.metric, prepared, 'metric');
  for (const p of prepared) expect(p.plan.peakFacilityMw).toBeGreaterThan(0);
}

/** What `tokenfactory optimize` checks before it simulates: the file, the base, the fluid search, the confirmed variants. */
async function checkOptimization(path: string): Promise<void> {
  const spec = await loadOptimizeFile(path);
  expect(spec.description.length, 'description').toBeGreaterThan(0);
  const base = await variantBase(path, spec);
  const [asGiven] = await prepareVariants(base, [{ name: BASE_VARIANT, overrides: NO_OVERRIDES, where: 'base.' }], {});
  const search = await fluidSearch(spec, asGiven.raw, asGiven.file, base.dir);
  expect(search.ranked.length, 'feasible candidates').toBeGreaterThanOrEqual(spec.top);
  const prepared = await prepareVariants(base, confirmationSpecs(search, spec.top, 'the scenario as given'), {});
  expect(prepared).toHaveLength(spec.top + 1);
  chooseComparisonMetric(spec.objective, prepared, 'objective');
}

/** What `tokenfactory sweep` checks before it runs: the file, the parameters, every point's scenario and plan. */
async function checkSweep(path: string): Promise<void> {
  const { description, scenarios } = await loadSweep(path, {}, 'test');
  expect((description.resolved as { sweep: { description: string } }).sweep.description.length, 'description').toBeGreaterThan(0);
  expect(scenarios).toHaveLength(description.points.length);
}

const CHECKS = { compare: checkComparison, optimize: checkOptimization, sweep: checkSweep };

describe('the ready-made experiments', () => {
  for (const [folder, kind] of Object.entries(FOLDERS)) {
    describe(`experiments/${folder}`, () => {
      const files = studyFiles(folder);

      it('has at least one study', () => {
        expect(files.length).toBeGreaterThan(0);
      });

      for (const file of files) {
        it(`${file}: validates and plans as \`tokenfactory ${kind}\` would, without running`, async () => {
          await CHECKS[kind](join(REPO, 'experiments', folder, file));
        });
      }

      it('README.md reports every study in the folder', async () => {
        const readme = await readFile(join(REPO, 'experiments', folder, 'README.md'), 'utf8');
        for (const file of files) expect(readme, file).toContain(file);
      });
    });
  }

  it('the top-level README lists every study under "Ready-made experiments"', async () => {
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const at = readme.indexOf('## Ready-made experiments');
    expect(at).toBeGreaterThan(0);
    const end = readme.indexOf('\n## ', at + 1);
    const section = readme.slice(at, end < 0 ? undefined : end);
    for (const folder of Object.keys(FOLDERS)) {
      expect(section).toContain(`experiments/${folder}/README.md`);
      for (const file of studyFiles(folder)) expect(section, file).toContain(`experiments/${folder}/${file}`);
    }
  });
});
