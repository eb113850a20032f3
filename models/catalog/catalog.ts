/**
 * The catalog of racks, LLMs and tiers: the JSON data beside this file, validated once, plus whatever a
 * scenario adds or overrides through extendCatalog. Catalogs are deeply frozen: change one by extending it.
 */
import llmsFile from './llms.json' with { type: 'json' };
import racksFile from './racks.json' with { type: 'json' };
import tiersFile from './tiers.json' with { type: 'json' };
import { didYouMean } from './did-you-mean.js';
import { CatalogError, type CatalogIssue } from './errors.js';
import { catalogAdditionsSchema, catalogFileSchema, leafPaths, llmSpecSchema, rackSpecSchema, tierSpecSchema, validate } from './schema.js';
import type { Catalog, LlmSpec, RackSpec, RooflineCalibration, Sourced, TierSpec } from './types.js';

type Kind = keyof Catalog;
type Entry = RackSpec | LlmSpec | TierSpec;

const SCHEMAS = { racks: rackSpecSchema, llms: llmSpecSchema, tiers: tierSpecSchema } as const;
const NOUNS: Record<Kind, string> = { racks: 'rack', llms: 'model', tiers: 'tier' };
const KINDS: readonly Kind[] = ['racks', 'llms', 'tiers'];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
type Addition<T extends Entry> = DeepPartial<Omit<T, 'id' | 'sources'>> & { id?: string; sources?: Record<string, Sourced> };
export type RackAddition = Addition<RackSpec>;
export type LlmAddition = Addition<LlmSpec>;
export type TierAddition = Addition<TierSpec>;

/**
 * Entries a scenario adds, keyed by id. An id already in the catalog is a partial override (nested
 * objects merge); a new id must be a complete entry, except for the defaults listed in README.md.
 */
export interface CatalogAdditions {
  racks?: Record<string, RackAddition>;
  llms?: Record<string, LlmAddition>;
  tiers?: Record<string, TierAddition>;
}

let defaultCatalogCache: Catalog | undefined;

/** The catalog shipped with tokenfactory (racks.json, llms.json, tiers.json), validated on first use. */
export function defaultCatalog(): Catalog {
  defaultCatalogCache ??= buildCatalog({ racks: racksFile, llms: llmsFile, tiers: tiersFile });
  return defaultCatalogCache;
}

/** Validate data files shaped like racks.json, llms.json and tiers.json into a frozen catalog. */
export function buildCatalog(files: Record<Kind, unknown>): Catalog {
  const issues: CatalogIssue[] = [];
  const catalog: Catalog = { racks: {}, llms: {}, tiers: {} };
  for (const kind of KINDS) {
    const file = validate(catalogFileSchema(kind), files[kind], '');
    if (!file.ok) {
      issues.push(...file.issues.map((issue) => ({ ...issue, path: issue.path || kind })));
      continue;
    }
    const entries = (file.value as Record<Kind, Record<string, Record<string, unknown>>>)[kind];
    for (const [id, entry] of Object.entries(entries)) {
      const parsed = parseEntry(kind, id, entry);
      if (parsed.ok) (catalog[kind] as Record<string, Entry>)[id] = parsed.value;
      else issues.push(...parsed.issues);
    }
  }
  // references are checked between valid entries only: a broken model would also "break" its tiers
  if (issues.length === 0) issues.push(...checkReferences(catalog));
  if (issues.length > 0) throw new CatalogError(issues);
  return deepFreeze(catalog);
}

/**
 * A new catalog: `base` plus the scenario's `additions`. Overridden numbers without a new source are
 * marked as scenario overrides (grade E, the replaced value in the note). Throws CatalogError naming
 * the path of the first problem.
 */
export function extendCatalog(base: Catalog, additions: CatalogAdditions): Catalog {
  const shape = validate(catalogAdditionsSchema, additions, '');
  if (!shape.ok) throw new CatalogError(shape.issues);
  const catalog: Catalog = { racks: { ...base.racks }, llms: { ...base.llms }, tiers: { ...base.tiers } };
  const issues: CatalogIssue[] = [];
  for (const kind of KINDS) {
    const existing = base[kind] as Record<string, Entry>;
    for (const [id, addition] of Object.entries(shape.value[kind] ?? {})) {
      const isOverride = Object.hasOwn(existing, id);
      const candidate = isOverride
        ? applyOverride(kind, existing[id]!, addition)
        : completeNewEntry(kind, id, addition);
      if (!candidate.ok) {
        issues.push(...candidate.issues);
        continue;
      }
      const parsed = parseEntry(kind, id, candidate.value);
      if (parsed.ok) {
        (catalog[kind] as Record<string, Entry>)[id] = parsed.value;
        continue;
      }
      if (!isOverride) {
        const hint = didYouMean(id, Object.keys(existing));
        if (hint.startsWith(' (')) {
          issues.push({ path: `${kind}.${id}`, detail: `is not in the catalog, so it must be a complete ${NOUNS[kind]}${hint}` });
        }
      }
      issues.push(...parsed.issues);
    }
  }
  if (issues.length === 0) issues.push(...checkReferences(catalog));
  if (issues.length > 0) throw new CatalogError(issues);
  return deepFreeze(catalog);
}

