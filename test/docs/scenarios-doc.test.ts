import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScenario, resolveScenario } from '../../experiments/scenario/load-scenario.js';
import { scenarioFileSchema } from '../../experiments/scenario/scenario-schema.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory } from '../../models/factory/plan.js';

/**
 * docs/scenarios.md against the code: every field of the scenario schema is documented (with its
 * default where it has one), every variant of every `kind` union and every enum value is named, the
 * tier catalog table matches tiers.json, and the examples validate.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const docPath = join(repoRoot, 'docs', 'scenarios.md');
let doc = '';
beforeAll(async () => {
  doc = await readFile(docPath, 'utf8');
});

function blockAfter(marker: string, language: string): string {
  const at = doc.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`docs/scenarios.md: marker <!-- ${marker} --> not found`);
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(doc.slice(at));
  if (!fence) throw new Error(`docs/scenarios.md: no \`\`\`${language} block after <!-- ${marker} -->`);
  return fence[1];
}

const tableRows = (): string[] => doc.split('\n').filter((line) => line.startsWith('|'));
/** The prose and tables, without fenced code blocks (whose ``` would pair with inline backticks). */
const prose = (): string => doc.replace(/```[\s\S]*?```/g, '');
const backticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

// ---- the schema, walked as JSON Schema ----

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
};

interface Field {
  /** as the doc writes it: `tiers[i].hardware.rack` */
  path: string;
  required: boolean;
  default?: unknown;
  enumValues?: string[];
}

interface Union {
  path: string;
  /** inside another union's variant (its path is then not required verbatim) */
  nested: boolean;
  variants: { kind: string; fields: string[] }[];
}

/** Flattens nested anyOf/oneOf into the list of alternatives. */
function alternatives(node: JsonSchema): JsonSchema[] {
  const options = node.anyOf ?? node.oneOf;
  return options ? options.flatMap(alternatives) : [node];
}

const isKindUnion = (node: JsonSchema): boolean =>
  (node.anyOf ?? node.oneOf) !== undefined && alternatives(node).every((v) => typeof v.properties?.kind?.const === 'string');

function walkSchema(root: JsonSchema): { fields: Field[]; unions: Union[] } {
  const fields: Field[] = [];
  const unions: Union[] = [];

  /** Leaf paths below `node`, relative to it; records unions found on the way. */
  function visit(node: JsonSchema, path: string, required: boolean, nested: boolean, out: Field[], topLevel = false): void {
    if (isKindUnion(node)) {
      const union: Union = { path, nested, variants: [] };
      unions.push(union);
      for (const variant of alternatives(node)) {
        const inner: Field[] = [];
        for (const [key, child] of Object.entries(variant.properties ?? {})) {
          if (key === 'kind') continue;
          visit(child, key, (variant.required ?? []).includes(key), true, inner);
        }
        union.variants.push({ kind: variant.properties!.kind!.const as string, fields: inner.map((f) => f.path) });
      }
      out.push({ path, required, default: node.default });
      return;
    }
    if (node.properties && Object.keys(node.properties).length > 0) {
      // Top-level sections have a row of their own; nested objects are documented by their fields.
      if (topLevel) out.push({ path, required, default: node.default });
      for (const [key, child] of Object.entries(node.properties)) {
        const childPath = path ? `${path}.${key}` : key;
        visit(child, childPath, required && (node.required ?? []).includes(key), nested, out);
      }
      return;
    }
    // An array of objects documents its elements' fields (`tiers[i].tier`); one of numbers is a leaf.
    if (node.items?.properties) {
      visit(node.items, `${path}[i]`, required, nested, out);
      return;
    }
    const enumValues = node.enum?.filter((v): v is string => typeof v === 'string');
    out.push({ path, required, default: node.default, enumValues });
  }

  for (const [key, child] of Object.entries(root.properties ?? {})) {
    visit(child, key, (root.required ?? []).includes(key), false, fields, true);
  }
  return { fields, unions };
}

const schema = z.toJSONSchema(scenarioFileSchema, { io: 'input' }) as JsonSchema;
const { fields, unions } = walkSchema(schema);

/** Rows of doc tables that name `path` (or, for a field of a reused object, its last ≥ 2 segments). */
function rowsNaming(path: string): string[] {
  const segments = path.split('.');
  const names = new Set<string>([path]);
  for (let i = 1; i + 2 <= segments.length; i++) names.add(segments.slice(i).join('.'));
  return tableRows().filter((row) => backticked(row).some((name) => names.has(name)));
}

/** True if one of the row's backticked values is the default (numbers compared as numbers). */
function rowShowsDefault(row: string, value: unknown): boolean {
  if (value !== null && typeof value === 'object') {
    const kind = (value as { kind?: unknown }).kind;
    if (typeof kind === 'string') return backticked(row).includes(kind);
    if (Object.keys(value).length === 0) return backticked(row).includes('{}');
    return true; // a default object of defaults: its fields are checked one by one
  }
  return backticked(row).some((text) => {
    if (typeof value === 'number') return text.trim() !== '' && Number(text) === value;
    if (typeof value === 'string') return text === value || text === JSON.stringify(value);
    return text === String(value);
  });
}

