// The draws `npm run bench -- samplers` times, one per case. Each case builds its draw closure in
// the child process that times it (probe.ts), so no two cases share a call site or JIT feedback.
import seedrandom from 'seedrandom';
import { gammaFromMeanCv } from '../../engine/random/distributions/gamma.js';
import { lognormal } from '../../engine/random/distributions/lognormal.js';
import { standardNormal } from '../../engine/random/distributions/normal.js';
import type { Sampler } from '../../engine/random/distributions/sampler.js';
import { SeededStream, type RandomSource } from '../../engine/random/random-source.js';
import { gammaPowFromMeanCv } from './gamma-pow.js';
import { lognormalWith, polarStandardNormal } from './polar-normal.js';

/** The default scenario's inter-arrival times: Gamma with mean 1 and CV 1.5, shape 1/1.5² ≈ 0.444. */
export const GAMMA_CV = 1.5;
/** The default scenario's free-tier prompt lengths (Azure 2023 conversation fit). */
export const PROMPT_LOGNORMAL = { mu: 6.63, sigma: 0.99 } as const;
/** 1/k for the default scenario's gamma: the exponent of the boost U^(1/k). */
const BOOST_EXPONENT = GAMMA_CV * GAMMA_CV;
/** Inputs of the Math.* cases: a table small enough for L1, read cyclically. */
const INPUTS = 4096;

/** RandomSource over seedrandom's own closure: how SeededStream drew before the recurrence moved inline. */
class SeedrandomSource implements RandomSource {
  private readonly prng: () => number;
  constructor(key: string) {
    this.prng = seedrandom.xor4096(key);
  }
  next(): number {
    return this.prng();
  }
}

export interface SamplerCase {
  /** what the case draws, for the JSON */
  what: string;
  /** the mean of the draws (null: not a distribution), checked against the timed draws' mean */
  expectedMean: number | null;
  make(key: string): Sampler;
}

/** Cyclic reads of a fixed table of `INPUTS` values, passed through `f`. */
function overTable(values: (source: RandomSource) => () => number, f: (x: number) => number): (key: string) => Sampler {
  return (key) => {
    const source = new SeededStream(key);
    const next = values(source);
    const table = new Float64Array(INPUTS);
    for (let i = 0; i < INPUTS; i++) table[i] = next();
    let j = 0;
    return () => f(table[j++ & (INPUTS - 1)]);
  };
}
/** 1 − U: in (0, 1], as the samplers pass to the logarithm and to the boost */
const unitInterval = (source: RandomSource) => () => 1 - source.next();
/** mu + sigma·Z of the prompt lognormal: what its Math.exp sees */
const lognormalExponents = (source: RandomSource) => {
  const z = standardNormal(source);
  return () => PROMPT_LOGNORMAL.mu + PROMPT_LOGNORMAL.sigma * z();
};

const LOGNORMAL_MEAN = Math.exp(PROMPT_LOGNORMAL.mu + (PROMPT_LOGNORMAL.sigma * PROMPT_LOGNORMAL.sigma) / 2);