export function getRack(catalog: Catalog, id: string): RackSpec {
  return lookup(catalog, 'racks', id);
}

export function getLlm(catalog: Catalog, id: string): LlmSpec {
  return lookup(catalog, 'llms', id);
}

export function getTier(catalog: Catalog, id: string): TierSpec {
  return lookup(catalog, 'tiers', id);
}

function lookup<K extends Kind>(catalog: Catalog, kind: K, id: string): Catalog[K][string] {
  const entries = catalog[kind] as Catalog[K];
  if (!Object.hasOwn(entries, id)) {
    throw new CatalogError({ path: '', detail: `unknown ${NOUNS[kind]} "${id}"${didYouMean(id, Object.keys(entries))}` });
  }
  return entries[id]! as Catalog[K][string];
}

function parseEntry(
  kind: Kind,
  id: string,
  entry: Record<string, unknown>,
): { ok: true; value: Entry } | { ok: false; issues: CatalogIssue[] } {
  const path = `${kind}.${id}`;
  if (entry.id !== undefined && entry.id !== id) {
    return { ok: false, issues: [{ path: `${path}.id`, detail: `must equal its key "${id}", got ${JSON.stringify(entry.id)}` }] };
  }
  return validate(SCHEMAS[kind], { ...entry, id }, path) as { ok: true; value: Entry } | { ok: false; issues: CatalogIssue[] };
}

