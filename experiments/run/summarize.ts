import { studentTIntervalOrPoint } from '../../engine/stats/confidence-interval.js';
import type { SummaryCsvRow } from '../output/rows.js';
import type { ReplicationTables } from './replication-task.js';

interface MetricSeries {
  metric: string;
  scope: string;
  unit: string;
  values: number[];
}

/** One metric of one replication: summary.csv's rows are these, gathered across replications. */
export interface MetricValue {
  metric: string;
  /** '' for the whole factory, a tier id, or `tier/rack/role` for utilisation */
  scope: string;
  unit: string;
  value: number;
}

/**
 * Every summary metric of one replication, in a fixed order (the order of summary.csv's rows). Sweeps
 * and comparisons use these per-replication values for their own intervals and paired differences.
 */
export function replicationMetrics(r: ReplicationTables): MetricValue[] {
  const out: MetricValue[] = [];
  const add = (metric: string, scope: string, unit: string, value: number): void => {
    out.push({ metric, scope, unit, value });
  };
  const f = r.factory;
  add('revenue', '', 'USD/year', f.revenueUsdPerYear);
  add('goodputRevenue', '', 'USD/year', f.goodputRevenueUsdPerYear);
  add('cost', '', 'USD/year', f.costs.totalUsdPerYear);
  add('facilityCost', '', 'USD/year', f.costs.facilityUsdPerYear);
  add('itCost', '', 'USD/year', f.costs.itUsdPerYear);
  add('energyCost', '', 'USD/year', f.costs.energyUsdPerYear);
  add('margin', '', 'USD/year', f.marginUsdPerYear);
  add('revenuePerMw', '', 'USD/year/MW', f.revenueUsdPerYearPerMw);
  add('outputTokensPerMw', '', 'tok/s/MW', f.outputTokPerSPerMw);
  add('outputTokens', '', 'tok/s', f.outputTokPerS);
  add('meanFacilityPower', '', 'MW', f.meanFacilityPowerMw);
  add('peakIntervalFacilityPower', '', 'MW', f.peakIntervalFacilityPowerMw);
  add('powerCap', '', 'MW', f.capMw);
  add('energy', '', 'MWh', f.energyMwh);
  for (const t of r.revenue) {
    add('revenue', t.tier, 'USD/year', t.grossRevenueUsdPerYear);
    add('goodputRevenue', t.tier, 'USD/year', t.goodputRevenueUsdPerYear);
    add('sloAttainment', t.tier, 'fraction', t.sloAttainment);
    add('outputTokensPerMw', t.tier, 'tok/s/MW', t.outputTokPerSPerMw);
    add('ttftP99', t.tier, 's', t.ttftP99S);
    add('tpotP99', t.tier, 's', t.tpotP99S);
    add('costPerMTokOut', t.tier, 'USD/Mtok', t.costUsdPerMTokOut);
    const offered = t.requestsArrived;
    add('rejectedFraction', t.tier, 'fraction', offered > 0 ? (t.requestsRejected + t.requestsAbandoned) / offered : 0);
  }
  const busy = new Map<string, { sum: number; n: number }>();
  for (const u of r.utilization) {
    const scope = `${u.tier}/${u.rack}/${u.role}`;
    const b = busy.get(scope) ?? { sum: 0, n: 0 };
    b.sum += u.busyFraction;
    b.n++;
    busy.set(scope, b);
  }
  for (const [scope, b] of busy) add('utilization', scope, 'fraction', b.sum / b.n);
  return out;
}

/**
 * summary.csv: each metric's mean and 95% Student-t interval across replications. Replications are
 * independent (own seeds), so the interval is the textbook one; with one replication the interval
 * collapses to the point (halfWidth 0) rather than being reported as infinite.
 */
export function summarize(replications: readonly ReplicationTables[]): SummaryCsvRow[] {
  const series = new Map<string, MetricSeries>();
  for (const r of replications) {
    for (const { metric, scope, unit, value } of replicationMetrics(r)) {
      const key = `${metric}|${scope}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { metric, scope, unit, values: [] }));
      s.values.push(value);
    }
  }
  return [...series.values()].map((s) => {
    const ci = studentTIntervalOrPoint(s.values);
    return {
      metric: s.metric,
      scope: s.scope,
      unit: s.unit,
      replications: s.values.length,
      mean: ci.mean,
      ciLow95: ci.lower,
      ciHigh95: ci.upper,
      halfWidth95: ci.halfWidth,
    };
  });
}
