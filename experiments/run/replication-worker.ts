import type { FactoryScenario } from '../../models/factory/scenario.js';
import { cachedPlan, replicationTables, type ReplicationTables } from './replication-task.js';

export interface ReplicationJob {
  /** identifies the scenario, so a thread plans it once and reuses the plan */
  runKey: string;
  scenario: FactoryScenario;
  replication: number;
}

/** Piscina task: one whole replication (tens of ms or more, so dispatch cost is negligible). */
export default function runReplicationJob(job: ReplicationJob): ReplicationTables {
  return replicationTables(cachedPlan(job.runKey, job.scenario), job.replication);
}
