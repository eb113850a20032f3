import { readFileSync } from 'node:fs';
import { chartFontFiles } from './fonts.js';

/**
 * Text widths from the shipped font's own advance widths. Headless vega has no canvas to measure text
 * and guesses 0.8 em a character, which pads every chart with empty space right of its titles and
 * spaces legends too widely; measuring with the font resvg draws with makes the layout fit the text,
 * on every machine (a `canvas` package, if installed, would not change the output).
 */

interface FontAdvances {
  unitsPerEm: number;
  /** advance width in font units by code point */
  advance: Map<number, number>;
  /** advance of the missing-glyph box */
  missing: number;
}

/** Advance widths of a TrueType font's BMP characters: the cmap (format 4), hhea, hmtx and head tables. */
function parseAdvances(font: Buffer): FontAdvances {
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const metricCount = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metricCount - 1));

  const cmap = table('cmap');
  let subtable: number | undefined;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    if (((platform === 3 && encoding === 1) || platform === 0) && font.readUInt16BE(offset) === 4) {
      subtable = offset;
      break;
    }
  }
  if (subtable === undefined) throw new Error('font has no Unicode BMP (format 4) cmap');
  const segments = font.readUInt16BE(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  const advance = new Map<number, number>();
  for (let s = 0; s < segments; s++) {
    const start = font.readUInt16BE(starts + 2 * s);
    const end = font.readUInt16BE(ends + 2 * s);
    const delta = font.readUInt16BE(deltas + 2 * s);
    const rangeOffsetAt = rangeOffsets + 2 * s;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = font.readUInt16BE(rangeOffsetAt + rangeOffset + 2 * (c - start));
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) advance.set(c, glyphAdvance(glyph));
    }
  }
  return { unitsPerEm, advance, missing: glyphAdvance(0) };
}

let fonts: { regular: FontAdvances; bold: FontAdvances } | undefined;

function loadFonts(): { regular: FontAdvances; bold: FontAdvances } {
  if (!fonts) {
    const [regularPath, boldPath] = chartFontFiles();
    const regular = parseAdvances(readFileSync(regularPath));
    fonts = { regular, bold: boldPath ? parseAdvances(readFileSync(boldPath)) : regular };
  }
  return fonts;
}

function isBold(weight: unknown): boolean {
  if (weight === undefined || weight === null) return false;
  if (typeof weight === 'number') return weight >= 600;
  const w = String(weight);
  return w === 'bold' || w === 'bolder' || Number(w) >= 600;
}

/** Width in pixels of `text` set at `fontSizePx` in the shipped regular or bold face. */
export function textWidthPx(text: string, fontSizePx: number, bold = false): number {
  const face = bold ? loadFonts().bold : loadFonts().regular;
  let units = 0;
  for (const ch of text) units += face.advance.get(ch.codePointAt(0) ?? 0) ?? face.missing;
  return (units * fontSizePx) / face.unitsPerEm;
}

/** The subset of a vega text item that sizes it. */
export interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
  limit?: number;
}

/**
 * A replacement for vega-scenegraph's `textMetrics.width(item, text)`, handling the item as vega's own
 * estimator does (size default 11 px, text trimmed). Text longer than the item's `limit` is drawn
 * truncated to fit it, so its width is capped at the limit; vega's truncation search calls this same
 * function and needs only to know whether a candidate exceeds the limit, which the cap preserves.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const value = text == null ? '' : String(text).trim();
  if (size <= 0 || !value) return 0;
  const width = textWidthPx(value, size, isBold(item.fontWeight));
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}
