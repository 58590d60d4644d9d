// "Subscribe to papers like this": a profile line of a paper's most distinctive title terms (3-5 of them).
import type { Paper } from '../paper.js';
import { parseProfile } from '../profile/parse.js';
import type { Analyzer } from '../text/analyzer.js';
import { idf, type CorpusStats } from './stats.js';

interface Candidate {
  source: string;
  keys: string[];
  score: number;
}

const MIN_TERMS = 3;
const MAX_TERMS = 5;

export function suggestProfile(paper: Paper, analyzer: Analyzer, stats: CorpusStats): string {
  const abstract = analyzer.analyze(paper.abstract);
  const inAbstract = (key: string): number => abstract.keys.get(key)?.length ?? 0;
  const candidates: Candidate[] = [];
  const fromText = (text: string, fromTitle: boolean): void => {
    const words = analyzer.words(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const key = w.exact ?? w.key;
      // Abstract words only when the abstract keeps coming back to them.
      if (!fromTitle && inAbstract(key) < 2) continue;
      const weight = (fromTitle ? 2 : 0.5) * (1 + Math.log1p(inAbstract(key)));
      if (w.exact !== null) {
        // An acronym as written, singular (`NeRFs` -> `NeRF`).
        const acronym = w.exact.slice(1);
        candidates.push({ source: w.surface.slice(0, acronym.length), keys: [w.exact], score: idf(stats, w.exact) * weight });
        continue;
      }
      if (w.stop || w.surface.length < 3 || /^\d+$/.test(w.surface)) continue;
      candidates.push({ source: w.surface.toLowerCase(), keys: [w.key], score: idf(stats, w.key) * weight * 0.8 });
      const next = words[i + 1];
      if (fromTitle && next !== undefined && !next.stop && next.exact === null && next.surface.length >= 3) {
        const occurrences = countPhrase(abstract.keys, w.key, next.key);
        // A phrase beats its words when the abstract repeats it.
        candidates.push({
          source: `"${w.surface} ${next.surface}"`.toLowerCase(),
          keys: [w.key, next.key],
          score: (idf(stats, w.key) + idf(stats, next.key)) * (occurrences > 0 ? 1.2 : 0.5) * (1 + Math.log1p(occurrences)),
        });
      }
    }
  };
  fromText(paper.title, true);
  fromText(paper.abstract, false);
  candidates.sort((a, b) => b.score - a.score);

  const chosen: Candidate[] = [];
  const used = new Set<string>();
  for (const c of candidates) {
    if (chosen.length >= MAX_TERMS) break;
    if (c.keys.some((k) => used.has(k))) continue;
    if (chosen.length >= MIN_TERMS && c.score < chosen[0]!.score * 0.4) break;
    if (!parseProfile(c.source).ok) continue;
    chosen.push(c);
    for (const k of c.keys) used.add(k);
  }
  return chosen.map((c) => c.source).join(' ');
}

function countPhrase(keys: Map<string, number[]>, a: string, b: string): number {
  const first = keys.get(a);
  const second = keys.get(b);
  if (first === undefined || second === undefined) return 0;
  return first.filter((p) => second.includes(p + 1)).length;
}
