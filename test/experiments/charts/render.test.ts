import { Resvg } from '@resvg/resvg-js';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../../experiments/charts/index.js';
import { rasterize, renderPng, renderSvg } from '../../../experiments/charts/render.js';
import { textWidthPx } from '../../../experiments/charts/text-metrics.js';
import { chartFontFiles } from '../../../experiments/charts/fonts.js';
import { fixtureTables } from './fixture.js';

const tables = fixtureTables();
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenfactory-charts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pixels darker than mid-grey in a rectangle of an RGBA image. */
function darkPixels(image: { width: number; rgba: Buffer }, x0: number, y0: number, x1: number, y1: number): number {
  let dark = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * image.width + x);
      if (image.rgba[i] + image.rgba[i + 1] + image.rgba[i + 2] < 3 * 128) dark++;
    }
  }
  return dark;
}

describe('renderSvg', () => {
  it('is deterministic: the same tables give byte-identical SVG, rendered in turn or concurrently', async () => {
    const spec = CHARTS[0].spec(tables);
    const first = await renderSvg(spec);
    const second = await renderSvg(CHARTS[0].spec(fixtureTables()));
    const concurrent = await Promise.all([CHARTS[0], CHARTS[3]].map((c) => renderSvg(c.spec(tables))));
    // booleans: a failing diff of two 30 kB SVGs helps nobody
    expect(second === first, 'second render differs').toBe(true);
    expect(concurrent[0] === first, 'concurrent render differs').toBe(true);
    // vega numbers clip paths from a module-wide counter; each document starts again from clip1
    expect(first).toContain('id="clip1"');
    for (const svg of [first, ...concurrent]) {
      const clipIds = [...svg.matchAll(/id="clip(\d+)"/g)].map((m) => Number(m[1]));
      expect(clipIds).toEqual(clipIds.map((_, i) => i + 1));
    }
  });

  it('lays text out with the shipped font’s widths', () => {
    // DejaVu Sans: 'i' is narrow, 'W' wide; bold is wider than regular
    expect(textWidthPx('iiii', 10)).toBeLessThan(textWidthPx('WWWW', 10) / 2);
    expect(textWidthPx('Token factory', 15, true)).toBeGreaterThan(textWidthPx('Token factory', 15));
    expect(textWidthPx('Token factory', 15)).toBeGreaterThan(80);
    expect(textWidthPx('Token factory', 15)).toBeLessThan(130);
  });
});

describe('renderPng', () => {
  it('gives a valid PNG of the chart at twice its SVG size', async () => {
    const svg = await renderSvg(CHARTS[1].spec(tables));
    const png = renderPng(svg);
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(2 * width);
    // a file a caller writes opens again as the same PNG
    const file = join(dir, 'revenue-by-tier.png');
    await writeFile(file, png);
    expect((await readFile(file)).equals(png)).toBe(true);
  });

  it('draws text with the shipped font, without system fonts', async () => {
    const svg = await renderSvg(CHARTS[1].spec(tables));
    const image = rasterize(svg, { scale: 1 });
    // the title "Revenue by tier" sits in the top-left corner, inside the 12 px padding
    const title = darkPixels(image, 12, 12, 170, 34);
    expect(title).toBeGreaterThan(200);

    // control: the same SVG without any font leaves the title area blank, so the check above is about text
    const noFont = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [] }, background: 'white', logLevel: 'off' }).render();
    expect(darkPixels({ width: noFont.width, rgba: noFont.pixels }, 12, 12, 170, 34)).toBe(0);
  });

  it('finds its font files in assets/fonts', () => {
    const files = chartFontFiles();
    expect(files.map((f) => f.split(/[\\/]/).slice(-3).join('/'))).toEqual(['assets/fonts/DejaVuSans.ttf', 'assets/fonts/DejaVuSans-Bold.ttf']);
  });
});
