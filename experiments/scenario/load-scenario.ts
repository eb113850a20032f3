import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { samplerFromSpec } from '../../engine/random/distributions/sampler-from-spec.js';
import { SeededStream } from '../../engine/random/random-source.js';
import { extendCatalog, getLlm, getRack, getTier } from '../../models/catalog/catalog.js';
import type { Catalog } from '../../models/catalog/types.js';
import { calibrationCurves } from '../../models/performance/calibration-curves.js';
import type { PerformanceSpec } from '../../models/performance/factory.js';
import { closestMatch } from '../../models/catalog/did-you-mean.js';
import type { FactoryScenario, TierScenario } from '../../models/factory/scenario.js';
import { createArrivalProcess, meanRatePerS, type ArrivalSpec } from '../../models/workload/arrivals.js';
import { createRequestSizeSampler, meanRequestSize, type RequestSizeSpec } from '../../models/workload/request-size-sampler.js';
import { TraceError, type WorkloadTrace } from '../../models/workload/trace.js';
import { validate } from '../../models/validation/zod-issues.js';
import { InputError } from '../errors.js';
import { loadTrace } from '../traces/load-trace.js';
import { scenarioFileSchema, type ScenarioFile } from './scenario-schema.js';

/** The smallest arrival rate loadFraction may rescale (requests/s). */
const MIN_SCALED_RATE_PER_S = 1e-6;

/** Scenario files are small; anything bigger is a mistake (or a trace passed as a scenario). */
const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

export interface LoadedScenario {
  /** the file as validated, defaults filled: what scenario.resolved.json records */
  file: ScenarioFile;
  /** ready to plan and run: traces loaded, tier-dependent defaults filled */
  scenario: FactoryScenario;
}

/**
 * Reads, validates and resolves a scenario file. `adjust` may change the validated file (CLI flags
 * such as --replications) before it is validated again and resolved. Throws InputError.
 */
