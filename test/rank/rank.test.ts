import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/paper.js';
import { buildCorpusStats, explain, rankPapers, statsFromJson, statsToJson } from '../../src/rank/index.js';
import { createAnalyzer } from '../../src/text/analyzer.js';
import { paper, papers, profile } from './helpers.js';

const analyzer = createAnalyzer();
const stats = buildCorpusStats(papers, analyzer);
const opts = { analyzer, stats };
const ids = (line: string, extra: { threshold?: number; limit?: number } = {}, list: Paper[] = papers): string[] =>
  rankPapers(profile(line), list, { ...opts, ...extra }).map((r) => r.paper.id);

describe('corpus stats', () => {
  it('counts documents and per-key document frequencies over title and abstract', () => {
    expect(stats.docCount).toBe(papers.length);
    expect(stats.df.get('^nerf')).toBe(2);
    expect(stats.df.get('^slam')).toBe(1);
    expect(stats.avgTitleLength).toBeGreaterThan(5);
    expect(stats.avgAbstractLength).toBeGreaterThan(100);
  });
  it('survives a JSON round trip (for caching in a store)', () => {
    const back = statsFromJson(JSON.parse(JSON.stringify(statsToJson(stats))));
    expect(back).toEqual(stats);
  });
  it('an empty corpus still ranks', () => {
    const empty = buildCorpusStats([], analyzer);
    const r = rankPapers(profile('nerf'), papers, { analyzer, stats: empty });
    expect(r.map((x) => x.paper.id).sort()).toEqual(['2003.08934', '2008.02268']);
    expect(r.every((x) => Number.isFinite(x.score) && x.score > 0)).toBe(true);
  });
});

describe('scoring', () => {
  it('ranks by BM25 over title and abstract, title weighted above abstract', () => {
    const base = paper('1903.08636');
    const inTitle = { ...base, id: 'T', title: 'Visual SLAM', abstract: 'We study odometry for robots.' };
    const inAbstract = { ...base, id: 'A', title: 'Visual odometry', abstract: 'We study SLAM for robots.' };
    const r = rankPapers(profile('SLAM'), [inAbstract, inTitle], opts);
    expect(r.map((x) => x.paper.id)).toEqual(['T', 'A']);
    expect(r[0]!.score).toBeGreaterThan(2 * r[1]!.score);
    expect(r[0]!.matched).toEqual([{ term: 'SLAM', field: 'title', score: r[0]!.score }]);
  });

  it('a rarer term weighs more than a common one (idf from the corpus)', () => {
    const base = paper('1903.08636');
    const rare = { ...base, id: 'R', title: 'x', abstract: 'about odometry here' };
    const common = { ...base, id: 'C', title: 'x', abstract: 'about learning here' };
    const r = rankPapers(profile('odometry learning'), [common, rare], opts);
    expect(r.map((x) => x.paper.id)).toEqual(['R', 'C']);
  });

  it('weights scale a term\'s contribution', () => {
    const one = rankPapers(profile('slam'), [paper('1903.08636')], opts)[0]!;
    const two = rankPapers(profile('slam^2'), [paper('1903.08636')], opts)[0]!;
    expect(two.score).toBeCloseTo(2 * one.score, 4);
  });

  it('phrases count only as phrases', () => {
    expect(ids('"radiance field"')).toEqual(['2003.08934', '2008.02268']);
    const apart = { ...paper('2003.08934'), id: 'X', title: 'Radiance of a field', abstract: 'the field has radiance' };
    expect(ids('"radiance field"', {}, [apart])).toEqual([]);
    expect(ids('radiance field', {}, [apart])).toEqual(['X']);
    // A phrase with a stopword inside needs that stopword: "fields for view" is not "field of view".
    expect(ids('"field of view"')).toEqual(['1911.01178']);
  });

  it('exclusions remove a paper whatever else it matches', () => {
    expect(ids('"self supervised"')).toContain('2011.15000');
    expect(ids('"self supervised" -normalization')).not.toContain('2011.15000');
    expect(ids('learning -"multi output"')).not.toContain('1901.00248');
    expect(ids('"representation learning" -author:"Kaiming He"')).not.toContain('1911.05722');
    expect(ids('learning -cat:cs.LG').some((id) => paper(id).categories.includes('cs.LG'))).toBe(false);
  });

  it('author terms match full names, initials and middle names, accents ignored', () => {
    expect(ids('author:"Kaiming He"')).toEqual(['1911.05722', '2111.06377']);
    expect(ids('author:"K. He"')).toEqual(['1911.05722', '2111.06377']);
    expect(ids('author:"Andrew Davison"')).toEqual(['1903.06482']);
    expect(ids('author:"Piotr Dollar"')).toEqual(['2111.06377']);
    expect(ids('author:"Kaiming Hex"')).toEqual([]);
    expect(ids('author:"Andrew Smith"')).toEqual([]);
  });

  it('category-only profiles rank that category, primary listings first', () => {
    expect(ids('cat:cs.RO')).toEqual(['1903.08636']);
    const lg = rankPapers(profile('cat:cs.LG'), papers, opts);
    const primaries = lg.filter((r) => r.paper.categories[0] === 'cs.LG').length;
    expect(lg.slice(0, primaries).every((r) => r.paper.categories[0] === 'cs.LG')).toBe(true);
    expect(lg.length).toBe(papers.filter((p) => p.categories.includes('cs.LG')).length);
    expect(ids('cat:CS.lg')).toEqual(lg.map((r) => r.paper.id));
  });

  it('a paper must match a wanted term; threshold and limit trim the list', () => {
    const all = rankPapers(profile('"self supervised" representation'), papers, opts);
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((r) => r.matched.length > 0)).toBe(true);
    const cut = all[2]!.score;
    expect(ids('"self supervised" representation', { threshold: cut })).toEqual(all.filter((r) => r.score >= cut).map((r) => r.paper.id));
    expect(ids('"self supervised" representation', { limit: 2 })).toEqual(all.slice(0, 2).map((r) => r.paper.id));
    expect(ids('"self supervised" representation', { limit: 0 })).toEqual([]);
  });

  it('hyphenated, joined and spaced forms find each other through the archive vocabulary', () => {
    // 2011.15000's title says "Self Supervised" (spaced), 1901.09005's "Self-Supervised" (hyphenated).
    for (const line of ['selfsupervised', 'self-supervised', '"self supervised"']) {
      const r = rankPapers(profile(line), papers, opts);
      const spaced = r.find((x) => x.paper.id === '2011.15000');
      expect(spaced?.matched.some((m) => m.field === 'title')).toBe(true);
      expect(r.find((x) => x.paper.id === '1901.09005')?.matched.some((m) => m.field === 'title')).toBe(true);
    }
  });

  it('synonyms from config widen a term', () => {
    const syn = createAnalyzer({ synonyms: { nerf: 'neural radiance field' } });
    const synStats = buildCorpusStats(papers, syn);
    const r = rankPapers(profile('NeRF'), papers, { analyzer: syn, stats: synStats });
    expect(r.map((x) => x.paper.id).sort()).toEqual(['2003.08934', '2008.02268']);
    const plain = rankPapers(profile('NeRF'), papers, opts);
    expect(r[0]!.score).toBeGreaterThan(plain.find((x) => x.paper.id === r[0]!.paper.id)!.score);
  });
});

