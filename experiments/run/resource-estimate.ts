import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { FactoryPlan } from '../../models/factory/plan.js';
import { InputError } from '../errors.js';

/**
 * What a run will need before it starts, from its plan: a pre-flight check so that a scenario that
 * would exhaust memory or disk is refused in a second with an estimate, not after hours. Nothing in a
 * replication keeps a record per request (latency quantiles are sketches, requests reuse slab slots),
 * so what grows with a scenario is:
 *  - output rows: per replication, (durationS − warmupS) / intervalS intervals × (a utilisation row
 *    per rack group, a power row, a revenue row per tier); the main thread holds every replication's
 *    rows until the CSVs are written, and each replication is saved as one JSON file (one string);
 *  - the simulated slice: instances × sampleFraction, each with its batch and queue of requests in
 *    flight, on every worker thread at once; trace rows, copied to each worker.
 * The constants are measured orders of magnitude (heap around one replication; the file sizes are
 * checked against real ones in test/reliability/limits.test.ts), on the generous side: the check is
 * for scenarios off by factors of 100, not 10%.
 */

/** JS heap per output row held in memory (a row object of ~14 fields and its strings). */
const HEAP_BYTES_PER_ROW = 300;
/** characters per row in a saved replication file (JSON with field names) */
const JSON_CHARS_PER_ROW = 250;
/** bytes per row in the CSVs */
const CSV_BYTES_PER_ROW = 120;
/** heap of one simulated instance without its requests (measured 10–17 KB) */
const HEAP_BYTES_PER_INSTANCE = 16 * 1024;
/** heap of one request in flight (a slab row, its object, queue and heap slots) */
const HEAP_BYTES_PER_REQUEST = 200;
/** heap per trace row on a worker: times, prompt, output and cached tokens as doubles */
const HEAP_BYTES_PER_TRACE_ROW = 32;
/** a process (or worker thread) may be planned to use this share of its heap limit */
const HEAP_SHARE = 0.5;
/** V8's longest string (2^29 − 24 characters on 64-bit): a saved replication is one */
const MAX_STRING_CHARS = 2 ** 29 - 24;

export interface ResourceEstimate {
  /** replications whose rows this process holds at once */
  replications: number;
  intervalsPerReplication: number;
  utilizationRowsPerReplication: number;
  rowsPerReplication: number;
  /** every output row of the replications this process holds */
  rows: number;
  /** heap of the rows held by the main thread before the CSVs are written */
  mainHeapBytes: number;
  /** one saved replication file, characters */
  savedReplicationChars: number;
  /** the CSVs and the saved replications together on disk, bytes */
  diskBytes: number;
  simulatedInstances: number;
  /** requests in flight at most, over every tier, in one replication */
  requestsInFlight: number;
  /** requests one replication simulates (arrivals over the whole run, warm-up included): its run time */
  simulatedRequestsPerReplication: number;
  /** heap of one replication on its worker thread */
  workerHeapBytes: number;
}

export interface ResourceLimits {
  /** heap limit of the main thread and of each worker, bytes */
  heapBytes: number;
  /** free space where the outputs go, bytes; undefined when unknown */
  freeDiskBytes?: number;
  /** longest string, characters */
  maxStringChars: number;
}

