import { describe, expect, it } from 'vitest';
import { parseRss } from '../../src/sources/rss.js';
import { feed, RSS1_RDF, RSS2_BUILT, RSS2_EMPTY, RSS2_TRUNCATED } from './fixtures.js';

describe('parseRss on rss.arxiv.org RSS 2.0', () => {
  it('reads every item of a feed with new, cross, replace and replace-cross items', () => {
    const r = parseRss(feed(RSS2_BUILT), { file: RSS2_BUILT });
    expect(r.kind).toBe('rss2');
    expect(r.warnings).toEqual([]);
    expect(r.date).toBe('2021-11-18');
    expect(r.notice).toBeUndefined();
    expect(r.papers.map((p) => `${p.id}v${p.version}`)).toEqual([
      '2111.08869v1',
      '2111.08960v1',
      '2111.09103v1',
      '2111.08867v2',
      '2111.09030v2',
      '2111.08851v5',
    ]);
    expect(r.announceTypes).toEqual({
      '2111.08869': 'new',
      '2111.08960': 'new',
      '2111.09103': 'cross',
      '2111.08867': 'replace',
      '2111.09030': 'replace-cross',
      '2111.08851': 'replace-cross',
    });
  });

  it('maps an item to a Paper: id without version, announce prefix cut from the abstract, categories primary first', () => {
    const r = parseRss(feed(RSS2_BUILT), { file: RSS2_BUILT });
    const p = r.papers.find((x) => x.id === '2111.08960')!;
    expect(p.title).toBe('Compositional Transformers for Scene Generation');
    expect(p.authors).toEqual(['Drew A. Hudson', 'C. Lawrence Zitnick']);
    expect(p.categories).toEqual(['cs.CV', 'cs.AI', 'cs.LG']);
    expect(p.primaryCategory).toBe('cs.CV');
    expect(p.abstract.startsWith('We introduce the GANformer2 model')).toBe(true);
    expect(p.abstract).not.toMatch(/Announce Type|^Abstract:/);
    expect(p.listed).toBe('2021-11-18');
    expect(p.published).toBe('2021-11-18T05:00:00Z');
    expect(p.dois).toEqual([]);
    expect(p.journalRef).toBeNull();
  });

  it('keeps a cross-list primary elsewhere and the DOI and journal reference of a replacement', () => {
    const r = parseRss(feed(RSS2_BUILT), { file: RSS2_BUILT });
    expect(r.papers.find((x) => x.id === '2111.09103')!.primaryCategory).toBe('eess.IV');
    const p = r.papers.find((x) => x.id === '2111.08851')!;
    expect(p.version).toBe(5);
    expect(p.dois).toEqual(['10.1007/s10044-023-01181-9']);
    expect(p.journalRef).toBe('Pattern Analysis and Applications 2023');
  });

  it('gives an empty weekend feed no papers and a notice, not an error', () => {
    const r = parseRss(feed(RSS2_EMPTY), { file: RSS2_EMPTY });
    expect(r.kind).toBe('rss2');
    expect(r.papers).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.date).toBe('2025-04-27');
    expect(r.notice).toMatch(/^no announcement \(weekend\/holiday\)/);
  });

  it('warns about the real truncated fragment and keeps nothing of its cut item, without throwing', () => {
    const r = parseRss(feed(RSS2_TRUNCATED), { file: RSS2_TRUNCATED });
    expect(r.papers).toEqual([]);
    expect(r.date).toBe('2025-09-18');
    expect(r.warnings[0]!.message).toMatch(/^malformed XML .*kept the 0 complete item/);
    expect(r.warnings[0]!.file).toBe(RSS2_TRUNCATED);
    expect(r.notice).toMatch(/malformed/);
  });

  it('keeps the complete items of a feed cut inside its fourth item, pointing at real lines', () => {
    const text = feed(RSS2_BUILT);
    const cut = text.slice(0, text.indexOf('TYolov5') + 40);
    const r = parseRss(cut, { file: 'cut.xml' });
    expect(r.papers.map((p) => p.id)).toEqual(['2111.08869', '2111.08960', '2111.09103']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/kept the 3 complete item/);
  });

  it('skips an item with no arXiv id and a bad item, warning with its line, and keeps the rest', () => {
    const text = feed(RSS2_BUILT)
      .replace('<guid isPermaLink="false">oai:arXiv.org:2111.08869v1</guid>', '<guid>nothing</guid>')
      .replace('arXiv:2111.08869v1 Announce', 'Announce')
      .replace('https://arxiv.org/abs/2111.08869', 'https://example.org/x');
    const r = parseRss(text, { file: 'f.xml' });
    expect(r.papers).toHaveLength(5);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/without an arXiv id/);
    const line = text.split('\n').findIndex((l) => l.includes('<item>')) + 1;
    expect(r.warnings[0]!.line).toBe(line);
  });

  it('takes an unknown announce type as new (v1) with a warning', () => {
    const text = feed(RSS2_BUILT).replace('<arxiv:announce_type>new</arxiv:announce_type>', '<arxiv:announce_type>odd</arxiv:announce_type>');
    const r = parseRss(text, { file: 'f.xml' });
    expect(r.announceTypes['2111.08869']).toBe('new');
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/announce type "odd" not recognised/)]);
  });

  it('refuses a document that is not RSS', () => {
    const r = parseRss('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', { file: 'x' });
    expect(r.kind).toBe('unknown');
    expect(r.warnings[0]!.message).toMatch(/not an RSS feed/);
  });
});

describe('parseRss on the legacy RSS 1.0/RDF feed', () => {
  const r = parseRss(feed(RSS1_RDF), { file: RSS1_RDF });

  it('reads all 185 items: 111 new, 74 UPDATED kept as replacements with their version', () => {
    expect(r.kind).toBe('rss1-rdf');
    expect(r.warnings).toEqual([]);
    expect(r.papers).toHaveLength(185);
    const types = Object.values(r.announceTypes);
    expect(types.filter((t) => t === 'new' || t === 'cross')).toHaveLength(111);
    expect(types.filter((t) => t === 'replace' || t === 'replace-cross')).toHaveLength(74);
    expect(r.date).toBe('2018-08-30');
  });

  it('cuts the "(arXiv:ID [cat])" suffix from titles and reads HTML authors and abstracts', () => {
    const p = r.papers.find((x) => x.id === '1808.09964')!;
    expect(p.title).toBe('Semi-Metrification of the Dynamic Time Warping Distance');
    expect(p.version).toBe(1);
    expect(p.categories).toEqual(['cs.LG']);
    expect(p.listed).toBe('2018-08-30');
    expect(r.announceTypes['1808.09964']).toBe('new');
    const q = r.papers.find((x) => x.id === '1808.09955')!;
    expect(q.authors).toEqual(['Nicolas Busca', 'Christophe Balland']);
    expect(q.abstract.startsWith('We introduce QuasarNET, a deep convolutional')).toBe(true);
    expect(q.abstract).not.toMatch(/<p>|&lt;/);
    expect(r.announceTypes['1808.09955']).toBe('cross');
  });

  it('marks an UPDATED item of another archive as replace-cross with its newer version', () => {
    const p = r.papers.find((x) => x.id === '1808.09902')!;
    expect(p.version).toBe(2);
    expect(p.primaryCategory).toBe('stat.ML');
    expect(p.title).toBe('Extreme Value Theory for Open Set Classification - GPD and GEV Classifiers');
    expect(p.authors).toEqual(['Edoardo Vignotto', 'Sebastian Engelke']);
    expect(r.announceTypes['1808.09902']).toBe('replace-cross');
  });
});
