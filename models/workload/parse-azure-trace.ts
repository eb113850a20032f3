import { LineReader } from './line-reader.js';
import { lineError, quoted, TraceError, type AzureTrace } from './trace.js';

const TIME_COLUMN = 'TIMESTAMP';
const PROMPT_COLUMN = 'ContextTokens';
const OUTPUT_COLUMN = 'GeneratedTokens';

// `2023-11-16 18:15:46.6805900` (the Azure files), also with a `T` and a trailing `Z`.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)Z?$/;
const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;

/**
 * Parses an Azure LLM inference trace (Azure Public Dataset, 2023 and 2024):
 * a header naming TIMESTAMP, ContextTokens and GeneratedTokens (any order, case-insensitive, other
 * columns ignored), then one request per line. TIMESTAMP is a date-time (`2023-11-16 18:15:46.68`,
 * read as UTC: only differences matter) or a plain number of seconds.
 *
 * A strict line parser rather than a general CSV library: the format is fixed (numbers and a
 * date-time, never quoted, no embedded commas or newlines), a synchronous pure function of the text
 * keeps models/ free of streams, and every rejected row gets its line number. A quoted or otherwise
 * malformed field is reported, not guessed at.
 *
 * Times are relative to the first request and computed from the day and the time of day separately,
 * so the 100 ns digits of the Azure timestamps survive (epoch seconds in a double would keep ~0.2 µs).
 */
export function parseAzureTrace(csvText: string): AzureTrace {
  const lines = new LineReader(csvText.charCodeAt(0) === 0xfeff ? csvText.slice(1) : csvText);
  const header = lines.nextNonBlank();
  if (header === undefined) {
    throw new TraceError(`empty trace: expected a header line ${TIME_COLUMN},${PROMPT_COLUMN},${OUTPUT_COLUMN}`, 1);
  }
  const names = header.text.split(',').map((name) => name.trim().toLowerCase());
  const columnOf = (wanted: string): number => {
    const index = names.indexOf(wanted.toLowerCase());
    if (index < 0) {
      throw lineError(header.number, `header has no ${wanted} column (found ${quoted(header.text)})`);
    }
    return index;
  };
  const timeColumn = columnOf(TIME_COLUMN);
  const promptColumn = columnOf(PROMPT_COLUMN);
  const outputColumn = columnOf(OUTPUT_COLUMN);
  const columnCount = names.length;

  const capacity = lines.remainingLineCount();
  const timesS = new Float64Array(capacity);
  const promptTokens = new Int32Array(capacity);
  const outputTokens = new Int32Array(capacity);
  let count = 0;
  let firstDay = NaN;
  let timesAreDates = false;
  for (let line = lines.nextNonBlank(); line !== undefined; line = lines.nextNonBlank()) {
    const fields = line.text.split(',');
    if (fields.length !== columnCount) {
      throw lineError(line.number, `expected ${columnCount} columns, got ${fields.length}`);
    }
    const timeField = fields[timeColumn].trim();
    const dateTime = DATE_TIME.exec(timeField);
    let timeS: number;
    if (count === 0) timesAreDates = dateTime !== null;
    if (timesAreDates) {
      if (dateTime === null) {
        throw lineError(line.number, `${TIME_COLUMN} is not a date-time like 2023-11-16 18:15:46.68, got ${quoted(timeField)}`);
      }
      const day = dayNumber(dateTime, line.number);
      if (count === 0) firstDay = day;
      timeS = (day - firstDay) * SECONDS_PER_DAY + secondOfDay(dateTime, line.number);
    } else {
      timeS = Number(timeField);
      if (timeField === '' || !Number.isFinite(timeS)) {
        throw lineError(line.number, `${TIME_COLUMN} is not a date-time or a number of seconds, got ${quoted(timeField)}`);
      }
    }
    if (count > 0 && timeS < timesS[count - 1]) {
      throw lineError(line.number, `${TIME_COLUMN} goes backwards: ${quoted(timeField)} is before the previous request`);
    }
    timesS[count] = timeS;
    promptTokens[count] = tokenCount(fields[promptColumn], PROMPT_COLUMN, line.number);
    outputTokens[count] = tokenCount(fields[outputColumn], OUTPUT_COLUMN, line.number);
    count++;
  }
  if (count === 0) throw new TraceError('trace has a header but no requests');

  const origin = timesS[0];
  for (let i = 0; i < count; i++) timesS[i] -= origin;
  return {
    format: 'azure',
    timesS: timesS.slice(0, count),
    promptTokens: promptTokens.slice(0, count),
    outputTokens: outputTokens.slice(0, count),
  };
}

/** A token count field: a whole number in [0, 2^31). */
function tokenCount(raw: string, column: string, lineNumber: number): number {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw lineError(lineNumber, `${column} is not a number, got ${quoted(text)}`);
  if (value < 0) throw lineError(lineNumber, `${column} is negative, got ${text}`);
  if (!Number.isInteger(value) || value > 0x7fffffff) {
    throw lineError(lineNumber, `${column} must be a whole number of tokens, got ${text}`);
  }
  return value;
}

/** Days in each month of a common year; February has 29 in a leap year. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days since 1970-01-01 of a date that exists: 30 February or 31 April is refused rather than rolled
 * over into the next month (Date.UTC would read 2023-02-30 as 2 March).
 */
function dayNumber(match: RegExpExecArray, lineNumber: number): number {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const monthDays = month >= 1 && month <= 12 ? DAYS_IN_MONTH[month - 1] + (month === 2 && isLeapYear(year) ? 1 : 0) : 0;
  if (day < 1 || day > monthDays) {
    throw lineError(lineNumber, `TIMESTAMP has no such date: ${match[1]}-${match[2]}-${match[3]}`);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() / MS_PER_DAY;
}

function secondOfDay(match: RegExpExecArray, lineNumber: number): number {
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  // 60 allows a leap second.
  if (hour > 23 || minute > 59 || second >= 61) {
    throw lineError(lineNumber, `TIMESTAMP has no such time: ${match[4]}:${match[5]}:${match[6]}`);
  }
  return hour * 3600 + minute * 60 + second;
}
