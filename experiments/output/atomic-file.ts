import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary name beside `path` (same directory, so the final rename is atomic on POSIX). The
 * random suffix keeps concurrent writers (shards, retries) from sharing a temporary file.
 */
export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** `<final name>.tmp-<pid>-<8 hex digits>`: the final name and the writer's process id, or undefined. */
export function parseTemporaryName(name: string): { finalName: string; pid: number } | undefined {
  const match = /^(.+)\.tmp-(\d+)-[0-9a-f]{8}$/.exec(name);
  return match ? { finalName: match[1], pid: Number(match[2]) } : undefined;
}

/**
 * Deletes the temporary files of `paths` that a process no longer running left behind (killed in the
 * middle of a write); a temporary of a live process may still become its file, and is left alone.
 */
export async function removeStaleTemporaries(paths: readonly string[]): Promise<void> {
  const byDir = new Map<string, Set<string>>();
  for (const path of paths) {
    const names = byDir.get(dirname(path)) ?? new Set<string>();
    names.add(basename(path));
    byDir.set(dirname(path), names);
  }
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const temporary = parseTemporaryName(entry);
      if (temporary && names.has(temporary.finalName) && !isRunning(temporary.pid)) await rm(join(dir, entry), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
