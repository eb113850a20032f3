import { LineReader } from './line-reader.js';
import { lineError, MOONCAKE_BLOCK_TOKENS, quoted, TraceError, type MooncakeTrace } from './trace.js';

/**
 * Parses a Mooncake (Kimi, FAST'25) trace: one JSON object a line,
 * `{"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [ids of 512-token prompt blocks]}`.
 * Blank lines are skipped; other keys are ignored.
 *
 * Prefix reuse is measured as the trace's authors do: a block hits if its hash appeared earlier in
 * the trace (in an earlier request or earlier in the same one). `prefixHitRate` is the fraction of
 * all blocks that hit; `cachedPromptTokens[i]` counts request i's hit blocks in tokens (512 each,
 * except that a request's last block holds only the remainder of its prompt), at most its prompt.
 */
export function parseMooncakeTrace(jsonlText: string): MooncakeTrace {
  const lines = new LineReader(jsonlText);
  const capacity = lines.remainingLineCount();
  const timesS = new Float64Array(capacity);
  const promptTokens = new Int32Array(capacity);
  const outputTokens = new Int32Array(capacity);
  const cachedPromptTokens = new Int32Array(capacity);
  const seenBlocks = new Set<number>();
  let blockCount = 0;
  let hitCount = 0;
  let count = 0;
  let previousMs = 0;
  for (let line = lines.nextNonBlank(); line !== undefined; line = lines.nextNonBlank()) {
    let row: unknown;
    try {
      row = JSON.parse(line.text);
    } catch (error) {
      throw lineError(line.number, `not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw lineError(line.number, `expected a JSON object, got ${quoted(line.text)}`);
    }
    const record = row as Record<string, unknown>;
    const timestampMs = numberField(record, 'timestamp', line.number);
    if (count > 0 && timestampMs < previousMs) {
      throw lineError(line.number, `timestamp goes backwards: ${timestampMs} ms is before the previous request's ${previousMs} ms`);
    }
    const prompt = wholeField(record, 'input_length', line.number);
    const output = wholeField(record, 'output_length', line.number);
    const hashIds = record.hash_ids;
    if (!Array.isArray(hashIds)) throw lineError(line.number, 'missing field hash_ids (a list of block hashes)');

    let cached = 0;
    for (let b = 0; b < hashIds.length; b++) {
      const id = hashIds[b];
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        throw lineError(line.number, `hash_ids[${b}] must be an integer, got ${quoted(JSON.stringify(id) ?? String(id))}`);
      }
      if (seenBlocks.has(id)) {
        hitCount++;
        cached += Math.max(0, Math.min(MOONCAKE_BLOCK_TOKENS, prompt - b * MOONCAKE_BLOCK_TOKENS));
      } else {
        seenBlocks.add(id);
      }
    }
    blockCount += hashIds.length;

    previousMs = timestampMs;
    timesS[count] = timestampMs / 1000;
    promptTokens[count] = prompt;
    outputTokens[count] = output;
    cachedPromptTokens[count] = Math.min(cached, prompt);
    count++;
  }
  if (count === 0) throw new TraceError('trace has no requests');

  const origin = timesS[0];
  for (let i = 0; i < count; i++) timesS[i] -= origin;
  return {
    format: 'mooncake',
    timesS: timesS.slice(0, count),
    promptTokens: promptTokens.slice(0, count),
    outputTokens: outputTokens.slice(0, count),
    cachedPromptTokens: cachedPromptTokens.slice(0, count),
    prefixHitRate: blockCount > 0 ? hitCount / blockCount : 0,
  };
}

function numberField(record: Record<string, unknown>, name: string, lineNumber: number): number {
  const value = record[name];
  if (value === undefined) throw lineError(lineNumber, `missing field ${name}`);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw lineError(lineNumber, `${name} is not a number, got ${quoted(JSON.stringify(value))}`);
  }
  if (value < 0) throw lineError(lineNumber, `${name} is negative, got ${value}`);
  return value;
}

function wholeField(record: Record<string, unknown>, name: string, lineNumber: number): number {
  const value = numberField(record, name, lineNumber);
  if (!Number.isInteger(value) || value > 0x7fffffff) {
    throw lineError(lineNumber, `${name} must be a whole number of tokens, got ${value}`);
  }
  return value;
}
