import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInputError } from '../../experiments/errors.js';
import { removeStaleTemporaries, temporaryPath } from '../../experiments/output/atomic-file.js';
import { loadScenario, parseScenario } from '../../experiments/scenario/load-scenario.js';
import { DEFAULT_MAX_TRACE_BYTES } from '../../experiments/traces/load-trace.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { listFiles } from '../experiments/shards/cli-process.js';

/**
 * Issue 7 §5: scenario files are data. No code is evaluated; `__proto__` and `constructor` keys never
 * reach a prototype; a scenario's name (which names the default output folder) cannot lead outside
 * `results/`; files are read with size limits, and a device or folder given as a file is refused.
 */
const root = new URL('../../', import.meta.url).pathname;
const catalog = defaultCatalog();
let dir: string;
let tinyText: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-security-'));
  tinyText = await readFile(join(root, 'test/fixtures/tiny-factory.json'), 'utf8');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

it('no source evaluates text as code (eval, new Function, node:vm, or an import of a computed name)', async () => {
  const offenders: string[] = [];
  for (const folder of ['engine', 'models', 'experiments']) {
    for (const path of await sourceFiles(folder)) {
      const text = (await readFile(path, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const pattern of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /['"]node:vm['"]|['"]vm['"]/, /\bimport\s*\(\s*(?!['"`])/, /\brequire\s*\(/]) {
        if (pattern.test(text)) offenders.push(`${relative(root, path)}: ${pattern}`);
      }
    }
  }
  expect(offenders).toEqual([]);
});

describe('__proto__ and constructor keys', () => {
  /** JSON text with `key` added to the object at `at` (JSON.parse makes `__proto__` an own key). */
  const withKey = (at: (f: any) => object, key: string, value: unknown): string => {
    const json = JSON.parse(tinyText);
    Object.defineProperty(at(json), key, { value, enumerable: true, configurable: true, writable: true });
    return JSON.stringify(json);
  };
  const places: [string, (f: any) => object][] = [
    ['the top level', (f) => f],
    ['factory', (f) => f.factory],
    ['a tier', (f) => f.tiers[0]],
    ['a distribution', (f) => f.tiers[0].demand.sizes.promptTokens],
    ['simulation', (f) => f.simulation],
    ['notes', (f) => (f.notes = {})],
    ['catalog.racks', (f) => ((f.catalog = { racks: {} }), f.catalog.racks)],
    ['a catalog rack', (f) => ((f.catalog = { racks: { 'hgx-h100': {} } }), f.catalog.racks['hgx-h100'])],
  ];
  const payloads: unknown[] = [{ polluted: 'yes' }, { toString: 'polluted', valueOf: 1 }, 'polluted', { prototype: { polluted: 'yes' } }];

  it.each(places)('in %s: refused or ignored, never polluting Object.prototype or the loaded scenario', async (_where, at) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      for (const payload of payloads) {
        const path = join(dir, 'proto.json');
        await writeFile(path, withKey(at, key, payload));
        try {
          const { file, scenario } = await loadScenario(path, catalog);
          // accepted (a record's key, or dropped): every object keeps its ordinary prototype
          for (const value of [file, file.notes, file.catalog, file.catalog.racks ?? {}, scenario, scenario.factory, ...scenario.tiers]) {
            expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
          }
          expect((file as Record<string, unknown>).polluted).toBeUndefined();
          expect(String(file.factory)).toBe('[object Object]');
        } catch (error) {
          expect(isInputError(error), String(error)).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(String({})).toBe('[object Object]');
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('as rack, model, tier or policy names: refused with one line', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) {
      for (const edit of [
        (f: any) => (f.tiers[0].hardware.rack = name),
        (f: any) => (f.tiers[0].modelId = name),
        (f: any) => (f.tiers[0].tier = name),
        (f: any) => (f.policies = { allocation: name }),
        (f: any) => (f.policies = { routing: name }),
      ]) {
        const json = JSON.parse(tinyText);
        edit(json);
        const path = join(dir, 'names.json');
        await writeFile(path, JSON.stringify(json));
        const error = await loadScenario(path, catalog).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isInputError(error), `${name}: ${String(error)}`).toBe(true);
        expect((error as Error).message).toMatch(/^(tiers\[0\]\.(hardware\.rack|modelId|tier)|policies\.(allocation|routing)): /);
      }
    }
  });
});

describe('output paths', () => {
  it('a scenario name that would lead out of results/ is refused; any accepted name stays inside it', () => {
    const json = JSON.parse(tinyText);
    for (const name of ['../../etc', '..', '.', '/etc/passwd', 'a/../../b', 'a\\..\\b', '', '.hidden', 'a\u0000b', '~', 'con:']) {
      expect(() => parseScenario({ ...json, name }), name).toThrow(/^name: /);
    }
    const results = resolve('results');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        let accepted = true;
        try {
          parseScenario({ ...json, name });
        } catch (error) {
          expect(isInputError(error)).toBe(true);
          accepted = false;
        }
        // run-command's default folder: results/<name>
        if (accepted) expect(resolve(`results/${name}`).startsWith(results + sep)).toBe(true);
      }),
      { numRuns: 300, seed: 7005 },
    );
  });

  it('stale temporaries are removed only for the files named, and only when their writer is gone', async () => {
    const out = join(dir, 'stale');
    await mkdir(join(out, 'charts'), { recursive: true });
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: no such process
    const stale = [`summary.csv.tmp-${deadPid}-0123abcd`, `charts/a.svg.tmp-${deadPid}-89abcdef`];
    const live = temporaryPath(join(out, 'summary.csv')); // this process: may still be written
    const unrelated = [`notes.txt.tmp-${deadPid}-0123abcd`, 'summary.csv.tmp-x', 'summary.csv.bak'];
    for (const name of [...stale, ...unrelated]) await writeFile(join(out, name), 'partial');
    await writeFile(live, 'partial');
    await removeStaleTemporaries([join(out, 'summary.csv'), join(out, 'charts', 'a.svg'), join(out, '..', 'elsewhere.csv')]);
    expect(await listFiles(out)).toEqual([relative(out, live), ...unrelated].sort());
  });
});

