import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/profile/index.js';
import { buildCorpusStats, rankMany, rankPapers, suggestProfile } from '../../src/rank/index.js';
import { createAnalyzer } from '../../src/text/analyzer.js';
import { paper, papers, profile } from './helpers.js';

const analyzer = createAnalyzer({ synonyms: { nerf: '"neural radiance field"' } });
const stats = buildCorpusStats(papers, analyzer);

/** A small deterministic PRNG so the random profiles are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Profiles of 3-8 terms drawn from the fixture papers' own words, phrases, authors and categories. */
function randomProfiles(n: number, seed: number): Map<string, Profile> {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  const words = [...new Set(papers.flatMap((p) => `${p.title} ${p.abstract}`.split(/[^A-Za-z0-9-]+/)))].filter(
    (w) => w.length > 3 && /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(w),
  );
  const out = new Map<string, Profile>();
  while (out.size < n) {
    const terms: string[] = [];
    const count = 3 + Math.floor(next() * 6);
    for (let i = 0; i < count; i++) {
      const r = next();
      const p = pick(papers);
      let t: string;
      if (r < 0.5) t = pick(words);
      else if (r < 0.7) {
        const ws = p.title.split(/\s+/).filter((w) => /^[A-Za-z]+$/.test(w));
        const at = Math.floor(next() * Math.max(1, ws.length - 1));
        t = ws.length > 1 ? `"${ws[at]} ${ws[at + 1]}"` : pick(words);
      } else if (r < 0.8) t = `author:"${pick(p.authors).replace(/"/g, '')}"`;
      else if (r < 0.88) t = `cat:${pick(p.categories)}`;
      else t = `-${pick(words)}`;
      if (next() < 0.3 && !t.startsWith('-')) t += `^${(0.5 + Math.floor(next() * 8) / 2).toString()}`;
      terms.push(t);
    }
    const parsed = (() => {
      try {
        return profile(terms.join(' '));
      } catch {
        // Random draws can repeat a term or exclude all of them: draw again (the parser's errors are tested elsewhere).
        return null;
      }
    })();
    if (parsed !== null) out.set(`p${out.size}`, parsed);
  }
  return out;
}

function naive(profiles: Map<string, Profile>, opts: { threshold?: number; limit?: number }) {
  const out = new Map<string, ReturnType<typeof rankPapers>>();
  for (const [name, p] of profiles) out.set(name, rankPapers(p, papers, { analyzer, stats, ...opts }));
  return out;
}

