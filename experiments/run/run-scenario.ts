import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { FluidModel } from '../../models/performance/fluid-capacity.js';
import type { FactoryChartCsvRow, RunTables } from '../output/rows.js';
import { replicationTables, type ReplicationTables } from './replication-task.js';
import type { ReplicationJob } from './replication-worker.js';
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
 * the output tables in replication order: the result is the same for any thread count.
 */
export async function runScenario(scenario: FactoryScenario, options: RunOptions = {}): Promise<RunResult> {
  const plan = planFactory(scenario, defaultCatalog());
  const total = scenario.simulation.replications;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), total));
  const results: ReplicationTables[] = new Array(total);
  let done = 0;
  const finish = (r: ReplicationTables): void => {
    results[r.replication] = r;
    options.onProgress?.(++done, total);
  };
  if (threads === 1) {
    for (let replication = 0; replication < total; replication++) finish(replicationTables(plan, replication));
  } else {
    const pool = createPool(threads);
    const runKey = `${scenario.name}|${process.pid}|${Date.now()}`;
    try {
      await Promise.all(
        Array.from({ length: total }, (_, replication) =>
          pool.run({ runKey, scenario, replication } satisfies ReplicationJob).then((r: ReplicationTables) => finish(r)),
        ),
      );
    } finally {
      await pool.destroy();
    }
  }
  return assemble(plan, results);
}

function createPool(threads: number): Piscina {
  // Compiled runs load the .js worker; tests run the TypeScript sources, whose worker needs tsx.
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(`./replication-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  return new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    ...(fromSource ? { execArgv: ['--import', import.meta.resolve('tsx')] } : {}),
  });
}

function assemble(plan: FactoryPlan, replications: ReplicationTables[]): RunResult {
  const tables: RunTables = {
    utilization: replications.flatMap((r) => r.utilization),
    power: replications.flatMap((r) => r.power),
    revenue: replications.flatMap((r) => r.revenue),
    revenueIntervals: replications.flatMap((r) => r.revenueIntervals),
    summary: summarize(replications),
    chart: factoryChart(plan),
    tierTargets: plan.tiers.map((t) => ({
      tier: t.tier.id,
      interactivityTokPerS: t.tier.interactivityTokPerS,
      priceUsdPerMTokOut: t.tier.priceUsdPerMTokOut,
    })),
  };
  return {
    plan,
    replications,
    tables,
    eventsProcessed: replications.reduce((s, r) => s + r.eventsProcessed, 0),
    simulatedRequests: replications.reduce((s, r) => s + r.simulatedRequests, 0),
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