describe('files are read with size limits', () => {
  it('a trace over the limit is refused before it is read, naming the field', async () => {
    const trace = join(dir, 'huge.csv');
    await writeFile(trace, '');
    await truncate(trace, DEFAULT_MAX_TRACE_BYTES + 64 * 1024 * 1024); // sparse: nothing is written to disk
    const json = JSON.parse(tinyText);
    json.tiers[0].demand.arrivals = { kind: 'trace-replay', file: 'huge.csv' };
    const path = join(dir, 'with-huge-trace.json');
    await writeFile(path, JSON.stringify(json));
    const error = await loadScenario(path, catalog).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInputError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/^tiers\[0\]\.demand\.arrivals\.file: .*huge\.csv: trace file is 320\.0 MiB, over the 256\.0 MiB limit \(/);
  });

  it('a scenario file over 16 MiB is refused before it is read', async () => {
    const path = join(dir, 'huge-scenario.json');
    await writeFile(path, '');
    await truncate(path, 16 * 1024 * 1024 + 1);
    await expect(loadScenario(path, catalog)).rejects.toThrow(/huge-scenario\.json: 16777217 bytes is over the 16777216-byte limit/);
  });

  it('a device or a folder given as a trace or a scenario is refused, never read', async () => {
    await symlink('/dev/zero', join(dir, 'zero.csv'));
    await mkdir(join(dir, 'folder.csv'));
    for (const file of ['zero.csv', 'folder.csv']) {
      const json = JSON.parse(tinyText);
      json.tiers[0].demand.sizes = { kind: 'trace', file };
      const path = join(dir, `with-${file}.json`);
      await writeFile(path, JSON.stringify(json));
      await expect(loadScenario(path, catalog)).rejects.toThrow(new RegExp(`^tiers\\[0\\]\\.demand\\.sizes\\.file: .*${file}: not a file$`));
    }
    await expect(loadScenario('/dev/zero', catalog)).rejects.toThrow(/^scenario file \/dev\/zero: is not a file$/);
    await expect(loadScenario(dir, catalog)).rejects.toThrow(/: is not a file$/);
  });
});
