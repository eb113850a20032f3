import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fractionInUnitInterval, nonNegativeNumber, positiveInteger, positiveNumber, seed } from '../../experiments/cli/option-parsers.js';
import { runCommand, shardOption } from '../../experiments/cli/run-command.js';
import { isInputError } from '../../experiments/errors.js';
import { readRunTables } from '../../experiments/output/read-run.js';
import { gatherShards } from '../../experiments/run/merge-shards.js';
import { replicationTables } from '../../experiments/run/replication-task.js';
import { ReplicationStore, replicationFileName } from '../../experiments/run/replication-store.js';
import { checkResources, estimateResources } from '../../experiments/run/resource-estimate.js';
import { describeFailure } from '../../experiments/run/run-errors.js';
import { planTables } from '../../experiments/run/run-scenario.js';
import { scenarioHash } from '../../experiments/run/scenario-hash.js';
import { writeShardManifest } from '../../experiments/run/shard-manifest.js';
import { shardFromEnvironment } from '../../experiments/run/shard.js';
import { loadScenario } from '../../experiments/scenario/load-scenario.js';
import { getAtPath, parsePath, setAtPath } from '../../experiments/scenario/overrides.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';

/**
 * docs/errors.md stays true, both ways:
 *  - every place in the code that raises a user-facing error (the input error classes, trace line
 *    errors, catalog issues) has its wording in the doc: its longest fixed piece of text must appear
 *    there, so a new message cannot ship undocumented;
 *  - real bad inputs (scenarios, catalog additions, traces, flags, environments, damaged folders) are
 *    run, and every message they produce matches a message of the doc's tables, placeholders
 *    (`<path>`) standing for any text; and every message of the tables is produced by one of them,
 *    except the few listed in NOT_REPRODUCED with the test that covers them instead.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const catalog = defaultCatalog();

/** Where user-facing errors are raised. (Sweep, compare and optimize: their owners add them here.) */
const SCANNED = [
  'experiments/cli', 'experiments/run', 'experiments/scenario', 'experiments/traces', 'experiments/output',
  'models/catalog', 'models/performance', 'models/factory', 'models/policies', 'models/workload',
];
const ERROR_CLASSES = 'InputError|CatalogError|ServingConfigError|AllocationError|TraceError|RunStoppedError|InvalidArgumentError';

/** Documented messages no in-process input here produces, and where they are tested instead. */
const NOT_REPRODUCED: Record<string, string> = {
  '<k> of <n> replications failed (<m> not run):': 'a failing worker: test/experiments/shards/faults.test.ts',
  '<c> completed replications are saved in <dir>, no outputs written; once fixed, resume with: <command>': 'run-command after failures (faults.test.ts)',
  '(--keep-going runs the other replications despite a failure)': 'run-command after failures',
  'could not save replication <r> in <dir>: <reason>': 'a disk that fails mid-run',
  'internal error: <message>': 'a bug, by definition; printed by experiments/cli/main.ts',
  'SIGINT: starting no more replications; waiting for the running ones to finish and be saved (Ctrl-C again to abandon them)': 'signals: test/experiments/shards/shards-and-resume.test.ts',
  'SIGTERM: abandoning the running replications; the completed ones are saved': 'signals: shards-and-resume.test.ts',
  'interrupted by <signal>, abandoned running replications <list>: <k> of <n> replications saved in <dir>, no outputs written; resume with: <command>': 'signals: shards-and-resume.test.ts',
  '<signal>: every replication is done; finishing writing the outputs (a few seconds; <signal> again to stop at once)': 'a signal during the last seconds of a run',
  'not built yet; run `npm run build` (or `npm ci`) in the project folder first': 'bin/tokenfactory.js without dist/',
  '<path>.file: <file>: no permission to read the trace file': 'needs a user without root rights',
  '<path>.file: <file>: cannot read the trace file (<reason>)': 'an I/O error other than a missing file',
  'model <model> does not fit on rack <rack>': 'reached only if the detailed memory shortfall does not throw first',
};

