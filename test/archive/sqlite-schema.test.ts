// Unit tests for the archive's FTS5 tag tokens: categories and listed-day ranges.
import { describe, expect, it } from 'vitest';
import { categoryToken, dayRangeTokens, dayTokens } from '../../src/archive/sqlite-schema.js';

describe('categoryToken', () => {
  it('gives distinct single tokens of letters and digits', () => {
    const cats = ['cs.CV', 'cs.SY', 'cs.SI', 'eess.SY', 'physics.med-ph', 'hep-th', 'math.ST', 'stat.ML'];
    const tokens = cats.map(categoryToken);
    expect(new Set(tokens).size).toBe(cats.length);
    for (const t of tokens) expect(t).toMatch(/^[a-z0-9]+0$/);
    expect(categoryToken('cs.CV')).toBe('cat0cs0cv0');
  });
});

describe('dayRangeTokens', () => {
  it('covers single days, whole months and whole years with the fewest tokens', () => {
    expect(dayRangeTokens('2021-11-20', '2021-11-20')).toEqual(['lstd20211120']);
    expect(dayRangeTokens('2021-11-01', '2021-11-30')).toEqual(['lstm202111']);
    expect(dayRangeTokens('2021-01-01', '2021-12-31')).toEqual(['lsty2021']);
    expect(dayRangeTokens('2020-12-30', '2022-02-01')).toEqual([
      'lstd20201230',
      'lstd20201231',
      'lsty2021',
      'lstm202201',
      'lstd20220201',
    ]);
  });

  it('handles leap years and month ends', () => {
    expect(dayRangeTokens('2020-02-28', '2020-03-01')).toEqual(['lstd20200228', 'lstd20200229', 'lstd20200301']);
    expect(dayRangeTokens('2021-02-01', '2021-02-28')).toEqual(['lstm202102']);
  });

  it('stays small for long ranges and is empty for reversed or bad ones', () => {
    expect(dayRangeTokens('1991-07-15', '2026-11-24').length).toBeLessThan(100);
    expect(dayRangeTokens('2021-11-21', '2021-11-20')).toEqual([]);
    expect(dayRangeTokens('nope', '2021-11-20')).toEqual([]);
  });

  it('matches the tokens a paper is tagged with', () => {
    const covered = new Set(dayRangeTokens('2021-10-15', '2022-03-03'));
    for (const day of ['2021-10-15', '2021-11-20', '2022-01-31', '2022-03-03']) {
      expect(dayTokens(day).some((t) => covered.has(t)), day).toBe(true);
    }
    for (const day of ['2021-10-14', '2022-03-04', '2020-11-20']) {
      expect(dayTokens(day).some((t) => covered.has(t)), day).toBe(false);
    }
  });
});
