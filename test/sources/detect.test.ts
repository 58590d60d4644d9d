import { describe, expect, it } from 'vitest';
import { detectKind, parseAny } from '../../src/sources/detect.js';
import {
  API_2026,
  API_EMPTY,
  API_ERROR,
  API_LEGACY,
  DIGEST_NEWEST,
  feed,
  KAGGLE,
  OAI_RAW,
  RSS1_RDF,
  RSS2_BUILT,
  RSS2_EMPTY,
  RSS2_TRUNCATED,
} from './fixtures.js';

describe('detectKind on every saved response', () => {
  it.each([
    [RSS2_BUILT, 'rss2'],
    [RSS2_EMPTY, 'rss2'],
    [RSS2_TRUNCATED, 'rss2'],
    [RSS1_RDF, 'rss1-rdf'],
    [API_LEGACY, 'atom-api'],
    [API_2026, 'atom-api'],
    [API_EMPTY, 'atom-api'],
    [API_ERROR, 'atom-api'],
    [KAGGLE, 'kaggle-jsonl'],
    [DIGEST_NEWEST, 'digest-markdown'],
    [OAI_RAW, 'unknown'],
  ])('%s is %s', (path, kind) => {
    expect(detectKind(feed(path))).toBe(kind);
  });

  it('judges a large file by its first chunk alone', () => {
    expect(detectKind(feed(KAGGLE).slice(0, 300))).toBe('kaggle-jsonl');
    expect(detectKind(feed(RSS1_RDF).slice(0, 2000))).toBe('rss1-rdf');
  });

  it('looks past a byte-order mark and leading blank lines', () => {
    expect(detectKind(`\uFEFF\n\n${feed(RSS2_EMPTY)}`)).toBe('rss2');
  });

  it.each([
    ['', 'unknown'],
    ['hello world', 'unknown'],
    ['<!DOCTYPE html><html><body>Service Unavailable</body></html>', 'unknown'],
    ['{"message": "rate limited"}', 'unknown'],
    ['\u0000\u0001\u0002binary', 'unknown'],
  ])('%j is %s', (text, kind) => {
    expect(detectKind(text)).toBe(kind);
  });
});

describe('parseAny', () => {
  it('dispatches each kind to its parser with the same counts as the parser alone', () => {
    expect(parseAny(feed(RSS2_BUILT), { file: 'a' }).papers).toHaveLength(6);
    expect(parseAny(feed(RSS1_RDF), { file: 'a' }).papers).toHaveLength(185);
    expect(parseAny(feed(API_2026), { file: 'a' }).papers).toHaveLength(100);
    expect(parseAny(feed(KAGGLE), { file: 'a' }).papers).toHaveLength(6);
    const digest = parseAny(feed(DIGEST_NEWEST), { file: DIGEST_NEWEST });
    expect(digest.kind).toBe('digest-markdown');
    expect(digest.papers).toHaveLength(6);
    expect(digest.date).toBe('2021-12-25');
  });

  it('ingests nothing from an arXiv error feed or an empty feed, and says why', () => {
    const error = parseAny(feed(API_ERROR), { file: API_ERROR });
    expect(error.papers).toEqual([]);
    expect(error.notice).toMatch(/arXiv API error: incorrect id format for abc/);
    const empty = parseAny(feed(RSS2_EMPTY), { file: RSS2_EMPTY });
    expect(empty.papers).toEqual([]);
    expect(empty.notice).toMatch(/no announcement \(weekend\/holiday\)/);
  });

  it('answers unknown content with no papers and a warning naming what it expected', () => {
    const r = parseAny('<!DOCTYPE html><html><body>Oops</body></html>', { file: 'page.html' });
    expect(r.kind).toBe('unknown');
    expect(r.papers).toEqual([]);
    expect(r.warnings).toEqual([
      {
        file: 'page.html',
        line: 1,
        message: expect.stringMatching(/^not a recognised arXiv listing \(expected a digest Markdown file.*\) \(this is an HTML page/),
      },
    ]);
    expect(parseAny(feed(OAI_RAW), { file: 'o' }).warnings[0]!.message).toMatch(/OAI-PMH response/);
    expect(parseAny('', { file: 'e' }).warnings[0]!.message).toMatch(/the input is empty/);
  });
});