export async function loadScenario(path: string, catalog: Catalog, adjust?: (file: ScenarioFile) => unknown): Promise<LoadedScenario> {
  const json = await readJsonFile(path, 'scenario');
  let file = parseScenario(json);
  if (adjust) file = parseScenario(adjust(structuredClone(file)));
  return { file, scenario: await resolveScenario(file, catalog, dirname(resolve(path))) };
}

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`${what} file ${path}: is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what} file ${path}: not found or not readable`);
  }
  if (size > MAX_SCENARIO_BYTES) throw new InputError(`${what} file ${path}: ${size} bytes is over the ${MAX_SCENARIO_BYTES}-byte limit`);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} file ${path}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Validates parsed JSON against the scenario schema; the first problem becomes a one-line InputError
 * that starts with its JSON path (`$` for the file's top level: not an object, an unknown key there).
 */
export function parseScenario(json: unknown): ScenarioFile {
  const result = validate(scenarioFileSchema, json, '');
  if (result.ok) return result.value;
  const [first, ...rest] = result.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new InputError(`${first.path || '$'}: ${first.detail}${more}`);
}

/** Fills tier-dependent defaults, loads traces, and checks that every distribution can be built. */
export async function resolveScenario(file: ScenarioFile, baseCatalog: Catalog, baseDir: string): Promise<FactoryScenario> {
  let catalog: Catalog;
  try {
    catalog = extendCatalog(baseCatalog, file.catalog);
  } catch (error) {
    throw new InputError(`catalog.${(error as Error).message}`);
  }
  const traces = new Map<string, Promise<WorkloadTrace>>();
  const trace = async (relative: string, where: string): Promise<WorkloadTrace> => {
    const full = resolve(baseDir, relative);
    let loading = traces.get(full);
    if (!loading) traces.set(full, (loading = loadTrace(full)));
    try {
      return await loading;
    } catch (error) {
      // the trace's own message names the file and the row; the path names the field that gave it
      if (error instanceof TraceError) throw new InputError(`${where}: ${error.message}`);
      throw error;
    }
  };
  const tiers: TierScenario[] = [];
  for (const [index, t] of file.tiers.entries()) {
    const where = `tiers[${index}]`;
    const tierSpec = withPath(`${where}.tier`, () => getTier(catalog, t.tier));
    const llm = withPath(`${where}.modelId`, () => getLlm(catalog, t.modelId ?? tierSpec.modelId));
    withPath(`${where}.hardware.rack`, () => getRack(catalog, t.hardware.rack));
    if (t.hardware.attention) withPath(`${where}.hardware.attention.rack`, () => getRack(catalog, t.hardware.attention!.rack));
    if (t.hardware.prefill) withPath(`${where}.hardware.prefill.rack`, () => getRack(catalog, t.hardware.prefill!.rack));
    const maxContextTokens = t.maxContextTokens ?? tierSpec.maxContextTokens;
    const modelContextTokens = Math.max(llm.nativeContextTokens, llm.extendedContextTokens ?? 0);
    if (maxContextTokens > modelContextTokens) {
      throw new InputError(`${where}.maxContextTokens: ${maxContextTokens} is beyond model ${llm.id}'s context window (${modelContextTokens} tokens)`);
    }
    const sizes = await resolveSizes(t.demand.sizes, maxContextTokens, trace, `${where}.demand.sizes`);
    const arrivals = await resolveArrivals(t.demand.arrivals, trace, `${where}.demand.arrivals`);
    // loadFraction rescales the process to a rate from the tier's capacity: its own rate only gives the
    // shape, and one near 0 would scale by an infinite factor.
    const meanRate = checkBuildable(`${where}.demand.arrivals`, () => meanRatePerS(arrivals));
    if (t.demand.loadFraction !== undefined && !(meanRate >= MIN_SCALED_RATE_PER_S)) {
      throw new InputError(
        `${where}.demand.arrivals: the mean rate must be ≥ ${MIN_SCALED_RATE_PER_S} requests/s when loadFraction scales it, ` +
          `got ${meanRate} (only its shape matters then: give 1; for a tier without demand, omit loadFraction)`,
      );
    }
    // A real stream: rejection samplers fed a constant would never accept.
    const probe = new SeededStream('tokenfactory-validate');
    if (sizes.kind === 'distributions') {
      // each distribution on its own first, so that the message names the one at fault
      checkBuildable(`${where}.demand.sizes.promptTokens`, () => samplerFromSpec(sizes.promptTokens, probe)());
      checkBuildable(`${where}.demand.sizes.outputTokens`, () => samplerFromSpec(sizes.outputTokens, probe)());
    }
    checkBuildable(`${where}.demand.sizes`, () => createRequestSizeSampler(sizes, probe).sample());
    // The factory is sized by the mean request: it must exist and be finite (a lognormal mu of 7000 has none).
    const mean = checkBuildable(`${where}.demand.sizes`, () => meanRequestSize(sizes));
    for (const field of ['promptTokens', 'outputTokens'] as const) {
      if (!Number.isFinite(mean[field])) {
        const at = sizes.kind === 'distributions' ? `${where}.demand.sizes.${field}` : `${where}.demand.sizes`;
        throw new InputError(`${at}: the mean ${field === 'promptTokens' ? 'prompt' : 'output'} is ${mean[field]} tokens; give a distribution with a finite mean`);
      }
    }
    checkBuildable(`${where}.demand.arrivals`, () => createArrivalProcess(arrivals, probe).nextArrivalS(0));
    tiers.push({
      ...t,
      hardware: {
        ...t.hardware,
        performance: resolvePerformance(t.hardware.performance, t.hardware.rack, llm.id, `${where}.hardware.performance`),
        prefill: t.hardware.prefill && {
          ...t.hardware.prefill,
          performance: resolvePerformance(t.hardware.prefill.performance, t.hardware.prefill.rack, llm.id, `${where}.hardware.prefill.performance`),
        },
      },
      demand: { ...t.demand, arrivals, sizes },
    } as TierScenario);
  }
  return {
    name: file.name,
    description: file.description,
    factory: file.factory,
    tiers,
    policies: file.policies as FactoryScenario['policies'],
    simulation: file.simulation,
    catalog: file.catalog,
  };
}

type TraceLoader = (relative: string, where: string) => Promise<WorkloadTrace>;

async function resolveSizes(
  sizes: ScenarioFile['tiers'][number]['demand']['sizes'],
  tierMaxContext: number,
  trace: TraceLoader,
  where: string,
): Promise<RequestSizeSpec> {
  // A size spec may narrow the tier's context window, never widen it.
  const maxContextTokens = Math.min(sizes.maxContextTokens ?? tierMaxContext, tierMaxContext);
  if (sizes.kind === 'distributions') return { ...sizes, maxContextTokens } as RequestSizeSpec;
  const rows = await trace(sizes.file, `${where}.file`);
  if (sizes.prefixCache?.kind === 'trace' && rows.format !== 'mooncake') {
    throw new InputError(`${where}.prefixCache: kind "trace" needs a Mooncake trace (.jsonl) with block hashes`);
  }
  return {
    kind: 'trace',
    promptTokens: rows.promptTokens,
    outputTokens: rows.outputTokens,
    cachedPromptTokens: rows.format === 'mooncake' ? rows.cachedPromptTokens : undefined,
    order: sizes.order,
    maxContextTokens,
    prefixCache: sizes.prefixCache,
  };
}

async function resolveArrivals(arrivals: ScenarioFile['tiers'][number]['demand']['arrivals'], trace: TraceLoader, where: string): Promise<ArrivalSpec> {
  if (arrivals.kind !== 'trace-replay') return arrivals;
  const rows = await trace(arrivals.file, `${where}.file`);
  return { kind: 'trace-replay', timesS: rows.timesS, loop: arrivals.loop, speedup: arrivals.speedup };
}

/**
 * A measured curve is named by id; it must have been measured on the tier's rack and model (a curve
 * says nothing about other hardware). Its published prefill rate is the default.
 */
function resolvePerformance(
  spec: ScenarioFile['tiers'][number]['hardware']['performance'],
  rackId: string,
  llmId: string,
  where: string,
): PerformanceSpec {
  if (spec.kind !== 'measured') return spec as PerformanceSpec;
  const curves = calibrationCurves();
  const curve = curves.find((c) => c.id === spec.curveId);
  if (!curve) {
    const guess = closestMatch(spec.curveId, curves.map((c) => c.id));
    throw new InputError(`${where}.curveId: unknown curve "${spec.curveId}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
  }
  if (curve.rackId !== rackId || curve.llmId !== llmId) {
    throw new InputError(
      `${where}.curveId: curve "${curve.id}" was measured with ${curve.llmId} on ${curve.rackId}, not ${llmId} on ${rackId}`,
    );
  }
  const { curveId: _id, ...rest } = spec;
  return { ...rest, curve, prefillTokPerSPerChip: spec.prefillTokPerSPerChip ?? curve.prefillTokPerSPerChip.value } as PerformanceSpec;
}

function withPath<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new InputError(`${where}: ${(error as Error).message}`);
  }
}

function checkBuildable<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
}