describe('rankMany', () => {
  const hand = new Map<string, Profile>([
    ['slam', profile('SLAM "visual inertial"^2 author:"Guoquan Huang" cat:cs.RO')],
    ['nerf', profile('nerf^2 "view synthesis" -survey')],
    ['he', profile('author:"Kaiming He" "self supervised" -"color normalization"')],
    ['cats', profile('cat:cs.LG cat:eess.IV^2 -cat:stat.ML')],
    ['latex', profile('softmax VAE^3 rho R2-CNN lumierenet')],
    ['none', profile('quantum chromodynamics')],
    ['joined', profile('selfsupervised hypergraph "multi output"')],
  ]);

  it('gives exactly the scores, order and explanations of rankPapers, profile by profile', () => {
    expect(rankMany(hand, papers, { analyzer, stats })).toStrictEqual(naive(hand, {}));
    expect(rankMany(hand, papers, { analyzer, stats }).get('none')).toEqual([]);
  });

  it('identical with a threshold and a limit', () => {
    for (const o of [{ limit: 2 }, { threshold: 5 }, { threshold: 3, limit: 1 }, { limit: 0 }]) {
      expect(rankMany(hand, papers, { analyzer, stats, ...o })).toStrictEqual(naive(hand, o));
    }
  });

  it('identical on 300 random profiles drawn from the papers themselves', () => {
    const profiles = randomProfiles(300, 42);
    const many = rankMany(profiles, papers, { analyzer, stats, limit: 5 });
    const loop = naive(profiles, { limit: 5 });
    expect(many).toStrictEqual(loop);
    // Not vacuous: most random profiles match something.
    expect([...many.values()].filter((r) => r.length > 0).length).toBeGreaterThan(200);
  });

  it('per-profile thresholds and limits override the shared ones', () => {
    const perProfile = new Map([['nerf', { limit: 1 }], ['cats', { threshold: 4 }]]);
    const many = rankMany(hand, papers, { analyzer, stats, limit: 3, perProfile });
    expect(many.get('nerf')).toStrictEqual(rankPapers(hand.get('nerf')!, papers, { analyzer, stats, limit: 1 }));
    expect(many.get('cats')).toStrictEqual(rankPapers(hand.get('cats')!, papers, { analyzer, stats, threshold: 4, limit: 3 }));
    expect(many.get('slam')).toStrictEqual(rankPapers(hand.get('slam')!, papers, { analyzer, stats, limit: 3 }));
  });

  it('identical for a profile at the 32-term limit (terms past the 31st are explained by search)', () => {
    const words = [...new Set(papers.flatMap((p) => p.title.toLowerCase().split(/[^a-z]+/)))].filter((w) => w.length > 4).slice(0, 31);
    const big = new Map([['big', profile(`${words.join(' ')} author:"Kaiming He"`)]]);
    expect(big.get('big')!.terms.length).toBe(32);
    const many = rankMany(big, papers, { analyzer, stats });
    expect(many).toStrictEqual(naive(big, {}));
    expect(many.get('big')!.some((r) => r.matched.some((m) => m.term === 'author:"Kaiming He"'))).toBe(true);
  });

  it('identical past the small-limit buffer: no limit and a limit of 60 over 72 papers', () => {
    // The fixture papers four times over (new ids), so more than 48 papers match and the sort-all path runs.
    const many = [0, 1, 2, 3].flatMap((k) => papers.map((p) => ({ ...p, id: `${p.id}.${k}` })));
    const profiles = new Map([
      ['common', profile('learning network^2 image -survey')],
      ['mixed', profile('"neural network" cat:cs.CV^0.5 detection')],
    ]);
    for (const o of [{}, { limit: 60 }, { limit: 60, threshold: 1 }]) {
      const fast = rankMany(profiles, many, { analyzer, stats, ...o });
      const loop = new Map([...profiles].map(([name, p]) => [name, rankPapers(p, many, { analyzer, stats, ...o })]));
      expect(fast).toStrictEqual(loop);
      expect(fast.get('mixed')!.length).toBeGreaterThan(48);
    }
  });

  it('identical when a profile touches few papers (sparse) and when one touches most (dense), in one run', () => {
    const mixed = new Map([
      ['rare', profile('lumierenet')],
      ['broad', profile('learning image network method cat:cs.CV')],
      ['rare2', profile('kalman -learning')],
    ]);
    expect(rankMany(mixed, papers, { analyzer, stats, limit: 3 })).toStrictEqual(naive(mixed, { limit: 3 }));
    expect(rankMany(mixed, papers, { analyzer, stats, limit: 3 }).get('rare')!.length).toBeGreaterThan(0);
  });

  it('identical when a term matches half the papers or more (added as a dense row), mixed with scattered terms', () => {
    const count = (t: string) => rankPapers(profile(t), papers, { analyzer, stats }).length;
    // Not vacuous: the broad terms match at least half the fixture papers, the rare ones a few.
    expect(count('cat:cs.CV')).toBeGreaterThanOrEqual(papers.length / 2);
    const rows = new Map([
      ['rows', profile('cat:cs.CV learning^2')],
      ['row and rare', profile('lumierenet cat:cs.CV^0.5 kalman')],
      ['row excluded', profile('learning -cat:cs.CV')],
    ]);
    for (const o of [{ limit: 3 }, { threshold: 2 }, {}]) expect(rankMany(rows, papers, { analyzer, stats, ...o })).toStrictEqual(naive(rows, o));
  });

  it('identical for hand-made terms of weight 0 or below (a matched paper may then score 0)', () => {
    const odd = (line: string, weight: number): Profile => {
      const p = profile(line);
      return { ...p, terms: p.terms.map((t, i) => (i === 0 ? { ...t, weight, source: `${t.source}^${weight}` } : t)) };
    };
    const profiles = new Map([
      ['zero', odd('cat:cs.CV learning', 0)],
      ['negative', odd('learning lumierenet', -1)],
    ]);
    for (const o of [{ limit: 5 }, {}]) expect(rankMany(profiles, papers, { analyzer, stats, ...o })).toStrictEqual(naive(profiles, o));
    // Not vacuous: papers matched only by the weight-0 term rank with a score of 0.
    expect(naive(profiles, {}).get('zero')!.some((r) => r.score === 0)).toBe(true);
  });

  it('identical when the same paper is listed twice', () => {
    const twice = [...papers, ...papers.slice(0, 5)];
    const profiles = new Map([['sparse', profile('lumierenet kalman')], ['dense', profile('learning image network')]]);
    const fast = rankMany(profiles, twice, { analyzer, stats, limit: 4 });
    const loop = new Map([...profiles].map(([name, p]) => [name, rankPapers(p, twice, { analyzer, stats, limit: 4 })]));
    expect(fast).toStrictEqual(loop);
  });

  it('handles no profiles and no papers', () => {
    expect(rankMany(new Map(), papers, { analyzer, stats }).size).toBe(0);
    expect(rankMany(hand, [], { analyzer, stats }).get('slam')).toEqual([]);
  });
});

describe('suggestProfile', () => {
  it('suggests 3-5 distinctive terms that parse and find the paper again first', () => {
    for (const p of papers) {
      const line = suggestProfile(p, analyzer, stats);
      const parsed = profile(line);
      expect(parsed.terms.length).toBeGreaterThanOrEqual(3);
      expect(parsed.terms.length).toBeLessThanOrEqual(5);
      expect(rankPapers(parsed, papers, { analyzer, stats })[0]!.paper.id).toBe(p.id);
    }
  });
  it('prefers title phrases and acronyms as written', () => {
    expect(suggestProfile(paper('1903.02330'), analyzer, stats)).toMatch(/"human pose"/);
    expect(suggestProfile(paper('1903.06259'), analyzer, stats)).toMatch(/\bGAN\b/);
  });
});
