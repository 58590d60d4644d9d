import { describe, expect, it } from 'vitest';
import { parseAtom } from '../../src/sources/atom.js';
import { API_2026, API_EMPTY, API_ERROR, API_LEGACY, feed } from './fixtures.js';

describe('parseAtom on the legacy (2016) API format', () => {
  const r = parseAtom(feed(API_LEGACY), { file: API_LEGACY });

  it('reads its 10 entries and its paging', () => {
    expect(r.kind).toBe('atom-api');
    expect(r.warnings).toEqual([]);
    expect(r.papers).toHaveLength(10);
    expect(r.paging).toEqual({ totalResults: 31, startIndex: 0, itemsPerPage: 10 });
    expect(r.error).toBeUndefined();
  });

  it('unwraps titles and summaries, reads old-style ids, primary category (scheme attribute), DOI, journal, comment', () => {
    const p = r.papers.find((x) => x.id === 'cond-mat/0603029')!;
    expect(p.title).toBe('From stripe to checkerboard order on the square lattice in the presence of quenched disorder');
    expect(p.abstract).not.toMatch(/\n/);
    expect(p.abstract.startsWith('We discuss the effects of quenched disorder')).toBe(true);
    expect(p.authors).toEqual(['Adrian Del Maestro', 'Bernd Rosenow', 'Subir Sachdev']);
    expect(p.dois).toEqual(['10.1103/PhysRevB.74.024520']);
    expect(p.journalRef).toBe('Phys. Rev. B 74, 024520 (2006)');
    expect(p.comment).toBe('10 pages, 11 figures; added reference');
    expect(p.version).toBe(1);
    const q = r.papers.find((x) => x.id === '1201.4869')!;
    expect(q.primaryCategory).toBe('cond-mat.mes-hall');
    expect(q.categories).toEqual(['cond-mat.mes-hall', 'cond-mat.other']);
    expect(q.published).toBe('2012-01-23T21:15:02Z');
    expect(q.listed).toBe('2012-01-23');
  });
});

describe('parseAtom on the 2026 API format', () => {
  const r = parseAtom(feed(API_2026), { file: API_2026 });

  it('reads its 100 entries, paging, and the https-era fields', () => {
    expect(r.warnings).toEqual([]);
    expect(r.papers).toHaveLength(100);
    expect(r.paging).toEqual({ totalResults: 214881, startIndex: 0, itemsPerPage: 100 });
    const p = r.papers[0]!;
    expect(p.id).toBe('2202.12139');
    expect(p.title).toBe('Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques');
    expect(p.primaryCategory).toBe('cs.SE');
    expect(p.categories).toEqual(['cs.SE', 'cs.LG']);
    expect(p.authors).toEqual(['Mohit Kumar Ahuja', 'Arnaud Gotlieb', 'Helge Spieker']);
    expect(p.dois).toEqual(['10.1109/ICSTW55395.2022.00035']);
    expect(p.comment).toBe('Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022');
    expect(p.listed).toBe('2022-02-24');
  });

  it('gives every paper a category list that starts with its primary category', () => {
    for (const p of r.papers) {
      expect(p.categories[0]).toBe(p.primaryCategory);
      expect(p.primaryCategory).not.toBe('');
      expect(p.published <= p.updated).toBe(true);
    }
  });

  it('gives an empty result no papers and a notice saying so', () => {
    const e = parseAtom(feed(API_EMPTY), { file: API_EMPTY });
    expect(e.papers).toEqual([]);
    expect(e.warnings).toEqual([]);
    expect(e.paging.totalResults).toBe(0);
    expect(e.notice).toMatch(/no results/);
  });

  it('never stores the "Error" entry of the HTTP 400 feed as a paper, and carries its message', () => {
    const e = parseAtom(feed(API_ERROR), { file: API_ERROR });
    expect(e.papers).toEqual([]);
    expect(e.error).toBe('incorrect id format for abc');
    expect(e.notice).toBe('arXiv API error: incorrect id format for abc (nothing ingested)');
  });

  it('keeps the complete entries of a response cut in the middle', () => {
    const text = feed(API_2026);
    const at = text.indexOf('<entry>', text.indexOf('<entry>', text.indexOf('<entry>') + 1) + 1);
    const cut = parseAtom(text.slice(0, at + 200), { file: 'cut.xml' });
    expect(cut.papers.map((p) => p.id)).toEqual(['2202.12139', '2405.13786']);
    expect(cut.paging.totalResults).toBe(214881);
    expect(cut.warnings[0]!.message).toMatch(/^malformed XML .*kept the 2 complete entries/);
  });

  it('skips an entry without an arXiv id with a warning on its line', () => {
    const text = feed(API_LEGACY).replace('<id>http://arxiv.org/abs/1201.4869v1</id>', '<id>urn:x</id>');
    const bad = parseAtom(text, { file: 'f.xml' });
    expect(bad.papers).toHaveLength(9);
    expect(bad.warnings).toEqual([{ file: 'f.xml', line: text.split('\n').findIndex((l) => l.includes('<entry>')) + 1, message: 'entry without an arXiv id ("urn:x"): skipped' }]);
  });

  it('refuses a document that is not Atom', () => {
    const bad = parseAtom('<rss version="2.0"><channel/></rss>', { file: 'x' });
    expect(bad.kind).toBe('unknown');
    expect(bad.papers).toEqual([]);
    expect(bad.warnings[0]!.message).toMatch(/not an Atom feed/);
  });
});

describe('parseAtom on the Atom flavour of rss.arxiv.org', () => {
  it('reads oai ids, the announce prefix and type, and dc:creator authors', () => {
    const text = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <id>http://rss.arxiv.org/atom/cs.CV</id>
  <title>cs.CV updates on arXiv.org</title>
  <updated>2021-11-18T05:00:01.000000+00:00</updated>
  <entry>
    <id>oai:arXiv.org:2111.08867v2</id>
    <title>TYolov5: A Temporal Yolov5 Detector Based on Quasi-Recurrent Neural Networks for Real-Time Handgun Detection in Video</title>
    <updated>2021-11-18T05:00:00Z</updated>
    <link href="https://arxiv.org/abs/2111.08867" rel="alternate" type="text/html"/>
    <summary>arXiv:2111.08867v2 Announce Type: replace 
Abstract: Timely handgun detection is a crucial problem.</summary>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <published>2021-11-18T00:00:00-05:00</published>
    <arxiv:announce_type>replace</arxiv:announce_type>
    <dc:creator>Mario Alberto Duran-Vega, Miguel Gonzalez-Mendoza</dc:creator>
  </entry>
</feed>`;
    const r = parseAtom(text, { file: 'atom' });
    expect(r.warnings).toEqual([]);
    expect(r.papers).toHaveLength(1);
    const p = r.papers[0]!;
    expect(p).toMatchObject({ id: '2111.08867', version: 2, abstract: 'Timely handgun detection is a crucial problem.', primaryCategory: 'cs.CV', listed: '2021-11-18' });
    expect(p.authors).toEqual(['Mario Alberto Duran-Vega', 'Miguel Gonzalez-Mendoza']);
    expect(r.announceTypes).toEqual({ '2111.08867': 'replace' });
  });
});
