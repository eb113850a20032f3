/**
 * Reads a sweep file and turns it into runnable points: the base scenario (with the sweep's `set`
 * and the command line's overrides), the design's points, and each point's scenario validated and
 * planned. Everything is checked before anything runs, so a bad sweep writes nothing.
 */
import { dirname, resolve } from 'node:path';
import { SeededStream } from '../../engine/random/random-source.js';
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory } from '../../models/factory/plan.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { InputError, isInputError } from '../errors.js';
import { loadScenario, parseScenario, readJsonFile, resolveScenario } from '../scenario/load-scenario.js';
import { setAtPath } from '../scenario/overrides.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import { gridDesign, gridSize } from './designs/grid.js';
import { latinHypercubeDesign, type SampledRange } from './designs/latin-hypercube.js';
import { oneAtATimeDesign, type OatLevel } from './designs/one-at-a-time.js';
import { formatLevel } from './format-level.js';
import { checkMetrics, type MetricKey } from './metric-names.js';
import { applyParameter, resolveParameters, type SweepParameter } from './parameters.js';
import { parseSweepFile, type DesignKind, type ParameterValue, type SweepFile } from './sweep-schema.js';
import { withCatalogTierDefaults } from './tier-defaults.js';

/** Each point is validated and planned before anything runs: a bound keeps that (and the outputs) sane. */
export const MAX_POINTS = 10_000;

/** Flags that change every point (the command line's --replications, --seed, --duration). */
export interface SweepOverrides {
  replications?: number;
  seed?: string | number;
  durationS?: number;
}

/** One point of the design: what the CSVs say about it. Plain data (saved in shard files). */
export interface DesignPoint {
  point: number;
  /** per parameter, in the sweep file's order: the value set, or the relative change (-0.2 = 20% lower) */
  values: ParameterValue[];
  /** one-at-a-time: the parameter moved (null at the base point); null in other designs */
  varied: number | null;
  level: OatLevel | null;
}

/** What the output writers need to know about a sweep, besides its results: plain data, so shards can carry it. */
export interface SweepDescription {
  name: string;
  design: DesignKind;
  parameters: { name: string; path: string; mode: 'absolute' | 'relative' }[];
  points: DesignPoint[];
  /** the metrics ranked in sensitivity.csv and charted */
  metrics: MetricKey[];
  replications: number;
  /** sweep.resolved.json: the sweep file with its defaults filled and the base scenario it ran */
  resolved: object;
}

export interface LoadedSweep {
  description: SweepDescription;
  /** each point's runnable scenario, by point index */
  scenarios: FactoryScenario[];
  /** the base scenario file as validated (after `set` and the overrides) */
  baseFile: ScenarioFile;
}

export async function loadSweep(sweepPath: string, overrides: SweepOverrides, version: string): Promise<LoadedSweep> {
  const sweep = parseSweepFile(await readJsonFile(sweepPath, 'sweep'));
  const scenarioPath = resolve(dirname(resolve(sweepPath)), sweep.scenario);
  const catalog = defaultCatalog();
  const baseFile = await loadBase(sweep, scenarioPath, overrides);
  const filled = withCatalogTierDefaults(baseFile, catalog);
  checkMetrics(sweep.metrics, baseFile.tiers.map((t) => t.tier));
  const parameters = resolveParameters(sweep.parameters, sweep.design.kind, filled);

  const seed = baseFile.simulation.seed;
  const design = sweep.design.kind === 'latin-hypercube' ? { ...sweep.design, seed: sweep.design.seed ?? seed } : sweep.design;
  const points = designPoints(parameters, design);

  const scenarios: FactoryScenario[] = [];
  const baseDir = dirname(scenarioPath);
  for (const p of points) scenarios.push(await pointScenario(filled, parameters, p, catalog, baseDir));

  const resolvedSweep: SweepFile = { ...sweep, design, replications: baseFile.simulation.replications, seed };
  return {
    baseFile,
    scenarios,
    description: {
      name: sweep.name,
      design: sweep.design.kind,
      parameters: parameters.map(({ name, path, mode }) => ({ name, path, mode })),
      points,
      metrics: sweep.metrics,
      replications: baseFile.simulation.replications,
      resolved: { tool: 'tokenfactory', version, sweep: resolvedSweep, scenario: baseFile },
    },
  };
}

