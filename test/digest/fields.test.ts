// The digest field readers on their own: timestamps, days, categories, authors, DOIs, optional values, links.
import { describe, it, expect } from 'vitest';
import { isDay, isoTimestamp, linkTarget, readAuthors, readCategories, readDois, readOptional } from '../../src/digest/fields.js';

describe('isoTimestamp', () => {
  it('turns the digest form into ISO UTC', () => {
    expect(isoTimestamp('2020-11-22 01:11:19+00:00')).toBe('2020-11-22T01:11:19Z');
    expect(isoTimestamp('2020-11-22T01:11:19Z')).toBe('2020-11-22T01:11:19Z');
  });

  it('converts other offsets to UTC', () => {
    expect(isoTimestamp('2020-11-22 01:11:19+02:00')).toBe('2020-11-21T23:11:19Z');
  });

  it('rejects impossible dates and times and non-dates', () => {
    for (const bad of ['2019-02-29 00:00:00+00:00', '2020-13-01 00:00:00+00:00', '2020-11-31 00:00:00+00:00', '2020-11-22 24:00:00+00:00', '2020-11-22 10:60:00+00:00', 'None', '', 'yesterday']) {
      expect(isoTimestamp(bad), bad).toBeNull();
    }
    expect(isoTimestamp('2020-02-29 12:00:00+00:00')).toBe('2020-02-29T12:00:00Z');
    expect(isoTimestamp('2000-02-29 12:00:00+00:00')).toBe('2000-02-29T12:00:00Z');
    expect(isoTimestamp('1900-02-29 12:00:00+00:00')).toBeNull();
  });
});

describe('isDay', () => {
  it('accepts real days only', () => {
    expect(isDay('2020-11-22')).toBe(true);
    expect(isDay('2019-02-30')).toBe(false);
    expect(isDay('2020-11-22x')).toBe(false);
    expect(isDay('20201122')).toBe(false);
  });
});

describe('readCategories', () => {
  it('puts the bold primary first even when it is not written first', () => {
    expect(readCategories('cs.LG, **stat.ML**, 62H30')).toEqual({ primary: 'stat.ML', categories: ['stat.ML', 'cs.LG'], classifications: ['62H30'] });
  });

  it('falls back to the first category without a bold one, and gives no primary when there is no category', () => {
    expect(readCategories('cs.CV, cs.LG').primary).toBe('cs.CV');
    expect(readCategories('68T45, I.2.10')).toEqual({ primary: '', categories: [], classifications: ['68T45', 'I.2.10'] });
  });

  it('splits ACM lists on ";" (with or without spaces), drops empty ",," slots and repeats', () => {
    expect(readCategories('**cs.CV**, cs.CV, I.5.1 ; G.3,, I.5.1').classifications).toEqual(['I.5.1', 'G.3']);
  });
});

describe('readAuthors', () => {
  it('splits on commas and removes "and " prefixes', () => {
    expect(readAuthors('A. Smith, B. Jones, and C. Brown')).toEqual(['A. Smith', 'B. Jones', 'C. Brown']);
  });

  it('drops debris without letters and trims stray parentheses', () => {
    expect(readAuthors('Sylvain Lobry, ), Laurent Wendling (LIPADE), ,')).toEqual(['Sylvain Lobry', 'Laurent Wendling (LIPADE)']);
    expect(readAuthors(') Ann Lee, Bob Ray (')).toEqual(['Ann Lee', 'Bob Ray']);
  });

  it('keeps a suffix with its name, non-ASCII names and collaborations', () => {
    expect(readAuthors('Martin Luther King, Jr., Zoë Ångström, The ATLAS Collaboration')).toEqual(['Martin Luther King, Jr.', 'Zoë Ångström', 'The ATLAS Collaboration']);
    expect(readAuthors('')).toEqual([]);
  });
});

describe('readDois, readOptional, linkTarget', () => {
  it('reads None as no DOI and several DOIs once each', () => {
    expect(readDois('None')).toEqual([]);
    expect(readDois('10.1/a 10.2/b, 10.1/a')).toEqual(['10.1/a', '10.2/b']);
  });

  it('reads None as null and keeps N/A as a real value', () => {
    expect(readOptional('None')).toBeNull();
    expect(readOptional(undefined)).toBeNull();
    expect(readOptional('N/A')).toBe('N/A');
  });

  it('takes the URL out of a Markdown link', () => {
    expect(linkTarget('[PDF](https://arxiv.org/pdf/2511.02810v1)')).toBe('https://arxiv.org/pdf/2511.02810v1');
    expect(linkTarget('http://arxiv.org/pdf/2011.10904v2')).toBe('http://arxiv.org/pdf/2011.10904v2');
  });
});
