import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `tokenfactory <args>` from the sources, as a user runs it: a separate process. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TINY_FACTORY = fileURLToPath(new URL('../../fixtures/tiny-factory.json', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[]): Promise<CliResult> {
  const env = { ...process.env };
  delete env.TOKENFACTORY_DEBUG; // the one switch that may print a stack trace
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, 'experiments/cli/main.ts', ...args], { cwd: REPO_ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
