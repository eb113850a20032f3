import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { projectRoot } from './results.js';

export interface MachineInfo {
  date: string;
  node: string;
  v8: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  memoryGiB: number;
  /** 1-minute load average when the run started and ended: a busy shared machine explains noisy figures */
  loadAverage1m: number;
  loadAverage1mAtEnd?: number;
  gitCommit: string | null;
  /** true when the working tree had uncommitted changes (figures may not match the commit) */
  gitDirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: projectRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function loadAverage1m(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

/** Where and when a benchmark ran, recorded beside its figures. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: loadAverage1m(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  };
}