/** Estimates what running `replications` replications of `plan` in one process needs. */
export function estimateResources(plan: FactoryPlan, replications: number): ResourceEstimate {
  const sim = plan.scenario.simulation;
  const intervals = Math.max(0, Math.floor((sim.durationS - sim.warmupS) / sim.intervalS));
  const tiers = plan.tiers.length;
  const rackGroups = plan.tiers.reduce((n, t) => n + (t.prefill ? 2 : 1), 0);
  const utilizationRows = intervals * rackGroups;
  const rowsPerReplication = utilizationRows + intervals /* power */ + intervals * tiers /* revenue-intervals */ + tiers /* revenue */;
  const rows = rowsPerReplication * replications;

  let instances = 0;
  let requestsInFlight = 0;
  let traceRows = 0;
  for (const t of plan.tiers) {
    const decode = t.decode.instancesSimulated;
    const prefill = t.prefill?.instancesSimulated ?? 0;
    instances += decode + prefill;
    const arrivalRatePerS = t.arrivalsSimulated === undefined ? 0 : t.demandRequestsPerSFull / t.scale;
    // queued requests: at most the queue limit, and at most what arrives within the queue timeout
    const admission = t.scenario.admission;
    const queued = Math.min(admission.maxQueuePerInstance * decode, arrivalRatePerS * admission.queueTimeoutS);
    requestsInFlight += decode * t.batchCap + prefill + queued;
    const { sizes, arrivals } = t.scenario.demand;
    if (sizes.kind === 'trace') traceRows += sizes.promptTokens.length;
    if (arrivals.kind === 'trace-replay') traceRows += arrivals.timesS.length;
  }
  const workerHeapBytes =
    instances * HEAP_BYTES_PER_INSTANCE +
    requestsInFlight * HEAP_BYTES_PER_REQUEST +
    traceRows * HEAP_BYTES_PER_TRACE_ROW +
    rowsPerReplication * HEAP_BYTES_PER_ROW;
  return {
    replications,
    intervalsPerReplication: intervals,
    utilizationRowsPerReplication: utilizationRows,
    rowsPerReplication,
    rows,
    mainHeapBytes: rows * HEAP_BYTES_PER_ROW,
    savedReplicationChars: rowsPerReplication * JSON_CHARS_PER_ROW,
    diskBytes: rows * (CSV_BYTES_PER_ROW + JSON_CHARS_PER_ROW),
    simulatedInstances: instances,
    requestsInFlight,
    simulatedRequestsPerReplication: plan.tiers.reduce((sum, t) => sum + (t.demandRequestsPerSFull / t.scale) * plan.scenario.simulation.durationS, 0),
    workerHeapBytes,
  };
}

/**
 * Simulated requests per second of one thread, an order of magnitude for time estimates (measured
 * 0.4–0.7 M on this project's 2-core test machine, BENCHMARKS.md, Factory).
 */
export const TYPICAL_REQUESTS_PER_S_PER_THREAD = 5e5;

/** A run this long per replication gets a note before it starts (it is not refused: it is only slow). */
const NOTE_ABOVE_S_PER_REPLICATION = 600;

/** One line on how long a replication will take, when that is long enough to say; else undefined. */
export function durationNote(estimate: ResourceEstimate): string | undefined {
  const seconds = estimate.simulatedRequestsPerReplication / TYPICAL_REQUESTS_PER_S_PER_THREAD;
  if (!(seconds > NOTE_ABOVE_S_PER_REPLICATION)) return undefined;
  return (
    `note: each replication simulates ~${formatCount(estimate.simulatedRequestsPerReplication)} requests, ` +
    `roughly ${formatCount(Math.round(seconds / 60))} min per replication per thread; a smaller simulation.sampleFraction or durationS shortens it`
  );
}

/**
 * Refuses an estimate beyond the limits with one line that starts with the scenario field most to
 * blame and says what to change. A non-finite estimate (a count that overflowed) is refused too.
 */
