import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  FactoryChartCsvRow,
  PowerCsvRow,
  RevenueCsvRow,
  RevenueIntervalCsvRow,
  RunTables,
  SummaryCsvRow,
  UtilizationCsvRow,
} from './rows.js';
import { writeCsvAtomic } from './csv-writer.js';
import { writeFileAtomic } from './atomic-file.js';

const UTILIZATION_COLUMNS: (keyof UtilizationCsvRow)[] = [
  'replication', 'interval', 'startS', 'endS', 'tier', 'rack', 'role', 'instances', 'busyFraction', 'meanBatch',
  'kvUsedFraction', 'itPowerKw', 'facilityPowerMw', 'capMw', 'outputTokPerS',
];
const POWER_COLUMNS: (keyof PowerCsvRow)[] = [
  'replication', 'interval', 'startS', 'endS', 'facilityPowerMw', 'capMw', 'sheddingTiers', 'stepSpeedFraction', 'powerLimitMw',
];
const REVENUE_COLUMNS: (keyof RevenueCsvRow)[] = [
  'replication', 'tier', 'model', 'rack', 'priceUsdPerMTokOut', 'requestsArrived', 'requestsServed', 'requestsRejected',
  'requestsRejectedForPower', 'requestsAbandoned', 'requestsInFlightAtEnd', 'inputTokens', 'outputTokens', 'grossRevenueUsd', 'goodputRevenueUsd',
  'grossRevenueUsdPerYear', 'goodputRevenueUsdPerYear', 'sloAttainment', 'ttftP50S', 'ttftP99S', 'tpotP50S', 'tpotP99S',
  'outputTokPerS', 'outputTokPerSPerMw', 'costUsdPerMTokOut',
];
const REVENUE_INTERVAL_COLUMNS: (keyof RevenueIntervalCsvRow)[] = ['replication', 'interval', 'startS', 'endS', 'tier', 'grossRevenueUsd', 'outputTokPerS'];
/** summary.csv's columns; comparisons' tables start from the same ones. */
export const SUMMARY_COLUMNS: (keyof SummaryCsvRow & string)[] = ['metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95'];
const CHART_COLUMNS: (keyof FactoryChartCsvRow)[] = ['tier', 'rack', 'model', 'interactivityTokPerS', 'outputTokPerSPerMw', 'batch'];

/** The files of a run, by name, for docs and for `--help`. */
export const RUN_FILES = [
  'utilization.csv',
  'power.csv',
  'revenue.csv',
  'revenue-intervals.csv',
  'summary.csv',
  'chart.csv',
  'scenario.resolved.json',
  'run.json',
] as const;

/**
 * Writes a run's tables and metadata into `outDir`. Each file appears complete or not at all; the
 * deterministic files (everything but run.json's wall time) are identical for any thread count.
 */
export async function writeRunTables(outDir: string, tables: RunTables, resolvedScenario: unknown, metadata: object): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const csv = async <Row extends object>(name: string, columns: (keyof Row & string)[], rows: Row[]): Promise<void> => {
    await writeCsvAtomic(join(outDir, name), columns, rows);
    written.push(name);
  };
  await csv('utilization.csv', UTILIZATION_COLUMNS, tables.utilization);
  await csv('power.csv', POWER_COLUMNS, tables.power);
  await csv('revenue.csv', REVENUE_COLUMNS, tables.revenue);
  await csv('revenue-intervals.csv', REVENUE_INTERVAL_COLUMNS, tables.revenueIntervals);
  await csv('summary.csv', SUMMARY_COLUMNS, tables.summary);
  await csv('chart.csv', CHART_COLUMNS, tables.chart);
  await writeFileAtomic(join(outDir, 'scenario.resolved.json'), `${JSON.stringify(resolvedScenario, null, 2)}\n`);
  written.push('scenario.resolved.json');
  await writeFileAtomic(join(outDir, 'run.json'), `${JSON.stringify(metadata, null, 2)}\n`);
  written.push('run.json');
  return written;
}
