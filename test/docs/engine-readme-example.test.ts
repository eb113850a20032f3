import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { studentTQuantile } from '../../engine/stats/index.js';

/**
 * The M/M/1 example of engine/README.md, run as written: the ```ts block after the
 * `engine-readme-example` marker is extracted, its `./engine/…` imports pointed at this checkout, and
 * the result imported. The README cannot rot: the code must run, agree with queueing theory, and print
 * exactly the output the README shows.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const readmePath = join(repoRoot, 'engine', 'README.md');

function blockAfter(markdown: string, marker: string, language: string): string {
  const at = markdown.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`engine/README.md: marker <!-- ${marker} --> not found`);
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(markdown.slice(at));
  if (!fence) throw new Error(`engine/README.md: no \`\`\`${language} block after <!-- ${marker} -->`);
  return fence[1];
}

describe('engine/README.md example (M/M/1)', () => {
  let tempDir: string | undefined;
  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('runs, matches W_q = ρ/(μ − λ) within its confidence interval, and prints what the README shows', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const code = blockAfter(readme, 'engine-readme-example', 'ts');
    const shownOutput = blockAfter(readme, 'engine-readme-example-output', 'text').trim();

    // The README imports from the repository root ('./engine/…'); the copy lives in a temp folder.
    // An absolute path, which vitest resolves like any other (`.js` → `.ts`).
    const engineDir = join(repoRoot, 'engine').split(sep).join('/');
    const runnable = code.replaceAll("from './engine/", `from '${engineDir}/`);
    expect(runnable).not.toContain("from './");
    tempDir = await mkdtemp(join(tmpdir(), 'tokenfactory-engine-readme-'));
    const file = join(tempDir, 'mm1.ts');
    await writeFile(file, runnable);

    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const printed = lines[0];

    const match = /mean wait ([\d.]+) s ± ([\d.]+) s \(95% CI, (\d+) replications\); theory ρ\/\(μ − λ\) = ([\d.]+) s/.exec(printed);
    expect(match, printed).not.toBeNull();
    const [meanS, halfWidth95S, replications, theoryS] = match!.slice(1).map(Number);
    expect(theoryS).toBeCloseTo(0.8 / (1 - 0.8), 6);

    // Tolerance from the interval itself: widen the 95% half-width to 99.9% (same t statistic, n − 1 df).
    const df = replications - 1;
    const tolerance = (halfWidth95S * studentTQuantile(0.9995, df)) / studentTQuantile(0.975, df);
    expect(Math.abs(meanS - theoryS)).toBeLessThanOrEqual(tolerance);
    // …and the interval must be tight enough for the comparison to mean something.
    expect(halfWidth95S).toBeLessThan(0.05 * theoryS);

    expect(printed, 'update the output block of engine/README.md').toBe(shownOutput);
  });
});
