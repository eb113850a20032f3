import { compile, type TopLevelSpec } from 'vega-lite';

/** Compiles a vega-lite spec, collecting what its logger warns (and errors) instead of printing it. */
export function compileWithWarnings(spec: TopLevelSpec): { vega: ReturnType<typeof compile>['spec']; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => warnings.push(`error ${a.join(' ')}`),
    warn: (...a: unknown[]) => warnings.push(a.join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  return { vega: compile(spec, { logger: logger as never }).spec, warnings };
}
