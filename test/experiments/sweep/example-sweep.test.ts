import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSweep } from '../../../experiments/sweep/load-sweep.js';
import { parseSweepFile } from '../../../experiments/sweep/sweep-schema.js';

const EXAMPLE = fileURLToPath(new URL('../../../experiments/sweeps/margin-sensitivity.json', import.meta.url));
const DOC = fileURLToPath(new URL('../../../docs/sweep.md', import.meta.url));

describe('the shipped sweep files', () => {
  it('experiments/sweeps/margin-sensitivity.json: every point of its tornado validates and plans', async () => {
    const { description, scenarios } = await loadSweep(EXAMPLE, {}, 'test');
    expect(description.design).toBe('one-at-a-time');
    expect(scenarios).toHaveLength(1 + 2 * description.parameters.length);
    expect(description.metrics[0]).toEqual({ metric: 'margin', scope: '' });
    // kept quick: shortened runs, few replications
    expect(scenarios[0].simulation.durationS).toBeLessThanOrEqual(300);
    expect(description.replications).toBeLessThanOrEqual(2);
  });

  it('docs/sweep.md: the example sweep file is valid', async () => {
    const text = await readFile(DOC, 'utf8');
    const at = text.indexOf('<!-- example -->');
    const fence = /```json\n([\s\S]*?)```/.exec(text.slice(at));
    expect(at).toBeGreaterThan(0);
    expect(() => parseSweepFile(JSON.parse(fence![1]))).not.toThrow();
  });
});
