// Shape of the engine benchmark's JSON from a tiny run. Never asserts on timing: speed is measured
// by `npm run bench -- engine`, not by tests.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmark } from '../../bench/engine.js';
import { EVENT_SET_KINDS } from '../../engine/events/event-set.js';
import { BenchmarkUsageError } from '../../bench/support/benchmark.js';
import { writeJsonAtomic } from '../../bench/support/results.js';

const positive = expect.any(Number);

describe('engine benchmark', () => {
  it('produces every figure the issue names, from a tiny run', async () => {
    const { result, summary } = await benchmark.run([
      '--customers', '2000', '--repeats', '1', '--pending', '100,1000', '--holds', '1000', '--simpy-customers', '0',
    ]);
    expect(summary).toMatch(/^engine: M\/M\/1 .* customers\/s/);
    const hold = result.hold as Array<Record<string, unknown>>;
    expect(hold).toHaveLength(2 * EVENT_SET_KINDS.length);
    for (const entry of hold) {
      expect(entry).toMatchObject({ pending: expect.any(Number), eventSet: expect.any(String), nsPerHold: positive });
    }
    expect(new Set(hold.map((h) => h.eventSet))).toEqual(new Set(EVENT_SET_KINDS));
    expect(result.mm1).toMatchObject({ customers: 2000, wallS: positive, customersPerS: positive, eventsPerS: positive, meanWait: positive });
    expect(result.simpy).toBeNull();
    expect(result.simpyRatio).toBeNull();
    expect(result.simpyNote).toMatch(/skipped/);
    expect(result.memory).toMatchObject({ afterLargestHold: { size: 1000, rssMiB: positive, heapUsedMiB: positive } });
    const targets = result.targets as Array<{ name: string; met: boolean | null }>;
    expect(targets.length).toBeGreaterThanOrEqual(4);
    // No SimPy figure: the speed-up target can be neither met nor missed.
    expect(targets.find((t) => t.name.includes('SimPy'))?.met).toBeNull();
  });

  it('rejects a bad option with a usage error', async () => {
    await expect(benchmark.run(['--customers', 'many'])).rejects.toThrow(BenchmarkUsageError);
    await expect(benchmark.run(['--nope'])).rejects.toThrow(BenchmarkUsageError);
  });

  it('writes results atomically, leaving no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-'));
    try {
      await writeJsonAtomic(join(dir, 'x.json'), { a: 1 });
      expect(JSON.parse(await readFile(join(dir, 'x.json'), 'utf8'))).toEqual({ a: 1 });
      expect(await readdir(dir)).toEqual(['x.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
