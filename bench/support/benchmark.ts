import { parseArgs } from 'node:util';

/** What a benchmark hands back to the dispatcher: the JSON body and one line for the terminal. */
export interface BenchmarkOutcome {
  /** Benchmark-specific figures; the dispatcher adds `benchmark`, `command` and `machine`. */
  result: Record<string, unknown>;
  /** One line for stdout, without the output path (the dispatcher appends it). */
  summary: string;
}

/** One benchmark, one file: `bench/<name>.ts` exports `benchmark`, and `bench/run.ts` maps its name. */
export interface Benchmark {
  /** One line for the list shown by `npm run bench`. */
  description: string;
  /** Options help shown by `npm run bench -- <name> --help`. */
  usage: string;
  /** Runs with the arguments after the name; throws BenchmarkUsageError on bad arguments. */
  run(args: string[]): Promise<BenchmarkOutcome>;
}

/** A mistake in the command line: reported as one line, exit code 2. */
export class BenchmarkUsageError extends Error {
  override name = 'BenchmarkUsageError';
}

/**
 * The `--name value` options of a benchmark's command line, each a string (or undefined when absent).
 * Unknown options, positionals and a missing value are usage errors.
 */
export function parseStringOptions(args: string[], names: readonly string[]): Record<string, string | undefined> {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    });
    return values as Record<string, string | undefined>;
  } catch (error) {
    throw new BenchmarkUsageError((error as Error).message);
  }
}

/** Parses an optional number > 0 (null when absent). */
export function parsePositive(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new BenchmarkUsageError(`--${option}: must be a number > 0, got ${JSON.stringify(text)}`);
  return value;
}

/** Parses a count such as `1e6`, `200000` or `2_000`; must be an integer ≥ `minimum`. */
export function parseCount(option: string, text: string | undefined, fallback: number, minimum = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < minimum) {
    throw new BenchmarkUsageError(`--${option}: must be an integer ≥ ${minimum}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Parses a comma-separated list of counts, e.g. `1e3,1e4`. */
export function parseCountList(option: string, text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((part) => parseCount(option, part.trim(), 0, 1));
}

/** Progress on stderr, only for a terminal: stdout stays the one-line summary. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}