export const SAMPLER_CASES = {
  uniform: {
    what: 'new SeededStream(key).next(): xor4096 run inline',
    expectedMean: 0.5,
    make: (key) => {
      const stream = new SeededStream(key);
      return () => stream.next();
    },
  },
  'uniform-seedrandom': {
    what: 'seedrandom.xor4096(key)(): the old path, seedrandom closure per draw',
    expectedMean: 0.5,
    make: (key) => {
      const prng = seedrandom.xor4096(key);
      return () => prng();
    },
  },
  'normal-ziggurat': {
    what: 'standardNormal(source): 256-layer ziggurat',
    expectedMean: 0,
    make: (key) => standardNormal(new SeededStream(key)),
  },
  'normal-polar': {
    what: "Marsaglia's polar method, spare in a Float64Array(1) (bench/samplers/polar-normal.ts)",
    expectedMean: 0,
    make: (key) => polarStandardNormal(new SeededStream(key)),
  },
  gamma: {
    what: `gammaFromMeanCv(source, 1, ${GAMMA_CV}): shape ${(1 / BOOST_EXPONENT).toFixed(3)}, boost exp(ln U / k)`,
    expectedMean: 1,
    make: (key) => gammaFromMeanCv(new SeededStream(key), 1, GAMMA_CV),
  },
  'gamma-pow': {
    what: 'the same sampler with Math.pow(U, 1/k) for the boost (bench/samplers/gamma-pow.ts)',
    expectedMean: 1,
    make: (key) => gammaPowFromMeanCv(new SeededStream(key), 1, GAMMA_CV),
  },
  'gamma-seedrandom': {
    what: "the engine's gamma over seedrandom's closure instead of SeededStream: the uniform change inside a sampler",
    expectedMean: 1,
    make: (key) => gammaFromMeanCv(new SeedrandomSource(key), 1, GAMMA_CV),
  },
  'gamma-before': {
    what: 'gamma as before all three changes: seedrandom closure, polar normals, Math.pow boost',
    expectedMean: 1,
    make: (key) => gammaPowFromMeanCv(new SeedrandomSource(key), 1, GAMMA_CV, polarStandardNormal),
  },
  lognormal: {
    what: `lognormal(source, ${PROMPT_LOGNORMAL.mu}, ${PROMPT_LOGNORMAL.sigma}): prompt lengths, ziggurat normals`,
    expectedMean: LOGNORMAL_MEAN,
    make: (key) => lognormal(new SeededStream(key), PROMPT_LOGNORMAL.mu, PROMPT_LOGNORMAL.sigma),
  },
  'lognormal-polar': {
    what: 'the same lognormal over polar normals',
    expectedMean: LOGNORMAL_MEAN,
    make: (key) => lognormalWith(new SeededStream(key), PROMPT_LOGNORMAL.mu, PROMPT_LOGNORMAL.sigma, polarStandardNormal),
  },
  'lognormal-before': {
    what: 'lognormal as before: seedrandom closure, polar normals',
    expectedMean: LOGNORMAL_MEAN,
    make: (key) => lognormalWith(new SeedrandomSource(key), PROMPT_LOGNORMAL.mu, PROMPT_LOGNORMAL.sigma, polarStandardNormal),
  },
  loop: {
    what: `loop overhead: a read from a ${INPUTS}-value table, no function (included in the Math.* figures)`,
    expectedMean: null,
    make: overTable(unitInterval, (x) => x),
  },
  exp: {
    what: 'Math.exp(x), x = mu + sigma·Z of the prompt lognormal',
    expectedMean: null,
    make: overTable(lognormalExponents, (x) => Math.exp(x)),
  },
  log: {
    what: 'Math.log(u), u in (0, 1]',
    expectedMean: null,
    make: overTable(unitInterval, (x) => Math.log(x)),
  },
  pow: {
    what: `Math.pow(u, ${BOOST_EXPONENT}), u in (0, 1]: the old gamma boost`,
    expectedMean: null,
    make: overTable(unitInterval, (x) => Math.pow(x, BOOST_EXPONENT)),
  },
  'exp-log': {
    what: `Math.exp(Math.log(u) * ${BOOST_EXPONENT}), u in (0, 1]: the new gamma boost`,
    expectedMean: null,
    make: overTable(unitInterval, (x) => Math.exp(Math.log(x) * BOOST_EXPONENT)),
  },
} satisfies Record<string, SamplerCase>;

export type SamplerCaseName = keyof typeof SAMPLER_CASES;
export const SAMPLER_CASE_NAMES = Object.keys(SAMPLER_CASES) as SamplerCaseName[];

/** The comparisons reported as old ÷ new (above 1: the new code is faster). */
export const COMPARISONS = [
  { name: 'uniform', what: 'seedrandom.xor4096 closure ÷ SeededStream inline', old: 'uniform-seedrandom', new: 'uniform' },
  { name: 'normal', what: 'polar ÷ ziggurat', old: 'normal-polar', new: 'normal-ziggurat' },
  { name: 'gamma-boost', what: `gamma CV ${GAMMA_CV}: Math.pow boost ÷ exp(ln U / k) boost`, old: 'gamma-pow', new: 'gamma' },
  { name: 'lognormal', what: 'prompt lognormal: polar ÷ ziggurat normals', old: 'lognormal-polar', new: 'lognormal' },
  { name: 'gamma-uniform', what: `gamma CV ${GAMMA_CV}: over seedrandom's closure ÷ over SeededStream`, old: 'gamma-seedrandom', new: 'gamma' },
  { name: 'gamma-all', what: `gamma CV ${GAMMA_CV}: before all three changes ÷ now`, old: 'gamma-before', new: 'gamma' },
  { name: 'lognormal-all', what: 'prompt lognormal: before (seedrandom, polar) ÷ now', old: 'lognormal-before', new: 'lognormal' },
  { name: 'boost-math', what: `Math.pow(u, ${BOOST_EXPONENT}) ÷ Math.exp(Math.log(u) * ${BOOST_EXPONENT})`, old: 'pow', new: 'exp-log' },
] as const satisfies ReadonlyArray<{ name: string; what: string; old: SamplerCaseName; new: SamplerCaseName }>;