let dir: string;
let tiny: Record<string, any>;
let doc: string;
let count = 0;
/** every message produced by the cases, and the case that produced it */
const produced: { message: string; from: string }[] = [];
/** cases whose error was not an input error */
const notInputErrors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-errors-doc-'));
  tiny = JSON.parse(await readFile(join(ROOT, 'test/fixtures/tiny-factory.json'), 'utf8'));
  doc = await readFile(join(ROOT, 'docs/errors.md'), 'utf8');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// ---- the doc ----

/** The messages of the doc's tables: the code spans of each row's first cell. */
function documentedMessages(): string[] {
  const messages: string[] = [];
  for (const line of doc.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('|---')) continue;
    const firstCell = line.slice(2).split(/ (?<!\\)\| /)[0];
    for (const m of firstCell.matchAll(/``\s?(.+?)\s?``|`([^`]+)`/g)) messages.push((m[1] ?? m[2]).replace(/\\\|/g, '|'));
  }
  return messages.filter((m) => m !== 'message');
}

/** A documented message as a regular expression: `<…>` any text, `(s)` an optional plural s. */
function patternOf(message: string): RegExp {
  const parts = message.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\(s\\\)/g, 's?'));
  return new RegExp(`^${parts.join('.*?')}$`);
}

// ---- the code ----

/** `text` from the `(` at `open` to its matching `)`, skipping strings and template literals. */
function callText(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (--depth === 0) return text.slice(open + 1, i);
    } else if (c === '`') {
      let braces = 0;
      for (i++; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '$' && text[i + 1] === '{') (braces++, i++);
        else if (text[i] === '}' && braces > 0) braces--;
        else if (text[i] === '`' && braces === 0) break;
      }
    } else if (c === "'" || c === '"') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    }
  }
  return text.slice(open + 1);
}

/** The fixed pieces of the string and template literals in `code`, interpolations cut out. */
function literalPieces(code: string): string[] {
  const pieces: string[] = [];
  for (const m of code.matchAll(/`((?:[^`\\]|\\.)*)`|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)) {
    const body = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(['"`\\])/g, '$1');
    pieces.push(...body.split(/\$\{(?:[^{}]|\{[^{}]*\})*\}/));
  }
  return pieces.map((p) => p.trim()).filter((p) => /[a-z]{3}/i.test(p));
}

interface ErrorSite {
  where: string;
  /** the longest fixed piece of its message */
  text: string;
}

async function errorSites(): Promise<ErrorSite[]> {
  const sites: ErrorSite[] = [];
  for (const folder of SCANNED) {
    const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.ts'))) {
      const path = join(entry.parentPath, entry.name);
      const text = await readFile(path, 'utf8');
      const calls = new RegExp(`new (${ERROR_CLASSES})\\(|\\blineError\\(|\\bdetail: `, 'g');
      for (const m of text.matchAll(calls)) {
        const code = m[0] === 'detail: ' ? text.slice(m.index, text.indexOf('\n', m.index)) : callText(text, m.index + m[0].length - 1);
        const [longest] = literalPieces(code).sort((a, b) => b.length - a.length);
        // a site that only passes another error's message on (`${where}: ${error.message}`) has none
        if (longest !== undefined) sites.push({ where: `${relative(ROOT, path)}:${text.slice(0, m.index).split('\n').length}`, text: longest });
      }
    }
  }
  return sites;
}

describe('every user-facing error raised in the code', () => {
  it('has its wording in docs/errors.md', async () => {
    const sites = await errorSites();
    expect(sites.length).toBeGreaterThan(120);
    const normalized = doc.replace(/\\\|/g, '|');
    const missing = sites.filter((s) => !normalized.includes(s.text)).map((s) => `${s.where}: ${JSON.stringify(s.text)}`);
    expect(missing).toEqual([]);
  });
});

// ---- real bad inputs ----

/** The message of what `run` throws (an input error, or a message a user sees otherwise). */
async function messageOf(from: string, run: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  if (error === undefined) {
    notInputErrors.push(`${from}: no error at all`);
    return;
  }
  const message = (error as Error).message;
  if (!isInputError(error)) notInputErrors.push(`${from}: ${(error as Error).name}: ${message}`);
  for (const line of message.split('\n')) produced.push({ message: line.trim(), from });
}

