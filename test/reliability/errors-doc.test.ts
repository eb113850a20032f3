import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../experiments/cli/compare-command.js';
import { fractionInUnitInterval, nonNegativeNumber, positiveInteger, positiveNumber, seed } from '../../experiments/cli/option-parsers.js';
import { optimizeCommand } from '../../experiments/cli/optimize-command.js';
import { reportCommand } from '../../experiments/cli/report-command.js';
import { runCommand, shardOption } from '../../experiments/cli/run-command.js';
import { sweepCommand } from '../../experiments/cli/sweep-command.js';
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
import { loadSweep } from '../../experiments/sweep/load-sweep.js';
import { runSweepPoints } from '../../experiments/sweep/run-sweep.js';
import { gatherSweepShards, writeSweepShard } from '../../experiments/sweep/sweep-shards.js';
import { tornadoRows } from '../../experiments/sweep/sweep-tables.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';

/**
 * docs/errors.md stays true, both ways:
 *  - every place in the code that raises a user-facing error (the input error classes, trace line
 *    errors, catalog issues) has its wording in the doc: its longest fixed piece of text must appear
 *    there, so a new message cannot ship undocumented;
 *  - real bad inputs (scenarios, catalog additions, traces, flags, environments, damaged folders, sweep,
 *    compare and optimize files, report folders) are run, and every message they produce matches a
 *    message of the doc's tables, placeholders (`<path>`) standing for any text; and every message of
 *    the tables is produced by one of them, except the few listed in NOT_REPRODUCED with the test that
 *    covers them instead. Sweep, compare and optimize files all fail in validation: nothing is simulated.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const catalog = defaultCatalog();

/** Where user-facing errors are raised: every .ts file under these folders, recursively. */
const SCANNED = [
  'experiments/cli', 'experiments/run', 'experiments/scenario', 'experiments/traces', 'experiments/output',
  'experiments/sweep', 'experiments/compare', 'experiments/optimize', 'experiments/report',
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
  'tiers[<i>].hardware: model <model> does not fit on rack <rack>': 'reached only if the detailed memory shortfall does not throw first',
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

/**
 * The fixed pieces of the string and template literals in `code`, interpolations cut out; literals
 * nested in an interpolation (`${guess ? ` (did you mean "${guess}"?)` : ''}`) are pieces of their own.
 */
function literalPieces(code: string): string[] {
  const pieces: string[] = [];
  /** Code from `i`; inside an interpolation, up to the `}` that closes it. Returns the index after it. */
  const expression = (i: number, interpolation: boolean): number => {
    let braces = 0;
    while (i < code.length) {
      const c = code[i];
      if (c === "'" || c === '"') {
        let body = '';
        for (i++; i < code.length && code[i] !== c; i++) {
          if (code[i] !== '\\') body += code[i];
          else if (code[++i] !== 'n') body += code[i];
          else (pieces.push(body), (body = '')); // a line break ends a piece
        }
        pieces.push(body);
        i++;
      } else if (c === '`') {
        i = template(i + 1);
      } else if (c === '{') {
        braces++;
        i++;
      } else if (c === '}') {
        if (interpolation && braces === 0) return i + 1;
        braces--;
        i++;
      } else {
        i++;
      }
    }
    return i;
  };
  /** A template literal's text from `i` (after its opening backtick). Returns the index after its closing one. */
  const template = (i: number): number => {
    let body = '';
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') {
        if (code[i + 1] !== 'n') body += code[i + 1];
        else (pieces.push(body), (body = '')); // a line break ends a piece
        i += 2;
      } else if (code[i] === '$' && code[i + 1] === '{') {
        pieces.push(body);
        body = '';
        i = expression(i + 2, true);
      } else {
        body += code[i++];
      }
    }
    pieces.push(body);
    return i + 1;
  };
  expression(0, false);
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
      // `fail(…)`: a local helper that throws an InputError naming the field (sweep parameters, JSON paths)
      const calls = new RegExp(`new (${ERROR_CLASSES})\\(|\\blineError\\(|(?<![.\\w])fail\\(|\\bdetail: `, 'g');
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
  ['no tiers', (f) => (f.tiers = [])],
];

