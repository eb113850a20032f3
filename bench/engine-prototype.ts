// `npm run bench -- engine-prototype`: measures kernel variants against the engine's Simulation, in
// the same run and on the same models, after checking that each variant fires events in exactly the
// engine's order: the prototypes of bench/prototypes/ (the engine without one of its changes, to
// show what that change gains), the other event sets, and optionally an older build (`--compare`).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchmarkUsageError, parseStringOptions, parseCount, parseCountList, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runNodeTask } from './support/child.js';
import { median, significant } from './support/stats.js';
import type { HoldSample, MM1Sample, ProbeTask } from './engine/probe.js';
import type { EventSetName, KernelName } from './engine/kernels.js';
import { firingTrace, firstDifference } from './prototypes/order-check.js';

const PROBE = new URL('./engine/probe.js', import.meta.url);
const BASELINE: KernelName = 'quaternary-heap';
/** `unfused-prototype`: the engine without hold fusion (bench/prototypes/unfused-simulation.ts). */
const KERNELS: KernelName[] = [BASELINE, 'unfused-prototype', 'calendar-queue', 'unfused-prototype/calendar-queue'];
/** Bare event sets, each with a pop and a push per hold, and with one replaceTop (`+replace-top`). */
const EVENT_SETS: EventSetName[] = ['quaternary-heap', 'calendar-queue'];
type BareVariant = EventSetName | `${EventSetName}+replace-top`;
const BARE_VARIANTS: { name: BareVariant; eventSet: EventSetName; replaceTop: boolean }[] = EVENT_SETS.flatMap((eventSet) => [
  { name: eventSet, eventSet, replaceTop: false },
  { name: `${eventSet}+replace-top` as const, eventSet, replaceTop: true },
]);
/** The variant name of the build given by --compare: its 4-ary heap kernel. */
const COMPARED = 'compared-build';
const ORDER_SEEDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

const USAGE = `npm run bench -- engine-prototype [options]
  --repeats K      rounds; figures are medians (default 5)
  --pending LIST   pending-event counts of the hold model (default 1e3,1e4,1e5,1e6)
  --holds N        timed holds per sample (default 1e6)
  --customers N    M/M/1 customers per run (default 1e6)
  --compare DIR    also time the 4-ary heap kernel of the build in DIR/dist (e.g. an older commit:
                   git archive <rev> | tar -x -C DIR; ln -s $PWD/node_modules DIR; cd DIR && npx tsc)`;

function parseOptions(args: string[]) {
  const values = parseStringOptions(args, ['repeats', 'pending', 'holds', 'customers', 'compare']);
  let compare: string | null = null;
  if (values.compare !== undefined) {
    compare = resolve(values.compare);
    if (!existsSync(join(compare, 'dist', 'bench', 'engine', 'probe.js'))) {
      throw new BenchmarkUsageError(`--compare: ${compare}/dist/bench/engine/probe.js not found (compile that tree with tsc first)`);
    }
  }
  return {
    repeats: parseCount('repeats', values.repeats, 5),
    pendings: parseCountList('pending', values.pending, [1e3, 1e4, 1e5, 1e6]),
    holds: parseCount('holds', values.holds, 1e6),
    customers: parseCount('customers', values.customers, 1e6),
    compare,
    seed: 1,
  };
}

