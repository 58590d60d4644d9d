// Corpus statistics for BM25: how many papers, average field lengths, and in how many papers each key occurs.
import type { Paper } from '../paper.js';
import type { Analyzer } from '../text/analyzer.js';

export interface CorpusStats {
  docCount: number;
  avgTitleLength: number;
  avgAbstractLength: number;
  /** Papers whose title or abstract holds the key (stems, `^acronym` keys, joined compounds). */
  df: Map<string, number>;
}

export function buildCorpusStats(papers: Paper[], analyzer: Analyzer): CorpusStats {
  const df = new Map<string, number>();
  let titleLength = 0;
  let abstractLength = 0;
  for (const paper of papers) {
    // Analysed text is not kept: the archive's 90 days are far more papers than we want cached.
    const title = analyzer.analyze(paper.title);
    const abstract = analyzer.analyze(paper.abstract);
    titleLength += title.length;
    abstractLength += abstract.length;
    for (const key of title.keys.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    for (const key of abstract.keys.keys()) if (!title.keys.has(key)) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const n = papers.length;
  return {
    docCount: n,
    avgTitleLength: n === 0 ? 0 : titleLength / n,
    avgAbstractLength: n === 0 ? 0 : abstractLength / n,
    df,
  };
}

/** BM25's idf, always positive; unseen keys count as the rarest. */
export function idf(stats: CorpusStats, key: string): number {
  const df = stats.df.get(key) ?? 0;
  return Math.log(1 + (stats.docCount - df + 0.5) / (df + 0.5));
}

export interface CorpusStatsJson {
  docCount: number;
  avgTitleLength: number;
  avgAbstractLength: number;
  df: [string, number][];
}

/** A JSON-safe copy, for caching stats in a key-value store. */
export function statsToJson(stats: CorpusStats): CorpusStatsJson {
  return { ...stats, df: [...stats.df] };
}

export function statsFromJson(json: CorpusStatsJson): CorpusStats {
  return { ...json, df: new Map(json.df) };
}
