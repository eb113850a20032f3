import { join, dirname, resolve } from 'node:path';
import { NO_OVERRIDES } from '../compare/apply-overrides.js';
import { chooseComparisonMetric, runComparison } from '../compare/comparison.js';
import { prepareVariants, type SimulationFlags, type VariantBase } from '../compare/prepare-variants.js';
import { rankingTable } from '../compare/ranking-table.js';
import { writeComparison } from '../compare/write-comparison.js';
import { writeFileAtomic } from '../output/atomic-file.js';
import { writeCsvAtomic } from '../output/csv-writer.js';
import { bestScenarioFile } from '../optimize/best-scenario.js';
import { BASE_VARIANT, confirmationSpecs, confirmedVariants } from '../optimize/confirm-variants.js';
import { fluidSearch } from '../optimize/fluid-search.js';
import { loadOptimizeFile } from '../optimize/optimize-file.js';
import { candidatesTable, confirmedTable, type Table } from '../optimize/optimize-tables.js';
import { describeCandidate } from '../optimize/search-space.js';
import { readJsonFile } from '../scenario/load-scenario.js';
import { variantProgress } from './compare-command.js';
import { packageVersion } from './version.js';

export interface OptimizeCommandOptions extends SimulationFlags {
  out?: string;
  threads?: number;
  /** candidates the simulation confirms (default: the file's) */
  top?: number;
  charts: boolean;
  quiet: boolean;
}

/**
 * `tokenfactory optimize`: rank every candidate hardware mix and power split by the fluid model, then
 * simulate the best few beside the base scenario (common random numbers) and save the winner as a
 * scenario file.
 */
export async function optimizeCommand(optimizePath: string, options: OptimizeCommandOptions): Promise<void> {
  const spec = await loadOptimizeFile(optimizePath);
  const scenarioPath = resolve(dirname(resolve(optimizePath)), spec.scenario);
  const base: VariantBase = {
    raw: await readJsonFile(scenarioPath, 'scenario'),
    dir: dirname(scenarioPath),
    label: `scenario ${spec.scenario}`,
    common: { set: spec.set, unset: spec.unset },
  };
  const say = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const [asGiven] = await prepareVariants(base, [{ name: BASE_VARIANT, overrides: NO_OVERRIDES, where: 'base.' }], options);
  const baseDescription = `the scenario as given (${asGiven.file.policies.allocation})`;

  const searchStartMs = performance.now();
  const search = await fluidSearch(spec, asGiven.raw, asGiven.file, base.dir);
  const searchS = (performance.now() - searchStartMs) / 1000;
  const best = search.ranked[0];
  say(
    `tokenfactory optimize ${spec.name}: fluid ${spec.search.method} search: ${search.evaluations.length} candidates ` +
      `(${search.ranked.length} feasible) from ${search.plansMade} tier plans in ${searchS.toFixed(1)} s; ` +
      `best estimate ${best.id}: ${describeCandidate(search.space, best.candidate)}`,
  );

  const top = options.top ?? spec.top;
  const prepared = await prepareVariants(base, confirmationSpecs(search, top, baseDescription), options);
  const choice = chooseComparisonMetric(spec.objective, prepared, 'objective');
  const outDir = resolve(options.out ?? `results/${spec.name}`);
  const startMs = performance.now();
  const comparison = await runComparison(prepared, 0, choice, {
    threads: options.threads,
    onProgress: options.quiet ? undefined : variantProgress(`tokenfactory optimize ${spec.name}`, prepared),
  });
  const wallS = (performance.now() - startMs) / 1000;

  const confirmed = confirmedVariants(search, prepared, spec.objective, baseDescription);
  const winner = prepared.find((v) => v.name === comparison.tables.ranking[0].variant)!;
  const winnerLabel = winner.label.replace(/^[^:]*: /, '');
  const labels = new Map(prepared.map((v) => [v.name, v.label]));
  const resolved = {
    tool: 'tokenfactory',
    version: packageVersion(),
    command: 'optimize',
    optimize: spec,
    top,
    replications: prepared[0].file.simulation.replications,
    seed: prepared[0].file.simulation.seed,
    candidatesEvaluated: search.evaluations.length,
    best: winner.name,
    variants: prepared.map((v) => ({ name: v.name, label: v.label, scenario: v.file })),
  };
  const chart = options.charts
    ? {
        title: `Optimiser: ${spec.name}, the fluid model's top ${prepared.length - 1} and the base, simulated`,
        choice,
        labels,
        estimates: new Map(confirmed.map((v) => [v.name, v.estimatedObjective])),
      }
    : null;
  const written = await writeComparison(outDir, comparison.tables, resolved, chart, 'optimize.resolved.json');
  const selected = new Set(prepared.map((v) => v.name));
  await writeTable(join(outDir, 'candidates.csv'), candidatesTable(search.space, search.evaluations, selected));
  await writeTable(join(outDir, 'confirmed.csv'), confirmedTable(search.space, comparison.tables.ranking, confirmed));
  const bestFile = bestScenarioFile(winner.raw, base.dir, outDir, { optimizeName: spec.name, variant: winner.name, description: winnerLabel });
  await writeFileAtomic(join(outDir, 'best-scenario.json'), `${JSON.stringify(bestFile, null, 2)}\n`);
  written.push('candidates.csv', 'confirmed.csv', 'best-scenario.json');

  if (!options.quiet) {
    const requests = comparison.results.reduce((s, r) => s + r.simulatedRequests, 0);
    const row = comparison.tables.ranking[0];
    process.stdout.write(`${rankingTable(comparison.tables.ranking, choice, labels)}\n\n`);
    process.stdout.write(
      `best by simulation: ${winner.name} (${winnerLabel})${row.indistinguishableFrom ? `, not distinguishable from ${row.indistinguishableFrom.split(' ').join(', ')}` : ''}; ` +
        `saved as best-scenario.json\n`,
    );
    process.stdout.write(
      `${prepared.length} variants × ${plural(prepared[0].file.simulation.replications, 'replication')}, ` +
        `${requests.toLocaleString('en-US')} requests simulated in ${wallS.toFixed(1)} s; wrote ${written.length} files to ${outDir}\n`,
    );
  }
}

function writeTable(path: string, table: Table): Promise<void> {
  return writeCsvAtomic(path, table.headers, table.rows);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
