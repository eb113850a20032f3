import { describe, expect, it } from 'vitest';
import { parseMooncakeTrace } from '../../../models/workload/parse-mooncake-trace.js';
import { TraceError } from '../../../models/workload/trace.js';

function row(timestamp: number, input: number, output: number, hashIds: number[]): string {
  return JSON.stringify({ timestamp, input_length: input, output_length: output, hash_ids: hashIds });
}

function errorOf(text: string): TraceError {
  try {
    parseMooncakeTrace(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TraceError);
    return error as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('parseMooncakeTrace', () => {
  it('parses rows, converts ms to seconds from the first, and counts blocks seen before', () => {
    const text = [
      row(1000, 1100, 10, [0, 1, 2]), // blocks 512, 512, 76: all new
      row(1000, 1030, 20, [0, 1, 3]), // 0 and 1 hit (1024 tokens); 3 new
      row(3500, 600, 30, [0, 4]), // 0 hits (512 tokens)
      row(4000, 200, 40, [5, 5]), // a block repeated inside one request: the second one hits, capped by the prompt
    ].join('\n');
    const trace = parseMooncakeTrace(`${text}\n`);
    expect(trace.format).toBe('mooncake');
    expect(Array.from(trace.timesS)).toEqual([0, 0, 2.5, 3]);
    expect(Array.from(trace.promptTokens)).toEqual([1100, 1030, 600, 200]);
    expect(Array.from(trace.outputTokens)).toEqual([10, 20, 30, 40]);
    // Request 4's second block starts past its 200-token prompt, so it adds no tokens.
    expect(Array.from(trace.cachedPromptTokens)).toEqual([0, 1024, 512, 0]);
    // 10 blocks, of which 4 were seen before.
    expect(trace.prefixHitRate).toBeCloseTo(4 / 10, 15);
  });

  it('counts the partial last block by its own tokens', () => {
    const trace = parseMooncakeTrace([row(0, 700, 1, [7, 8]), row(1, 700, 1, [7, 8])].join('\n'));
    expect(Array.from(trace.cachedPromptTokens)).toEqual([0, 700]);
  });

  it.each([
    ['invalid JSON', `${row(0, 1, 1, [0])}\n{"timestamp": 1,`, 2, /^line 2: not valid JSON \(/],
    ['a missing field', `${row(0, 1, 1, [0])}\n{"timestamp": 1, "input_length": 5, "hash_ids": []}`, 2, /^line 2: missing field output_length$/],
    ['a non-numeric field', `{"timestamp": "soon", "input_length": 5, "output_length": 1, "hash_ids": []}`, 1, /^line 1: timestamp is not a number, got "\\"soon\\""$/],
    ['a negative length', row(0, -5, 1, []), 1, /^line 1: input_length is negative, got -5$/],
    ['a fractional length', row(0, 5, 1.5, []), 1, /^line 1: output_length must be a whole number of tokens, got 1.5$/],
    ['missing hash_ids', '{"timestamp": 0, "input_length": 5, "output_length": 1}', 1, /^line 1: missing field hash_ids/],
    ['a bad hash id', row(0, 5, 1, [1.5]), 1, /^line 1: hash_ids\[0\] must be an integer, got "1.5"$/],
    ['a non-object row', '[1, 2, 3]', 1, /^line 1: expected a JSON object/],
    ['timestamps going backwards', [row(5, 1, 1, [0]), '', row(4, 1, 1, [1])].join('\n'), 3, /^line 3: timestamp goes backwards: 4 ms is before the previous request's 5 ms$/],
  ])('rejects %s with a line-numbered one-line message', (_what, text, lineNumber, message) => {
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.lineNumber).toBe(lineNumber);
    expect(error.message).not.toContain('\n');
  });

  it('rejects an empty trace', () => {
    expect(errorOf('\n\n').message).toBe('trace has no requests');
  });
});
