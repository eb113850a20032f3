// `npm run bench -- samplers`: the speed of the random-variate samplers, against the code they
// replaced, in the same run: SeededStream's inline xor4096 against seedrandom's closure, the ziggurat
// normal against the polar method, the gamma boost exp(ln U / k) against Math.pow, the prompt
// lognormal, and raw Math.exp / Math.log / Math.pow for scale. The old code lives in bench/samplers/
// as references. Every measurement runs in a fresh Node process (samplers/probe.ts), rounds interleaved.
import { BenchmarkUsageError, parseCount, parseStringOptions, progress, type Benchmark, type BenchmarkOutcome } from './support/benchmark.js';
import { runNodeTask } from './support/child.js';
import { median, significant } from './support/stats.js';
import { COMPARISONS, SAMPLER_CASES, SAMPLER_CASE_NAMES, type SamplerCaseName } from './samplers/cases.js';
import type { SamplerSample, SamplerTask } from './samplers/probe.js';

const PROBE = new URL('./samplers/probe.js', import.meta.url);
/** Cases whose figure includes the loop and a table read: also reported net of the `loop` case. */
const MATH_CASES: readonly SamplerCaseName[] = ['exp', 'log', 'pow', 'exp-log'];

const USAGE = `npm run bench -- samplers [options]
  --draws N      draws timed per measurement (default 2e6)
  --warmup N     draws before timing, in the same process (default 5e5)
  --repeats K    measurements per case, one fresh process each, interleaved in rounds;
                 figures are medians (default 5)
  --cases LIST   cases to time (default all: ${SAMPLER_CASE_NAMES.join(',')})
  --seed N       seed of the streams (default 1)`;

interface SamplersOptions {
  draws: number;
  warmup: number;
  repeats: number;
  cases: SamplerCaseName[];
  seed: number;
}

function parseOptions(args: string[]): SamplersOptions {
  const values = parseStringOptions(args, ['draws', 'warmup', 'repeats', 'cases', 'seed']);
  let cases = SAMPLER_CASE_NAMES;
  if (values.cases !== undefined) {
    const names = values.cases.split(',').map((s) => s.trim());
    for (const name of names) {
      if (!(SAMPLER_CASE_NAMES as string[]).includes(name)) {
        throw new BenchmarkUsageError(`--cases: unknown case ${JSON.stringify(name)} (known: ${SAMPLER_CASE_NAMES.join(', ')})`);
      }
    }
    cases = SAMPLER_CASE_NAMES.filter((name) => names.includes(name));
  }
  return {
    draws: parseCount('draws', values.draws, 2e6),
    warmup: parseCount('warmup', values.warmup, 5e5, 0),
    repeats: parseCount('repeats', values.repeats, 5),
    cases,
    seed: parseCount('seed', values.seed, 1, 0),
  };
}

