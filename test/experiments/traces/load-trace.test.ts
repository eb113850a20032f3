import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TRACE_BYTES, loadTrace } from '../../../experiments/traces/load-trace.js';
import { TraceError, type WorkloadTrace } from '../../../models/workload/trace.js';

// The reference traces are committed under data/traces (licences in data/traces/README.md).
const DATA_DIR = fileURLToPath(new URL('../../../data/traces/', import.meta.url));

function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}

/** Nearest-rank quantile (the order statistic at index ⌊q·n⌋). */
function quantile(xs: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function interArrivalCv(timesS: Float64Array): number {
  const gaps = timesS.subarray(1).map((t, i) => t - timesS[i]);
  const m = mean(gaps);
  let sum = 0;
  for (const g of gaps) sum += (g - m) ** 2;
  return Math.sqrt(sum / (gaps.length - 1)) / m;
}

/** Asserts a published rounded figure: |value − figure| ≤ half a unit of its last digit. */
function expectRounded(value: number, figure: number, unit = 1): void {
  expect(Math.abs(value - figure)).toBeLessThanOrEqual(unit / 2);
}

// Published figures: FACTS.md §6 (Azure LLM inference trace 2023; Mooncake FAST'25 conversation trace).
describe('loadTrace on the reference traces reproduces FACTS §6', () => {
  let conv: WorkloadTrace;
  let code: WorkloadTrace;
  let mooncake: WorkloadTrace;
  beforeAll(async () => {
    [conv, code, mooncake] = await Promise.all([
      loadTrace(join(DATA_DIR, 'azure2023_conv.csv')),
      loadTrace(join(DATA_DIR, 'azure2023_code.csv')),
      loadTrace(join(DATA_DIR, 'mooncake_conversation.jsonl')),
    ]);
  });

  it('Azure 2023 conversation: 19,366 requests at 5.5/s; input 1,155 / 1,020 / 2,735 / 4,142; output 211 / 129 / 424 / 601; CV 1.09', () => {
    expect(conv.format).toBe('azure');
    expect(conv.timesS.length).toBe(19_366);
    expectRounded(conv.timesS.length / conv.timesS[conv.timesS.length - 1], 5.5, 0.1);
    expectRounded(mean(conv.promptTokens), 1155);
    expect([0.5, 0.9, 0.99].map((q) => quantile(conv.promptTokens, q))).toEqual([1020, 2735, 4142]);
    expectRounded(mean(conv.outputTokens), 211);
    expect([0.5, 0.9, 0.99].map((q) => quantile(conv.outputTokens, q))).toEqual([129, 424, 601]);
    expectRounded(interArrivalCv(conv.timesS), 1.09, 0.01);
  });

  it('Azure 2023 code: 8,819 requests; input mean 2,048, median 1,469; output mean 28, median 13; CV 13.2', () => {
    expect(code.timesS.length).toBe(8_819);
    expectRounded(mean(code.promptTokens), 2048);
    expect(quantile(code.promptTokens, 0.5)).toBe(1469);
    expectRounded(mean(code.outputTokens), 28);
    expect(quantile(code.outputTokens, 0.5)).toBe(13);
    expectRounded(interArrivalCv(code.timesS), 13.2, 0.1);
  });

  it('Mooncake conversation: 12,031 requests; input 12,035 / 6,909; output 343 / 350; 36.6% of blocks seen before', () => {
    if (mooncake.format !== 'mooncake') throw new Error('expected a Mooncake trace');
    expect(mooncake.timesS.length).toBe(12_031);
    expectRounded(mean(mooncake.promptTokens), 12_035);
    expect(quantile(mooncake.promptTokens, 0.5)).toBe(6909);
    expectRounded(mean(mooncake.outputTokens), 343);
    expect(quantile(mooncake.outputTokens, 0.5)).toBe(350);
    expectRounded(mooncake.prefixHitRate, 0.366, 0.001);
    // The per-request cached tokens are consistent with the block share (blocks are 512 tokens but the
    // last of each prompt is partial, so the token share differs from the block share a little).
    const tokenShare = mean(mooncake.cachedPromptTokens) / mean(mooncake.promptTokens);
    expect(Math.abs(tokenShare - mooncake.prefixHitRate)).toBeLessThan(0.02);
  });
});

describe('loadTrace errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenfactory-traces-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function errorOf(promise: Promise<unknown>): Promise<TraceError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TraceError);
    expect((error as Error).message).not.toContain('\n');
    return error as TraceError;
  }

  it('names the path of a missing file', async () => {
    const path = join(dir, 'nope.csv');
    expect((await errorOf(loadTrace(path))).message).toBe(`${path}: trace file not found`);
  });

  it('refuses a file over the size limit (default 256 MiB)', async () => {
    expect(DEFAULT_MAX_TRACE_BYTES).toBe(256 * 1024 * 1024);
    const path = join(dir, 'big.csv');
    await writeFile(path, `TIMESTAMP,ContextTokens,GeneratedTokens\n${'0,1,1\n'.repeat(200_000)}`);
    // 40 + 6 · 200,000 bytes ≈ 1.14 MiB
    const error = await errorOf(loadTrace(path, { maxBytes: 1024 * 1024 }));
    expect(error.message).toBe(
      `${path}: trace file is 1.1 MiB, over the 1.0 MiB limit (a trace is read whole into memory: ` +
        "replay a sample of its rows, or raise loadTrace's maxBytes when calling from code)",
    );
    expect((await loadTrace(path, { maxBytes: 2 * 1024 * 1024 })).timesS.length).toBe(200_000);
  });

  it('chooses the parser by extension and refuses others', async () => {
    const jsonl = join(dir, 'small.JSONL');
    await writeFile(jsonl, '{"timestamp": 0, "input_length": 10, "output_length": 2, "hash_ids": [1]}\n');
    expect((await loadTrace(jsonl)).format).toBe('mooncake');
    const txt = join(dir, 'trace.txt');
    await writeFile(txt, 'x');
    expect((await errorOf(loadTrace(txt))).message).toBe(
      `${txt}: unknown trace format ".txt" (expected .csv for Azure or .jsonl for Mooncake)`,
    );
  });

  it('names the path and line of a bad row', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'TIMESTAMP,ContextTokens,GeneratedTokens\n1,5,2\n2,five,2\n');
    const error = await errorOf(loadTrace(path));
    expect(error.message).toBe(`${path}: line 3: ContextTokens is not a number, got "five"`);
    expect(error.lineNumber).toBe(3);
  });

  it('refuses a directory', async () => {
    const path = join(dir, 'folder.csv');
    await mkdir(path);
    expect((await errorOf(loadTrace(path))).message).toBe(`${path}: not a file`);
  });
});