/** The base scenario with the sweep's `set`, then its replications and seed, then the flags. */
async function loadBase(sweep: SweepFile, scenarioPath: string, overrides: SweepOverrides): Promise<ScenarioFile> {
  const setPaths = Object.keys(sweep.set);
  try {
    const { file } = await loadScenario(scenarioPath, defaultCatalog(), (f) => {
      for (const path of setPaths) setAtPath(f, path, sweep.set[path], `set["${path}"]`);
      const replications = overrides.replications ?? sweep.replications;
      const seed = overrides.seed ?? sweep.seed;
      return {
        ...f,
        simulation: {
          ...f.simulation,
          ...(replications !== undefined && { replications }),
          ...(seed !== undefined && { seed }),
          ...(overrides.durationS !== undefined && { durationS: overrides.durationS }),
        },
      };
    });
    return file;
  } catch (error) {
    if (!isInputError(error)) throw error;
    const message = (error as Error).message;
    // the file's own messages name the file; the others are about its contents
    if (message.startsWith('scenario file ') || message.startsWith('set[')) throw error;
    const after = setPaths.length > 0 ? ' (with the sweep\'s "set")' : '';
    throw new InputError(`scenario ${sweep.scenario}${after}: ${message}`);
  }
}

function designPoints(parameters: readonly SweepParameter[], design: SweepFile['design']): DesignPoint[] {
  const plain = (values: ParameterValue[][]): DesignPoint[] => values.map((v, point) => ({ point, values: v, varied: null, level: null }));
  switch (design.kind) {
    case 'grid': {
      const levels = parameters.map((p) => (p.design === 'grid' ? p.levels : []));
      const size = gridSize(levels);
      if (size > MAX_POINTS) {
        throw new InputError(`parameters: the grid has ${size.toLocaleString('en-US')} points (${levels.map((l) => l.length).join(' × ')}), over the limit of ${MAX_POINTS.toLocaleString('en-US')}`);
      }
      return plain(gridDesign(levels));
    }
    case 'one-at-a-time': {
      const oat = parameters.map((p) => (p.design === 'one-at-a-time' ? p : unreachable()));
      return oneAtATimeDesign(
        oat.map((p) => p.baseValue),
        oat.map((p) => [p.low, p.high] as const),
      ).map((p, point) => ({ point, values: p.values, varied: p.varied, level: p.level }));
    }
    case 'latin-hypercube': {
      if (design.samples > MAX_POINTS) throw new InputError(`design.samples: must be ≤ ${MAX_POINTS}, got ${design.samples}`);
      const lhs = parameters.map((p) => (p.design === 'latin-hypercube' ? p : unreachable()));
      // a relative log range is log-uniform in the factor 1 + v: sample the factor, report the change
      const asFactor = (p: (typeof lhs)[number]): boolean => p.mode === 'relative' && p.range.scale === 'log';
      const ranges: SampledRange[] = lhs.map((p) => (asFactor(p) ? { low: 1 + p.range.low, high: 1 + p.range.high, scale: 'log' } : p.range));
      const rng = new SeededStream(`tokenfactory-sweep|${design.seed}|latin-hypercube`);
      const samples = latinHypercubeDesign(ranges, design.samples, rng);
      return plain(samples.map((row) => row.map((v, j) => (asFactor(lhs[j]) ? v - 1 : v))));
    }
  }
}

function unreachable(): never {
  throw new Error('internal error: a parameter resolved for another design');
}

/** A point's scenario: the base with the point's values set, validated, resolved and planned (to catch what only planning finds). */
async function pointScenario(
  filled: ScenarioFile,
  parameters: readonly SweepParameter[],
  point: DesignPoint,
  catalog: ReturnType<typeof defaultCatalog>,
  baseDir: string,
): Promise<FactoryScenario> {
  const label = describePoint(parameters, point);
  try {
    const file = structuredClone(filled);
    parameters.forEach((p, i) => applyParameter(file, p, point.values[i], `parameters[${i}].path`));
    const scenario = await resolveScenario(parseScenario(file), catalog, baseDir);
    planFactory(scenario, catalog);
    return scenario;
  } catch (error) {
    if (!isInputError(error)) throw error;
    throw new InputError(`${label}: ${(error as Error).message}`);
  }
}

/** `point 3 (pue = 1.2)`: the parameters a point sets (only the moved one in a one-at-a-time design). */
export function describePoint(parameters: readonly { name: string; mode: 'absolute' | 'relative' }[], point: DesignPoint): string {
  const shown = point.varied !== null ? [point.varied] : point.level === 'base' ? [] : parameters.map((_, i) => i);
  // exact values in messages; relative changes as percentages
  const parts = shown.map((i) => `${parameters[i].name} = ${parameters[i].mode === 'relative' ? formatLevel(point.values[i], 'relative') : String(point.values[i])}`);
  return `point ${point.point}${point.level === 'base' ? ' (base)' : parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
