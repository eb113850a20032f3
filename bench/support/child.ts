import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './results.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command to completion, capturing its output (never throws on a non-zero exit). */
export function runCommand(command: string, args: string[], cwd: string = projectRoot(), env: Record<string, string> = {}): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/**
 * Runs `task` in a fresh Node process executing the module at `moduleUrl` (a `.js` URL), and returns
 * the JSON it prints as its last stdout line. A fresh process per measurement keeps JIT feedback
 * from one model (or event-set class) from slowing another, as it would not in a user's run.
 * Run from sources (tsx, vitest) there is no .js file: the child then loads the .ts through tsx.
 */
export async function runNodeTask<T>(moduleUrl: URL, task: unknown, nodeFlags: string[] = []): Promise<T> {
  let modulePath = fileURLToPath(moduleUrl);
  let loader: string[] = [];
  if (!existsSync(modulePath) && existsSync(modulePath.replace(/\.js$/, '.ts'))) {
    modulePath = modulePath.replace(/\.js$/, '.ts');
    loader = ['--import', 'tsx'];
  }
  const output = await runCommand(process.execPath, [...loader, ...nodeFlags, modulePath, JSON.stringify(task)]);
  if (output.code !== 0) {
    throw new Error(`benchmark child ${modulePath} failed (exit ${output.code}): ${output.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const lines = output.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
