import { cachedPlan, replicationTables } from '../run/replication-task.js';
import { replicationMetrics, type MetricValue } from '../run/summarize.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';

export interface SweepJob {
  /** identifies the point, so a thread plans it once for all its replications */
  runKey: string;
  scenario: FactoryScenario;
  replication: number;
}

/**
 * One replication of one sweep point, reduced to its metrics: a sweep keeps only these, so workers
 * send back a few dozen numbers instead of the replication's tables. Runs as a Piscina task, and in
 * the calling thread when there is one thread.
 */
export default function runSweepJob(job: SweepJob): MetricValue[] {
  return replicationMetrics(replicationTables(cachedPlan(job.runKey, job.scenario), job.replication));
}
