import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseAzureTrace } from '../../models/workload/parse-azure-trace.js';
import { parseMooncakeTrace } from '../../models/workload/parse-mooncake-trace.js';
import { TraceError, type WorkloadTrace } from '../../models/workload/trace.js';

/** Refuse trace files above this size unless told otherwise: 256 MiB. */
export const DEFAULT_MAX_TRACE_BYTES = 256 * 1024 * 1024;

export interface LoadTraceOptions {
  /** largest file to read, bytes (default 256 MiB): a trace is parsed in memory */
  maxBytes?: number;
}

const PARSERS: Record<string, (text: string) => WorkloadTrace> = {
  '.csv': parseAzureTrace,
  '.jsonl': parseMooncakeTrace,
};

/**
 * Reads and parses a trace file, choosing the parser by extension: `.csv` an Azure LLM inference
 * trace, `.jsonl` a Mooncake trace. Every failure is a TraceError with one line naming the path:
 * a missing file, a file over the size limit, an unknown extension, or the first bad row.
 */
export async function loadTrace(path: string, options: LoadTraceOptions = {}): Promise<WorkloadTrace> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TRACE_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`loadTrace: maxBytes must be a number > 0, got ${maxBytes}`);
  }
  const extension = extname(path).toLowerCase();
  const parse = PARSERS[extension];
  if (parse === undefined) {
    throw new TraceError(`${path}: unknown trace format "${extension}" (expected .csv for Azure or .jsonl for Mooncake)`);
  }

  // One handle for the size check and the read, so both see the same file.
  let text: string;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) throw new TraceError(`${path}: not a file`);
    if (info.size > maxBytes) {
      throw new TraceError(
        `${path}: trace file is ${formatMiB(info.size)}, over the ${formatMiB(maxBytes)} limit (a trace is read whole into memory: ` +
          'replay a sample of its rows, or raise loadTrace\'s maxBytes when calling from code)',
      );
    }
    text = await handle.readFile('utf8');
  } catch (error) {
    throw fileError(path, error);
  } finally {
    await handle?.close();
  }
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof TraceError) throw new TraceError(`${path}: ${error.message}`, error.lineNumber);
    throw error;
  }
}

function fileError(path: string, error: unknown): TraceError {
  if (error instanceof TraceError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TraceError(`${path}: trace file not found`);
  if (code === 'EACCES') return new TraceError(`${path}: no permission to read the trace file`);
  if (code === 'EISDIR') return new TraceError(`${path}: not a file`);
  return new TraceError(`${path}: cannot read the trace file (${(error as Error).message})`);
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
