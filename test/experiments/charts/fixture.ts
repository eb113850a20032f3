/**
 * A small synthetic run: three tiers (one served by two rack types, one with separate prefill racks),
 * three replications of five one-minute intervals. Numbers are invented but shaped like a real run.
 */
import type {
  FactoryChartCsvRow,
  PowerCsvRow,
  RevenueCsvRow,
  RevenueIntervalCsvRow,
  RunTables,
  SummaryCsvRow,
  UtilizationCsvRow,
} from '../../../experiments/output/rows.js';

export const TIER_TARGETS = [
  { tier: 'free', interactivityTokPerS: 25, priceUsdPerMTokOut: 0 },
  { tier: 'medium', interactivityTokPerS: 50, priceUsdPerMTokOut: 3 },
  { tier: 'premium', interactivityTokPerS: 350, priceUsdPerMTokOut: 45 },
];

/** (tier, rack, model) of each token-factory curve, with its batch-1 speed and full-batch throughput. */
export const CURVES = [
  { tier: 'free', rack: 'gpu-a', model: 'small-llm', fastestTokPerS: 160, peakTokPerSPerMw: 3e6 },
  { tier: 'medium', rack: 'gpu-b', model: 'mid-llm', fastestTokPerS: 190, peakTokPerSPerMw: 5e6 },
  { tier: 'premium', rack: 'gpu-b', model: 'big-llm', fastestTokPerS: 170, peakTokPerSPerMw: 9e5 },
  { tier: 'premium', rack: 'lpu-x', model: 'big-llm', fastestTokPerS: 700, peakTokPerSPerMw: 6e4 },
];

export const CURVE_LABELS = CURVES.map((c) => `${c.tier} · ${c.rack} · ${c.model}`);

const REPLICATIONS = 3;
const INTERVALS = 5;
const INTERVAL_S = 60;
const WARMUP_S = 120;
export const CAP_MW = 100;

/** Deterministic pseudo-noise in [0, 1): the fixture must not change between test runs. */
function noise(...keys: number[]): number {
  let h = 2166136261;
  for (const k of keys) h = Math.imul(h ^ (k * 2654435761), 16777619) >>> 0;
  return (h % 10007) / 10007;
}

function chartRows(): FactoryChartCsvRow[] {
  const rows: FactoryChartCsvRow[] = [];
  for (const c of CURVES) {
    for (let i = 0; i <= 10; i++) {
      const batch = 2 ** i;
      // per-user speed falls and throughput per MW saturates as the batch grows
      rows.push({
        tier: c.tier,
        rack: c.rack,
        model: c.model,
        batch,
        interactivityTokPerS: c.fastestTokPerS / (1 + batch / 64),
        outputTokPerSPerMw: (c.peakTokPerSPerMw * batch) / (batch + 32),
      });
    }
  }
  return rows;
}

function window(interval: number): { startS: number; endS: number } {
  return { startS: WARMUP_S + interval * INTERVAL_S, endS: WARMUP_S + (interval + 1) * INTERVAL_S };
}

function utilizationRows(): UtilizationCsvRow[] {
  const pools = [
    { tier: 'free', rack: 'gpu-a', role: 'decode' as const, busy: 0.3 },
    { tier: 'medium', rack: 'gpu-b', role: 'prefill' as const, busy: 0.2 },
    { tier: 'medium', rack: 'gpu-b', role: 'decode' as const, busy: 0.7 },
    { tier: 'premium', rack: 'gpu-b', role: 'decode' as const, busy: 0.5 },
    { tier: 'premium', rack: 'lpu-x', role: 'decode' as const, busy: 0.9 },
  ];
  const rows: UtilizationCsvRow[] = [];
  for (let r = 0; r < REPLICATIONS; r++) {
    for (let i = 0; i < INTERVALS; i++) {
      pools.forEach((p, k) => {
        const busyFraction = Math.min(1, p.busy + 0.1 * (noise(r, i, k) - 0.5));
        rows.push({
          replication: r,
          interval: i,
          ...window(i),
          tier: p.tier,
          rack: p.rack,
          role: p.role,
          instances: 100,
          busyFraction,
          meanBatch: 40 * busyFraction,
          kvUsedFraction: 0.5 * busyFraction,
          itPowerKw: 15_000 * (0.4 + 0.6 * busyFraction),
          facilityPowerMw: 16.5 * (0.4 + 0.6 * busyFraction),
          capMw: CAP_MW,
          outputTokPerS: 1e5 * busyFraction,
        });
      });
    }
  }
  return rows;
}

