import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../../models/catalog/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kimi-k25', 'kimi-k2.5')).toBe(1);
    expect(editDistance('flaw', 'lawn')).toBe(editDistance('lawn', 'flaw'));
  });
});

describe('closestMatch', () => {
  const ids = ['hgx-h100', 'hgx-h200', 'gb200-nvl72', 'gb300-nvl72', 'vr-nvl72'];

  it('finds typos, case slips and prefixes', () => {
    expect(closestMatch('gb200-nvl27', ids)).toBe('gb200-nvl72');
    expect(closestMatch('HGX-H100', ids)).toBe('hgx-h100');
    expect(closestMatch('gb300', ids)).toBe('gb300-nvl72');
  });

  it('prefers a one-edit typo over a containment', () => {
    expect(closestMatch('hgx-h10', ['hgx-h100', 'hgx-h10x'])).toBe('hgx-h100');
    expect(closestMatch('abcd', ['abcdefgh', 'abce'])).toBe('abce');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestMatch('tpu-v7', ids)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('gives a suggestion, else the known names, else nothing', () => {
    expect(didYouMean('premuim', ['free', 'premium'])).toBe(' (did you mean "premium"?)');
    expect(didYouMean('zzzzzz', ['free', 'premium'])).toBe('; known: free, premium');
    expect(didYouMean('zzzzzz', [])).toBe('');
  });
});
