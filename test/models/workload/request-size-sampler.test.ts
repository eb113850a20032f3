import { describe, expect, it } from 'vitest';
import { meanOfSpec, samplerFromSpec, type DistributionSpec } from '../../../engine/random/distributions/index.js';
import {
  createRequestSizeSampler,
  meanRequestSize,
  type RequestSize,
  type RequestSizeSpec,
} from '../../../models/workload/request-size-sampler.js';
import { mean, standardError, stream } from './statistics.js';

// The lognormal fits of the Azure 2023 conversation trace (FACTS §6): prompt (6.63, 0.99), output (5.02, 0.86).
const azurePrompt: DistributionSpec = { kind: 'lognormal', mu: 6.63, sigma: 0.99 };
const azureOutput: DistributionSpec = { kind: 'lognormal', mu: 5.02, sigma: 0.86 };

function draws(spec: RequestSizeSpec, n: number, name: string): RequestSize[] {
  const sampler = createRequestSizeSampler(spec, stream(name));
  return Array.from({ length: n }, () => sampler.sample());
}

describe('request sizes from distributions', () => {
  it('reproduce the distributions means when the context cap does not bind', () => {
    const sizes = draws(
      { kind: 'distributions', promptTokens: azurePrompt, outputTokens: azureOutput, maxContextTokens: 10_000_000 },
      100_000,
      'sizes-mean',
    );
    const prompts = sizes.map((s) => s.promptTokens);
    const outputs = sizes.map((s) => s.outputTokens);
    // Rounding to whole tokens moves a continuous distribution's mean by far less than its standard error here.
    expect(Math.abs(mean(prompts) - meanOfSpec(azurePrompt)!)).toBeLessThan(4 * standardError(prompts));
    expect(Math.abs(mean(outputs) - meanOfSpec(azureOutput)!)).toBeLessThan(4 * standardError(outputs));
    expect(sizes.every((s) => Number.isInteger(s.promptTokens) && Number.isInteger(s.outputTokens))).toBe(true);
    expect(sizes.every((s) => s.cachedPromptTokens === 0)).toBe(true);
  });

  it('are at least 1 token each', () => {
    const sizes = draws(
      {
        kind: 'distributions',
        promptTokens: { kind: 'normal', mean: 0, sd: 3 },
        outputTokens: { kind: 'deterministic', value: 0 },
        maxContextTokens: 100,
      },
      10_000,
      'sizes-min',
    );
    expect(sizes.every((s) => s.promptTokens >= 1 && s.outputTokens === 1)).toBe(true);
    expect(sizes.some((s) => s.promptTokens > 1)).toBe(true);
  });

  it('fit the context window by truncating the prompt, keeping the output (same draws as uncapped)', () => {
    const maxContextTokens = 2048;
    const base = { kind: 'distributions', promptTokens: azurePrompt, outputTokens: { kind: 'lognormal', mu: 6, sigma: 1.5 } } as const;
    const n = 50_000;
    // Same stream name: the capped sampler sees exactly the draws of the uncapped one.
    const raw = draws({ ...base, maxContextTokens: 1e9 }, n, 'sizes-cap');
    const capped = createRequestSizeSampler({ ...base, maxContextTokens }, stream('sizes-cap'));
    // Collect disagreements and assert once: an expect per draw would dominate the run time.
    let expectedTruncations = 0;
    const wrong: string[] = [];
    for (let i = 0; i < n; i++) {
      const size = capped.sample();
      const { promptTokens, outputTokens } = raw[i];
      let want: RequestSize = raw[i];
      if (promptTokens + outputTokens > maxContextTokens) {
        expectedTruncations++;
        want =
          outputTokens < maxContextTokens
            ? { promptTokens: maxContextTokens - outputTokens, outputTokens, cachedPromptTokens: 0 }
            : { promptTokens: 1, outputTokens: maxContextTokens - 1, cachedPromptTokens: 0 };
      }
      if (size.promptTokens !== want.promptTokens || size.outputTokens !== want.outputTokens || size.promptTokens < 1) {
        wrong.push(`draw ${i}: got ${JSON.stringify(size)}, want ${JSON.stringify(want)}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(expectedTruncations).toBeGreaterThan(1000);
    expect(capped.truncatedCount).toBe(expectedTruncations);
  });

  it('hand out exactly the draws made one request at a time, across blocks, counting only truncations handed out', () => {
    // The reference draws prompt then output per request from the same stream, as the sampler did
    // before it drew ahead; the cap binds often enough to check the truncation count on the way.
    const maxContextTokens = 1500;
    const spec: RequestSizeSpec = { kind: 'distributions', promptTokens: azurePrompt, outputTokens: azureOutput, maxContextTokens };
    const sampler = createRequestSizeSampler(spec, stream('sizes-order'));
    const source = stream('sizes-order');
    const prompt = samplerFromSpec(azurePrompt, source);
    const output = samplerFromSpec(azureOutput, source);
    const whole = (x: number): number => Math.max(1, Math.round(x));
    let truncations = 0;
    for (let i = 0; i < 1000; i++) {
      let p = whole(prompt());
      const o = whole(output());
      if (p + o > maxContextTokens) {
        truncations++;
        p = Math.max(1, maxContextTokens - o);
      }
      const got = sampler.sample();
      expect(got.outputTokens).toBe(Math.min(o, maxContextTokens - 1));
      expect(got.promptTokens).toBe(p);
      expect(sampler.truncatedCount).toBe(truncations);
    }
    expect(truncations).toBeGreaterThan(50);
  });

  it('reuse the object passed to sample', () => {
    const sampler = createRequestSizeSampler(
      { kind: 'distributions', promptTokens: azurePrompt, outputTokens: azureOutput, maxContextTokens: 8192 },
      stream('sizes-out'),
    );
    const out: RequestSize = { promptTokens: 0, outputTokens: 0, cachedPromptTokens: 0 };
    expect(sampler.sample(out)).toBe(out);
    expect(out.promptTokens).toBeGreaterThan(0);
  });

  it('reject a context window below 2 and a bad distribution', () => {
    const spec = { kind: 'distributions', promptTokens: azurePrompt, outputTokens: azureOutput, maxContextTokens: 1 } as const;
    expect(() => createRequestSizeSampler(spec, stream('x'))).toThrow(/maxContextTokens must be a whole number in \[2, 2147483647\], got 1/);
    expect(() =>
      createRequestSizeSampler({ ...spec, maxContextTokens: 100, promptTokens: { kind: 'lognormal', mu: 1, sigma: -1 } }, stream('x')),
    ).toThrow(/lognormal: sigma must be > 0/);
  });
});

describe('prefix-cache hits', () => {
  const prompt: DistributionSpec = { kind: 'uniform', min: 1, max: 6000 };
  const output: DistributionSpec = { kind: 'deterministic', value: 10 };

  it('fixed fraction: round(fraction · prompt), at most prompt − 1', () => {
    const sizes = draws(
      { kind: 'distributions', promptTokens: prompt, outputTokens: output, maxContextTokens: 1e6, prefixCache: { kind: 'fraction', fraction: 0.4 } },
      5_000,
      'cache-fraction',
    );
    expect(sizes.filter((s) => s.cachedPromptTokens !== Math.min(Math.round(0.4 * s.promptTokens), s.promptTokens - 1))).toEqual([]);
    const all = draws(
      { kind: 'distributions', promptTokens: prompt, outputTokens: output, maxContextTokens: 1e6, prefixCache: { kind: 'fraction', fraction: 1 } },
      1000,
      'cache-all',
    );
    expect(all.filter((s) => s.cachedPromptTokens !== s.promptTokens - 1)).toEqual([]);
  });

  it('apply to the prompt after the context cap', () => {
    const [size] = draws(
      {
        kind: 'distributions',
        promptTokens: { kind: 'deterministic', value: 10_000 },
        outputTokens: { kind: 'deterministic', value: 100 },
        maxContextTokens: 2100,
        prefixCache: { kind: 'fraction', fraction: 0.4 },
      },
      1,
      'cache-capped',
    );
    expect(size).toEqual({ promptTokens: 2000, outputTokens: 100, cachedPromptTokens: 800 });
  });

  it('per block: whole blocks hit with the given probability, so the token-weighted share ≈ hitProbability', () => {
    const hitProbability = 0.366;
    const sizes = draws(
      { kind: 'distributions', promptTokens: prompt, outputTokens: output, maxContextTokens: 1e6, prefixCache: { kind: 'blocks', hitProbability } },
      40_000,
      'cache-blocks',
    );
    // Whole 512-token blocks, plus possibly the prompt's last partial block; never the whole prompt.
    const malformed = sizes.filter((s) => {
      const rest = s.cachedPromptTokens % 512;
      const wholeBlocks = rest === 0 || rest === s.promptTokens % 512 || s.cachedPromptTokens === s.promptTokens - 1;
      return !wholeBlocks || s.cachedPromptTokens > s.promptTokens - 1;
    });
    expect(malformed.slice(0, 5)).toEqual([]);
    // Ratio estimator Σcached / Σprompt, its standard error by the delta method.
    const cached = sizes.map((s) => s.cachedPromptTokens);
    const prompts = sizes.map((s) => s.promptTokens);
    const share = mean(cached) / mean(prompts);
    const residuals = sizes.map((s) => s.cachedPromptTokens - share * s.promptTokens);
    const shareSe = standardError(residuals) / mean(prompts);
    expect(Math.abs(share - hitProbability)).toBeLessThan(4 * shareSe);
  });

  it('rejects a share outside [0, 1] and a bad block size', () => {
    const spec = { kind: 'distributions', promptTokens: prompt, outputTokens: output, maxContextTokens: 1e6 } as const;
    expect(() => createRequestSizeSampler({ ...spec, prefixCache: { kind: 'fraction', fraction: 1.5 } }, stream('x'))).toThrow(
      /prefixCache.fraction must be in \[0, 1\], got 1.5/,
    );
    expect(() => createRequestSizeSampler({ ...spec, prefixCache: { kind: 'blocks', hitProbability: 0.5, blockTokens: 0 } }, stream('x'))).toThrow(
      /blockTokens must be a whole number ≥ 1/,
    );
  });
});

describe('request sizes from a trace', () => {
  // Output = 2 · prompt + 1 in every row: a resampler that broke the pairs would show at once.
  const promptTokens = Int32Array.from({ length: 50 }, (_, i) => 10 * (i + 1));
  const outputTokens = promptTokens.map((p) => 2 * p + 1);

  it('resample rows jointly and uniformly', () => {
    const n = 50_000;
    const sizes = draws({ kind: 'trace', promptTokens, outputTokens, maxContextTokens: 1e6 }, n, 'trace-resample');
    expect(sizes.every((s) => s.outputTokens === 2 * s.promptTokens + 1)).toBe(true);
    const counts = new Float64Array(50);
    for (const s of sizes) counts[s.promptTokens / 10 - 1]++;
    // Chi-square with 49 degrees of freedom: mean 49, sd √98 ≈ 9.9; 49 + 4 · 9.9 ≈ 89.
    const expected = n / 50;
    let chiSquare = 0;
    for (const c of counts) chiSquare += (c - expected) ** 2 / expected;
    expect(chiSquare).toBeLessThan(89);
  });

  it('replay rows in order, wrapping, with order sequential', () => {
    const sizes = draws({ kind: 'trace', promptTokens, outputTokens, order: 'sequential', maxContextTokens: 1e6 }, 120, 'trace-seq');
    expect(sizes.map((s) => s.promptTokens)).toEqual(Array.from({ length: 120 }, (_, i) => promptTokens[i % 50]));
  });

  it("use a Mooncake trace's own cached tokens with prefixCache trace", () => {
    const cachedPromptTokens = promptTokens.map((p) => p / 2);
    const sizes = draws(
      { kind: 'trace', promptTokens, outputTokens, cachedPromptTokens, order: 'sequential', prefixCache: { kind: 'trace' }, maxContextTokens: 1e6 },
      50,
      'trace-cached',
    );
    expect(sizes.map((s) => s.cachedPromptTokens)).toEqual(Array.from(cachedPromptTokens));
    expect(() => createRequestSizeSampler({ kind: 'trace', promptTokens, outputTokens, prefixCache: { kind: 'trace' }, maxContextTokens: 100 }, stream('x'))).toThrow(
      /needs the trace's cachedPromptTokens/,
    );
  });

  it('raise zero-token rows to 1 and reject mismatched or negative columns', () => {
    const sizes = draws({ kind: 'trace', promptTokens: [0], outputTokens: [0], maxContextTokens: 10 }, 3, 'trace-zero');
    expect(sizes).toEqual(Array(3).fill({ promptTokens: 1, outputTokens: 1, cachedPromptTokens: 0 }));
    expect(() => createRequestSizeSampler({ kind: 'trace', promptTokens: [1, 2], outputTokens: [1], maxContextTokens: 10 }, stream('x'))).toThrow(
      /outputTokens must have one entry per row \(2\), got 1/,
    );
    expect(() => createRequestSizeSampler({ kind: 'trace', promptTokens: [1, -2], outputTokens: [1, 1], maxContextTokens: 10 }, stream('x'))).toThrow(
      /promptTokens\[1\] must be a whole number ≥ 0, got -2/,
    );
  });
});

describe('meanRequestSize', () => {
  it('is exact over trace rows, caps and cache share included', () => {
    const spec: RequestSizeSpec = {
      kind: 'trace',
      promptTokens: [100, 900, 0],
      outputTokens: [50, 300, 1200],
      maxContextTokens: 1000,
      prefixCache: { kind: 'fraction', fraction: 0.5 },
    };
    // rows after caps: (100, 50), (700, 300), (1, 999); cached 50, 350, min(0.5, 0) = 0
    expect(meanRequestSize(spec)).toEqual({ promptTokens: 801 / 3, outputTokens: 1349 / 3, cachedPromptTokens: 400 / 3 });
  });

  it('uses the distributions analytic means', () => {
    const mean = meanRequestSize({
      kind: 'distributions',
      promptTokens: azurePrompt,
      outputTokens: azureOutput,
      maxContextTokens: 128_000,
      prefixCache: { kind: 'blocks', hitProbability: 0.25 },
    });
    expect(mean.promptTokens).toBeCloseTo(Math.exp(6.63 + 0.99 ** 2 / 2), 9);
    expect(mean.outputTokens).toBeCloseTo(Math.exp(5.02 + 0.86 ** 2 / 2), 9);
    expect(mean.cachedPromptTokens).toBeCloseTo(0.25 * mean.promptTokens, 9);
  });
});
