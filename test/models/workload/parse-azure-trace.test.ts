import { describe, expect, it } from 'vitest';
import { parseAzureTrace } from '../../../models/workload/parse-azure-trace.js';
import { TraceError } from '../../../models/workload/trace.js';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

/** The TraceError a parse throws (fails the test if it does not throw one). */
function errorOf(text: string): TraceError {
  try {
    parseAzureTrace(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TraceError);
    return error as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('parseAzureTrace', () => {
  it('parses rows into columns with times relative to the first, keeping the 100 ns digits', () => {
    const trace = parseAzureTrace(
      `${HEADER}\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n2023-11-16 18:15:50.9951691,0,1\n`,
    );
    expect(trace.format).toBe('azure');
    expect(Array.from(trace.promptTokens)).toEqual([374, 396, 0]);
    expect(Array.from(trace.outputTokens)).toEqual([44, 109, 1]);
    expect(trace.timesS[0]).toBe(0);
    expect(trace.timesS[1]).toBeCloseTo(4.314579, 9);
    expect(trace.timesS[2] - trace.timesS[1]).toBeCloseTo(1e-7, 10); // resolution ~1e-11 s at 18:15
  });

  it('crosses midnight and month ends', () => {
    const trace = parseAzureTrace(`${HEADER}\n2023-11-30 23:59:59.5,1,1\n2023-12-01T00:00:00.25Z,1,1\n`);
    expect(trace.timesS[1]).toBeCloseTo(0.75, 12);
  });

  it('accepts 29 February of a leap year and counts it as a day', () => {
    const trace = parseAzureTrace(`${HEADER}\n2024-02-28 12:00:00,1,1\n2024-02-29 12:00:00,1,1\n2024-03-01 12:00:00,1,1\n`);
    expect(Array.from(trace.timesS)).toEqual([0, 86_400, 172_800]);
    // a century year is a leap year only every 400 years
    expect(Array.from(parseAzureTrace(`${HEADER}\n2000-02-29 00:00:00,1,1\n2000-03-01 00:00:00,1,1\n`).timesS)).toEqual([0, 86_400]);
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    // 0099-12-31 to 0100-01-01 is one day; read as 1999 and 0100 it would go backwards
    const trace = parseAzureTrace(`${HEADER}\n0099-12-31 00:00:00,1,1\n0100-01-01 00:00:00,1,1\n`);
    expect(Array.from(trace.timesS)).toEqual([0, 86_400]);
  });

  it('accepts columns in any order and case, extra columns, CRLF, a BOM and blank lines', () => {
    const trace = parseAzureTrace('\ufeffgeneratedtokens,Extra,contexttokens,timestamp\r\n5,x,7,2023-11-16 00:00:00\r\n\r\n6,y,8,2023-11-16 00:00:01\r\n');
    expect(Array.from(trace.promptTokens)).toEqual([7, 8]);
    expect(Array.from(trace.outputTokens)).toEqual([5, 6]);
    expect(Array.from(trace.timesS)).toEqual([0, 1]);
  });

  it('accepts timestamps in seconds', () => {
    const trace = parseAzureTrace(`${HEADER}\n100.5,1,2\n101,3,4\n`);
    expect(Array.from(trace.timesS)).toEqual([0, 0.5]);
  });

  it.each([
    ['a non-numeric token count', `${HEADER}\n2023-11-16 00:00:00,abc,1`, 2, 'line 2: ContextTokens is not a number, got "abc"'],
    ['a negative token count', `${HEADER}\n2023-11-16 00:00:00,5,1\n2023-11-16 00:00:01,7,-3`, 3, 'line 3: GeneratedTokens is negative, got -3'],
    ['a fractional token count', `${HEADER}\n2023-11-16 00:00:00,5.5,1`, 2, 'line 2: ContextTokens must be a whole number of tokens, got 5.5'],
    ['an empty field', `${HEADER}\n2023-11-16 00:00:00,,1`, 2, 'line 2: ContextTokens is not a number, got ""'],
    ['a missing column in a row', `${HEADER}\n2023-11-16 00:00:00,5`, 2, 'line 2: expected 3 columns, got 2'],
    ['a missing column in the header', 'TIMESTAMP,ContextTokens\n2023-11-16 00:00:00,5', 1, 'line 1: header has no GeneratedTokens column (found "TIMESTAMP,ContextTokens")'],
    ['a bad timestamp', `${HEADER}\n2023-11-16 00:00:00,5,1\nyesterday,5,1`, 3, 'line 3: TIMESTAMP is not a date-time like 2023-11-16 18:15:46.68, got "yesterday"'],
    ['an impossible time', `${HEADER}\n2023-11-16 25:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such time: 25:00:00'],
    ['a month that does not exist', `${HEADER}\n2023-13-01 00:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such date: 2023-13-01'],
    ['30 February', `${HEADER}\n2023-02-28 00:00:00,5,1\n2023-02-30 00:00:00,5,1`, 3, 'line 3: TIMESTAMP has no such date: 2023-02-30'],
    ['29 February of a common year', `${HEADER}\n2023-02-29 00:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such date: 2023-02-29'],
    ['29 February of a century that is not a leap year', `${HEADER}\n2100-02-29 00:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such date: 2100-02-29'],
    ['31 April', `${HEADER}\n2024-04-31 00:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such date: 2024-04-31'],
    ['day 0', `${HEADER}\n2024-01-00 00:00:00,5,1`, 2, 'line 2: TIMESTAMP has no such date: 2024-01-00'],
    [
      'timestamps going backwards',
      `${HEADER}\n2023-11-16 00:00:02,5,1\n\n2023-11-16 00:00:01,5,1`,
      4,
      'line 4: TIMESTAMP goes backwards: "2023-11-16 00:00:01" is before the previous request',
    ],
  ])('rejects %s with a line-numbered one-line message', (_what, text, lineNumber, message) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    expect(error.lineNumber).toBe(lineNumber);
    expect(error.message).not.toContain('\n');
  });

  it('rejects an empty text and a header without rows', () => {
    expect(errorOf('').message).toMatch(/empty trace/);
    expect(errorOf(`${HEADER}\n\n`).message).toBe('trace has a header but no requests');
  });
});