const TINY = join(ROOT, 'test/fixtures/tiny-factory.json');

/** Bad sweep files: each replaces or adds top-level fields of a one-at-a-time sweep of the tiny factory. */
const SWEEP_EDITS: [string, Record<string, unknown>][] = [
  ['a misspelt design', { design: { kind: 'gird' } }],
  ['a design without a kind', { design: {} }],
  ['an unknown key in a sweep', { colour: 'blue' }],
  ['a fractional sweep seed', { seed: 1.5 }],
  ['a fractional design seed', { design: { kind: 'latin-hypercube', samples: 4, seed: 1.5 }, parameters: [{ path: 'factory.pue', range: [1.1, 1.5] }] }],
  ['a null value', { parameters: [{ path: 'factory.electricityUsdPerMwh', values: [null, 1] }] }],
  ['a parameter name with a comma', { parameters: [{ path: 'factory.electricityUsdPerMwh', name: 'a,b', values: [1, 2] }] }],
  ['a metric that is a number', { metrics: [3] }],
  ['a misspelt metric', { metrics: ['marjin'] }],
  ['an unknown metric', { metrics: ['qqqqqqqq'] }],
  ['a tier metric without a scope', { metrics: ['sloAttainment'] }],
  ['a rack-group metric without a scope', { metrics: ['utilization'] }],
  ['a factory metric with a scope', { metrics: [{ metric: 'margin', scope: 'free' }] }],
  ['a misspelt scope', { metrics: [{ metric: 'sloAttainment', scope: 'fre' }] }],
  ['an unknown scope', { metrics: [{ metric: 'sloAttainment', scope: 'enterprise-gold' }] }],
  ['a parameter named like a column', { parameters: [{ path: 'factory.electricityUsdPerMwh', name: 'mean', values: [1, 2] }] }],
  ['two parameters of one name', { parameters: [{ path: 'factory.electricityUsdPerMwh', name: 'x', values: [1, 2] }, { path: 'factory.facilityLifeYears', name: 'x', values: [5, 10] }] }],
  ['one path twice', { parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, 2] }, { path: 'factory.electricityUsdPerMwh', name: 'again', values: [3, 4] }] }],
  ['varying the seed', { parameters: [{ path: 'simulation.seed', values: [1, 2] }] }],
  ['a misspelt field', { parameters: [{ path: 'factory.pirce', values: [1, 2] }] }],
  ['a relative change of a string', { parameters: [{ path: 'factory.itCost.kind', relative: [-0.1, 0.1] }] }],
  ['different base values', { parameters: [{ path: 'tiers[*].priceUsdPerMTokOut', values: [1, 2] }] }],
  ['a range in a one-at-a-time design', { parameters: [{ path: 'factory.electricityUsdPerMwh', range: [1, 2] }] }],
  ['values and relative', { parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, 2], relative: [-0.1, 0.1] }] }],
  ['neither range nor relative', { design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh' }] }],
  ['three one-at-a-time values', { parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, 2, 3] }] }],
  ['one-at-a-time strings', { parameters: [{ path: 'tiers[free].hardware.rack', values: ['hgx-h100', 'hgx-h200'] }] }],
  ['a range upside down', { design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [100, 10] }] }],
  ['a range of three', { design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [1, 2, 3] }] }],
  ['a log range from 0', { design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [0, 100], scale: 'log' }] }],
  ['a relative log range from -1', { design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'factory.electricityUsdPerMwh', relative: [-1, 0.5], scale: 'log' }] }],
  [
    'a grid over the limit',
    { design: { kind: 'grid' }, parameters: [{ path: 'factory.electricityUsdPerMwh', values: Array.from({ length: 101 }, (_, i) => i) }, { path: 'factory.facilityLifeYears', values: Array.from({ length: 100 }, (_, i) => i + 1) }] },
  ],
  ['too many samples', { design: { kind: 'latin-hypercube', samples: 20_000 }, parameters: [{ path: 'factory.electricityUsdPerMwh', range: [1, 2] }] }],
  ['a point out of range', { parameters: [{ path: 'factory.electricityUsdPerMwh', values: [1, -5] }] }],
  ['a base point that cannot be planned', { set: { 'tiers[free].powerShare': 0.9 } }],
  ['a set path to nothing', { set: { 'factory.nothing.deeper': 1 } }],
  ['a set that breaks the scenario', { set: { 'simulation.warmupS': 50 } }],
  ['a missing base scenario', { scenario: 'no-such-scenario.json' }],
];

