// `npm run bench -- engine`: the event kernel's speed (hold model, M/M/1), SimPy 3 on the same
// M/M/1 in the same run, and memory. Every measurement runs in a fresh Node process (engine/probe.ts).
import { EVENT_SET_KINDS, type EventSetKind } from '../engine/events/event-set.js';
import { parseCount, parseCountList, parseStringOptions, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runNodeTask } from './support/child.js';
import { median, significant } from './support/stats.js';
import type { HoldSample, MemorySample, MM1Sample, ProbeTask } from './engine/probe.js';
import { THEORETICAL_MEAN_WAIT_S } from './engine/mm1.js';
import { findSimPyPython, runSimPyMM1, type SimPyRun } from './engine/simpy.js';

const EVENT_SETS: readonly EventSetKind[] = EVENT_SET_KINDS;
/** Simulation's default event set: the one the M/M/1 target, SimPy ratio and memory figures use. */
const DEFAULT_EVENT_SET: EventSetKind = 'quaternary-heap';
const PROBE = new URL('./engine/probe.js', import.meta.url);

const USAGE = `npm run bench -- engine [options]
  --customers N         M/M/1 customers per run (default 1e6)
  --repeats K           runs per figure; figures are medians (default 5)
  --simpy-customers N   customers per SimPy run, 0 to skip SimPy (default min(customers, 2e5))
  --pending LIST        pending-event counts of the hold model (default 1e3,1e4,1e5,1e6)
  --holds N             timed holds per sample (default 1e6)
  --seed N              base seed (default 1)`;

interface EngineOptions {
  customers: number;
  repeats: number;
  simpyCustomers: number;
  pendings: number[];
  holds: number;
  seed: number;
}

function parseOptions(args: string[]): EngineOptions {
  const values = parseStringOptions(args, ['customers', 'repeats', 'simpy-customers', 'pending', 'holds', 'seed']);
  const customers = parseCount('customers', values.customers, 1e6);
  return {
    customers,
    repeats: parseCount('repeats', values.repeats, 5),
    simpyCustomers: parseCount('simpy-customers', values['simpy-customers'], Math.min(customers, 2e5), 0),
    pendings: parseCountList('pending', values.pending, [1e3, 1e4, 1e5, 1e6]),
    holds: parseCount('holds', values.holds, 1e6),
    seed: parseCount('seed', values.seed, 1, 0),
  };
}

interface Target {
  name: string;
  target: string;
  /** from wall-clock medians: what the target is judged on */
  value: number | null;
  met: boolean | null;
  /** the same figure from CPU time, steadier than wall time when other jobs share the machine */
  cpuValue?: number | null;
}

function atMost(name: string, limit: number, value: number | undefined, unit: string, cpuValue?: number): Target {
  return { name, target: `≤ ${limit} ${unit}`, value: value ?? null, met: value === undefined ? null : value <= limit, cpuValue: cpuValue ?? null };
}

