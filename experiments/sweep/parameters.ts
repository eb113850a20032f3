/**
 * A sweep's parameters, checked against the design and the base scenario: each reaches a field of the
 * scenario by its JSON path and says which values it takes. Every problem is one InputError line
 * naming the parameter (`parameters[1].values: …`).
 */
import { InputError } from '../errors.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { getAtPath, setAtPath } from '../scenario/overrides.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import type { SampledRange } from './designs/latin-hypercube.js';
import type { DesignKind, ParameterValue, SweepParameterInput } from './sweep-schema.js';

/** Column names the output CSVs already use: a parameter may not take one. */
export const RESERVED_COLUMNS = new Set([
  'point', 'varied', 'level', 'metric', 'scope', 'unit', 'replications', 'mean', 'ciLow95', 'ciHigh95', 'halfWidth95',
]);

/** Fields the sweep sets for every point itself: varying them would break common random numbers or the outputs. */
const SWEEP_OWNED_PATHS: Record<string, string> = {
  name: 'it names the outputs',
  'simulation.seed': 'every point uses the same seeds (common random numbers): set the sweep\'s "seed" instead',
  'simulation.replications': 'every point runs the same replications: set the sweep\'s "replications" instead',
};

interface ParameterBase {
  /** column name and chart label */
  name: string;
  path: string;
  /** absolute: a value is set as given; relative: a value v scales the base value by (1 + v) */
  mode: 'absolute' | 'relative';
}

export type SweepParameter =
  | (ParameterBase & { design: 'grid'; levels: ParameterValue[] })
  | (ParameterBase & { design: 'one-at-a-time'; low: number; high: number; baseValue: number })
  | (ParameterBase & { design: 'latin-hypercube'; range: SampledRange });

/**
 * Checks the parameters against the design and `base` (the validated base scenario with catalog
 * defaults written in) and returns them resolved.
 */
export function resolveParameters(inputs: readonly SweepParameterInput[], design: DesignKind, base: ScenarioFile): SweepParameter[] {
  const names = new Map<string, number>();
  const paths = new Map<string, number>();
  return inputs.map((input, i) => {
    const where = `parameters[${i}]`;
    const name = input.name ?? input.path;
    if (RESERVED_COLUMNS.has(name)) throw new InputError(`${where}.name: "${name}" is an output column name; give the parameter another "name"`);
    if (names.has(name)) throw new InputError(`${where}.name: "${name}" is also the name of parameters[${names.get(name)}]: give each parameter its own "name"`);
    names.set(name, i);
    if (paths.has(input.path)) throw new InputError(`${where}.path: "${input.path}" is also parameters[${paths.get(input.path)}].path`);
    paths.set(input.path, i);
    const owned = SWEEP_OWNED_PATHS[input.path];
    if (owned) throw new InputError(`${where}.path: "${input.path}" cannot be varied: ${owned}`);

    checkKnownField(input.path, base, `${where}.path`);
    return resolveOne(input, design, base, where, name);
  });
}

