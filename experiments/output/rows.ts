/**
 * The rows of the CSV files a run writes: tidy (one observation per row), units in column names.
 * The chart and report builders read these same rows, so a chart never disagrees with its CSV.
 */
import type { TierOutcome } from '../../models/factory/metrics.js';
import type { UtilizationRow } from '../../models/factory/replication.js';

/** utilization.csv: one row per replication, interval, tier and rack role (the replication's rows, plus the cap). */
export type UtilizationCsvRow = { replication: number } & UtilizationRow & { capMw: number };

/** power.csv: facility power against the cap, one row per replication and interval. */
export interface PowerCsvRow {
  replication: number;
  interval: number;
  startS: number;
  endS: number;
  facilityPowerMw: number;
  capMw: number;
  sheddingTiers: string;
  /** speed every rack ran at during the interval under the power limit (1: unthrottled) */
  stepSpeedFraction: number;
  /** the most the factory could draw during the interval: every rack busy at that speed */
  powerLimitMw: number;
}

/** revenue.csv: one row per replication and tier, scaled to the whole factory over the measured window. */
export type RevenueCsvRow = { replication: number; priceUsdPerMTokOut: number } & TierOutcome;

/** revenue-intervals.csv: gross revenue per replication, interval and tier (the revenue time series). */
export interface RevenueIntervalCsvRow {
  replication: number;
  interval: number;
  startS: number;
  endS: number;
  tier: string;
  grossRevenueUsd: number;
  outputTokPerS: number;
}

/** summary.csv: one row per metric, mean and 95% Student-t interval across replications. */
export interface SummaryCsvRow {
  metric: string;
  /** tier or rack the metric is about; empty for the whole factory */
  scope: string;
  unit: string;
  replications: number;
  mean: number;
  ciLow95: number;
  ciHigh95: number;
  halfWidth95: number;
}

/** chart.csv: the token-factory chart from the fluid model, per tier's rack and model. */
export interface FactoryChartCsvRow {
  tier: string;
  rack: string;
  model: string;
  interactivityTokPerS: number;
  outputTokPerSPerMw: number;
  batch: number;
}

/** Everything one run produced, as rows: what the writers and chart builders consume. */
export interface RunTables {
  utilization: UtilizationCsvRow[];
  power: PowerCsvRow[];
  revenue: RevenueCsvRow[];
  revenueIntervals: RevenueIntervalCsvRow[];
  summary: SummaryCsvRow[];
  chart: FactoryChartCsvRow[];
  /** tier targets to mark on the chart */
  tierTargets: { tier: string; interactivityTokPerS: number; priceUsdPerMTokOut: number }[];
}
