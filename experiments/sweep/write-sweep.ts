import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic-file.js';
import { writeCsvAtomic } from '../output/csv-writer.js';
import type { SweepDescription } from './load-sweep.js';
import type { PointResult } from './run-sweep.js';
import {
  pointsTable,
  regressionRows,
  REGRESSION_COLUMNS,
  sweepTable,
  TORNADO_COLUMNS,
  tornadoRows,
  type CsvRow,
  type RegressionRow,
  type TornadoRow,
} from './sweep-tables.js';

/** The deterministic files of a sweep: the same bytes for any thread count, and from `merge` of its shards. */
export const SWEEP_FILES = ['sweep.csv', 'sensitivity.csv', 'points.csv', 'sweep.resolved.json'] as const;

export interface SweepOutputs {
  description: SweepDescription;
  /** every point's results, in point order */
  results: readonly PointResult[];
  /** timing.json (what differs between runs of the same sweep) */
  timing: object;
  /** tornado (one-at-a-time) or sensitivity (sampled designs) chart, as SVG and PNG */
  charts: boolean;
}

/** Writes a finished sweep's files into `outDir`, each atomically; returns their names and the ranking written. */
export async function writeSweepOutputs(
  outDir: string,
  outputs: SweepOutputs,
): Promise<{ written: string[]; sensitivity: TornadoRow[] | RegressionRow[] }> {
  const { description, results } = outputs;
  // computed before anything is written: a missing metric is an InputError, and leaves no files
  const sensitivity: TornadoRow[] | RegressionRow[] =
    description.design === 'one-at-a-time' ? tornadoRows(description, results) : regressionRows(description, results);
  const sweep = sweepTable(description, results);
  const points = pointsTable(description);

  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  await writeCsvAtomic<CsvRow>(join(outDir, 'sweep.csv'), sweep.columns, sweep.rows);
  const columns = description.design === 'one-at-a-time' ? TORNADO_COLUMNS : REGRESSION_COLUMNS;
  await writeCsvAtomic<CsvRow>(join(outDir, 'sensitivity.csv'), columns, sensitivity as unknown as CsvRow[]);
  await writeCsvAtomic<CsvRow>(join(outDir, 'points.csv'), points.columns, points.rows);
  await writeFileAtomic(join(outDir, 'sweep.resolved.json'), `${JSON.stringify(description.resolved, null, 2)}\n`);
  written.push(...SWEEP_FILES);
  await writeFileAtomic(join(outDir, 'timing.json'), `${JSON.stringify(outputs.timing, null, 2)}\n`);
  written.push('timing.json');

  if (outputs.charts) {
    // loaded only when needed: the chart libraries take over a second to import
    const { renderSvg, renderPng } = await import('../charts/render.js');
    let name: string;
    let svg: string;
    if (description.design === 'one-at-a-time') {
      const { tornadoSpec } = await import('../charts/specs/tornado.js');
      name = 'tornado';
      svg = await renderSvg(tornadoSpec(sensitivity as TornadoRow[], description.parameters, description.replications));
    } else {
      const { sensitivityBarsSpec } = await import('../charts/specs/sensitivity-bars.js');
      name = 'sensitivity';
      svg = await renderSvg(sensitivityBarsSpec(sensitivity as RegressionRow[]));
    }
    await writeFileAtomic(join(outDir, `${name}.svg`), svg);
    await writeFileAtomic(join(outDir, `${name}.png`), renderPng(svg));
    written.push(`${name}.svg`, `${name}.png`);
  }
  return { written, sensitivity };
}
