import { describe, expect, it } from 'vitest';
import { gamma } from '../../../engine/random/distributions/gamma.js';
import { RandomStreams } from '../../../engine/random/random-source.js';
import { SampleBlock } from '../../../engine/random/sample-block.js';

describe('SampleBlock', () => {
  it("hands out exactly the sampler's draws, in order, across block boundaries", () => {
    const direct = gamma(new RandomStreams('block', 0).stream('gaps'), 0.44, 2);
    const block = new SampleBlock(gamma(new RandomStreams('block', 0).stream('gaps'), 0.44, 2));
    for (let i = 0; i < 1000; i++) expect(block.next()).toBe(direct());
  });

  it('draws nothing from its source before the first value is asked for', () => {
    const source = new RandomStreams('block', 0).stream('lazy');
    const reference = new RandomStreams('block', 0).stream('lazy');
    let draws = 0;
    const block = new SampleBlock(() => (draws++, source.next()));
    expect(draws).toBe(0);
    // a draw taken from the shared source first comes before every value of the block
    expect(source.next()).toBe(reference.next());
    expect(block.next()).toBe(reference.next());
    expect(draws).toBeGreaterThan(0);
  });
});