function powerRows(): PowerCsvRow[] {
  const rows: PowerCsvRow[] = [];
  for (let r = 0; r < REPLICATIONS; r++) {
    for (let i = 0; i < INTERVALS; i++) {
      const facilityPowerMw = 80 + 25 * noise(r, i, 99);
      rows.push({ replication: r, interval: i, ...window(i), facilityPowerMw, capMw: CAP_MW, sheddingTiers: facilityPowerMw > CAP_MW ? 'free' : '', stepSpeedFraction: 1, powerLimitMw: 1.2 * CAP_MW });
    }
  }
  return rows;
}

function revenueRows(): RevenueCsvRow[] {
  const rows: RevenueCsvRow[] = [];
  const perYear = { free: 0, medium: 4e8, premium: 9e8 } as Record<string, number>;
  for (let r = 0; r < REPLICATIONS; r++) {
    TIER_TARGETS.forEach((t, k) => {
      const gross = perYear[t.tier] * (0.9 + 0.2 * noise(r, k, 7));
      const goodput = gross * 0.95;
      rows.push({
        replication: r,
        tier: t.tier,
        model: CURVES.find((c) => c.tier === t.tier)!.model,
        rack: CURVES.find((c) => c.tier === t.tier)!.rack,
        priceUsdPerMTokOut: t.priceUsdPerMTokOut,
        requestsArrived: 1000,
        requestsServed: 990,
        requestsRejected: 10,
        requestsRejectedForPower: 0,
        requestsAbandoned: 0,
        requestsInFlightAtEnd: 3,
        inputTokens: 1e6,
        outputTokens: 5e5,
        grossRevenueUsd: gross / 1e5,
        goodputRevenueUsd: goodput / 1e5,
        grossRevenueUsdPerYear: gross,
        goodputRevenueUsdPerYear: goodput,
        sloAttainment: 0.95,
        ttftP50S: 0.2,
        ttftP99S: 0.9,
        tpotP50S: 0.01,
        tpotP99S: 0.02,
        outputTokPerS: 1e5,
        outputTokPerSPerMw: 3e3,
        costUsdPerMTokOut: 1.5,
      });
    });
  }
  return rows;
}

function revenueIntervalRows(): RevenueIntervalCsvRow[] {
  const rows: RevenueIntervalCsvRow[] = [];
  for (let r = 0; r < REPLICATIONS; r++) {
    for (let i = 0; i < INTERVALS; i++) {
      for (const t of TIER_TARGETS) rows.push({ replication: r, interval: i, ...window(i), tier: t.tier, grossRevenueUsd: 1000 * t.priceUsdPerMTokOut, outputTokPerS: 1e5 });
    }
  }
  return rows;
}

function summaryRow(metric: string, scope: string, unit: string, mean: number, halfWidth95: number): SummaryCsvRow {
  return { metric, scope, unit, replications: REPLICATIONS, mean, ciLow95: mean - halfWidth95, ciHigh95: mean + halfWidth95, halfWidth95 };
}

/** Summary rows with round numbers, so tests can look for their formatted values. */
export const SUMMARY: SummaryCsvRow[] = [
  summaryRow('revenue', '', 'USD/year', 1.234e9, 5.6e7),
  summaryRow('goodputRevenue', '', 'USD/year', 1.17e9, 5e7),
  summaryRow('cost', '', 'USD/year', 4.5e8, 0),
  summaryRow('margin', '', 'USD/year', 7.84e8, 5.6e7),
  summaryRow('revenuePerMw', '', 'USD/year/MW', 1.234e7, 5.6e5),
  summaryRow('outputTokensPerMw', '', 'tok/s/MW', 45_600, 1200),
  summaryRow('meanFacilityPower', '', 'MW', 91.2, 1.1),
  summaryRow('peakIntervalFacilityPower', '', 'MW', 104.5, 2),
  summaryRow('powerCap', '', 'MW', CAP_MW, 0),
  summaryRow('sloAttainment', 'free', 'fraction', 0.871, 0.02),
  summaryRow('sloAttainment', 'medium', 'fraction', 0.953, 0.01),
  summaryRow('sloAttainment', 'premium', 'fraction', 0.998, 0.001),
  summaryRow('revenue', 'premium', 'USD/year', 9e8, 4e7),
  summaryRow('ttftP99', 'premium', 's', 0.42, 0.03),
  summaryRow('utilization', 'premium/lpu-x/decode', 'fraction', 0.9, 0.02),
];

export function fixtureTables(): RunTables {
  return {
    utilization: utilizationRows(),
    power: powerRows(),
    revenue: revenueRows(),
    revenueIntervals: revenueIntervalRows(),
    summary: SUMMARY,
    chart: chartRows(),
    tierTargets: TIER_TARGETS,
  };
}
