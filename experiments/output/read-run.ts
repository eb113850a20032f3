import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'fast-csv';
import { InputError } from '../errors.js';
import type { RunTables } from './rows.js';

/** Columns that hold text; every other column of a run's CSVs is a number. */
const TEXT_COLUMNS = new Set(['tier', 'rack', 'role', 'model', 'metric', 'scope', 'unit', 'sheddingTiers']);

/** The CSV behind each table of RunTables. */
const TABLE_FILES = {
  utilization: 'utilization.csv',
  power: 'power.csv',
  revenue: 'revenue.csv',
  revenueIntervals: 'revenue-intervals.csv',
  summary: 'summary.csv',
  chart: 'chart.csv',
} as const;

export interface ReadRun {
  tables: RunTables;
  /** scenario.resolved.json */
  resolvedScenario: unknown;
  /** run.json */
  metadata: Record<string, unknown>;
}

/**
 * Reads back the tables a finished run wrote in `dir` (its CSVs, run.json, scenario.resolved.json):
 * what `tokenfactory report` builds charts from. Numbers are written in full precision (shortest
 * round-trip form), so the tables read back equal the ones the run charted. Throws InputError
 * naming the missing or malformed file.
 */
export async function readRunTables(dir: string): Promise<ReadRun> {
  const metadata = (await readJson(dir, 'run.json')) as Record<string, unknown>;
  const resolvedScenario = await readJson(dir, 'scenario.resolved.json');
  const tierTargets = metadata.tierTargets;
  if (!Array.isArray(tierTargets)) {
    throw new InputError(`${join(dir, 'run.json')}: has no tierTargets (written by tokenfactory 0.2 and later); rerun the scenario`);
  }
  const tables: Partial<RunTables> = { tierTargets };
  for (const [table, name] of Object.entries(TABLE_FILES)) {
    (tables as Record<string, unknown>)[table] = await readCsv(join(dir, name));
  }
  return { tables: tables as RunTables, resolvedScenario, metadata };
}

async function readJson(dir: string, name: string): Promise<unknown> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`${path}: not found (is ${dir} the --out folder of a finished tokenfactory run?)`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

async function readCsv(path: string): Promise<Record<string, string | number>[]> {
  try {
    await stat(path);
  } catch {
    throw new InputError(`${path}: not found (is this the --out folder of a finished tokenfactory run?)`);
  }
  const rows: Record<string, string | number>[] = [];
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    createReadStream(path)
      .pipe(parse({ headers: true, strictColumnHandling: true }))
      .on('error', (error: Error) => reject(new InputError(`${path}: not a valid CSV (${error.message})`)))
      .on('data-invalid', () => reject(new InputError(`${path}: row ${line + 1} has the wrong number of columns`)))
      .on('data', (raw: Record<string, string>) => {
        line++;
        const row: Record<string, string | number> = {};
        for (const [column, text] of Object.entries(raw)) {
          if (TEXT_COLUMNS.has(column)) {
            row[column] = text;
            continue;
          }
          const value = Number(text);
          if (text === '' || !Number.isFinite(value)) {
            reject(new InputError(`${path}: row ${line}, column ${column}: expected a number, got ${JSON.stringify(text)}`));
            return;
          }
          row[column] = value;
        }
        rows.push(row);
      })
      .on('end', () => resolve());
  });
  return rows;
}
