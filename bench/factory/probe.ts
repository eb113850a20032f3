// Child-process entry of the factory benchmark: plans a scenario and runs one replication in this
// thread (no workers), printing its figures as one JSON line. The code is loaded from
// `task.distDir`, so an older build can be timed in the same run (`--compare DIR`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface FactoryTask {
  distDir: string;
  scenarioPath: string;
  replication: number;
  /** overrides of the scenario's `simulation` block (sampleFraction, durationS, warmupS) */
  simulation?: Record<string, number>;
}

export interface FactorySample {
  /** decode instances simulated per tier */
  instances: number[];
  simulatedRequests: number;
  eventsProcessed: number;
  /** loading and planning the scenario (not part of the replication's time) */
  planS: number;
  wallS: number;
  cpuS: number;
  scavenges: number;
  markCompacts: number;
  /** heap in use after the replication (live results plus garbage not yet collected) */
  heapUsedMiB: number;
}

function moduleUrl(distDir: string, path: string): string {
  const js = join(distDir, path);
  return pathToFileURL(existsSync(js) ? js : js.replace(/\.js$/, '.ts')).href;
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export async function factoryTask(task: FactoryTask): Promise<FactorySample> {
  const [catalog, plan, replication, loader] = await Promise.all([
    import(moduleUrl(task.distDir, 'models/catalog/catalog.js')),
    import(moduleUrl(task.distDir, 'models/factory/plan.js')),
    import(moduleUrl(task.distDir, 'models/factory/replication.js')),
    import(moduleUrl(task.distDir, 'experiments/scenario/load-scenario.js')),
  ]);
  const planStart = performance.now();
  const overrides = task.simulation ?? {};
  const { scenario } = await loader.loadScenario(task.scenarioPath, catalog.defaultCatalog(), (file: { simulation: object }) => ({
    ...file,
    simulation: { ...file.simulation, ...overrides },
  }));
  const factoryPlan = plan.planFactory(scenario, catalog.defaultCatalog());
  const planS = (performance.now() - planStart) / 1e3;

  let scavenges = 0;
  let markCompacts = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) markCompacts++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1));
  await settle();
  const before = { scavenges, markCompacts };
  const cpuStart = cpuMicros();
  const wallStart = performance.now();
  const result = replication.runReplication(factoryPlan, task.replication);
  const wallS = (performance.now() - wallStart) / 1e3;
  const cpuS = (cpuMicros() - cpuStart) / 1e6;
  await settle();
  observer.disconnect();
  return {
    instances: factoryPlan.tiers.map((t: { decode: { instancesSimulated: number } }) => t.decode.instancesSimulated),
    simulatedRequests: result.simulatedRequests,
    eventsProcessed: result.eventsProcessed,
    planS,
    wallS,
    cpuS,
    scavenges: scavenges - before.scavenges,
    markCompacts: markCompacts - before.markCompacts,
    heapUsedMiB: Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const task = JSON.parse(process.argv[2]) as FactoryTask;
  process.stdout.write(JSON.stringify(await factoryTask(task)) + '\n');
}
