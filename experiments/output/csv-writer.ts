import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { format } from 'fast-csv';
import { temporaryPath } from './atomic-file.js';

/**
 * Writes tidy rows to a CSV atomically (temporary name, then rename), streaming with back-pressure so
 * large tables never sit in memory twice. Columns are the given headers, in order. A non-finite number
 * is a bug upstream: it fails the write rather than leaving NaN or Infinity in a results file.
 */
export async function writeCsvAtomic<Row extends object>(path: string, headers: readonly (keyof Row & string)[], rows: Iterable<Row>): Promise<void> {
  const tmp = temporaryPath(path);
  const out = createWriteStream(tmp);
  const csv = format<Row, Row>({ headers: [...headers], writeHeaders: true });
  csv.pipe(out);
  try {
    for (const row of rows) {
      for (const header of headers) {
        const value = row[header];
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new Error(`internal error: ${header} is ${value} in a row of ${path}`);
        }
      }
      if (!csv.write(row)) await once(csv, 'drain');
    }
    csv.end();
    await finished(out);
    await rename(tmp, path);
  } catch (error) {
    csv.destroy();
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}
