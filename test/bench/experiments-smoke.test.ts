// Shape of the experiments benchmark's JSON from a tiny run on the test fixture. Never asserts on
// timing or memory: those are measured by `npm run bench -- experiments`, not by tests.
import { describe, expect, it } from 'vitest';
import { benchmark } from '../../bench/experiments.js';
import { BenchmarkUsageError } from '../../bench/support/benchmark.js';

const positive = expect.any(Number);

describe('experiments benchmark', () => {
  it('reports replications per minute at 1 and 2 threads, the speed-up and peak memory per duration', async () => {
    const { result, summary } = await benchmark.run([
      '--scenario', 'test/fixtures/tiny-factory.json', '--rounds', '1', '--replications', '2', '--durations', '20,40',
    ]);
    expect(summary).toMatch(/^experiments: .* replications\/min on 2 threads/);
    expect(result.oneThread).toMatchObject({ threads: 1, replications: 2, wallS: positive, replicationsPerMinute: positive, peakMiB: positive });
    expect(result.twoThreads).toMatchObject({ threads: 2, replications: 2, wallS: positive, replicationsPerMinute: positive, peakMiB: positive });
    expect(result.speedup).toBeCloseTo((result.oneThread as { wallS: number }).wallS / (result.twoThreads as { wallS: number }).wallS, 1);
    expect((result.memory as { durationS: number }[]).map((m) => m.durationS)).toEqual([20, 40]);
    expect((result.targets as unknown[]).length).toBe(3);
  }, 120_000);

  it('rejects a bad option with a usage error', async () => {
    await expect(benchmark.run(['--rounds', 'x'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--scenario', 'nope.json'])).rejects.toThrow(BenchmarkUsageError);
  });
});