async function scenarioFile(json: unknown, name = `s${count++}.json`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

async function planned(path: string): Promise<FactoryPlan> {
  const { scenario } = await loadScenario(path, catalog);
  return planFactory(scenario, catalog);
}

const edited = (edit: (f: any) => void): any => {
  const f = structuredClone(tiny);
  edit(f);
  return f;
};

const SCENARIO_EDITS: [string, (f: any) => void][] = [
  ['a missing field', (f) => delete f.factory.powerCapMw],
  ['a wrong type', (f) => (f.tiers[0].powerShare = 'half')],
  ['a fraction for a count', (f) => (f.simulation.replications = 1.5)],
  ['a negative price', (f) => (f.tiers[0].priceUsdPerMTokOut = -3)],
  ['a misspelt policy', (f) => (f.policies = { allocation: 'static-splt' })],
  ['a misspelt kind', (f) => (f.tiers[0].demand.arrivals.kind = 'poissn')],
  ['no kind', (f) => delete f.tiers[0].demand.arrivals.kind],
  ['a misspelt key', (f) => (f.simulation.duraton = 30)],
  ['a key that does not belong', (f) => (f.factory.zzz = 1)],
  ['an unknown top-level key', (f) => (f.zzz = 1)],
  ['an empty trace file name', (f) => (f.tiers[0].demand.arrivals = { kind: 'trace-replay', file: '' })],
  ['a name with a slash', (f) => (f.name = '../etc')],
  ['an id in capitals', (f) => (f.tiers[0].tier = 'Free')],
  ['a fractional seed', (f) => (f.simulation.seed = 1.5)],
  ['a warm-up longer than the run', (f) => (f.simulation.warmupS = 50)],
  ['an interval longer than the window', (f) => (f.simulation.intervalS = 35)],
  ['both sizes of an instance', (f) => (f.tiers[0].hardware.layout = { chipsPerInstance: 8, racksPerInstance: 1, weightPrecision: 'fp8', kvPrecision: 'fp8' })],
  ['a rate of 1e-12', (f) => (f.tiers[0].demand.arrivals.ratePerS = 1e-12)],
  ['a geometric p of 0', (f) => (f.tiers[0].demand.sizes.promptTokens = { kind: 'geometric', p: 0 })],
  ['an unknown tier', (f) => (f.tiers[0].tier = 'fre')],
  ['an unknown model', (f) => (f.tiers[0].modelId = 'kimi-k2')],
  ['an unknown rack', (f) => (f.tiers[1].hardware.rack = 'hgx-h10')],
  ['a context beyond the model', (f) => (f.tiers[0].maxContextTokens = 10_000_000)],
  ['a zero rate scaled by loadFraction', (f) => (f.tiers[0].demand.arrivals.ratePerS = 0)],
  ['cache hits from a CSV trace', (f) => (f.tiers[0].demand.sizes = { kind: 'trace', file: 'azure.csv', prefixCache: { kind: 'trace' } })],
  ['a lognormal without sigma', (f) => delete f.tiers[0].demand.sizes.promptTokens.sigma],
  ['an infinite mean', (f) => (f.tiers[0].demand.sizes.outputTokens.mu = 5000)],
  ['a truncated gamma', (f) => (f.tiers[0].demand.sizes.promptTokens = { kind: 'gamma', shape: 2, scale: 400, truncate: { max: 2000 } })],
  ['an arrival process that cannot be built', (f) => (f.tiers[0].demand.arrivals = { kind: 'gamma', ratePerS: 1, cv: 1e200 })],
  ['an unknown curve', (f) => (f.tiers[0].hardware.performance = { kind: 'measured', curveId: 'dsr1' })],
  ['a curve of other hardware', (f) => (f.tiers[0].hardware.performance = { kind: 'measured', curveId: 'kimi_k2.5_int4_8k1k_h200_1node_vllm_tp8_nomtp_2026-05-19' })],
  ['a catalog field out of range', (f) => (f.catalog = { racks: { 'hgx-h100': { idlePowerKw: 40 } } })],
  ['an incomplete new rack', (f) => (f.catalog = { racks: { 'hgx-h101': { chips: 8 } } })],
  ['a new tier of an unknown model', (f) => (f.catalog = { tiers: { ent: { name: 'E', modelId: 'nope', priceUsdPerMTokOut: 1, interactivityTokPerS: 1, ttftTargetS: 1, maxContextTokens: 1000 } } })],
  ['a new tier beyond its model', (f) => (f.catalog = { tiers: { ent: { name: 'E', modelId: 'gpt-oss-120b', priceUsdPerMTokOut: 1, interactivityTokPerS: 1, ttftTargetS: 1, maxContextTokens: 1e8 } } })],
  ['an id that is not its key', (f) => (f.catalog = { racks: { 'hgx-h100': { id: 'other' } } })],
  ['sources that are not an object', (f) => (f.catalog = { racks: { 'hgx-h100': { sources: 'P' } } })],
  ['power shares over 1', (f) => (f.tiers[0].powerShare = 0.9)],
  ['a power share that buys nothing', (f) => (f.tiers[0].powerShare = 0)],
  ['a cap too small for demand-based allocation', (f) => ((f.factory.powerCapMw = 0.02), (f.policies = { allocation: 'revenue-greedy' }), f.tiers.forEach((t: any) => delete t.demand.loadFraction))],
  ['a prefill share that buys nothing', (f) => (f.tiers[0].hardware.prefill = { rack: 'hgx-h100', powerFraction: 0.001 })],
  ['an unreachable interactivity', (f) => (f.tiers[0].interactivityTokPerS = 5000)],
  ['no KV room for one request', (f) => ((f.tiers[0].demand.sizes.promptTokens = { kind: 'deterministic', value: 30000 }), (f.tiers[0].hardware.layout = { racksPerInstance: 1, weightPrecision: 'fp8', kvPrecision: 'bf16', usableMemoryFraction: 0.37 }))],
  ['weights that do not fit', (f) => (f.tiers[0].hardware.layout = { chipsPerInstance: 2, weightPrecision: 'fp8', kvPrecision: 'fp8' })],
  ['chips across racks', (f) => (f.tiers[0].hardware.layout = { chipsPerInstance: 12, weightPrecision: 'fp8', kvPrecision: 'fp8' })],
  ['an attention–FFN instance in chips', (f) => (f.tiers[0].hardware = { rack: 'groq3-lpx', attention: { rack: 'vr-nvl72' }, layout: { chipsPerInstance: 8, weightPrecision: 'fp8', kvPrecision: 'fp8' } })],
  ['experts that do not fit', (f) => ((f.tiers[0].modelId = 'gpt-moe-2t'), (f.tiers[0].hardware = { rack: 'groq3-lpx', attention: { rack: 'vr-nvl72' }, layout: { racksPerInstance: 1, weightPrecision: 'bf16', kvPrecision: 'bf16' } }))],
  ['dense weights that fill the attention racks', (f) => ((f.catalog = { racks: { 'hgx-h100': { memoryGb: 16 } } }), (f.tiers[0].modelId = 'deepseek-r1'), (f.tiers[0].maxContextTokens = 8192), (f.tiers[0].hardware = { rack: 'groq3-lpx', attention: { rack: 'hgx-h100' }, layout: { racksPerInstance: 6, weightPrecision: 'fp8', kvPrecision: 'fp8' } }))],
  ['a measured attention–FFN instance', (f) => ((f.tiers[0].modelId = 'deepseek-r1'), (f.tiers[0].maxContextTokens = 8192), (f.tiers[0].hardware = { rack: 'gb200-nvl72', attention: { rack: 'vr-nvl72' }, performance: { kind: 'measured', curveId: 'dsr1_fp4_1k1k_gb200_nvl72_dynamo_trt_mtp_2026-05-22' } }))],
  ['a linear model that takes no time', (f) => (f.tiers[0].hardware.performance = { kind: 'linear', stepBaseS: 0, stepPerSequenceS: 0, stepPerContextTokenS: 1e-9, prefillBaseS: 0, prefillPerTokenS: 1e-6 })],
  ['a prefill rate too low for a curve', (f) => ((f.tiers[0].modelId = 'kimi-k2.5'), (f.tiers[0].hardware = { rack: 'hgx-h200', performance: { kind: 'measured', curveId: 'kimi_k2.5_int4_8k1k_h200_1node_vllm_tp8_nomtp_2026-05-19', prefillTokPerSPerChip: 1 } }))],
  ['sharing an absent tier', (f) => (f.tiers[1].hardware.shareWith = 'premium')],
  ['sharing a tier named twice', (f) => ((f.tiers[1].tier = 'free'), (f.tiers.push(structuredClone(f.tiers[0]))), (f.tiers[2].hardware.shareWith = 'free'), (f.tiers[0].powerShare = 0.3), (f.tiers[1].powerShare = 0.3), (f.tiers[2].powerShare = 0.3))],
  ['sharing itself', (f) => (f.tiers[0].hardware.shareWith = 'free')],
  ['sharing a sharer', (f) => (f.tiers.push({ ...structuredClone(f.tiers[1]), tier: 'high', powerShare: 0 }), (f.tiers[1].hardware.shareWith = 'free'), (f.tiers[2].hardware.shareWith = 'medium'))],
  ['sharing another rack', (f) => ((f.tiers[1].hardware = { rack: 'hgx-h200', shareWith: 'free' }), (f.tiers[1].modelId = 'qwen3-235b-a22b'))],
  ['sharing with another model', (f) => (f.tiers[1].hardware.shareWith = 'free')],
  ['sharing with a layout of its own', (f) => ((f.tiers[1].hardware = { rack: 'hgx-h100', shareWith: 'free', batchCap: 4 }), (f.tiers[1].modelId = 'qwen3-235b-a22b'))],
  ['sharing with another performance model', (f) => ((f.tiers[1].hardware = { rack: 'hgx-h100', shareWith: 'free', performance: { kind: 'roofline', calibration: { stepOverheadS: 0.001 } } }), (f.tiers[1].modelId = 'qwen3-235b-a22b'))],
  ['demand-aware allocation with loadFraction', (f) => (f.policies = { allocation: 'demand-proportional' })],
];

const TRACES: [string, string, string][] = [
  ['a missing trace', 'missing.csv', ''],
  ['a folder as a trace', 'folder.csv', ''],
  ['a trace over the limit', 'huge.csv', ''],
  ['an unknown trace format', 'trace.txt', 'x'],
  ['an empty Azure trace', 'empty.csv', ''],
  ['a header without a column', 'nohead.csv', 'TIMESTAMP,ContextTokens\n1,2\n'],
  ['a row with too few fields', 'short.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,1\n'],
  ['a bad date', 'date.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,1,1\n2023-11-16 xx,1,1\n'],
  ['a bad time', 'time.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\nsoon,1,1\n'],
  ['time going backwards', 'back.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n5,1,1\n1,1,1\n'],
  ['no such date', 'month13.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-13-01 10:00:00,1,1\n'],
  ['a one-row trace to replay', 'one.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,1,1\n'],
  ['no such time', 'hour25.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-02-03 25:00:00,1,1\n'],
  ['a token count that is not a number', 'nan.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,abc,1\n'],
  ['a negative token count', 'neg.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,-1,1\n'],
  ['a fractional token count', 'frac.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,1.5,1\n'],
  ['a header without rows', 'header.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n'],
  ['an empty Mooncake trace', 'empty.jsonl', '\n'],
  ['a line that is not JSON', 'bad.jsonl', '{"timestamp": 0,\n'],
  ['a line that is not an object', 'array.jsonl', '[1]\n'],
  ['Mooncake time going backwards', 'back.jsonl', '{"timestamp":5,"input_length":1,"output_length":1,"hash_ids":[]}\n{"timestamp":1,"input_length":1,"output_length":1,"hash_ids":[]}\n'],
  ['no hash_ids', 'nohash.jsonl', '{"timestamp":0,"input_length":1,"output_length":1}\n'],
  ['a hash that is not an integer', 'hash.jsonl', '{"timestamp":0,"input_length":1,"output_length":1,"hash_ids":["a"]}\n'],
  ['a missing field', 'nofield.jsonl', '{"timestamp":0,"output_length":1,"hash_ids":[]}\n'],
];

describe('real bad inputs', () => {
  beforeAll(async () => {
    // scenarios
    await writeFile(join(dir, 'azure.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,100,10\n1,200,20\n');
    for (const [from, edit] of SCENARIO_EDITS) {
      const path = await scenarioFile(edited(edit));
      await messageOf(from, () => planned(path));
    }
    await messageOf('two problems', async () => planned(await scenarioFile(edited((f) => ((f.tiers[0].priceUsdPerMTokOut = -1), (f.tiers[1].priceUsdPerMTokOut = -1))))));
    await messageOf('an array as the scenario', async () => planned(await scenarioFile([1])));
    await messageOf('a missing scenario file', () => planned(join(dir, 'nope.json')));
    await messageOf('a folder as the scenario', () => planned(dir));
    await messageOf('a file that is not JSON', async () => planned(await scenarioFile('{ "name": ')));
    const huge = await scenarioFile('');
    await truncate(huge, 16 * 1024 * 1024 + 1);
    await messageOf('a huge scenario file', () => planned(huge));

    // traces, as arrivals and as sizes
    await mkdir(join(dir, 'folder.csv'));
    for (const [from, name, content] of TRACES) {
      if (!['missing.csv', 'folder.csv', 'huge.csv'].includes(name)) await writeFile(join(dir, name), content);
      if (name === 'huge.csv') {
        await writeFile(join(dir, name), '');
        await truncate(join(dir, name), 300 * 1024 * 1024);
      }
      const arrivals = await scenarioFile(edited((f) => (f.tiers[0].demand.arrivals = { kind: 'trace-replay', file: name })));
      await messageOf(`${from} (arrivals)`, () => planned(arrivals));
    }

    // flags, as commander reports them
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: (text) => produced.push({ message: text.trim().replace(/\n\(Did you mean/g, ' (did you mean'), from: 'flags' }), writeOut: () => undefined });
    program
      .command('run')
      .argument('<scenario>')
      .addOption(new Option('-r, --replications <n>').argParser(positiveInteger))
      .addOption(new Option('-d, --duration <seconds>').argParser(positiveNumber))
      .addOption(new Option('-w, --warmup <seconds>').argParser(nonNegativeNumber))
      .addOption(new Option('-f, --sample-fraction <f>').argParser(fractionInUnitInterval))
      .addOption(new Option('-s, --seed <seed>').argParser(seed))
      .addOption(new Option('--shard <i/n|auto>').argParser(shardOption))
      .action(() => undefined);
    for (const args of [
      ['run', 'x.json', '-r', '0'], ['run', 'x.json', '-d', '-1'], ['run', 'x.json', '-w', 'soon'], ['run', 'x.json', '-f', '2'],
      ['run', 'x.json', '-s', ''], ['run', 'x.json', '--shard', '2'], ['run', 'x.json', '--shard', '0/0'], ['run', 'x.json', '--shard', '4/2'],
      ['run', 'x.json', '--replicatons', '3'], ['run', 'x.json', '--zzz'], ['run'], ['rn'], ['zzz'],
    ]) {
      try {
        await program.parseAsync(args, { from: 'user' });
      } catch (error) {
        if (!(error instanceof CommanderError || error instanceof InvalidArgumentError)) throw error;
      }
    }
    for (const env of [
      {}, { JOB_COMPLETION_INDEX: '1' }, { TOKENFACTORY_SHARD_INDEX: 'x', TOKENFACTORY_SHARD_COUNT: '2' },
      { TOKENFACTORY_SHARD_INDEX: '0', TOKENFACTORY_SHARD_COUNT: '0' }, { TOKENFACTORY_SHARD_INDEX: '3', TOKENFACTORY_SHARD_COUNT: '2' },
      { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2' },
    ]) {
      await messageOf(`--shard auto with ${JSON.stringify(env)}`, () => shardFromEnvironment(env));
    }

    // resources
    const limits = { heapBytes: 4e9, maxStringChars: 2 ** 29 - 24, freeDiskBytes: 1e12 };
    const long = await planned(await scenarioFile(edited((f) => (f.simulation.durationS = 1e9))));
    await messageOf('1e9 simulated seconds', () => checkResources(long, estimateResources(long, 4), limits));
    const base = await planned(await scenarioFile(tiny));
    await messageOf('a million replications', () => checkResources(base, estimateResources(base, 1e6), limits));
    await messageOf('a full disk', () => checkResources(base, estimateResources(base, 2), { ...limits, freeDiskBytes: 10 }));
    const big = await planned(await scenarioFile(edited((f) => ((f.factory.powerCapMw = 1e6), (f.simulation.sampleFraction = 0.1)))));
    await messageOf('millions of instances', () => checkResources(big, estimateResources(big, 2), limits));

    // saved replications, resume and merge
    const tables = replicationTables(base, 0);
    const hash = scenarioHash(base.scenario, 'test');
    const run = { scenario: tiny.name, scenarioHash: hash, seed: tiny.simulation.seed as number };
    const savedRun = join(dir, 'saved-run');
    await new ReplicationStore(savedRun, run).save(tables);
    const tinyPath = await scenarioFile(tiny, 'tiny-factory.json');
    await messageOf('a fresh run over saved replications', () => runCommand(tinyPath, { out: savedRun, charts: false, quiet: true }));
    const foreign = new ReplicationStore(savedRun, { ...run, scenarioHash: `sha256:${'0'.repeat(64)}` });
    await messageOf('a resume of another run', async () => foreign.load(await foreign.savedAmong([0])));
    const damaged = join(dir, 'damaged', 'replications');
    await mkdir(damaged, { recursive: true });
    await writeFile(join(damaged, replicationFileName(0)), '{"format": ');
    await writeFile(join(damaged, replicationFileName(1)), '{"format": "other"}');
    const damagedStore = new ReplicationStore(join(dir, 'damaged'), run);
    await messageOf('a damaged replication file', async () => damagedStore.load(await damagedStore.savedAmong([0])));
    await messageOf('a foreign replication file', async () => damagedStore.load(await damagedStore.savedAmong([1])));

    const manifest = (index: number, count: number, scenarioHash = hash) => ({
      scenario: tiny.name, scenarioHash, shard: { index, count }, replications: 2, version: 'test',
      scenarioFile: tiny as never, planTables: planTables(base),
    });
    const shard = async (name: string, index: number, replications: number[], scenarioHash = hash): Promise<string> => {
      const out = join(dir, name);
      await writeShardManifest(join(out, 'replications'), manifest(index, 2, scenarioHash));
      const store = new ReplicationStore(out, { ...run, scenarioHash });
      for (const r of replications) await store.save({ ...tables, replication: r });
      return out;
    };
    const shard0 = await shard('shard0', 0, [0]);
    const shard1 = await shard('shard1', 1, [1]);
    await messageOf('merge without manifests', () => gatherShards([join(dir, 'damaged')]));
    await messageOf('merge of two runs', async () => gatherShards([shard0, await shard('other1', 1, [1], `sha256:${'1'.repeat(64)}`)]));
    await messageOf('merge with a replication too many', async () => gatherShards([shard0, await shard('extra1', 1, [1, 3])]));
    await messageOf('merge of a folder twice', async () => gatherShards([shard0, shard1, await shard('copy0', 0, [0])]));
    await messageOf('merge of an unfinished shard', async () => gatherShards([shard0, await shard('unfinished1', 1, [])]));
    await messageOf('merge without a shard folder', () => gatherShards([shard0]));
    const mixed = await shard('mixed1', 1, []);
    await new ReplicationStore(mixed, { ...run, scenarioHash: `sha256:${'2'.repeat(64)}` }).save({ ...tables, replication: 1 });
    await messageOf('merge of a foreign replication', () => gatherShards([shard0, mixed]));
    await messageOf('merge of a missing folder', () => gatherShards([join(dir, 'nowhere')]));
    const badManifest = join(dir, 'bad-manifest', 'replications');
    await mkdir(badManifest, { recursive: true });
    await writeFile(join(badManifest, 'shard-0-of-2.json'), '{');
    await messageOf('a damaged manifest', () => gatherShards([join(dir, 'bad-manifest')]));
    await writeFile(join(badManifest, 'shard-0-of-2.json'), '{"format": "other"}');
    await messageOf('a foreign manifest', () => gatherShards([join(dir, 'bad-manifest')]));

    // reports of finished runs
    await messageOf('a report of an empty folder', () => readRunTables(join(dir, 'damaged')));
    const partial = join(dir, 'partial-run');
    await mkdir(partial);
    await writeFile(join(partial, 'run.json'), '{');
    await messageOf('a damaged run.json', () => readRunTables(partial));
    await writeFile(join(partial, 'run.json'), '{}');
    await writeFile(join(partial, 'scenario.resolved.json'), '{}');
    await messageOf('an old run.json', () => readRunTables(partial));
    await writeFile(join(partial, 'run.json'), '{"tierTargets": []}');
    await messageOf('a run without its CSVs', () => readRunTables(partial));
    for (const [name, content, from] of [
      ['utilization.csv', 'a,b\n1,2,3\n', 'a row with too many columns'],
      ['utilization.csv', 'replication,interval\nx,1\n', 'a cell that is not a number'],
      ['utilization.csv', 'a,"b\n', 'a CSV that does not parse'],
    ] as const) {
      await writeFile(join(partial, name), content);
      await messageOf(from, () => readRunTables(partial));
    }
    // the report command's own check (experiments/cli/report-command.ts)
    produced.push({ message: `${partial}/run.json: has no version`, from: 'a report of a run.json without a version' });

    // JSON paths of sweeps and comparisons
    const file = structuredClone(tiny);
    for (const [from, run] of [
      ['an empty path', () => parsePath('', 'parameters[0].path')],
      ['a bad part', () => parsePath('tiers..x', 'parameters[0].path')],
      ['a forbidden key', () => parsePath('__proto__.x', 'parameters[0].path')],
      ['a bad index', () => parsePath('tiers[a b]', 'parameters[0].path')],
      ['a path to nothing', () => getAtPath(file, 'factory.nothing', 'parameters[0].path')],
      ['a path through a number', () => getAtPath(file, 'factory.powerCapMw.x', 'parameters[0].path')],
      ['an index of an object', () => getAtPath(file, 'factory[0]', 'parameters[0].path')],
      ['an index past the end', () => getAtPath(file, 'tiers[5].powerShare', 'parameters[0].path')],
      ['an unknown id', () => setAtPath(file, 'tiers[ultra].powerShare', 1, 'parameters[0].path')],
      ['every element of an empty list', () => getAtPath({ tiers: [] }, 'tiers[*].x', 'parameters[0].path')],
    ] as const) {
      await messageOf(from, run);
    }

    // failed replications, as run-command lists them
    for (const kind of ['threw', 'worker-died'] as const) {
      produced.push({ message: describeFailure(tiny.name, { replication: 2, seed: 11, kind, message: 'worker exited with code: 3' }), from: `a replication that ${kind}` });
    }
  }, 120_000);

  it('each produce messages that docs/errors.md lists', () => {
    const patterns = documentedMessages().map(patternOf);
    const undocumented = produced
      .map(({ message, from }) => ({ message: message.replace(/^tokenfactory: /, '').replace(/ \(and \d+ more problems?\)$/, ''), from }))
      .filter(({ message }) => !patterns.some((p) => p.test(message)))
      .map(({ message, from }) => `${from}: ${message}`);
    expect(undocumented).toEqual([]);
  });

  it('between them produce every message docs/errors.md lists (a few are tested elsewhere)', () => {
    const messages = produced.map(({ message }) => message.replace(/^tokenfactory: /, '').replace(/ \(and \d+ more problems?\)$/, ''));
    const documented = documentedMessages();
    expect(documented.length).toBeGreaterThan(120);
    const unused = documented.filter((m) => !(m in NOT_REPRODUCED) && !messages.some((text) => patternOf(m).test(text)));
    expect(unused).toEqual([]);
    for (const m of Object.keys(NOT_REPRODUCED)) expect(documented, `NOT_REPRODUCED lists an undocumented message: ${m}`).toContain(m);
  });

  it('are input errors (exit code 2), never anything else', () => {
    expect(notInputErrors).toEqual([]);
  });
});
