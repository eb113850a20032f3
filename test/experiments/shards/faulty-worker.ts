import runReplicationJob, { type ReplicationJob } from '../../../experiments/run/replication-worker.js';
import type { ReplicationTables } from '../../../experiments/run/replication-task.js';

/** A replication worker with faults on purpose: replication 1 throws, replication 2 kills its thread. */
export default function faultyReplicationJob(job: ReplicationJob): ReplicationTables {
  if (job.replication === 1) throw new RangeError('injected failure in replication 1');
  if (job.replication === 2) process.exit(3);
  return runReplicationJob(job);
}
