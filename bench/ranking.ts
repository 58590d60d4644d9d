// Ranking speed: 10,000 generated profiles of 3-8 terms against ~500 real papers, end to end (tokenize, stem,
// score, explain, top N per profile), through rankMany's inverted index on one thread and the rank pool on two,
// beside the naive profiles x papers loop, whose results must be identical. Two loads: a stress load and a topic
// load (see Draw).
import { deepStrictEqual } from 'node:assert';
import { porterStem, tokenizeWords } from '../src/text/natural.js';
import type { Paper } from '../src/paper.js';
import { parseProfile, type Profile } from '../src/profile/index.js';
import {
  buildCorpusStats,
  createRankPool,
  explain,
  rankMany,
  rankPapers,
  type CorpusStats,
  type RankManyOptions,
  type RankPool,
} from '../src/rank/index.js';
import type { RankedPaper } from '../src/ranking.js';
import { acronymOf, createAnalyzer, type Analyzer } from '../src/text/analyzer.js';
import { STOPWORDS } from '../src/text/natural.js';
import { corpusDir, fmt, percentile, table, timeIt } from './lib.js';
import { loadPeriod } from './quality.js';

const PROFILES = 10_000;
const TOP_N = 10;
/** The day's papers: enough consecutive days of the corpus for ~500 papers. */
const DAYS = { from: '2021-06-01', to: '2021-06-10' } as const;
/** The archive window the idf comes from (the corpus has no data from 2020-12-08 to 2021-03-05). */
const STATS_WINDOW = { from: '2021-03-06', to: '2021-05-31' } as const;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORD = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/** Items that occur at least `min` times, each repeated as often as it occurs (so picks follow real frequency). */
function recurring(items: string[], min: number): string[] {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  return items.filter((x) => counts.get(x)! >= min);
}

/**
 * How a generated profile picks its terms from the recurring vocabulary: as often as each occurs in titles (so the
 * most common words, `learning`, `network`, dominate: a stress load), or each distinct term equally likely.
 */
export type Draw = 'frequency' | 'uniform';

/**
 * Profile lines of 3-8 terms modelled on what people subscribe to: the words, two-word phrases and acronyms that
 * recur in the window's titles (3+ titles), authors with 2+ papers, categories (each picked as `draw` says); some
 * exclusions and weights.
 */
