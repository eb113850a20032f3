import { join, resolve } from 'node:path';
import { InputError, isInputError } from '../errors.js';
import { readRunTables } from '../output/read-run.js';
import { writeRunCharts } from '../output/write-charts.js';
import { reportMeta } from '../run/run-metadata.js';
import { parseScenario } from '../scenario/load-scenario.js';

export interface ReportCommandOptions {
  quiet: boolean;
}

/**
 * `tokenfactory report <dir>`: (re)builds the charts and report.html of a finished run from its CSVs,
 * e.g. after `run --no-charts`, or on another machine. The files are the same bytes `run` writes.
 */
export async function reportCommand(dir: string, options: ReportCommandOptions): Promise<void> {
  const outDir = resolve(dir);
  const { tables, resolvedScenario, metadata } = await readRunTables(outDir);
  let file: ReturnType<typeof parseScenario>;
  try {
    file = parseScenario(resolvedScenario);
  } catch (error) {
    // name the file: a bare `tiers[0].modelId: …` would not say which of the run's files is damaged
    if (isInputError(error)) throw new InputError(`${join(outDir, 'scenario.resolved.json')}: ${error.message}`);
    throw error;
  }
  if (typeof metadata.version !== 'string') throw new InputError(`${outDir}/run.json: has no version`);
  const written = await writeRunCharts(outDir, tables, reportMeta(file, metadata.version));
  if (!options.quiet) process.stdout.write(`wrote ${written.length} files to ${outDir}\n`);
}