/** A comparison of the tiny factory (as in test/experiments/compare), and bad edits of it. */
const COMPARE = {
  name: 'tiny-compare',
  scenario: TINY,
  variants: [{ name: 'even' }, { name: 'free-heavy', set: { 'tiers[free].powerShare': 0.7, 'tiers[medium].powerShare': 0.3 } }],
};
const COMPARE_EDITS: [string, (f: any) => void][] = [
  ['a comparison name with a space', (f) => (f.name = 'tiny compare')],
  ['a set that is a list', (f) => (f.variants[1].set = [])],
  ['an unknown key in a comparison', (f) => (f.variant = f.variants)],
  ['one variant', (f) => f.variants.splice(1)],
  ['two variants of one name', (f) => (f.variants[1].name = 'even')],
  ['an unknown baseline', (f) => (f.baseline = 'odd')],
  ['a top-level set out of range', (f) => (f.set = { 'tiers[medium].powerShare': 2 })],
  ['a top-level unset past the end', (f) => (f.unset = ['tiers[9]'])],
  ['a variant path to no tier', (f) => (f.variants[1].set = { 'tiers[x].hardware.rack': 'hgx-h100' })],
  ['a variant unset past the end', (f) => (f.variants[1].unset = ['tiers[9]'])],
  ['a variant out of range', (f) => (f.variants[1].set = { 'tiers[medium].priceUsdPerMTokOut': -3 })],
  ['a variant with its own seed', (f) => (f.variants[1].set = { 'simulation.seed': 99 })],
  ['a factory metric that does not exist', (f) => (f.metric = 'profit')],
  ['a factory metric as a tier metric', (f) => (f.metric = 'margin[free]')],
  ['a metric of an unknown tier', (f) => (f.metric = 'revenue[gold]')],
  ['a metric that is not a name', (f) => (f.metric = 'revenue per MW')],
  ['a missing base scenario', (f) => (f.scenario = 'no-such.json')],
];

