/**
 * tokenfactory as a library: the same functions the CLI uses.
 *
 *   const { scenario } = await loadScenario('my.json', defaultCatalog());
 *   const result = await runScenario(scenario, { threads: 2 });
 */
export { Simulation, type EventHandle, type EventHandler, type SimulationOptions } from './engine/simulation.js';
export { RandomStreams, SeededStream, type RandomSource } from './engine/random/random-source.js';
export { defaultCatalog, extendCatalog, getLlm, getRack, getTier } from './models/catalog/catalog.js';
export type { Catalog, LlmSpec, RackSpec, TierSpec } from './models/catalog/types.js';
export { planFactory, type FactoryPlan, type TierPlan } from './models/factory/plan.js';
export { runReplication, type ReplicationResult } from './models/factory/replication.js';
export type { FactoryScenario } from './models/factory/scenario.js';
export { FluidCapacityModel, FluidModel, tokenFactoryCurve } from './models/performance/fluid-capacity.js';
export { loadScenario, parseScenario, resolveScenario, type LoadedScenario } from './experiments/scenario/load-scenario.js';
export { scenarioFileSchema, type ScenarioFile } from './experiments/scenario/scenario-schema.js';
export { runScenario, type RunOptions, type RunResult } from './experiments/run/run-scenario.js';
export { writeRunTables } from './experiments/output/write-run.js';
export type { RunTables, SummaryCsvRow } from './experiments/output/rows.js';
export * as distributions from './engine/random/distributions/index.js';
export * as statistics from './engine/stats/index.js';
