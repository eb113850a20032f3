// `npm run bench -- <name> [options]`: runs one benchmark, writes results/bench/<name>.json
// atomically and prints a one-line summary. To add a benchmark, write bench/<name>.ts exporting
// `benchmark: Benchmark` and add one line to BENCHMARKS below.
import { join } from 'node:path';
import { BenchmarkUsageError, type Benchmark } from './support/benchmark.js';
import { loadAverage1m, machineInfo } from './support/machine.js';
import { projectRoot, writeJsonAtomic } from './support/results.js';

const BENCHMARKS: Record<string, () => Promise<{ benchmark: Benchmark }>> = {
  engine: () => import('./engine.js'),
  'engine-prototype': () => import('./engine-prototype.js'),
  serving: () => import('./serving.js'),
  factory: () => import('./factory.js'),
  experiments: () => import('./experiments.js'),
  samplers: () => import('./samplers.js'),
};

async function listing(): Promise<string> {
  const lines = ['benchmarks (npm run bench -- <name> [--help | options]):'];
  const width = Math.max(...Object.keys(BENCHMARKS).map((name) => name.length));
  for (const [name, load] of Object.entries(BENCHMARKS)) lines.push(`  ${name.padEnd(width)}  ${(await load()).benchmark.description}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stderr.write((await listing()) + '\n');
    if (name === undefined) process.stderr.write('error: name a benchmark to run\n');
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
  if (!load) {
    process.stderr.write((await listing()) + '\n');
    process.stderr.write(`error: unknown benchmark ${JSON.stringify(name)}\n`);
    return 2;
  }
  const { benchmark } = await load();
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(benchmark.usage + '\n');
    return 0;
  }
  const machine = machineInfo();
  let outcome;
  try {
    outcome = await benchmark.run(args);
  } catch (error) {
    if (error instanceof BenchmarkUsageError) {
      process.stderr.write(`error: ${error.message} (see npm run bench -- ${name} --help)\n`);
      return 2;
    }
    process.stderr.write(`error: benchmark ${name} failed: ${(error as Error).message}\n`);
    return 1;
  }
  const path = join(projectRoot(), 'results', 'bench', `${name}.json`);
  const command = ['npm run bench --', name, ...args].join(' ');
  machine.loadAverage1mAtEnd = loadAverage1m();
  await writeJsonAtomic(path, { benchmark: name, command, machine, ...outcome.result });
  process.stdout.write(`${outcome.summary} → ${join('results', 'bench', `${name}.json`)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
