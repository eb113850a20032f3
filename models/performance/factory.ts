/**
 * Performance models by name: a scenario says `{ kind: 'roofline' | 'measured' | 'linear', … }` and
 * gets a PerformanceModel for its rack, model and layout. More kinds can be registered by name.
 */
import { closestMatch } from '../catalog/did-you-mean.js';
import type { LlmSpec, RackSpec } from '../catalog/types.js';
import { LinearModel, type LinearCoefficients } from './linear.js';
import { MeasuredModel, type MeasuredOptions } from './measured.js';
import { ServingConfigError } from './memory.js';
import type { PerformanceModel } from './performance-model.js';
import { RooflineModel, type RooflineOptions } from './roofline.js';
import { resolveInstance, type ServingInstance, type ServingLayout } from './serving-layout.js';

export type RooflineSpec = { kind: 'roofline' } & RooflineOptions;
export type MeasuredSpec = { kind: 'measured' } & MeasuredOptions;
export type LinearSpec = { kind: 'linear' } & LinearCoefficients;
export type PerformanceSpec = RooflineSpec | MeasuredSpec | LinearSpec;

/** What a builder gets besides its spec: the rack, model, layout and the instance they resolve to. */
export interface PerformanceContext {
  rack: RackSpec;
  llm: LlmSpec;
  layout: ServingLayout;
  instance: ServingInstance;
}

export type PerformanceModelBuilder<S extends { kind: string } = { kind: string }> = (
  spec: S,
  context: PerformanceContext,
) => PerformanceModel;

const builders = new Map<string, PerformanceModelBuilder>();

/** Make a kind of performance model available by name. Throws if the name is taken. */
export function registerPerformanceModel<S extends { kind: string }>(kind: string, builder: PerformanceModelBuilder<S>): void {
  if (builders.has(kind)) throw new ServingConfigError(`performance kind '${kind}' is already registered`);
  builders.set(kind, builder as PerformanceModelBuilder);
}

/** The registered kinds, in registration order. */
export function performanceModelKinds(): string[] {
  return [...builders.keys()];
}

registerPerformanceModel<RooflineSpec>('roofline', ({ kind: _kind, ...options }, { instance, llm }) => new RooflineModel(instance, llm, options));
registerPerformanceModel<MeasuredSpec>('measured', ({ kind: _kind, ...options }, { instance, llm }) => new MeasuredModel(instance, llm, options));
registerPerformanceModel<LinearSpec>('linear', ({ kind: _kind, ...coefficients }) => new LinearModel(coefficients));

/** Build the performance model `spec.kind` names for a rack, model and layout. */
export function createPerformanceModel(
  spec: PerformanceSpec | { kind: string },
  rack: RackSpec,
  llm: LlmSpec,
  layout: ServingLayout,
): PerformanceModel {
  const builder = builders.get(spec.kind);
  if (!builder) {
    const guess = closestMatch(spec.kind, builders.keys());
    throw new ServingConfigError(
      `performance.kind: unknown kind '${spec.kind}'${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${performanceModelKinds().join(', ')}`,
    );
  }
  return builder(spec, { rack, llm, layout, instance: resolveInstance(rack, layout) });
}
