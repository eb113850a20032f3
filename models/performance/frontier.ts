/**
 * The token-factory frontier of a rack type and model: at each interactivity, the best throughput per
 * MW over the instance sizes one could deploy (candidateLayouts), as published benchmark curves are
 * frontiers over deployment configurations.
 */
import type { LlmSpec, RackSpec } from '../catalog/types.js';
import type { PerformanceSpec } from './factory.js';
import { FluidCapacityModel, type FluidOperatingPoint, type FluidOptions, type TokenFactoryPoint, type WorkloadShape } from './fluid-capacity.js';
import { candidateLayouts, type DefaultLayoutOptions, type ServingLayout } from './serving-layout.js';

export interface FrontierOptions extends Omit<FluidOptions, 'performance'> {
  /** a spec, built once per layout; default the roofline */
  performance?: PerformanceSpec;
  /** layouts to compare; default candidateLayouts(rack, llm, layoutOptions) */
  layouts?: ServingLayout[];
  layoutOptions?: DefaultLayoutOptions;
  /** points per layout curve */
  points?: number;
}

export interface FrontierPoint extends TokenFactoryPoint {
  layout: ServingLayout;
}

function fluidModels(rack: RackSpec, llm: LlmSpec, workload: WorkloadShape, options: FrontierOptions): FluidCapacityModel[] {
  const layouts = options.layouts ?? candidateLayouts(rack, llm, options.layoutOptions);
  return layouts.map((layout) => new FluidCapacityModel(rack, llm, layout, workload, options));
}

/** Points no other layout beats on both interactivity and throughput per MW, fastest first. */
export function tokenFactoryFrontier(rack: RackSpec, llm: LlmSpec, workload: WorkloadShape, options: FrontierOptions = {}): FrontierPoint[] {
  const all: FrontierPoint[] = [];
  for (const model of fluidModels(rack, llm, workload, options)) {
    for (const p of model.curve(options.points)) {
      all.push({ interactivityTokPerS: p.interactivityTokPerS, outputTokPerSPerMw: p.outputTokPerSPerMw, batch: p.batch, layout: model.layout });
    }
  }
  all.sort((a, b) => b.interactivityTokPerS - a.interactivityTokPerS || b.outputTokPerSPerMw - a.outputTokPerSPerMw);
  const frontier: FrontierPoint[] = [];
  for (const p of all) {
    if (p.outputTokPerSPerMw > (frontier.at(-1)?.outputTokPerSPerMw ?? 0)) frontier.push(p);
  }
  return frontier;
}

/** The layout with the most output tokens/s per MW at a per-user speed target, or undefined if none reaches it. */
export function bestLayoutAt(
  rack: RackSpec,
  llm: LlmSpec,
  workload: WorkloadShape,
  targetTokPerS: number,
  options: FrontierOptions = {},
): { layout: ServingLayout; point: FluidOperatingPoint } | undefined {
  let best: { layout: ServingLayout; point: FluidOperatingPoint } | undefined;
  for (const model of fluidModels(rack, llm, workload, options)) {
    const point = model.atInteractivity(targetTokPerS);
    if (point && (!best || point.outputTokPerSPerMw > best.point.outputTokPerSPerMw)) best = { layout: model.layout, point };
  }
  return best;
}
