import type { ReportMeta } from '../report/build-report.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import type { ReplicationTables } from './replication-task.js';
import type { RunTables } from '../output/rows.js';

/**
 * run.json: deterministic (same scenario and seed ⇒ same bytes), so it depends only on the scenario,
 * the version and the replications; what varies between runs (wall time, threads, date) goes to
 * timing.json. `run` and `merge` both build it here, so a merged run's run.json is the same file.
 */
export function runMetadata(
  file: ScenarioFile,
  version: string,
  replications: readonly ReplicationTables[],
  tierTargets: RunTables['tierTargets'],
): object {
  return {
    tool: 'tokenfactory',
    version,
    scenario: file.name,
    seed: file.simulation.seed,
    replications: file.simulation.replications,
    simulatedRequests: replications.reduce((s, r) => s + r.simulatedRequests, 0),
    eventsProcessed: replications.reduce((s, r) => s + r.eventsProcessed, 0),
    /** each tier's targets as planned (catalog defaults filled): what `tokenfactory report` marks on the charts */
    tierTargets,
  };
}

/** The header of the charts and report.html. */
export function reportMeta(file: ScenarioFile, version: string): ReportMeta {
  return { scenarioName: file.name, description: file.description, seed: file.simulation.seed, replications: file.simulation.replications, version };
}
