import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { parse, resetSVGDefIds, View, type LoggerInterface } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartFontFiles } from './fonts.js';
import { vegaTextWidth, type TextItem } from './text-metrics.js';
import { FONT_FAMILY } from './theme.js';

export interface RenderSvgOptions {
  /** receives vega-lite's and vega's warnings (a log scale fed a zero, say); default: ignored */
  onWarning?: (message: string) => void;
}

export interface RenderPngOptions {
  /** pixels per SVG unit; 2 suits screens and slides */
  scale?: number;
}

/** Raw pixels of a rasterised SVG: RGBA, row-major, 4 bytes a pixel. */
export interface RasterImage {
  width: number;
  height: number;
  rgba: Buffer;
}

// vega numbers the SVG's clip paths and gradients from module-level counters, so a second render of the
// same spec would say clip7 where the first said clip1. Renders run one at a time, each from reset
// counters, so the same spec always gives the same bytes.
let queue: Promise<unknown> = Promise.resolve();

/** A vega-lite spec as a standalone SVG document, rendered headless (no DOM, no canvas). */
export function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const next = queue.then(() => renderNow(spec, options));
  queue = next.catch(() => undefined);
  return next;
}

/** vega-scenegraph's text measurer: an exported, replaceable hook (vl-convert replaces it too) that vega's typings omit. */
const textMetrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;

async function renderNow(spec: TopLevelSpec, options: RenderSvgOptions): Promise<string> {
  textMetrics.width = vegaTextWidth;
  const warn = (...args: readonly unknown[]): void => options.onWarning?.(args.map(String).join(' '));
  const logger = quietLogger(warn);
  const vegaSpec = compile(spec, { logger }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', logger });
  try {
    await view.runAsync();
    resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A vega/vega-lite logger that passes warnings on, throws errors, and drops info and debug chatter. */
function quietLogger(warn: (...args: readonly unknown[]) => void): LoggerInterface {
  let level = 0;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warn(...args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as LoggerInterface;
  return logger;
}

function resvg(svg: string, scale: number): Resvg {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    // Only the shipped fonts: the same pixels on a laptop, in CI and in a container without fonts.
    font: {
      loadSystemFonts: false,
      fontFiles: chartFontFiles(),
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    logLevel: 'off',
  });
}

/** The SVG as RGBA pixels (what renderPng encodes). */
export function rasterize(svg: string, options: RenderPngOptions = {}): RasterImage {
  const image = resvg(svg, options.scale ?? 2).render();
  return { width: image.width, height: image.height, rgba: image.pixels };
}

/** The SVG as a PNG, text set in the shipped font. */
export function renderPng(svg: string, options: RenderPngOptions = {}): Buffer {
  return resvg(svg, options.scale ?? 2).render().asPng();
}