function resolveOne(input: SweepParameterInput, design: DesignKind, base: ScenarioFile, where: string, name: string): SweepParameter {
  const { path } = input;
  const fail = (field: string, problem: string): never => {
    throw new InputError(`${where}${field ? `.${field}` : ''}: ${problem}`);
  };
  const only = (allowed: readonly string[], hint: string): void => {
    for (const key of ['values', 'relative', 'range', 'scale'] as const) {
      if (input[key] !== undefined && !allowed.includes(key)) fail(key, `not used by a ${design} design (${hint})`);
    }
    const given = allowed.filter((k) => k !== 'scale' && input[k as keyof SweepParameterInput] !== undefined);
    if (given.length !== 1) fail('', `give exactly one of ${allowed.filter((k) => k !== 'scale').map((k) => `"${k}"`).join(' and ')} (${hint})`);
  };
  if (design === 'grid') only(['values', 'relative'], 'a grid runs every listed value');
  else if (design === 'one-at-a-time') only(['values', 'relative'], 'one-at-a-time takes [low, high]');
  else only(['range', 'relative', 'scale'], 'a Latin hypercube samples a range');
  const mode = input.relative !== undefined ? 'relative' : 'absolute';
  if (mode === 'relative') baseNumbers(base, path, `${where}.path`, 'relative values scale it');

  if (design === 'grid') return { name, path, mode, design, levels: input.values ?? input.relative! };

  if (design === 'one-at-a-time') {
    const key = mode === 'relative' ? 'relative' : 'values';
    const pair = (input.values ?? input.relative)!;
    if (pair.length !== 2) fail(key, `must be [low, high] (2 entries), got ${pair.length}`);
    const [low, high] = pair;
    if (typeof low !== 'number' || typeof high !== 'number') fail(key, 'one-at-a-time values must be numbers');
    let baseValue = 0;
    if (mode === 'absolute') {
      const values = baseNumbers(base, path, `${where}.path`, 'one-at-a-time starts from its base value');
      if (values.some((v) => v !== values[0])) {
        fail('path', `"${path}" has different base values (${values.join(', ')}): use "relative" changes, or one path per element`);
      }
      baseValue = values[0];
    }
    return { name, path, mode, design, low: low as number, high: high as number, baseValue };
  }

  const key = mode === 'relative' ? 'relative' : 'range';
  const pair = (input.range ?? input.relative)!;
  if (pair.length !== 2) fail(key, `must be [low, high] (2 entries), got ${pair.length}`);
  const [low, high] = pair;
  if (!(low < high)) fail(key, `low must be below high, got [${low}, ${high}]`);
  const scale = input.scale ?? 'linear';
  if (scale === 'log' && mode === 'absolute' && !(low > 0)) fail('range', `a log scale needs low > 0, got ${low}`);
  if (scale === 'log' && mode === 'relative' && !(low > -1)) fail('relative', `a log scale needs low > -1 (a factor above 0), got ${low}`);
  // a relative log range is log-uniform in the factor (1 + v): sampled as a factor, reported as a change
  return { name, path, mode, design, range: { low, high, scale } };
}

/** The numbers `path` reaches in `base` (several with [*]); InputError if it reaches anything else. */
function baseNumbers(base: ScenarioFile, path: string, where: string, why: string): number[] {
  const values = getAtPath(base, path, where);
  for (const v of values) {
    if (typeof v !== 'number') throw new InputError(`${where}: "${path}" reaches ${describeValue(v)}, not a number (${why})`);
  }
  return values as number[];
}

/** `a string`, `a list`, `an object`: what a path reached instead of a number. */
function describeValue(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * A path that ends in a key the base file does not have may name an optional field (a batch cap), or be
 * a typo: set a probe value and let the scenario schema say which, so a typo is reported against the
 * parameter rather than against every point.
 */
function checkKnownField(path: string, base: ScenarioFile, where: string): void {
  try {
    getAtPath(base, path, where);
    return;
  } catch {
    // absent: probe below (setAtPath reports a path that cannot be followed at all)
  }
  const probe = structuredClone(base);
  setAtPath(probe, path, 0, where);
  try {
    parseScenario(probe);
  } catch (error) {
    const message = (error as Error).message;
    if (/unknown key/.test(message)) throw new InputError(`${where}: "${path}" is not a field of the scenario (${message})`);
  }
}

/** Sets one parameter's value for one point in a scenario file (in place). */
export function applyParameter(file: unknown, parameter: SweepParameter, value: ParameterValue, where: string): void {
  if (parameter.mode === 'relative') {
    // checked numeric at load; [*] scales each element by its own base value
    setAtPath(file, parameter.path, (old: unknown) => (old as number) * (1 + (value as number)), where);
  } else {
    setAtPath(file, parameter.path, value, where);
  }
}
