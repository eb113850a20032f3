/**
 * Every variant's scenario, validated and planned before anything runs: a base scenario file, the
 * overrides all variants share, then each variant's own. A problem anywhere is one InputError naming
 * the variant and the path, so a typo in the last variant never costs the first one's run.
 */
import { defaultCatalog } from '../../models/catalog/catalog.js';
import { planFactory, type FactoryPlan } from '../../models/factory/plan.js';
import type { FactoryScenario } from '../../models/factory/scenario.js';
import { InputError, isInputError } from '../errors.js';
import { parseScenario, resolveScenario } from '../scenario/load-scenario.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import { applyOverrides, type Overrides } from './apply-overrides.js';

export interface VariantSpec {
  name: string;
  /** what charts and tables show beside the name (e.g. an optimiser candidate's split) */
  label?: string;
  overrides: Overrides;
  /** how errors name the variant's overrides: `variants[2].` */
  where: string;
}

/** CLI flags that change every variant's simulation alike (common random numbers stay common). */
export interface SimulationFlags {
  replications?: number;
  seed?: string | number;
  durationS?: number;
  warmupS?: number;
}

export interface PreparedVariant {
  name: string;
  label: string;
  /** the scenario file after the overrides, before the CLI flags: what a user would save and rerun */
  raw: unknown;
  /** validated, defaults and CLI flags applied: what runs */
  file: ScenarioFile;
  scenario: FactoryScenario;
  plan: FactoryPlan;
}

export interface VariantBase {
  /** the base scenario file as read (not validated yet) */
  raw: unknown;
  /** the scenario file's folder: trace paths in it are relative to it */
  dir: string;
  /** how errors name the base scenario: its path */
  label: string;
  /** overrides every variant shares */
  common: Overrides;
}

/**
 * Applies the common overrides to the base, validates it, then builds, validates and plans every
 * variant. All variants must share the seed and the replication count: that is what pairs them.
 */
export async function prepareVariants(base: VariantBase, variants: readonly VariantSpec[], flags: SimulationFlags): Promise<PreparedVariant[]> {
  const shared = structuredClone(base.raw);
  applyOverrides(shared, base.common, '');
  const hasCommon = Object.keys(base.common.set).length > 0 || base.common.unset.length > 0;
  await prepare(shared, base.dir, flags, `${base.label}${hasCommon ? ' (with the top-level set/unset)' : ''}: `);
  const prepared: PreparedVariant[] = [];
  for (const v of variants) {
    const raw = structuredClone(shared);
    applyOverrides(raw, v.overrides, v.where);
    const named = `${v.where.replace(/\.$/, '')} ("${v.name}")`;
    const ready = await prepare(raw, base.dir, flags, `${named}: `);
    prepared.push({ name: v.name, label: v.label ?? v.name, raw, ...ready });
    const first = prepared[0].file.simulation;
    if (ready.file.simulation.seed !== first.seed || ready.file.simulation.replications !== first.replications) {
      throw new InputError(
        `${named}: changes simulation.seed or simulation.replications; every variant runs the same seeds and replication ` +
          'indices (common random numbers): set them at the top level or with --seed / --replications',
      );
    }
  }
  return prepared;
}

async function prepare(raw: unknown, dir: string, flags: SimulationFlags, prefix: string): Promise<Omit<PreparedVariant, 'name' | 'label' | 'raw'>> {
  try {
    const file = parseScenario(withFlags(raw, flags));
    const scenario = await resolveScenario(file, defaultCatalog(), dir);
    const plan = planFactory(scenario, defaultCatalog());
    return { file, scenario, plan };
  } catch (error) {
    if (isInputError(error)) throw new InputError(`${prefix}${(error as Error).message}`);
    throw error;
  }
}

function withFlags(raw: unknown, flags: SimulationFlags): unknown {
  const none = Object.values(pick(flags)).every((v) => v === undefined);
  if (none || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const file = raw as Record<string, unknown>;
  // a simulation block that is not an object is left for the schema to report
  if (file.simulation !== undefined && (file.simulation === null || typeof file.simulation !== 'object')) return raw;
  const simulation = (file.simulation ?? {}) as Record<string, unknown>;
  return {
    ...file,
    simulation: {
      ...simulation,
      ...Object.fromEntries(Object.entries(pick(flags)).filter(([, v]) => v !== undefined)),
    },
  };
}

/** The flags as simulation fields (callers may pass a wider options object). */
function pick(flags: SimulationFlags): Record<string, string | number | undefined> {
  return { replications: flags.replications, seed: flags.seed, durationS: flags.durationS, warmupS: flags.warmupS };
}
