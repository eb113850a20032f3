// Shape of the samplers benchmark's JSON from a tiny run, and the correctness of its references to
// the old code. Never asserts on timing: speed is measured by `npm run bench -- samplers`, not by tests.
import { describe, expect, it } from 'vitest';
import { benchmark } from '../../bench/samplers.js';
import { COMPARISONS, SAMPLER_CASE_NAMES } from '../../bench/samplers/cases.js';
import { gammaPowFromMeanCv } from '../../bench/samplers/gamma-pow.js';
import { lognormalWith, polarStandardNormal } from '../../bench/samplers/polar-normal.js';
import { BenchmarkUsageError } from '../../bench/support/benchmark.js';
import { gammaFromMeanCv } from '../../engine/random/distributions/gamma.js';
import { lognormal } from '../../engine/random/distributions/lognormal.js';
import { standardNormal } from '../../engine/random/distributions/normal.js';
import { SeededStream } from '../../engine/random/random-source.js';

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

describe('samplers benchmark', () => {
  // One fresh process per case and round (tsx from sources, ~1 s each): 15 processes.
  it('times every case and reports every comparison, from a tiny run', { timeout: 180_000 }, async () => {
    const { result, summary } = await benchmark.run(['--draws', '2000', '--warmup', '1000', '--repeats', '1']);
    expect(summary).toMatch(/^samplers: ns per draw, median of 1 × 2000 draws/);
    expect(summary).toMatch(/uniform .* vs seedrandom .*x\).*normal ziggurat .* vs polar .*gamma CV 1\.5 .* vs Math\.pow boost .*lognormal .* vs polar/);

    const cases = result.cases as Array<Record<string, unknown>>;
    expect(cases.map((c) => c.case)).toEqual(SAMPLER_CASE_NAMES);
    for (const entry of cases) {
      expect(positive(entry.nsPerDraw), `${entry.case} nsPerDraw ${entry.nsPerDraw}`).toBe(true);
      expect(positive(entry.cpuNsPerDraw), `${entry.case} cpuNsPerDraw ${entry.cpuNsPerDraw}`).toBe(true);
      expect(positive(entry.minNsPerDraw), `${entry.case} minNsPerDraw ${entry.minNsPerDraw}`).toBe(true);
      expect(Number.isFinite(entry.scavengesPerMillion)).toBe(true);
      expect(Number.isFinite(entry.mean)).toBe(true);
      expect(entry.samplesNsPerDraw).toHaveLength(1);
      expect(entry.samplesScavengesPerMillion).toHaveLength(1);
      expect(typeof entry.what).toBe('string');
    }
    for (const name of ['exp', 'log', 'pow', 'exp-log']) {
      expect(Number.isFinite(cases.find((c) => c.case === name)?.nsPerDrawNetOfLoop)).toBe(true);
    }

    const comparisons = result.comparisons as Array<Record<string, unknown>>;
    expect(comparisons.map((c) => c.name)).toEqual(COMPARISONS.map((c) => c.name));
    expect(comparisons.map((c) => c.name)).toEqual(expect.arrayContaining(['uniform', 'normal', 'gamma-boost', 'lognormal']));
    for (const entry of comparisons) {
      for (const field of ['oldNsPerDraw', 'newNsPerDraw', 'ratio', 'cpuRatio', 'minRatio']) {
        expect(positive(entry[field]), `${entry.name} ${field} ${entry[field]}`).toBe(true);
      }
      expect(entry.roundRatios).toHaveLength(1);
    }
    expect(result.options).toMatchObject({ draws: 2000, warmup: 1000, repeats: 1, seed: 1 });
  });

  it('times only the cases asked for, leaving out comparisons that lack a side', { timeout: 120_000 }, async () => {
    const { result, summary } = await benchmark.run(['--draws', '1000', '--warmup', '0', '--repeats', '1', '--cases', 'lognormal,gamma-pow,gamma']);
    // In the registry's order, whatever the order asked for.
    expect((result.cases as Array<{ case: string }>).map((c) => c.case)).toEqual(['gamma', 'gamma-pow', 'lognormal']);
    const comparisons = result.comparisons as Array<{ name: string }>;
    expect(comparisons.map((c) => c.name)).toEqual(['gamma-boost']);
    expect(summary).toMatch(/gamma CV 1\.5 .* vs Math\.pow boost .*; lognormal [0-9.]+$/);
  });

  it('rejects a bad option with a usage error', async () => {
    await expect(benchmark.run(['--draws', 'many'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--cases', 'uniform,nope'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--nope'])).rejects.toThrow(BenchmarkUsageError);
  });
});

describe('the benchmark references to the replaced code', () => {
  it('polar normals have mean 0 and variance 1', () => {
    const z = polarStandardNormal(new SeededStream('polar'));
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = z();
      sum += x;
      sumSq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
  });

  it('the Math.pow gamma draws what the engine gamma draws, up to rounding', () => {
    const ours = gammaFromMeanCv(new SeededStream('gamma'), 1, 1.5);
    const reference = gammaPowFromMeanCv(new SeededStream('gamma'), 1, 1.5);
    for (let i = 0; i < 10_000; i++) {
      const [a, b] = [ours(), reference()];
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(a, b) + 1e-300);
    }
  });

  it('the lognormal over a given normal draws what the engine lognormal draws', () => {
    const ours = lognormal(new SeededStream('lognormal'), 6.63, 0.99);
    const reference = lognormalWith(new SeededStream('lognormal'), 6.63, 0.99, standardNormal);
    for (let i = 0; i < 1000; i++) expect(reference()).toBe(ours());
  });
});