export function checkResources(plan: FactoryPlan, estimate: ResourceEstimate, limits: ResourceLimits): void {
  const sim = plan.scenario.simulation;
  const heapBudget = limits.heapBytes * HEAP_SHARE;
  /** the field furthest from its default, in proportion (replications only where they count) */
  const rowsBlame = (countReplications = true): string => {
    const window = sim.durationS - sim.warmupS;
    const candidates: [string, number, string][] = [
      ['simulation.durationS', window / 480, `${formatNumber(sim.durationS)} s`],
      ['simulation.intervalS', 60 / sim.intervalS, `${formatNumber(sim.intervalS)} s`],
      ...(countReplications ? [['simulation.replications', estimate.replications / 4, `${estimate.replications} replications`] as [string, number, string]] : []),
    ];
    const [path, , value] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
    return `${path}: ${value}`;
  };
  const what =
    `(${formatCount(estimate.intervalsPerReplication)} intervals of ${formatNumber(sim.intervalS)} s × ${formatCount(estimate.replications)} ` +
    `replication${estimate.replications === 1 ? '' : 's'}) would make ~${formatCount(estimate.rows)} output rows ` +
    `(~${formatCount(estimate.utilizationRowsPerReplication * estimate.replications)} of them in utilization.csv)`;
  const fix = 'shorten simulation.durationS, lengthen simulation.intervalS or run fewer replications (--replications, or --shard to split the run)';

  if (!(estimate.savedReplicationChars <= limits.maxStringChars / 2)) {
    throw new InputError(
      `${rowsBlame(false)} (${formatCount(estimate.intervalsPerReplication)} intervals of ${formatNumber(sim.intervalS)} s) would make ` +
        `~${formatCount(estimate.rowsPerReplication)} rows per replication (~${formatBytes(estimate.savedReplicationChars)} ` +
        'saved per replication), more than one replication can hold; shorten simulation.durationS or lengthen simulation.intervalS',
    );
  }
  if (!(estimate.mainHeapBytes <= heapBudget)) {
    throw new InputError(
      `${rowsBlame()} ${what}, ~${formatBytes(estimate.mainHeapBytes)} in memory, over the ~${formatBytes(heapBudget)} ` +
        `this process can use; ${fix}`,
    );
  }
  if (!(estimate.workerHeapBytes <= heapBudget)) {
    const fraction = sim.sampleFraction;
    throw new InputError(
      `simulation.sampleFraction: ${fraction} of the factory is ${formatCount(estimate.simulatedInstances)} simulated instances ` +
        `with up to ~${formatCount(estimate.requestsInFlight)} requests in flight (~${formatBytes(estimate.workerHeapBytes)} per worker ` +
        `thread), over the ~${formatBytes(heapBudget)} a thread can use; lower sampleFraction (results are scaled back) or the ` +
        'admission queue limits (tiers[i].admission)',
    );
  }
  if (limits.freeDiskBytes !== undefined && !(estimate.diskBytes <= limits.freeDiskBytes)) {
    throw new InputError(
      `${rowsBlame()} ${what}, ~${formatBytes(estimate.diskBytes)} on disk with the saved replications, but only ` +
        `${formatBytes(limits.freeDiskBytes)} are free there; ${fix}, or write elsewhere (--out)`,
    );
  }
}

/** This process's limits: its heap limit, V8's longest string, and the free space where `outDir` goes. */
export async function currentLimits(outDir: string): Promise<ResourceLimits> {
  return { heapBytes: getHeapStatistics().heap_size_limit, maxStringChars: MAX_STRING_CHARS, freeDiskBytes: await freeBytes(outDir) };
}

/** Estimates and checks a run before it starts (throws InputError); returns the estimate. */
export async function preflight(plan: FactoryPlan, replications: number, outDir: string): Promise<ResourceEstimate> {
  const estimate = estimateResources(plan, replications);
  checkResources(plan, estimate, await currentLimits(outDir));
  return estimate;
}

/** Free bytes on the file system of `path` (or of its nearest existing parent); undefined if unknown. */
async function freeBytes(path: string): Promise<number | undefined> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      const info = await statfs(dir);
      return info.bavail * info.bsize;
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
}

/** A scenario's number as written, in exponent form when long (1e9, not 1000000000). */
function formatNumber(n: number): string {
  return Math.abs(n) >= 1e6 ? n.toExponential().replace('e+', 'e') : String(n);
}

/** 4.2e9, 380,000 or 12: counts as a reader takes them in at a glance. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) < 1e6) return Math.round(n).toLocaleString('en-US');
  return n.toExponential(1).replace('e+', 'e');
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === units.length - 1 && value >= 1000) return `${formatCount(bytes / 1e15)} PB`;
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
