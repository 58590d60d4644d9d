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
  // Counted by key id: per id, in how many papers so far, and the last paper counted (title and abstract count once).
  let counts = new Int32Array(0);
  let lastPaper = new Int32Array(0);
  let titleLength = 0;
  let abstractLength = 0;
  const count = (ids: Int32Array, paper: number): void => {
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (lastPaper[id] === paper) continue;
      lastPaper[id] = paper;
      counts[id] = counts[id]! + 1;
    }
  };
  for (let i = 0; i < papers.length; i++) {
    // Analysed text is not kept: the archive's 90 days are far more papers than we want cached.
    const title = analyzer.analyze(papers[i]!.title);
    const abstract = analyzer.analyze(papers[i]!.abstract);
    titleLength += title.length;
    abstractLength += abstract.length;
    if (analyzer.keyCount() > counts.length) {
      const size = Math.max(analyzer.keyCount(), 2 * counts.length);
      const grown = new Int32Array(size);
      grown.set(counts);
      counts = grown;
      const last = new Int32Array(size).fill(-1);
      last.set(lastPaper);
      lastPaper = last;
    }
    count(title.ids, i);
    count(abstract.ids, i);
  }
  const df = new Map<string, number>();
  for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) df.set(analyzer.keyName(id), counts[id]!);
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