async function run(args: string[]): Promise<BenchmarkOutcome> {
  const options = parseOptions(args);
  const samples = new Map<SamplerCaseName, SamplerSample[]>(options.cases.map((c) => [c, []]));
  // Every case once per round, so load from other users of the machine spreads over all of them.
  for (let round = 0; round < options.repeats; round++) {
    for (const name of options.cases) {
      progress(`samplers: round ${round + 1} of ${options.repeats}, ${name}`);
      const task: SamplerTask = { case: name, draws: options.draws, warmup: options.warmup, seed: options.seed };
      samples.get(name)!.push(await runNodeTask<SamplerSample>(PROBE, task));
    }
  }
  progress('');

  const nsOf = (name: SamplerCaseName) => median(samples.get(name)!.map((s) => s.nsPerDraw));
  const cpuNsOf = (name: SamplerCaseName) => median(samples.get(name)!.map((s) => s.cpuNsPerDraw));
  const minNsOf = (name: SamplerCaseName) => Math.min(...samples.get(name)!.map((s) => s.nsPerDraw));
  const loopNs = samples.has('loop') ? nsOf('loop') : null;
  const cases = options.cases.map((name) => {
    const own = samples.get(name)!;
    const nsPerDraw = nsOf(name);
    return {
      case: name,
      what: SAMPLER_CASES[name].what,
      nsPerDraw: significant(nsPerDraw, 3),
      cpuNsPerDraw: significant(cpuNsOf(name), 3),
      /** the fastest process: on this machine processes of one case are often bimodal (see BENCHMARKS.md) */
      minNsPerDraw: significant(minNsOf(name), 3),
      ...(MATH_CASES.includes(name) && loopNs !== null ? { nsPerDrawNetOfLoop: significant(nsPerDraw - loopNs, 3) } : {}),
      scavengesPerMillion: significant(median(own.map((s) => s.scavengesPerMillion)), 3),
      mean: significant(median(own.map((s) => s.mean)), 5),
      expectedMean: SAMPLER_CASES[name].expectedMean === null ? null : significant(SAMPLER_CASES[name].expectedMean!, 5),
      samplesNsPerDraw: own.map((s) => significant(s.nsPerDraw, 3)),
      samplesScavengesPerMillion: own.map((s) => significant(s.scavengesPerMillion, 3)),
    };
  });

  const comparisons = COMPARISONS.filter((c) => samples.has(c.old) && samples.has(c.new)).map((c) => {
    const oldSamples = samples.get(c.old)!;
    const newSamples = samples.get(c.new)!;
    return {
      name: c.name,
      what: c.what,
      old: c.old,
      new: c.new,
      oldNsPerDraw: significant(nsOf(c.old), 3),
      newNsPerDraw: significant(nsOf(c.new), 3),
      /** median old ÷ median new, wall time: above 1, the new code is faster */
      ratio: significant(nsOf(c.old) / nsOf(c.new), 3),
      /** the same from CPU time */
      cpuRatio: significant(cpuNsOf(c.old) / cpuNsOf(c.new), 3),
      /** fastest old ÷ fastest new: the two codes each at their best */
      minRatio: significant(minNsOf(c.old) / minNsOf(c.new), 3),
      /** old ÷ new within each round (measured seconds apart): their spread is the noise */
      roundRatios: oldSamples.map((s, i) => significant(s.nsPerDraw / newSamples[i].nsPerDraw, 3)),
    };
  });

  const result = { options, cases, comparisons };
  const ns = (name: SamplerCaseName) => significant(nsOf(name), 3);
  const compared = (name: string) => comparisons.find((c) => c.name === name);
  const parts: string[] = [];
  const pair = (label: string, comparison: string, oldLabel: string) => {
    const c = compared(comparison);
    if (c) parts.push(`${label} ${c.newNsPerDraw} vs ${oldLabel} ${c.oldNsPerDraw} (${c.ratio}x)`);
  };
  pair('uniform', 'uniform', 'seedrandom');
  pair('normal ziggurat', 'normal', 'polar');
  pair('gamma CV 1.5', 'gamma-boost', 'Math.pow boost');
  pair('lognormal', 'lognormal', 'polar');
  const gammaUniform = compared('gamma-uniform');
  if (gammaUniform) parts.push(`gamma over seedrandom ${gammaUniform.oldNsPerDraw} (${gammaUniform.ratio}x)`);
  for (const name of ['gamma-all', 'lognormal-all']) {
    const c = compared(name);
    if (c) parts.push(`${c.new} before all changes ${c.oldNsPerDraw} (${c.ratio}x)`);
  }
  const math = (['loop', ...MATH_CASES] as SamplerCaseName[]).filter((m) => samples.has(m)).map((m) => `${m} ${ns(m)}`);
  if (math.length > 0) parts.push(`Math: ${math.join(', ')}`);
  const standalone = options.cases.filter((name) => !comparisons.some((c) => c.old === name || c.new === name) && name !== 'loop' && !MATH_CASES.includes(name));
  if (standalone.length > 0) parts.push(standalone.map((name) => `${name} ${ns(name)}`).join(', '));
  const summary = `samplers: ns per draw, median of ${options.repeats} × ${options.draws} draws (old ÷ new in parentheses): ${parts.join('; ')}`;
  return { result, summary };
}

export const benchmark: Benchmark = {
  description: 'random-variate samplers: uniform, normal, gamma CV 1.5, lognormal, Math.exp/log/pow, against the code they replaced',
  usage: USAGE,
  run,
};
