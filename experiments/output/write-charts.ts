import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCharts, renderPng } from '../charts/index.js';
import { buildReportHtml, type ReportMeta } from '../report/build-report.js';
import { writeFileAtomic } from './atomic-file.js';
import type { RunTables } from './rows.js';

/** Charts (SVG and PNG under charts/) and the self-contained report.html of a run; returns the files written. */
export async function writeRunCharts(outDir: string, tables: RunTables, meta: ReportMeta): Promise<string[]> {
  const charts = await buildCharts(tables);
  const chartDir = join(outDir, 'charts');
  await mkdir(chartDir, { recursive: true });
  const written: string[] = [];
  for (const chart of charts) {
    await writeFileAtomic(join(chartDir, `${chart.name}.svg`), chart.svg);
    await writeFileAtomic(join(chartDir, `${chart.name}.png`), renderPng(chart.svg));
    written.push(`charts/${chart.name}.svg`, `charts/${chart.name}.png`);
  }
  await writeFileAtomic(join(outDir, 'report.html'), buildReportHtml(tables, charts, meta));
  written.push('report.html');
  return written;
}
