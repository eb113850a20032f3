import { defaultCatalog } from '../../models/catalog/catalog.js';
import { replicationOutcome, type FactoryOutcome } from '../../models/factory/metrics.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import { runReplication } from '../../models/factory/replication.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import type { PowerCsvRow, RevenueCsvRow, RevenueIntervalCsvRow, UtilizationCsvRow } from '../output/rows.js';

/** Everything one replication contributes to the output files: plain data, safe to send between threads. */
export interface ReplicationTables {
  replication: number;
  utilization: UtilizationCsvRow[];
  power: PowerCsvRow[];
  revenue: RevenueCsvRow[];
  revenueIntervals: RevenueIntervalCsvRow[];
  factory: FactoryOutcome;
  eventsProcessed: number;
  simulatedRequests: number;
}

const plans = new Map<string, FactoryPlan>();

/** The plan of a scenario, built once per thread and run key (planning sizes every pool). */
export function cachedPlan(runKey: string, scenario: FactoryScenario): FactoryPlan {
  let plan = plans.get(runKey);
  if (!plan) {
    plan = planFactory(scenario, defaultCatalog());
    plans.clear(); // one run at a time per thread: keep memory flat
    plans.set(runKey, plan);
  }
  return plan;
}

/** Runs one replication and turns it into output rows. A pure function of (scenario, replication). */
export function replicationTables(plan: FactoryPlan, replication: number): ReplicationTables {
  const result = runReplication(plan, replication);
  const outcome = replicationOutcome(plan, result);
  const capMw = plan.scenario.factory.powerCapMw;
  const revenue: RevenueCsvRow[] = outcome.tiers.map((t, i) => ({
    replication,
    priceUsdPerMTokOut: plan.tiers[i].tier.priceUsdPerMTokOut,
    ...t,
  }));
  const intervalS = plan.scenario.simulation.intervalS;
  const warmupS = plan.scenario.simulation.warmupS;
  const intervals = result.power.length;
  const revenueIntervals: RevenueIntervalCsvRow[] = [];
  for (let interval = 0; interval < intervals; interval++) {
    for (const t of result.tiers) {
      const revenueUsd = (t.metrics.revenueByIntervalUsd[interval] ?? 0) * t.scale;
      const tokens = (t.metrics.outputTokensByInterval[interval] ?? 0) * t.scale;
      revenueIntervals.push({
        replication,
        interval,
        startS: warmupS + interval * intervalS,
        endS: warmupS + (interval + 1) * intervalS,
        tier: t.tier,
        grossRevenueUsd: revenueUsd,
        outputTokPerS: tokens / intervalS,
      });
    }
  }
  return {
    replication,
    utilization: result.utilization.map((u) => ({ replication, ...u, capMw })),
    power: result.power.map((p) => ({ replication, ...p, sheddingTiers: p.sheddingTiers.join(' ') })),
    revenue,
    revenueIntervals,
    factory: outcome.factory,
    eventsProcessed: result.eventsProcessed,
    simulatedRequests: result.simulatedRequests,
  };
}