/** An optimisation of the tiny factory (as in test/experiments/optimize), and bad edits of it. */
const ONE_CHIP = { name: 'one-h100', hardware: { rack: 'hgx-h100', layout: { chipsPerInstance: 1, weightPrecision: 'fp8', kvPrecision: 'fp8' } } };
const OPTIMIZE = { name: 'tiny-optimize', scenario: TINY, search: { powerShare: { step: 0.1 }, hardware: { free: ['hgx-h100', 'hgx-h200', ONE_CHIP] } }, top: 2 };
const OPTIMIZE_EDITS: [string, (f: any) => void][] = [
  ['a hardware option that is a number', (f) => (f.search.hardware.free = [5])],
  ['a misspelt fixed split', (f) => (f.search.powerShare = 'fix')],
  ['an unknown objective', (f) => (f.objective = 'profit')],
  ['an unknown rack to try', (f) => (f.search.hardware.free = ['hgx-h100', 'hgx-h1000'])],
  ['hardware of an unknown tier', (f) => (f.search.hardware = { gold: ['hgx-h100'] })],
  ['one tier by id and by index', (f) => (f.search.hardware['0'] = ['hgx-h200'])],
  ['an option listed twice', (f) => (f.search.hardware.free = ['hgx-h100', 'hgx-h100'])],
  ['an option on another tier\'s racks', (f) => (f.search.hardware.free = [{ name: 'shared', hardware: { rack: 'hgx-h100', shareWith: 'medium' } }])],
  ['a scenario with shared racks', (f) => ((f.search.hardware = {}), (f.set = { 'tiers[medium].modelId': 'qwen3-235b-a22b', 'tiers[medium].hardware.shareWith': 'free' }))],
  ['a step that does not divide the whole', (f) => (f.search.powerShare.step = 0.3)],
  ['a step that leaves no room', (f) => (f.search.powerShare.step = 1)],
  ['a grid over the limit', (f) => (f.search.maxCandidates = 5)],
  ['a coordinate search over the limit', (f) => ((f.search.method = 'coordinate'), (f.search.maxCandidates = 1))],
  ['no feasible candidate', (f) => (f.search.hardware.free = [ONE_CHIP])],
  ['a bad common override', (f) => (f.set = { 'tiers[medium].powerShare': 2 })],
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
  ['a day the month does not have', 'feb30.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-02-28 10:00:00,1,1\n2023-02-30 10:00:00,1,1\n'],
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
    // the report command itself, on a folder whose files all read
    const report = join(dir, 'report-run');
    await mkdir(report);
    await writeFile(join(report, 'run.json'), '{"tierTargets": []}');
    await writeFile(join(report, 'scenario.resolved.json'), JSON.stringify(tiny));
    for (const name of ['utilization.csv', 'power.csv', 'revenue.csv', 'revenue-intervals.csv', 'summary.csv', 'chart.csv']) await writeFile(join(report, name), 'replication\n');
    await messageOf('a report of a run.json without a version', () => reportCommand(report, { quiet: true }));
    await writeFile(join(report, 'run.json'), '{"tierTargets": [], "version": "0.1.0"}');
    await writeFile(join(report, 'scenario.resolved.json'), JSON.stringify(edited((f) => (f.tiers[0].modelId = 'kimi k2'))));
    await messageOf('a report of an invalid scenario.resolved.json', () => reportCommand(report, { quiet: true }));
    await messageOf('a report of a folder that is not a run', () => reportCommand(join(dir, 'damaged'), { quiet: true }));

    // sweep, compare and optimize files: every case fails in validation, before anything runs
    const out = join(dir, 'never-written');
    const study = async (json: unknown): Promise<string> => scenarioFile(json, `study${count++}.json`);
    const sweep = (extra: Record<string, unknown>) => ({
      name: 'tiny-sweep', scenario: TINY, design: { kind: 'one-at-a-time' }, parameters: [{ path: 'factory.electricityUsdPerMwh', values: [40, 160] }], ...extra,
    });
    const runSweep = (path: string, flags: { durationS?: number } = {}) => sweepCommand(path, { out, charts: false, quiet: true, threads: 1, ...flags });
    const runCompare = (path: string, flags: { metric?: string } = {}) => compareCommand(path, { out, charts: false, quiet: true, threads: 1, ...flags });
    const runOptimize = (path: string) => optimizeCommand(path, { out, charts: false, quiet: true, threads: 1 });
    for (const [from, extra] of SWEEP_EDITS) {
      const path = await study(sweep(extra));
      await messageOf(`a sweep with ${from}`, () => runSweep(path));
    }
    await messageOf('a sweep file that is an array', async () => runSweep(await study([1])));
    await messageOf('a sweep file that is not JSON', async () => runSweep(await study('{ "name": ')));
    await messageOf('a missing sweep file', () => runSweep(join(dir, 'no-sweep.json')));
    await messageOf('a sweep whose --duration breaks the scenario', async () => runSweep(await study(sweep({})), { durationS: 5 }));
    // a rack group's scope is checked against the results (after the run): the same check on results of the right shape
    const groups = await loadSweep(await study(sweep({ metrics: [{ metric: 'utilization', scope: 'free/hgx-h999/decode' }] })), {}, 'test');
    const results = groups.description.points.map((p) => ({ point: p.point, metrics: [{ metric: 'utilization', scope: 'free/hgx-h100/decode', unit: 'fraction', values: [0.5] }] }));
    await messageOf('a rack group the factory does not have', () => tornadoRows(groups.description, results));

    for (const [from, edit] of COMPARE_EDITS) {
      const file = structuredClone(COMPARE) as any;
      edit(file);
      const path = await study(file);
      await messageOf(`a comparison with ${from}`, () => runCompare(path));
    }
    await messageOf('a comparison of an invalid scenario', async () =>
      runCompare(await study({ ...COMPARE, scenario: await scenarioFile(edited((f) => (f.tiers[0].priceUsdPerMTokOut = -3))) })),
    );
    await messageOf('a --metric that does not exist', async () => runCompare(await study(COMPARE), { metric: 'profit' }));
    await messageOf('a compare file that is not JSON', async () => runCompare(await study('{ "name": ')));
    await messageOf('a compare folder', () => runCompare(dir));

    for (const [from, edit] of OPTIMIZE_EDITS) {
      const file = structuredClone(OPTIMIZE) as any;
      edit(file);
      const path = await study(file);
      await messageOf(`an optimisation with ${from}`, () => runOptimize(path));
    }
    await messageOf('a missing optimize file', () => runOptimize(join(dir, 'no-optimize.json')));
    const hugeStudy = await study('');
    await truncate(hugeStudy, 16 * 1024 * 1024 + 1);
    await messageOf('a huge optimize file', () => runOptimize(hugeStudy));
    // refused before anything ran: no case got as far as its outputs
    await stat(out).then(() => notInputErrors.push(`a sweep, compare or optimize case ran and wrote ${out}`), () => undefined);

    // merging sweep shards (the shard files carry plain data: a two-point description is enough)
    const sweepShard = async (name: string, index: number, points: number[], sweepHash = `sha256:${'a'.repeat(64)}`): Promise<string> => {
      const shardDir = join(dir, name);
      await mkdir(shardDir, { recursive: true });
      const description = { points: [{ point: 0 }, { point: 1 }, { point: 2 }] } as never;
      await writeSweepShard(shardDir, { sweepHash, shard: { index, count: 2 }, description, results: points.map((point) => ({ point, metrics: [] })) });
      return shardDir;
    };
    const sweep0 = await sweepShard('sweep0', 0, [0, 2]);
    await messageOf('a sweep merge without sweep shards', () => gatherSweepShards([join(dir, 'damaged')]));
    await messageOf('a sweep merge without a shard', () => gatherSweepShards([sweep0]));
    await messageOf('a sweep merge of two sweeps', async () => gatherSweepShards([sweep0, await sweepShard('other-sweep1', 1, [1], `sha256:${'b'.repeat(64)}`)]));
    await messageOf('a sweep merge of a point twice', async () => gatherSweepShards([sweep0, await sweepShard('twice-sweep1', 1, [1, 2])]));
    await messageOf('a sweep merge of an incomplete shard', async () => gatherSweepShards([sweep0, await sweepShard('short-sweep1', 1, [])]));
    const badSweepShard = join(dir, 'bad-sweep-shard');
    await mkdir(badSweepShard);
    await writeFile(join(badSweepShard, 'sweep-shard-0-of-2.json'), '{');
    await messageOf('a damaged sweep shard', () => gatherSweepShards([badSweepShard]));
    await writeFile(join(badSweepShard, 'sweep-shard-0-of-2.json'), '{"format": "other"}');
    await messageOf('a foreign sweep shard', () => gatherSweepShards([badSweepShard]));

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
    // a sweep point's replication that throws (a scenario without tiers fails at once), as sweep reports it (exit 1)
    const failing = [{ name: 'broken', simulation: { seed: 11 } } as never];
    const stopped = await runSweepPoints(failing, [0], 1, { threads: 1, runKey: 'errors-doc', describePoint: (p) => `point ${p} (pue = 1.2)` }).catch((e: Error) => e);
    produced.push({ message: (stopped as Error).message, from: 'a sweep point whose replication throws' });
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
