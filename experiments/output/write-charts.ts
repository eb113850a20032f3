import type { RunTables } from './rows.js';

/**
 * Charts and the HTML report of a run (written by the chart builders once they exist). Returns the
 * names of the files written.
 */
export async function writeRunCharts(_outDir: string, _tables: RunTables, _metadata: object): Promise<string[]> {
  return [];
}