/** Tiers must name a model of the catalog and fit within its context. */
function checkReferences(catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const tier of Object.values(catalog.tiers)) {
    const path = `tiers.${tier.id}`;
    const llm = Object.hasOwn(catalog.llms, tier.modelId) ? catalog.llms[tier.modelId] : undefined;
    if (llm === undefined) {
      issues.push({
        path: `${path}.modelId`,
        detail: `unknown model "${tier.modelId}"${didYouMean(tier.modelId, Object.keys(catalog.llms))}`,
      });
      continue;
    }
    const longest = Math.max(llm.nativeContextTokens, llm.extendedContextTokens ?? 0);
    if (tier.maxContextTokens > longest) {
      issues.push({
        path: `${path}.maxContextTokens`,
        detail: `must be ≤ the longest context of model "${llm.id}" (${longest}), got ${tier.maxContextTokens}`,
      });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------
// Additions: overrides of existing entries and defaults for new ones.

type Built = { ok: true; value: Record<string, unknown> } | { ok: false; issues: CatalogIssue[] };
type Plain = Record<string, unknown>;

const SCENARIO_SOURCE: Sourced = { source: 'scenario', grade: 'E', note: 'given by the scenario without a source' };

/** Used for a new rack that brings no roofline calibration of its own. */
const DEFAULT_ROOFLINE: RooflineCalibration = {
  stepOverheadS: 0.0065,
  bandwidthEfficiency: 0.9,
  decodeComputeEfficiency: 0.12,
  prefillComputeEfficiency: 0.15,
};
const DEFAULT_ROOFLINE_SOURCE: Sourced = {
  source: 'catalog default for a rack without its own calibration',
  grade: 'E',
  note: 'the Blackwell GPU values of racks.json (hgx-b200)',
};
/** Idle IT power as a share of peak when a new rack gives none; the rule used throughout racks.json. */
const IDLE_SHARE_OF_PEAK = 0.35;

function applyOverride(kind: Kind, base: Entry, patch: Plain): Built {
  const path = `${kind}.${base.id}`;
  if (patch.id !== undefined && patch.id !== base.id) {
    return { ok: false, issues: [{ path: `${path}.id`, detail: `must equal its key "${base.id}", got ${JSON.stringify(patch.id)}` }] };
  }
  const { sources: patchSources, ...patchFields } = patch;
  if (patchSources !== undefined && !isPlain(patchSources)) return notAnObject(`${path}.sources`, patchSources);
  const baseFields = withoutSources(base);
  const merged = deepMerge(baseFields, patchFields);
  const given = asPlain(patchSources);
  const sources: Record<string, unknown> = { ...base.sources, ...given };
  const baseLeaves = new Map(leafPaths(base).map((leaf) => [leaf.path, leaf.value]));
  for (const leaf of leafPaths(patchFields)) {
    if (Object.hasOwn(given, leaf.path) || baseLeaves.get(leaf.path) === leaf.value) continue;
    sources[leaf.path] = overrideSource(baseLeaves.get(leaf.path), base.sources[leaf.path]);
  }
  if (kind === 'llms' && !Object.hasOwn(patchFields, 'denseParamsB')) {
    const sizeChanged = ['totalParamsB', 'activeParamsB', 'experts', 'activeExperts'].some(
      (field) => Object.hasOwn(patchFields, field) && patchFields[field] !== baseFields[field],
    );
    if (sizeChanged) {
      const derived = deriveDenseParams(path, merged, sources);
      if (!derived.ok) return derived;
    }
  }
  return { ok: true, value: { ...merged, sources } };
}

function completeNewEntry(kind: Kind, id: string, addition: Plain): Built {
  const path = `${kind}.${id}`;
  const { sources: given, ...fields } = addition;
  if (given !== undefined && !isPlain(given)) return notAnObject(`${path}.sources`, given);
  const entry: Plain = { ...fields };
  const sources: Record<string, unknown> = { ...asPlain(given) };
  if (kind === 'racks') {
    const roofline = asPlain(entry.roofline);
    for (const [field, value] of Object.entries(DEFAULT_ROOFLINE)) {
      if (roofline[field] !== undefined) continue;
      roofline[field] = value;
      sources[`roofline.${field}`] ??= DEFAULT_ROOFLINE_SOURCE;
    }
    if (entry.roofline === undefined || isPlain(entry.roofline)) entry.roofline = roofline;
    if (entry.idlePowerKw === undefined && typeof entry.peakPowerKw === 'number') {
      entry.idlePowerKw = round(IDLE_SHARE_OF_PEAK * entry.peakPowerKw, 4);
      sources.idlePowerKw ??= {
        source: 'catalog default',
        grade: 'E',
        note: `idle IT power at ${IDLE_SHARE_OF_PEAK * 100}% of peak, as for the catalog's racks`,
      };
    }
  }
  if (kind === 'llms' && entry.denseParamsB === undefined) {
    const derived = deriveDenseParams(path, entry, sources);
    if (!derived.ok) return derived;
  }
  if (kind === 'tiers' && entry.priceUsdPerMTokIn === undefined) {
    entry.priceUsdPerMTokIn = 0;
    sources.priceUsdPerMTokIn ??= { source: 'catalog default', grade: 'E', note: 'input tokens free unless priced' };
  }
  for (const leaf of leafPaths(entry)) {
    if (typeof leaf.value === 'number') sources[leaf.path] ??= SCENARIO_SOURCE;
  }
  return { ok: true, value: { ...entry, sources } };
}

/**
 * denseParamsB such that the weights touched at batch 1, dense + (activeExperts/experts)·(total − dense),
 * equal activeParamsB. Writes the value and its source into `entry` and `sources`.
 */
function deriveDenseParams(path: string, entry: Plain, sources: Record<string, unknown>): Built {
  const { totalParamsB: total, activeParamsB: active, experts, activeExperts } = entry;
  if (typeof total !== 'number' || typeof active !== 'number' || typeof experts !== 'number' || typeof activeExperts !== 'number') {
    return { ok: true, value: entry }; // the schema reports the missing or malformed sizes
  }
  const dense = experts === activeExperts ? active : (experts * active - activeExperts * total) / (experts - activeExperts);
  if (!(dense >= 0)) {
    const detail =
      `derives to ${round(dense, 2)}: activeParamsB (${active}) is too small for totalParamsB (${total}) ` +
      `with ${activeExperts} of ${experts} experts active; set denseParamsB or change the sizes`;
    return { ok: false, issues: [{ path: `${path}.denseParamsB`, detail }] };
  }
  entry.denseParamsB = round(dense, 4);
  // derived from published inputs it is D; from anything weaker, still an estimate
  const solid = ['totalParamsB', 'activeParamsB', 'experts', 'activeExperts'].every((field) => {
    const grade = (sources[field] as Sourced | undefined)?.grade;
    return grade === 'P' || grade === 'D';
  });
  sources.denseParamsB = {
    source: 'derived',
    grade: solid ? 'D' : 'E',
    note:
      `weights touched at batch 1 equal the active params: (experts·active − activeExperts·total)/(experts − activeExperts) = ` +
      `(${experts}·${active} − ${activeExperts}·${total})/${experts - activeExperts} = ${round(dense, 2)}`,
  };
  return { ok: true, value: entry };
}

function overrideSource(previous: unknown, previousSource: Sourced | undefined): Sourced {
  const was = previous === undefined ? 'unset' : `was ${String(previous)}`;
  const from = previousSource ? ` (${previousSource.grade}: ${previousSource.source})` : '';
  return { source: 'scenario override', grade: 'E', note: `${was}${from}` };
}

function notAnObject(path: string, value: unknown): Built {
  return { ok: false, issues: [{ path, detail: `must be an object, got ${JSON.stringify(value)}` }] };
}

function withoutSources(entry: Entry): Plain {
  const { sources: _sources, ...rest } = entry;
  return rest;
}

function deepMerge(base: Plain, patch: Plain): Plain {
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    merged[key] = isPlain(value) && isPlain(merged[key]) ? deepMerge(merged[key] as Plain, value) : value;
  }
  return merged;
}

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asPlain(value: unknown): Plain {
  return isPlain(value) ? { ...value } : {};
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
