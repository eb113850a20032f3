import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../support/child.js';
import { projectRoot } from '../support/results.js';

export interface SimPyRun {
  customers: number;
  wallS: number;
  cpuS: number;
  customersPerS: number;
  meanWait: number;
  simpyVersion: string | null;
}

/**
 * Debian's python3-simpy3 installs simpy for /usr/bin/python3; the `python3` first on PATH may be
 * another interpreter (pyenv here) without it, so try the system one first.
 */
const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];

/** The first Python that can import simpy, or null with the reason. */
export async function findSimPyPython(): Promise<{ python: string } | { python: null; reason: string }> {
  for (const python of PYTHON_CANDIDATES) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    try {
      const probe = await runCommand(python, ['-c', 'import simpy']);
      if (probe.code === 0) return { python };
    } catch {
      // not installed: try the next candidate
    }
  }
  return { python: null, reason: `simpy not importable from ${PYTHON_CANDIDATES.join(' or ')} (Debian: apt-get install -y python3-simpy3)` };
}

/** Runs bench/simpy_mm1.py once. */
export async function runSimPyMM1(python: string, customers: number, seed: number): Promise<SimPyRun> {
  const script = join(projectRoot(), 'bench', 'simpy_mm1.py');
  const output = await runCommand(python, [script, String(customers), String(seed)]);
  if (output.code !== 0) throw new Error(`${script} failed (exit ${output.code}): ${output.stderr.trim().split('\n').pop()}`);
  return JSON.parse(output.stdout.trim().split('\n').pop()!) as SimPyRun;
}
