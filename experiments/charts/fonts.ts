import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FONT_DIR = join('assets', 'fonts');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

let cached: string[] | undefined;

/**
 * Absolute paths of the shipped font files. Found by walking up from this module, because it runs
 * both from the sources (experiments/charts) and compiled (dist/experiments/charts).
 */
export function chartFontFiles(): string[] {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, FONT_DIR);
    if (existsSync(join(candidate, FONT_FILES[0]))) {
      cached = FONT_FILES.map((f) => join(candidate, f)).filter((f) => existsSync(f));
      return cached;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`chart fonts not found: no ${join(FONT_DIR, FONT_FILES[0])} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
