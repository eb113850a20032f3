/**
 * The rows of the CSV files a run writes: tidy (one observation per row), units in column names.
 * The chart and report builders read these same rows, so a chart never disagrees with its CSV.
 */

/** utilization.csv: one row per replication, interval, tier and rack role. */
export interface UtilizationCsvRow {
  replication: number;
  interval: number;
  startS: number;
  endS: number;
  tier: string;
  rack: string;
  role: 'decode' | 'prefill';
  busyFraction: number;
  meanBatch: number;
  kvUsedFraction: number;
  itPowerKw: number;
  facilityPowerMw: number;
  capMw: number;
  outputTokPerS: number;
}

/** power.csv: facility power against the cap, one row per replication and interval. */
export interface PowerCsvRow {
  replication: number;
  interval: number;
  startS: number;
  endS: number;
  facilityPowerMw: number;
  capMw: number;
  sheddingTiers: string;
}

/** revenue.csv: one row per replication and tier, scaled to the whole factory over the measured window. */
export interface RevenueCsvRow {
  replication: number;
  tier: string;
  model: string;
  rack: string;
  priceUsdPerMTokOut: number;
  requestsArrived: number;
  requestsServed: number;
  requestsRejected: number;
  requestsAbandoned: number;
  requestsInFlightAtEnd: number;
  inputTokens: number;
  outputTokens: number;
  grossRevenueUsd: number;
  goodputRevenueUsd: number;
  grossRevenueUsdPerYear: number;
  goodputRevenueUsdPerYear: number;
  sloAttainment: number;
  ttftP50S: number;
  ttftP99S: number;
  tpotP50S: number;
  tpotP99S: number;
  outputTokPerS: number;
  outputTokPerSPerMw: number;
  costUsdPerMTokOut: number;
}

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
