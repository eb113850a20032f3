import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers for tests that run the CLI as a user does: a separate process per command. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHARD_FIXTURE = fileURLToPath(new URL('./shard-factory.json', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Starts `tokenfactory <args>` from the sources (node --import tsx experiments/cli/main.ts …). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const fullEnv = { ...process.env, ...env };
  delete fullEnv.TOKENFACTORY_DEBUG;
  const child = spawn(process.execPath, ['--import', TSX, 'experiments/cli/main.ts', ...args], { cwd: REPO_ROOT, env: fullEnv });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Resolves once `path` exists (polling), or rejects when the process ends first. */
export async function waitForFile(path: string, process: CliProcess): Promise<void> {
  let ended = false;
  void process.done.then(() => (ended = true));
  while (!existsSync(path)) {
    if (ended) throw new Error(`the process ended before ${path} appeared`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Wraps async jobs so that at most `size` run at once (each CLI process costs a second or more of
 * CPU); jobs start in the order they were asked for.
 */
export function concurrencyLimit(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Every file under `dir`, as sorted paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The files of `actual` whose bytes differ from the same file in `expected`. */
export async function differingFiles(expected: string, actual: string, names: readonly string[]): Promise<string[]> {
  const differing: string[] = [];
  for (const name of names) {
    const [a, b] = await Promise.all([readFile(join(expected, name)), readFile(join(actual, name))]);
    if (!a.equals(b)) differing.push(name);
  }
  return differing;
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}
