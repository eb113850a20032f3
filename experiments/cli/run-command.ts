import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../output/atomic-file.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { writeRunTables } from '../output/write-run.js';
import { runScenario } from '../run/run-scenario.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { progressReporter } from './progress.js';
import { summaryTable } from './summary-table.js';
import { packageVersion } from './version.js';

export interface RunCommandOptions {
  out?: string;
  replications?: number;
  seed?: string | number;
  threads?: number;
  durationS?: number;
  warmupS?: number;
  sampleFraction?: number;
  charts: boolean;
  quiet: boolean;
}

/** `tokenfactory run`: validate, run every replication, write CSVs, charts and report, print a summary. */
export async function runCommand(scenarioPath: string, options: RunCommandOptions): Promise<void> {
  const { file, scenario } = await loadScenario(scenarioPath, defaultCatalog(), (f) => ({
    ...f,
    simulation: {
      ...f.simulation,
      ...(options.replications !== undefined && { replications: options.replications }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.durationS !== undefined && { durationS: options.durationS }),
      ...(options.warmupS !== undefined && { warmupS: options.warmupS }),
      ...(options.sampleFraction !== undefined && { sampleFraction: options.sampleFraction }),
    },
  }));
  const outDir = resolve(options.out ?? `results/${file.name}`);
  const startedAt = new Date();
  const startMs = performance.now();
  const result = await runScenario(scenario, {
    threads: options.threads,
    onProgress: options.quiet ? undefined : progressReporter(`tokenfactory run ${file.name}`),
  });
  const wallS = (performance.now() - startMs) / 1000;
  // run.json is deterministic (same scenario and seed ⇒ same bytes); what varies between runs of the
  // same scenario (wall time, threads, date) goes to timing.json.
  const metadata = {
    tool: 'tokenfactory',
    version: packageVersion(),
    scenario: file.name,
    seed: file.simulation.seed,
    replications: file.simulation.replications,
    simulatedRequests: result.simulatedRequests,
    eventsProcessed: result.eventsProcessed,
  };
  const timing = {
    startedAt: startedAt.toISOString(),
    wallS,
    threads: options.threads ?? availableParallelism(),
    simulatedRequestsPerWallS: result.simulatedRequests / wallS,
    node: process.version,
  };
  const written = await writeRunTables(outDir, result.tables, file, metadata);
  await writeFileAtomic(join(outDir, 'timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
  written.push('timing.json');
  if (options.charts) {
    const meta = { scenarioName: file.name, description: file.description, seed: file.simulation.seed, replications: file.simulation.replications, version: metadata.version };
    // Loaded only when needed: the chart stack (vega) costs ~0.5 s to import.
    const { writeRunCharts } = await import('../output/write-charts.js');
    written.push(...(await writeRunCharts(outDir, result.tables, meta)));
  }
  if (!options.quiet) {
    process.stdout.write(`${summaryTable(result.tables.summary, result.plan.tiers.map((t) => t.tier.id))}\n\n`);
    process.stdout.write(
      `${result.simulatedRequests.toLocaleString('en-US')} requests simulated in ${wallS.toFixed(1)} s; wrote ${written.length} files to ${outDir}\n`,
    );
  }
}
