import { performance } from 'node:perf_hooks';

/** Wall and CPU time of one measured stretch, in ns. */
export interface Elapsed {
  wallNs: number;
  /** user + system CPU of this process: less sensitive than wall time to other load on a shared machine */
  cpuNs: number;
}

export function measure(work: () => void): Elapsed {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  work();
  const wallNs = (performance.now() - start) * 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallNs, cpuNs: (cpu.user + cpu.system) * 1e3 };
}
