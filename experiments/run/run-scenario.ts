import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { FluidModel } from '../../models/performance/fluid-capacity.js';
import type { FactoryChartCsvRow, RunTables } from '../output/rows.js';
import type { ReplicationTables } from './replication-task.js';
import { ReplicationsFailedError } from './run-errors.js';
import { runReplications } from './run-replications.js';
import { summarize } from './summarize.js';

export interface RunOptions {
  /** worker threads; 1 runs in this thread (default: the number of cores) */
  threads?: number;
  /** called after each replication completes, with how many are done */
  onProgress?: (done: number, total: number) => void;
}

export interface RunResult {
  plan: FactoryPlan;
  replications: ReplicationTables[];
  tables: RunTables;
  eventsProcessed: number;
  simulatedRequests: number;
}

/**
 * Runs every replication of a resolved scenario, on worker threads when threads > 1, and gathers
 * the output tables in replication order: the result is the same for any thread count. Throws
 * ReplicationsFailedError (naming each failed replication and the seed) if any replication fails.
 */
export async function runScenario(scenario: FactoryScenario, options: RunOptions = {}): Promise<RunResult> {
  const plan = planFactory(scenario, defaultCatalog());
  const all = Array.from({ length: scenario.simulation.replications }, (_, replication) => replication);
  const { completed, failures } = await runReplications(plan, all, options);
  if (failures.length > 0) throw new ReplicationsFailedError(scenario.name, failures);
  return assembleRun(plan, completed);
}

/** The run's result from its replications (all of them, in replication order). */
export function assembleRun(plan: FactoryPlan, replications: ReplicationTables[]): RunResult {
  return {
    plan,
    replications,
    tables: assembleTables(replications, planTables(plan)),
    eventsProcessed: replications.reduce((s, r) => s + r.eventsProcessed, 0),
    simulatedRequests: replications.reduce((s, r) => s + r.simulatedRequests, 0),
  };
}

/** The tables that come from the plan rather than from replications (identical in every shard). */
export type PlanTables = Pick<RunTables, 'chart' | 'tierTargets'>;

export function planTables(plan: FactoryPlan): PlanTables {
  return {
    chart: factoryChart(plan),
    tierTargets: plan.tiers.map((t) => ({
      tier: t.tier.id,
      interactivityTokPerS: t.tier.interactivityTokPerS,
      priceUsdPerMTokOut: t.tier.priceUsdPerMTokOut,
    })),
  };
}

/** Every output table, rows in replication order: what `run` writes, and `merge` from shards. */
export function assembleTables(replications: readonly ReplicationTables[], fromPlan: PlanTables): RunTables {
  return {
    utilization: replications.flatMap((r) => r.utilization),
    power: replications.flatMap((r) => r.power),
    revenue: replications.flatMap((r) => r.revenue),
    revenueIntervals: replications.flatMap((r) => r.revenueIntervals),
    summary: summarize(replications),
    chart: fromPlan.chart,
    tierTargets: fromPlan.tierTargets,
  };
}

/** The token-factory chart of each tier's decode hardware and model, from the fluid model. */
function factoryChart(plan: FactoryPlan): FactoryChartCsvRow[] {
  const rows: FactoryChartCsvRow[] = [];
  for (const t of plan.tiers) {
    const workload = {
      meanPromptTokens: t.meanSize.promptTokens,
      meanOutputTokens: t.meanSize.outputTokens,
      prefixCacheHitFraction: t.meanSize.promptTokens > 0 ? t.meanSize.cachedPromptTokens / t.meanSize.promptTokens : 0,
    };
    // The decode instance as planned (one rack kind, or a Rubin + LPX attention–FFN pair).
    const fluid = FluidModel.fromProfile(t.decode.profile, t.llm, workload, { pue: t.decode.pue, performance: t.decode.performance });
    for (const p of fluid.curve(48)) {
      rows.push({
        tier: t.tier.id,
        rack: t.decode.profile.label,
        model: t.llm.id,
        interactivityTokPerS: p.interactivityTokPerS,
        outputTokPerSPerMw: p.outputTokPerSPerMw,
        batch: p.batch,
      });
    }
  }
  return rows;
}
