import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../../src/text/natural.js';
import { createAnalyzer } from '../../src/text/analyzer.js';
import { papers } from '../rank/helpers.js';

/** The pattern the hand scanner must reproduce exactly (natural's RegexpTokenizer runs `text.match` with it). */
const WORDS = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

describe('tokenizeWords', () => {
  it('gives the unicode pattern\'s tokens for ASCII edge cases', () => {
    const cases = ['a-', '-a', 'a--b', 'a-b-c', 'x - y', 'R2-CNN-', '--', 'a-b-', '3D-', 'foo_bar', "it's", 'a-b--c-d', '', ' ', 'Z', 'a-b-c-', '9-9', '(a)-(b)'];
    for (const text of cases) expect(tokenizeWords(text), text).toEqual(text.match(WORDS) ?? []);
  });
  it('gives the same tokens on real titles and abstracts', () => {
    for (const p of papers) for (const text of [p.title, p.abstract]) expect(tokenizeWords(text)).toEqual(text.match(WORDS) ?? []);
  });
  it('keeps non-ASCII letters and digits inside words', () => {
    expect(tokenizeWords('Lumière-Net über 3D')).toEqual(['Lumière-Net', 'über', '3D']);
    expect(tokenizeWords('数据-集 x')).toEqual(['数据-集', 'x']);
  });
});

describe('analysed places', () => {
  it('lists a place once per key, compounds included', () => {
    const a = createAnalyzer();
    for (const text of ['net-work network', 'data-set-data', 'a-b-a-b', 'self-supervised self supervised']) {
      for (const positions of a.analyze(text).keys.values()) expect(new Set(positions).size).toBe(positions.length);
    }
  });
});