export function generateProfileLines(papers: Paper[], n: number, seed: number, draw: Draw = 'frequency'): string[] {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  const words: string[] = [];
  const phrases: string[] = [];
  for (const p of papers) {
    const ws = p.title
      .split(/[\s:,;()?!]+/)
      .filter((w) => WORD.test(w) && w.length >= 3 && !STOPWORDS.has(w.toLowerCase()))
      .map((w) => (acronymOf(w) === null ? w.toLowerCase() : w));
    words.push(...ws);
    for (let i = 0; i + 1 < ws.length; i++) phrases.push(`"${ws[i]} ${ws[i + 1]}"`);
  }
  const pool = (xs: string[]): string[] => (draw === 'frequency' ? xs : [...new Set(xs)]);
  const wordPool = pool(recurring(words, 3));
  const phrasePool = pool(recurring(phrases, 3));
  const authorPool = pool(
    recurring(
      papers.flatMap((p) => p.authors.map((a) => a.replace(/["()]/g, '').trim()).filter((a) => /\p{L}/u.test(a))),
      2,
    ),
  );
  const categoryPool = pool(papers.flatMap((p) => p.categories));
  const lines: string[] = [];
  while (lines.length < n) {
    const count = 3 + Math.floor(next() * 6);
    const terms = new Set<string>();
    while (terms.size < count) {
      const r = next();
      let t: string;
      if (r < 0.55) t = pick(wordPool);
      else if (r < 0.8) t = pick(phrasePool);
      else if (r < 0.87) t = `author:"${pick(authorPool)}"`;
      else if (r < 0.92) t = `cat:${pick(categoryPool)}`;
      else t = `-${pick(wordPool)}`;
      if (!t.startsWith('-') && next() < 0.25) t += `^${pick(['0.5', '1.5', '2', '3'])}`;
      terms.add(t);
    }
    const line = [...terms].join(' ');
    if (parseProfile(line).ok) lines.push(line);
  }
  return lines;
}

function explainAll(results: Map<string, RankedPaper[]>): number {
  let chars = 0;
  for (const list of results.values()) for (const r of list) chars += explain(r).length;
  return chars;
}

function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Wall-clock and CPU times of the runs of one configuration. */
interface Runs {
  ms: number[];
  cpu: number[];
}

interface LoadFigures {
  draw: Draw;
  terms: number;
  results: number;
  /** One thread (rankMany) and two (the rank pool), each with a fresh analyzer and in the daily run. */
  fresh: Runs;
  daily: Runs;
  poolFresh: Runs;
  poolDaily: Runs;
  naive: number;
  parse: number;
}

type Ranker = (profiles: Map<string, Profile>, day: Paper[], opts: RankManyOptions) => Map<string, RankedPaper[]> | Promise<Map<string, RankedPaper[]>>;

/** One load: its profiles ranked with a fresh analyzer and in the daily run, on one thread and two, and by the naive loop. */
async function measureLoad(draw: Draw, papers: Paper[], window: Paper[], coldStats: CorpusStats, pool: RankPool): Promise<LoadFigures> {
  const lines = generateProfileLines(window, PROFILES, 7, draw);
  const parseTime = await timeIt(() => {
    const m = new Map<string, Profile>();
    lines.forEach((line, i) => {
      const r = parseProfile(line);
      if (r.ok) m.set(`p${i}`, r.profile);
    });
    return m;
  });
  const profiles = parseTime.value;
  const terms = [...profiles.values()].reduce((s, p) => s + p.terms.length, 0);
  const rank = async (ranker: Ranker, analyzer: Analyzer, stats: CorpusStats, day: Paper[]): Promise<Map<string, RankedPaper[]>> => {
    const ranked = await ranker(profiles, day, { analyzer, stats, limit: TOP_N });
    explainAll(ranked);
    return ranked;
  };
  const oneThread: Ranker = (p, day, opts) => rankMany(p, day, opts);
  const twoThreads: Ranker = (p, day, opts) => pool.rankMany(p, day, opts);

  // Warm-up, not timed: a long-running bot has its ranking code compiled (in both threads); a new process has not.
  for (let i = 0; i < WARM_UP; i++) {
    await rank(oneThread, createAnalyzer(), coldStats, papers);
    await rank(twoThreads, createAnalyzer(), coldStats, papers);
  }

  // Nothing cached: a fresh analyzer, so every word of the papers and profiles is tokenized and stemmed.
  const fresh = async (ranker: Ranker): Promise<{ runs: Runs; result: Map<string, RankedPaper[]> }> => {
    const runs: Runs = { ms: [], cpu: [] };
    let result = new Map<string, RankedPaper[]>();
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      const t = await timeIt(() => rank(ranker, createAnalyzer(), coldStats, papers));
      runs.cpu.push(process.cpuUsage(c0).user / 1000);
      runs.ms.push(t.ms);
      result = t.value;
    }
    return { runs, result };
  };
  // The daily run: the analyzer that built the stats (its stem cache warm), today's papers new to it.
  const daily = async (ranker: Ranker): Promise<{ runs: Runs; result: Map<string, RankedPaper[]> }> => {
    const runs: Runs = { ms: [], cpu: [] };
    let result = new Map<string, RankedPaper[]>();
    for (let i = 0; i < RUNS; i++) {
      const analyzer = createAnalyzer();
      const stats = buildCorpusStats(window, analyzer);
      const today = structuredClone(papers);
      const c0 = process.cpuUsage();
      const t = await timeIt(() => rank(ranker, analyzer, stats, today));
      runs.ms.push(t.ms);
      runs.cpu.push(process.cpuUsage(c0).user / 1000);
      result = t.value;
    }
    return { runs, result };
  };
  const one = await fresh(oneThread);
  const two = await fresh(twoThreads);
  const oneDaily = await daily(oneThread);
  const twoDaily = await daily(twoThreads);

  const naive = await timeIt(() => {
    const analyzer = createAnalyzer();
    const out = new Map<string, RankedPaper[]>();
    for (const [name, profile] of profiles) out.set(name, rankPapers(profile, papers, { analyzer, stats: coldStats, limit: TOP_N }));
    explainAll(out);
    return out;
  });
  // The index must change nothing: same papers, same order, same scores to the last bit, same explanations.
  deepStrictEqual(one.result, naive.value);
  deepStrictEqual(two.result, naive.value);
  // The daily runs too (their papers are clones, so compare by id; their stats are the same window's).
  const byId = (m: Map<string, RankedPaper[]>): Map<string, unknown[]> =>
    new Map([...m].map(([k, list]) => [k, list.map((r) => ({ id: r.paper.id, score: r.score, matched: r.matched }))]));
  deepStrictEqual(byId(oneDaily.result), byId(naive.value));
  deepStrictEqual(byId(twoDaily.result), byId(naive.value));
  const results = [...one.result.values()].reduce((s, l) => s + l.length, 0);
  return { draw, terms, results, fresh: one.runs, daily: oneDaily.runs, poolFresh: two.runs, poolDaily: twoDaily.runs, naive: naive.ms, parse: parseTime.ms };
}

/** Timed runs per configuration, after WARM_UP untimed runs of each ranker. */
const RUNS = 11;
const WARM_UP = 3;
const TARGET_MS = 250;

export async function run(): Promise<void> {
  const corpus = corpusDir();
  if (!corpus) return;
  const papers = loadPeriod(corpus, DAYS.from, DAYS.to);
  const window = loadPeriod(corpus, STATS_WINDOW.from, STATS_WINDOW.to);
  const coldStats = buildCorpusStats(window, createAnalyzer());
  const pool = createRankPool();
  const loads = [await measureLoad('frequency', papers, window, coldStats, pool), await measureLoad('uniform', papers, window, coldStats, pool)];
  await pool.close();

  // Part of the fresh rows: analysing the papers alone (tokenize, normalize, stem), fresh analyzer.
  const analyse: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const analyzer = createAnalyzer();
    analyse.push((await timeIt(() => papers.forEach((p) => analyzer.analyzePaper(p)))).ms);
  }
  // For reference: what natural's Porter stemmer costs on these papers without a cache.
  const stemOnly = await timeIt(() => {
    let n = 0;
    for (const p of papers) for (const w of tokenizeWords(`${p.title} ${p.abstract}`)) n += porterStem(w.toLowerCase()).length;
    return n;
  });

  const LOAD_NAME: Record<Draw, string> = {
    frequency: 'stress load (terms drawn as often as they occur in titles)',
    uniform: 'topic load (each recurring title term equally likely)',
  };
  const rows: (string | number)[][] = [];
  for (const l of loads) {
    const m = median(l.fresh.ms);
    const row = (name: string, r: Runs): (string | number)[] => [
      `  ${name}`,
      median(r.ms),
      Math.min(...r.ms),
      Math.max(...r.ms),
      median(r.cpu),
      `${fmt(median(r.ms) / m)}x`,
      'yes (asserted)',
    ];
    rows.push(
      [`${LOAD_NAME[l.draw]}: ${l.terms} terms, ${l.results} results`, '', '', '', '', '', ''],
      row('rankMany (one thread), fresh analyzer (nothing cached)', l.fresh),
      row('rank pool (two threads), fresh analyzer (nothing cached)', l.poolFresh),
      row('rankMany (one thread), daily run (analyzer that built the stats; new papers)', l.daily),
      row('rank pool (two threads), daily run', l.poolDaily),
      ['  naive loop: rankPapers per profile over every paper', l.naive, l.naive, l.naive, '', `${fmt(l.naive / m)}x`, 'yes (asserted)'],
      ['  (parsing the 10,000 profile lines, not included above)', l.parse, l.parse, l.parse, '', '', ''],
    );
  }
  rows.push(
    ['analysing the papers alone (fresh analyzer; part of every fresh row)', median(analyse), Math.min(...analyse), Math.max(...analyse), '', '', ''],
    ['(natural Porter stemmer alone on the papers, uncached)', stemOnly.ms, stemOnly.ms, stemOnly.ms, '', '', ''],
  );
  table(
    `Ranking ${PROFILES} profiles (3-8 terms each) against ${papers.length} papers listed ${DAYS.from}..${DAYS.to}, top ${TOP_N} each, every result explained; idf from ${window.length} papers ${STATS_WINDOW.from}..${STATS_WINDOW.to}; median of ${RUNS} runs after ${WARM_UP} warm-up runs`,
    ['ranker (end to end: tokenize, stem, score, explain, top N)', 'median ms', 'min ms', 'max ms', 'CPU ms (median)', 'vs one thread, fresh', 'identical'],
    rows,
  );
  const verdicts = loads.map((l) => {
    const say = (name: string, r: Runs): string => `${name} ${fmt(median(r.ms))} ms ${median(r.ms) <= TARGET_MS ? '(within)' : '(OVER)'}`;
    const runs = [say('one thread fresh', l.fresh), say('two threads fresh', l.poolFresh), say('one thread daily', l.daily), say('two threads daily', l.poolDaily)];
    return `${l.draw === 'frequency' ? 'stress' : 'topic'} load: ${runs.join(', ')}`;
  });
  console.log(`(target: <= ${TARGET_MS} ms end to end; ${verdicts.join('; ')}; wall-clock on a shared 2-core machine, CPU time beside it)`);
}
