/**
 * The optimiser's answer as a scenario file a user can run, copy and edit: the base file with the
 * winning candidate's overrides. It is written elsewhere than the base, so paths the base gives
 * relative to its own folder (traces, $schema) are rewritten relative to the new file's folder.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { parseScenario } from '../scenario/load-scenario.js';

export interface BestScenarioNote {
  /** the optimize file's name */
  optimizeName: string;
  variant: string;
  description: string;
}

/** The scenario to save in `toDir`; validated (throws if it would not load, which would be a bug). */
export function bestScenarioFile(raw: unknown, fromDir: string, toDir: string, note: BestScenarioNote): Record<string, unknown> {
  const file = structuredClone(raw) as Record<string, unknown>;
  const move = (path: string): string => (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : relative(toDir, resolve(fromDir, path)));
  if (typeof file.$schema === 'string') file.$schema = move(file.$schema);
  for (const tier of (file.tiers as Record<string, unknown>[] | undefined) ?? []) {
    const demand = tier.demand as Record<string, Record<string, unknown>> | undefined;
    for (const part of [demand?.sizes, demand?.arrivals]) {
      if (part && typeof part.file === 'string') part.file = move(part.file);
    }
  }
  const base = typeof file.description === 'string' && file.description !== '' ? ` Base: ${file.description}` : '';
  file.description = `Best candidate of \`tokenfactory optimize\` ${note.optimizeName} (${note.variant}: ${note.description}).${base}`;
  parseScenario(file);
  return file;
}
