import { describe, it, expect } from 'vitest';
import { tokenize } from '../../src/commands/tokens.js';
import { parseSearch, resolveSince } from '../../src/commands/search.js';

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted phrases together', () => {
    expect(tokenize('search "gaussian splatting"  nerf').map((t) => t.value)).toEqual(['search', 'gaussian splatting', 'nerf']);
  });
  it('reads curly quotes as quotes and tolerates an unbalanced one', () => {
    expect(tokenize('follow \u201cKaiming He\u201d').map((t) => t.value)).toEqual(['follow', 'Kaiming He']);
    expect(tokenize('search "open ended').map((t) => t.value)).toEqual(['search', 'open ended']);
  });
  it('keeps prefix:"quoted value" as one token', () => {
    const [t] = tokenize('author:"Andrew J. Davison"');
    expect(t).toMatchObject({ value: 'author:Andrew J. Davison', quoted: true });
  });
  it('returns nothing for blank input', () => {
    expect(tokenize('   \t ')).toEqual([]);
  });
});

describe('parseSearch', () => {
  const now = new Date('2021-11-30T12:00:00Z');
  it('separates filters from words', () => {
    expect(parseSearch('"neural radiance" nerf cat:cs.GR author:"Ben Mildenhall" since:7d page:2 -survey', now)).toEqual({
      text: '"neural radiance" nerf',
      categories: ['cs.GR'],
      author: 'Ben Mildenhall',
      since: '2021-11-23',
      page: 2,
      exclude: ['survey'],
    });
  });
  it('names the bad filter and shows the right form', () => {
    expect(parseSearch('nerf cat:banana!', now)).toEqual({ error: expect.stringMatching(/banana!.*cat:cs\.RO/) });
    expect(parseSearch('nerf since:yesterdayish', now)).toEqual({ error: expect.stringMatching(/since:7d/) });
    expect(parseSearch('nerf page:0', now)).toEqual({ error: expect.stringMatching(/page:2/) });
    expect(parseSearch('nerf author:', now)).toEqual({ error: expect.stringMatching(/author:"Kaiming He"/) });
  });
  it('resolves relative and absolute since values', () => {
    expect(resolveSince('2w', now)).toBe('2021-11-16');
    expect(resolveSince('2021-01-05', now)).toBe('2021-01-05');
    expect(resolveSince('7x', now)).toBeNull();
  });
});
