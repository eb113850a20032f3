// Shape of the factory benchmark's JSON from a tiny run on the test fixture. Never asserts on speed:
// that is measured by `npm run bench -- factory`, not by tests.
import { describe, expect, it } from 'vitest';
import { benchmark } from '../../bench/factory.js';
import { BenchmarkUsageError } from '../../bench/support/benchmark.js';

describe('factory benchmark', () => {
  it('reports requests/s per core as the median and the fastest of its rounds, and the target', async () => {
    const { result, summary } = await benchmark.run(['--scenario', 'test/fixtures/tiny-factory.json', '--repeats', '3', '--start-runs', '0']);
    expect(summary).toMatch(/^factory: [\d.]+ M simulated requests\/s per core \(best [\d.]+ M\), \d+ requests in/);
    const inProcess = result.inProcess as { requestsPerSPerCore: number; bestRequestsPerSPerCore: number; samplesRequestsPerS: number[]; simulatedRequests: number; eventsPerRequest: number };
    expect(inProcess.samplesRequestsPerS).toHaveLength(3);
    expect(inProcess.simulatedRequests).toBeGreaterThan(0);
    expect(inProcess.eventsPerRequest).toBeGreaterThan(1);
    // the fastest round is a round (rounding to significant digits is monotone), no slower than the median
    expect(inProcess.bestRequestsPerSPerCore).toBe(Math.max(...inProcess.samplesRequestsPerS));
    expect(inProcess.bestRequestsPerSPerCore).toBeGreaterThanOrEqual(inProcess.requestsPerSPerCore * (1 - 1e-3));
    expect(result.start).toBeNull();
    const [target] = result.targets as { value: number; met: boolean }[];
    expect(target.value).toBe(inProcess.requestsPerSPerCore);
    expect(target.met).toBe(target.value >= 1e6);
  }, 120_000);

  it('rejects a bad option with a usage error', async () => {
    await expect(benchmark.run(['--repeats', 'x'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--scenario', 'nope.json'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--compare', '/nonexistent-tree'])).rejects.toThrow(BenchmarkUsageError);
  });
});