describe('explanations', () => {
  it('lists each matched term with its field and contribution, as the user wrote it', () => {
    const [r] = rankPapers(profile('"visual inertial"^2 SLAM author:"Guoquan Huang" cat:cs.RO -survey'), papers, opts);
    expect(r!.paper.id).toBe('1903.08636');
    expect(r!.matched.map((m) => [m.term, m.field])).toEqual([
      ['visual inertial', 'title'],
      ['visual inertial', 'abstract'],
      ['SLAM', 'title'],
      ['SLAM', 'abstract'],
      ['author:"Guoquan Huang"', 'authors'],
      ['cat:cs.RO', 'categories'],
    ]);
    const sum = r!.matched.reduce((s, m) => s + m.score, 0);
    expect(sum).toBeCloseTo(r!.score, 4);
  });

  it('reads as one line: terms by field, then authors as the paper spells them, then categories', () => {
    const [davison] = rankPapers(profile('"semantic reconstruction" monocular author:"Andrew Davison"'), papers, opts);
    expect(explain(davison!)).toBe('matched "semantic reconstruction" in the title, monocular in the title and abstract; author Andrew J. Davison');
    const [slam] = rankPapers(profile('SLAM "visual inertial" cat:cs.RO'), papers, opts);
    // Terms in order of what they added: the two-word phrase outweighs the single acronym.
    expect(explain(slam!)).toBe('matched "visual inertial" in the title and abstract, SLAM in the title and abstract; category cs.RO');
    const [mae] = rankPapers(profile('author:"Kaiming He" author:"Ross Girshick" "masked autoencoders"'), [paper('2111.06377')], opts);
    expect(explain(mae!)).toBe('matched "masked autoencoders" in the title and abstract; authors Kaiming He, Ross Girshick');
    const [dollar] = rankPapers(profile('author:"Piotr Dollar"'), papers, opts);
    expect(explain(dollar!)).toBe('author Piotr Dollár');
    const [abstractOnly] = rankPapers(profile('kalman'), [paper('1903.08636')], opts);
    expect(explain(abstractOnly!)).toBe('matched kalman in the abstract');
  });
});
