import { ReplicationsFailedError } from '../run/run-errors.js';
import { runReplications } from '../run/run-replications.js';
import { replicationMetrics, type MetricValue } from '../run/summarize.js';
import type { PreparedVariant } from './prepare-variants.js';

/** One variant's outcome: every metric of every replication, in replication order. */
export interface VariantResult {
  name: string;
  label: string;
  /** replications[r] holds replication r's metrics (replicationMetrics' order) */
  replications: MetricValue[][];
  simulatedRequests: number;
}

export interface RunVariantsOptions {
  threads?: number;
  /** after each replication: the variant's index, and how many of its replications are done */
  onProgress?: (variant: number, done: number, total: number) => void;
}

/**
 * Runs replications 0 … R−1 of every variant, one variant after the other. Replication r of every
 * variant draws from the same random streams (they derive from the shared seed, r and the stream's
 * name), so the variants' differences are paired: common random numbers. Only the metrics are kept,
 * so memory does not grow with the run's length. Throws ReplicationsFailedError on a failure.
 */
export async function runVariants(variants: readonly PreparedVariant[], options: RunVariantsOptions = {}): Promise<VariantResult[]> {
  const results: VariantResult[] = [];
  for (const [index, v] of variants.entries()) {
    const indices = Array.from({ length: v.file.simulation.replications }, (_, r) => r);
    const { completed, failures } = await runReplications(v.plan, indices, {
      threads: options.threads,
      onProgress: options.onProgress && ((done, total) => options.onProgress!(index, done, total)),
    });
    if (failures.length > 0) throw new ReplicationsFailedError(`${v.file.name} (variant ${v.name})`, failures);
    results.push({
      name: v.name,
      label: v.label,
      replications: completed.map(replicationMetrics),
      simulatedRequests: completed.reduce((s, r) => s + r.simulatedRequests, 0),
    });
  }
  return results;
}