/** Each variant must fire the engine's events in the engine's order, on every seed. */
function checkOrder(): Record<string, boolean> {
  const identical: Record<string, boolean> = {};
  for (const kernel of KERNELS.filter((k) => k !== BASELINE)) {
    identical[kernel] = ORDER_SEEDS.every((seed) => firstDifference(firingTrace(BASELINE, seed), firingTrace(kernel, seed)) < 0);
  }
  return identical;
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const orderMatchesEngine = checkOrder();
  const failed = Object.entries(orderMatchesEngine).filter(([, same]) => !same);
  if (failed.length > 0) throw new Error(`variants fire events out of the engine's order: ${failed.map(([k]) => k).join(', ')}`);

  // Each variant: its name, the probe that runs it and the kernel name that probe knows it by.
  const variants: { name: string; probe: URL; kernel: KernelName }[] = KERNELS.map((kernel) => ({ name: kernel, probe: PROBE, kernel }));
  if (options.compare) {
    variants.push({ name: COMPARED, probe: pathToFileURL(join(options.compare, 'dist', 'bench', 'engine', 'probe.js')), kernel: BASELINE });
  }
  const holdTask = { pendings: options.pendings, holds: options.holds, seed: options.seed };
  const api = new Map<string, HoldSample[]>(variants.map((v) => [v.name, []]));
  const bare = new Map<string, HoldSample[]>(BARE_VARIANTS.map((v) => [v.name, []]));
  const mm1 = new Map<string, MM1Sample[]>(variants.map((v) => [v.name, []]));
  // Rounds are interleaved (every measurement once per round) so that load from other users of the
  // machine spreads evenly over the figures that get compared.
  for (let round = 0; round < options.repeats; round++) {
    progress(`engine-prototype: round ${round + 1} of ${options.repeats}`);
    for (const { name, probe, kernel } of variants) {
      api.get(name)!.push(...(await runNodeTask<HoldSample[]>(probe, { kind: 'hold', kernel, ...holdTask } satisfies ProbeTask)));
      mm1.get(name)!.push(await runNodeTask<MM1Sample>(probe, { kind: 'mm1', kernel, customers: options.customers, seed: options.seed } satisfies ProbeTask));
    }
    for (const { name, eventSet, replaceTop } of BARE_VARIANTS) {
      bare.get(name)!.push(...(await runNodeTask<HoldSample[]>(PROBE, { kind: 'event-set-hold', eventSet, replaceTop, ...holdTask } satisfies ProbeTask)));
    }
  }

  progress('');
  const holdFigures = (samples: Map<string, HoldSample[]>, baseline: string) =>
    options.pendings.flatMap((pending) => {
      const at = (name: string) => samples.get(name)!.filter((s) => s.pending === pending);
      const baseNs = median(at(baseline).map((s) => s.nsPerHold));
      const baseCpuNs = median(at(baseline).map((s) => s.cpuNsPerHold));
      return [...samples.keys()].map((name) => {
        const nsPerHold = median(at(name).map((s) => s.nsPerHold));
        const cpuNsPerHold = median(at(name).map((s) => s.cpuNsPerHold));
        return {
          pending,
          variant: name,
          nsPerHold: significant(nsPerHold, 3),
          cpuNsPerHold: significant(cpuNsPerHold, 3),
          /** baseline time / this time, wall and CPU */
          speedup: significant(baseNs / nsPerHold, 3),
          cpuSpeedup: significant(baseCpuNs / cpuNsPerHold, 3),
          scavengesPerMillionHolds: significant(median(at(name).map((s) => s.scavengesPerMillion)), 3),
        };
      });
    });

  const baseMM1 = mm1.get(BASELINE)!;
  const mm1Figures = variants.map(({ name }) => {
    const samples = mm1.get(name)!;
    const wallS = median(samples.map((s) => s.wallS));
    const cpuS = median(samples.map((s) => s.cpuS));
    return {
      variant: name,
      customers: options.customers,
      customersPerS: significant(options.customers / wallS),
      cpuS: significant(cpuS),
      speedup: significant(median(baseMM1.map((s) => s.wallS)) / wallS, 3),
      cpuSpeedup: significant(median(baseMM1.map((s) => s.cpuS)) / cpuS, 3),
      meanWait: significant(median(samples.map((s) => s.meanWait))),
      scavengesPerMillionEvents: significant(median(samples.map((s) => s.scavengesPerMillionEvents)), 3),
    };
  });

  const hold = holdFigures(api, BASELINE);
  const eventSetHold = holdFigures(bare, 'quaternary-heap');
  const speedups = (variant: string) =>
    hold.filter((h) => h.variant === variant).map((h) => `${h.pending.toExponential(0)} ${h.cpuSpeedup}x`).join(' ');
  const summary =
    `engine-prototype: order identical; CPU-time speed-up of the engine (${BASELINE}) over each variant is 1 / these: hold ` +
    variants.filter((v) => v.name !== BASELINE).map((v) => `${v.name} ${speedups(v.name)}`).join(', ') +
    `; M/M/1 ${mm1Figures.map((m) => `${m.variant} ${m.cpuSpeedup}x`).join(', ')}`;
  return { result: { options, orderMatchesEngine, hold, eventSetHold, mm1: mm1Figures }, summary };
}

export const benchmark: Benchmark = {
  description: 'kernel variants (bench/prototypes/, other event sets, an older build) against the engine, same run, same models',
  usage: USAGE,
  run,
};
