import { join } from 'node:path';
import type { ReportMeta } from '../report/build-report.js';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
import type { RunTables } from './rows.js';
import { writeRunTables } from './write-run.js';

export interface RunOutputs {
  tables: RunTables;
  /** scenario.resolved.json */
  resolvedScenario: unknown;
  /** run.json (deterministic) */
  metadata: object;
  /** timing.json (what differs between runs of the same scenario) */
  timing: object;
  /** charts and report.html, or null for --no-charts */
  report: ReportMeta | null;
}

/**
 * Every file of a finished run: the CSVs and JSON, timing.json, then the charts and report. `run` and
 * `merge` both write through here, so a merge of shards writes exactly what one machine would have.
 */
export async function writeRunOutputs(outDir: string, outputs: RunOutputs): Promise<string[]> {
  const written = await writeRunTables(outDir, outputs.tables, outputs.resolvedScenario, outputs.metadata);
  await writeFileAtomic(join(outDir, 'timing.json'), `${JSON.stringify(outputs.timing, null, 2)}\n`);
  written.push('timing.json');
  if (outputs.report) {
    // loaded only when needed: the chart libraries take over a second to import
    const { writeRunCharts } = await import('./write-charts.js');
    written.push(...(await writeRunCharts(outDir, outputs.tables, outputs.report)));
  }
  // what an earlier run of this folder, killed while writing, left under temporary names
  await removeStaleTemporaries(written.map((name) => join(outDir, name)));
  return written;
}