function atLeast(name: string, limit: number, value: number | null | undefined, unit: string, cpuValue?: number): Target {
  const known = value === null || value === undefined ? undefined : value;
  return { name, target: `≥ ${limit} ${unit}`, value: known ?? null, met: known === undefined ? null : known >= limit, cpuValue: cpuValue ?? null };
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const { repeats, seed } = options;
  const simpyPython = options.simpyCustomers > 0 ? await findSimPyPython() : { python: null, reason: 'skipped (--simpy-customers 0)' };

  // Rounds are interleaved (every measurement once per round) so that load from other users of the
  // machine spreads evenly over the figures that get compared.
  const apiSamples = new Map<EventSetKind, HoldSample[]>(EVENT_SETS.map((e) => [e, []]));
  const bareSamples = new Map<EventSetKind, HoldSample[]>(EVENT_SETS.map((e) => [e, []]));
  const mm1Samples = new Map<EventSetKind, MM1Sample[]>(EVENT_SETS.map((e) => [e, []]));
  const simpyRuns: SimPyRun[] = [];
  const holdTask = { pendings: options.pendings, holds: options.holds, seed };
  for (let round = 0; round < repeats; round++) {
    progress(`engine: round ${round + 1} of ${repeats}`);
    for (const eventSet of EVENT_SETS) {
      apiSamples.get(eventSet)!.push(...(await runNodeTask<HoldSample[]>(PROBE, { kind: 'hold', kernel: eventSet, ...holdTask } satisfies ProbeTask)));
      // As the kernel does it: with hold fusion, each hold is one replaceTop.
      const bareTask: ProbeTask = { kind: 'event-set-hold', eventSet, replaceTop: true, ...holdTask };
      bareSamples.get(eventSet)!.push(...(await runNodeTask<HoldSample[]>(PROBE, bareTask)));
      const mm1Task: ProbeTask = { kind: 'mm1', kernel: eventSet, customers: options.customers, seed };
      mm1Samples.get(eventSet)!.push(await runNodeTask<MM1Sample>(PROBE, mm1Task));
    }
    if (simpyPython.python) simpyRuns.push(await runSimPyMM1(simpyPython.python, options.simpyCustomers, seed));
  }
  const memoryTask: ProbeTask = {
    kind: 'memory',
    kernel: DEFAULT_EVENT_SET,
    pendings: options.pendings,
    customers: [...new Set([Math.min(1e5, options.customers), options.customers])],
    seed,
  };
  progress('engine: memory');
  const memory = await runNodeTask<MemorySample[]>(PROBE, memoryTask, ['--expose-gc']);
  progress('');

  const hold = EVENT_SETS.flatMap((eventSet) =>
    options.pendings.map((pending) => {
      const api = apiSamples.get(eventSet)!.filter((s) => s.pending === pending);
      const bare = bareSamples.get(eventSet)!.filter((s) => s.pending === pending);
      return {
        pending,
        eventSet,
        nsPerHold: significant(median(api.map((s) => s.nsPerHold)), 3),
        cpuNsPerHold: significant(median(api.map((s) => s.cpuNsPerHold)), 3),
        /** the same hold on the bare event set, one replaceTop per hold (what the kernel's hold fusion does) */
        eventSetNsPerHold: significant(median(bare.map((s) => s.nsPerHold)), 3),
        eventSetCpuNsPerHold: significant(median(bare.map((s) => s.cpuNsPerHold)), 3),
        scavengesPerMillionHolds: significant(median(api.map((s) => s.scavengesPerMillion)), 3),
        samplesNsPerHold: api.map((s) => significant(s.nsPerHold, 3)),
      };
    }),
  );

  const mm1Figures = (eventSet: EventSetKind) => {
    const samples = mm1Samples.get(eventSet)!;
    const wallS = median(samples.map((s) => s.wallS));
    return {
      eventSet,
      customers: options.customers,
      wallS: significant(wallS),
      customersPerS: significant(options.customers / wallS),
      eventsPerS: significant(samples[0].events / wallS),
      /** CPU time of the run: steadier than wallS when other jobs share the machine */
      cpuS: significant(median(samples.map((s) => s.cpuS))),
      meanWait: significant(median(samples.map((s) => s.meanWait))),
      theoreticalMeanWait: THEORETICAL_MEAN_WAIT_S,
      scavengesPerMillionEvents: significant(median(samples.map((s) => s.scavengesPerMillionEvents)), 3),
      samplesCustomersPerS: samples.map((s) => significant(s.customers / s.wallS)),
    };
  };
  const mm1 = mm1Figures(DEFAULT_EVENT_SET);
  /** The same M/M/1 on the other event sets, in the same rounds. */
  const mm1OtherEventSets = EVENT_SETS.filter((e) => e !== DEFAULT_EVENT_SET).map(mm1Figures);

  let simpy = null;
  if (simpyRuns.length > 0) {
    const wallS = median(simpyRuns.map((s) => s.wallS));
    simpy = {
      python: simpyPython.python,
      simpyVersion: simpyRuns[0].simpyVersion,
      customers: options.simpyCustomers,
      wallS: significant(wallS),
      cpuS: significant(median(simpyRuns.map((s) => s.cpuS))),
      customersPerS: significant(options.simpyCustomers / wallS),
      meanWait: significant(median(simpyRuns.map((s) => s.meanWait))),
      samplesCustomersPerS: simpyRuns.map((s) => significant(s.customersPerS)),
    };
  }
  const simpyRatio = simpy ? significant(mm1.customersPerS / simpy.customersPerS, 3) : null;
  /** the same ratio from CPU time (customers per CPU-second) */
  const simpyCpuRatio = simpy ? significant(options.customers / mm1.cpuS / (options.simpyCustomers / simpy.cpuS), 3) : null;

  const holdEntry = (pending: number, eventSet: EventSetKind) => hold.find((h) => h.pending === pending && h.eventSet === eventSet);
  const holdAt = (pending: number, eventSet: EventSetKind) => holdEntry(pending, eventSet)?.nsPerHold;
  const customersPerCpuS = significant(options.customers / mm1.cpuS);
  const targets: Target[] = [
    atLeast(`M/M/1 customers/s (${options.customers} customers)`, 5e6, mm1.customersPerS, 'customers/s', customersPerCpuS),
    atLeast('M/M/1 speed-up over SimPy 3 (customers/s)', 30, simpyRatio, 'x', simpyCpuRatio ?? undefined),
    ...EVENT_SETS.flatMap((eventSet) => [
      atMost(`hold ns at 1e4 pending (${eventSet})`, 200, holdAt(1e4, eventSet), 'ns', holdEntry(1e4, eventSet)?.cpuNsPerHold),
      atMost(`hold ns at 1e6 pending (${eventSet})`, 600, holdAt(1e6, eventSet), 'ns', holdEntry(1e6, eventSet)?.cpuNsPerHold),
    ]),
  ];

  const largestHold = memory.filter((m) => m.what === 'hold').reduce((a, b) => (b.size > a.size ? b : a));
  const result = {
    options,
    hold,
    mm1,
    mm1OtherEventSets,
    simpy,
    ...(simpy ? {} : { simpyNote: 'reason' in simpyPython ? simpyPython.reason : 'SimPy not run' }),
    simpyRatio,
    simpyCpuRatio,
    memory: {
      eventSet: DEFAULT_EVENT_SET,
      afterLargestHold: {
        ...largestHold,
        bytesPerPendingEvent: Math.round((largestHold.retainedMiB * 2 ** 20) / largestHold.size),
      },
      samples: memory,
    },
    targets,
  };

  const holdLine = EVENT_SETS.map((eventSet) => `${eventSet} ${options.pendings.map((p) => holdAt(p, eventSet)).join('/')}`).join(', ');
  const met = targets.filter((t) => t.met === true).length;
  const summary =
    `engine: M/M/1 ${(mm1.customersPerS / 1e6).toFixed(2)} M customers/s (${options.customers} customers, ${DEFAULT_EVENT_SET}` +
    mm1OtherEventSets.map((m) => `; ${m.eventSet} ${(m.customersPerS / 1e6).toFixed(2)} M/s`).join('') +
    ')' +
    (simpyRatio === null ? ', SimPy not run' : `, ${simpyRatio}x SimPy`) +
    `; hold ns at ${options.pendings.map((p) => p.toExponential(0)).join('/')} pending: ${holdLine}` +
    `; targets met ${met}/${targets.length}`;
  return { result, summary };
}

export const benchmark: Benchmark = {
  description: 'event kernel: hold model at 1e3..1e6 pending, M/M/1, SimPy 3 on the same M/M/1, memory',
  usage: USAGE,
  run,
};
