// Ranking quality: hand-written profiles of six fields cs.CV papers are cross-listed to, ranked over a fixed
// period of the real corpus, scored by precision@20 and nDCG@20 against "cross-listed to that category",
// beside natural.TfIdf given the same profile text and a plain substring count.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import { parseDigest } from '../src/digest/parse.js';
import type { Paper } from '../src/paper.js';
import { parseProfile, type Profile } from '../src/profile/index.js';
import { buildCorpusStats, rankPapers } from '../src/rank/index.js';
import { createAnalyzer } from '../src/text/analyzer.js';
import { corpusDir, table } from './lib.js';

export const PERIOD = { from: '2021-06-01', to: '2021-08-31' } as const;
const K = 20;

/** Papers of the cs.CV corpus listed between two days (inclusive), each id once (its first listing). */
export function loadPeriod(corpus: string, from: string, to: string): Paper[] {
  const papers = new Map<string, Paper>();
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    const file = join(corpus, 'cs.CV', day.slice(0, 4), day.slice(5, 7), `${day.replace(/-/g, '')}.md`);
    if (!existsSync(file)) continue;
    for (const p of parseDigest(readFileSync(file, 'utf8'), { file }).papers) if (!papers.has(p.id)) papers.set(p.id, p);
  }
  return [...papers.values()];
}

/** The committed hand-written profiles: `category: profile` lines. */
export function loadBenchProfiles(): { category: string; line: string; profile: Profile }[] {
  const text = readFileSync(new URL('./profiles/cross-list.txt', import.meta.url), 'utf8');
  const out: { category: string; line: string; profile: Profile }[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const at = raw.indexOf(': ');
    const line = raw.slice(at + 2);
    const r = parseProfile(line);
    if (!r.ok) throw new Error(`bench profile for ${raw.slice(0, at)}: ${r.error.message} (${r.error.token})`);
    out.push({ category: raw.slice(0, at), line, profile: r.profile });
  }
  return out;
}

function byScore(scores: number[], papers: Paper[]): Paper[] {
  return papers
    .map((p, i) => ({ p, s: scores[i]! }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || (a.p.id < b.p.id ? -1 : 1))
    .map((x) => x.p);
}

/** The profile's wanted words and phrases as plain text: what the baselines are given. */
function positiveTexts(profile: Profile): string[] {
  return profile.terms.filter((t) => !t.excluded && (t.kind === 'word' || t.kind === 'phrase')).map((t) => t.text);
}

function countOccurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function metrics(ranked: Paper[], relevant: (p: Paper) => boolean, totalRelevant: number): { p: number; ndcg: number } {
  const top = ranked.slice(0, K);
  let hits = 0;
  let dcg = 0;
  top.forEach((p, i) => {
    if (relevant(p)) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(K, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return { p: hits / K, ndcg: ideal === 0 ? 0 : dcg / ideal };
}

export async function run(): Promise<void> {
  const corpus = corpusDir();
  if (!corpus) return;
  const papers = loadPeriod(corpus, PERIOD.from, PERIOD.to);
  const profiles = loadBenchProfiles();
  const analyzer = createAnalyzer();
  // IDF from the archive: here the ranked period itself, as the daily run's recent-papers window would be.
  const stats = buildCorpusStats(papers, analyzer);

  const tfidf = new TfIdf();
  for (const p of papers) tfidf.addDocument(`${p.title} ${p.abstract}`);
  const lowered = papers.map((p) => ({ title: p.title.toLowerCase(), abstract: p.abstract.toLowerCase() }));

  const rows: (string | number)[][] = [];
  const sums = { ours: { p: 0, ndcg: 0 }, tfidf: { p: 0, ndcg: 0 }, substr: { p: 0, ndcg: 0 } };
  for (const { category, profile } of profiles) {
    const relevant = (p: Paper): boolean => p.categories.includes(category);
    const total = papers.filter(relevant).length;
    const ours = metrics(rankPapers(profile, papers, { analyzer, stats, limit: K }).map((r) => r.paper), relevant, total);
    const texts = positiveTexts(profile);
    const tf = metrics(byScore(tfidf.tfidfs(texts.join(' ')), papers), relevant, total);
    const needles = texts.map((t) => t.toLowerCase());
    const substrScores = lowered.map((p) => needles.reduce((s, n) => s + 10 * countOccurrences(p.title, n) + countOccurrences(p.abstract, n), 0));
    const sub = metrics(byScore(substrScores, papers), relevant, total);
    for (const [k, m] of [['ours', ours], ['tfidf', tf], ['substr', sub]] as const) {
      sums[k].p += m.p;
      sums[k].ndcg += m.ndcg;
    }
    rows.push([category, String(total), `${((100 * total) / papers.length).toFixed(1)}%`, ours.p, ours.ndcg, tf.p, tf.ndcg, sub.p, sub.ndcg]);
  }
  const n = profiles.length;
  const mean = (k: keyof typeof sums, m: 'p' | 'ndcg'): number => sums[k][m] / n;
  rows.push(['mean', '', '', mean('ours', 'p'), mean('ours', 'ndcg'), mean('tfidf', 'p'), mean('tfidf', 'ndcg'), mean('substr', 'p'), mean('substr', 'ndcg')]);
  rows.push([
    'ours / baseline (nDCG)',
    '',
    '',
    '',
    '',
    '',
    `${(mean('ours', 'ndcg') / mean('tfidf', 'ndcg')).toFixed(2)}x`,
    '',
    `${(mean('ours', 'ndcg') / mean('substr', 'ndcg')).toFixed(2)}x`,
  ]);
  table(
    `Ranking quality @${K}: ${papers.length} cs.CV papers listed ${PERIOD.from}..${PERIOD.to}; relevant = cross-listed to the category; hand-written profiles in bench/profiles/cross-list.txt`,
    ['category', 'relevant', 'base rate', 'ours P@20', 'ours nDCG@20', 'TfIdf P@20', 'TfIdf nDCG@20', 'substr P@20', 'substr nDCG@20'],
    rows,
  );
  console.log('(TfIdf: natural.TfIdf over title + abstract, given the profile\'s words and phrases as text; substr: case-insensitive substring count of the same texts, title x10, abstract x1)');
}
