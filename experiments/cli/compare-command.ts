import { dirname, resolve } from 'node:path';
import { loadCompareFile } from '../compare/compare-file.js';
import { chooseComparisonMetric, runComparison } from '../compare/comparison.js';
import { prepareVariants, type PreparedVariant, type SimulationFlags } from '../compare/prepare-variants.js';
import { rankingTable } from '../compare/ranking-table.js';
import { writeComparison } from '../compare/write-comparison.js';
import { readJsonFile } from '../scenario/load-scenario.js';
import { progressReporter } from './progress.js';
import { packageVersion } from './version.js';

export interface CompareCommandOptions extends SimulationFlags {
  out?: string;
  threads?: number;
  /** rank by this metric instead of the file's */
  metric?: string;
  charts: boolean;
  quiet: boolean;
}

/**
 * `tokenfactory compare`: validate the compare file and every variant's scenario, run every variant with
 * the same seeds and replication indices, then write the tables, the chart, and print the ranking.
 */
export async function compareCommand(comparePath: string, options: CompareCommandOptions): Promise<void> {
  const spec = await loadCompareFile(comparePath);
  const scenarioPath = resolve(dirname(resolve(comparePath)), spec.scenario);
  const raw = await readJsonFile(scenarioPath, 'scenario');
  const prepared = await prepareVariants(
    { raw, dir: dirname(scenarioPath), label: `scenario ${spec.scenario}`, common: { set: spec.set, unset: spec.unset } },
    spec.variants.map((v, i) => ({ name: v.name, overrides: { set: v.set, unset: v.unset }, where: `variants[${i}].` })),
    options,
  );
  const choice = chooseComparisonMetric(options.metric ?? spec.metric, prepared, options.metric !== undefined ? '--metric' : 'metric');
  const baselineIndex = spec.baseline === undefined ? 0 : spec.variants.findIndex((v) => v.name === spec.baseline);
  const outDir = resolve(options.out ?? `results/${spec.name}`);

  const startMs = performance.now();
  const comparison = await runComparison(prepared, baselineIndex, choice, {
    threads: options.threads,
    onProgress: options.quiet ? undefined : variantProgress(`tokenfactory compare ${spec.name}`, prepared),
  });
  const wallS = (performance.now() - startMs) / 1000;
  const resolved = {
    tool: 'tokenfactory',
    version: packageVersion(),
    command: 'compare',
    name: spec.name,
    description: spec.description,
    scenario: spec.scenario,
    baseline: prepared[baselineIndex].name,
    metric: options.metric ?? spec.metric,
    replications: prepared[0].file.simulation.replications,
    seed: prepared[0].file.simulation.seed,
    set: spec.set,
    unset: spec.unset,
    variants: spec.variants.map((v, i) => ({ ...v, scenario: prepared[i].file })),
  };
  const written = await writeComparison(outDir, comparison.tables, resolved, options.charts ? { title: `Comparison: ${spec.name}`, choice } : null);
  if (!options.quiet) {
    const requests = comparison.results.reduce((s, r) => s + r.simulatedRequests, 0);
    process.stdout.write(`${rankingTable(comparison.tables.ranking, choice)}\n\n`);
    process.stdout.write(
      `${prepared.length} variants × ${plural(prepared[0].file.simulation.replications, 'replication')}, ` +
        `${requests.toLocaleString('en-US')} requests simulated in ${wallS.toFixed(1)} s; wrote ${written.length} files to ${outDir}\n`,
    );
  }
}

/** Progress per variant on stderr: `<label>: variant 2/3 (name): 1/4 replications (…)`. */
export function variantProgress(label: string, variants: readonly PreparedVariant[]): (variant: number, done: number, total: number) => void {
  // Variants run one after another: each one's clock starts when the previous one ends (the first's
  // now), so elapsed time and the ETA count from its start, not from its first finished replication.
  const reporterFor = (variant: number) => progressReporter(`${label}: variant ${variant + 1}/${variants.length} (${variants[variant].label})`);
  const reporters = new Map<number, (done: number, total: number) => void>([[0, reporterFor(0)]]);
  return (variant, done, total) => {
    let report = reporters.get(variant);
    if (!report) reporters.set(variant, (report = reporterFor(variant)));
    report(done, total);
    if (done === total && variant + 1 < variants.length && !reporters.has(variant + 1)) reporters.set(variant + 1, reporterFor(variant + 1));
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
