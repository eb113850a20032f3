import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * A temporary name beside `path` (same directory, so the final rename is atomic on POSIX). The
 * random suffix keeps concurrent writers (shards, retries) from sharing a temporary file.
 */
export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Writes `data` to `path` so that `path` is either absent, the old file, or the complete new one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