describe('docs/scenarios.md documents the scenario schema', () => {
  it('finds the fields and unions of the schema (sanity check of the walk)', () => {
    expect(fields.length).toBeGreaterThan(40);
    expect(unions.map((u) => u.path)).toEqual(
      expect.arrayContaining(['factory.itCost', 'tiers[i].hardware.performance', 'tiers[i].demand.arrivals', 'tiers[i].demand.sizes']),
    );
  });

  it('has a table row for every field outside kind-unions, with its default, and "required" where there is none', () => {
    const problems: string[] = [];
    for (const field of fields) {
      const rows = rowsNaming(field.path);
      if (rows.length === 0) {
        problems.push(`${field.path}: no table row names it`);
        continue;
      }
      if (field.default !== undefined && !rows.some((row) => rowShowsDefault(row, field.default))) {
        problems.push(`${field.path}: no row shows its default ${JSON.stringify(field.default)}`);
      }
      if (field.required && field.default === undefined && !rows.some((row) => row.includes('required'))) {
        problems.push(`${field.path}: required, but no row says so`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every variant of every kind-union and, in the variant\'s row, each of its fields', () => {
    const problems: string[] = [];
    const rows = tableRows();
    for (const union of unions) {
      const common = union.variants
        .map((v) => v.fields)
        .reduce((a, b) => a.filter((f) => b.includes(f)));
      for (const variant of union.variants) {
        const variantRows = rows.filter((row) => backticked(row).includes(variant.kind));
        if (variantRows.length === 0) {
          problems.push(`${union.path}: kind "${variant.kind}" has no table row`);
          continue;
        }
        for (const field of variant.fields) {
          // A field every variant has (a distribution's truncate) may be documented once for all.
          const documented =
            variantRows.some((row) => backticked(row).includes(field)) ||
            (common.includes(field) && union.variants.length > 1 && backticked(prose()).includes(field));
          if (!documented) problems.push(`${union.path}: kind "${variant.kind}": field ${field} not in its row`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every value of every enum', () => {
    const named = new Set(backticked(prose()));
    const missing = fields.flatMap((f) => (f.enumValues ?? []).filter((v) => !named.has(v)).map((v) => `${f.path}: ${v}`));
    expect(missing).toEqual([]);
  });
});

describe('docs/scenarios.md tier catalog table', () => {
  it('matches models/catalog/tiers.json, values and grades', async () => {
    const tiers = JSON.parse(await readFile(join(repoRoot, 'models', 'catalog', 'tiers.json'), 'utf8')).tiers as Record<
      string,
      Record<string, unknown> & { sources: Record<string, { grade: string }> }
    >;
    const at = doc.indexOf('<!-- tier-catalog-table -->');
    expect(at).toBeGreaterThan(0);
    const table = doc
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((line, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith('|')));
    const columns = ['modelId', 'priceUsdPerMTokOut', 'priceUsdPerMTokIn', 'interactivityTokPerS', 'ttftTargetS', 'maxContextTokens'];
    const header = table[0].split('|').slice(1, -1).map((c) => c.trim().replaceAll('`', ''));
    expect(header.slice(2)).toEqual(columns);
    const body = table.slice(2);
    expect(body).toHaveLength(Object.keys(tiers).length);
    for (const [id, tier] of Object.entries(tiers)) {
      const row = body.find((line) => line.startsWith(`| \`${id}\` |`));
      expect(row, `a row for tier ${id}`).toBeDefined();
      const cells = row!.split('|').slice(1, -1).map((c) => c.trim());
      expect(cells[1]).toBe(tier.name);
      columns.forEach((column, i) => {
        const shown = cells[i + 2].replaceAll('`', '').replaceAll(',', '');
        expect(shown, `${id}.${column}`).toBe(`${tier[column]} (${tier.sources[column].grade})`);
      });
    }
  });
});

describe('docs/scenarios.md examples', () => {
  let tempDir: string | undefined;
  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('the minimal example validates with the CLI and prints lines shaped as the doc shows', async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'tokenfactory-scenarios-doc-'));
    const file = join(tempDir, 'minimal.json');
    await writeFile(file, blockAfter('scenario-example: minimal', 'json'));
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'experiments/cli/main.ts', 'validate', file], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    // Numbers move when the catalog is recalibrated; the shape of the output must not.
    const shape = (text: string) => text.trim().replace(/\d+(\.\d+)?/g, '#');
    expect(shape(cli.stdout), `actual output:\n${cli.stdout}`).toBe(shape(blockAfter('scenario-example-output: minimal', 'text')));
  });

  it('the larger example validates, resolves its trace relative to experiments/scenarios/ and sizes', async () => {
    const file = parseScenario(JSON.parse(blockAfter('scenario-example: advanced', 'json')));
    const scenario = await resolveScenario(file, defaultCatalog(), join(repoRoot, 'experiments', 'scenarios'));
    const plan = planFactory(scenario, defaultCatalog());
    expect(plan.tiers.map((t) => t.tier.id)).toEqual(['medium', 'enterprise']);
    expect(plan.tiers[1].prefill).toBeDefined();
    expect(plan.tiers[1].decode.attention?.racksPerInstance).toBe(2);
  });
});
