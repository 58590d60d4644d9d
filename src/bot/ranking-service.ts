// Ranking as the bot uses it: profile lines in, ranked and explained papers out, with IDF from the archive's recent papers.
import type { Archive } from '../archive/archive.js';
import type { Paper } from '../paper.js';
import type { RankedPaper } from '../ranking.js';
import { parseProfile, formatProfile, removeTerms, mergeProfiles, type Profile } from '../profile/index.js';
import { createAnalyzer, type Analyzer } from '../text/analyzer.js';
import { buildCorpusStats, type CorpusStats } from '../rank/stats.js';
import { rankPapers, rankMany, explain, suggestProfile, type RankPool } from '../rank/index.js';
import type { Ranking } from './digest.js';
import type { ProfileLanguage } from '../commands/context.js';

/** Days of archive papers the document frequencies are computed from. */
export const STATS_DAYS = 90;

/** From this many profiles on, a ranking goes to the rank pool (two threads); fewer are quicker in this one. */
export const POOL_MIN_PROFILES = 200;

export interface RankingService extends Ranking {
  profiles: ProfileLanguage;
  explain(ranked: RankedPaper): string;
  /** Recomputes the document frequencies (after an ingest). */
  refresh(): Promise<void>;
}

function parsed(line: string): Profile {
  const result = parseProfile(line);
  if (!result.ok) throw new Error(`invalid stored profile "${line.slice(0, 80)}": ${result.error.message}`);
  return result.profile;
}

function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

async function statsFrom(archive: Archive, analyzer: Analyzer, now: () => Date): Promise<CorpusStats> {
  const [latest] = await archive.days(1);
  const to = latest ?? now().toISOString().slice(0, 10);
  return buildCorpusStats(await archive.listedBetween(dayBefore(to, STATS_DAYS), to), analyzer);
}

export async function createRankingService(opts: {
  archive: Archive;
  synonyms: Record<string, string>;
  now: () => Date;
  /** Ranks many profiles on two threads (identical results); without one, all ranking runs in this thread. */
  pool?: RankPool;
}): Promise<RankingService> {
  const analyzer = createAnalyzer({ synonyms: opts.synonyms });
  let stats = await statsFrom(opts.archive, analyzer, opts.now);

  const profiles: ProfileLanguage = {
    normalize(line) {
      const result = parseProfile(line);
      if (!result.ok) return { ok: false, message: result.error.message, hint: result.error.hint };
      return { ok: true, line: formatProfile(result.profile), terms: result.profile.terms.map((t) => t.source) };
    },
    remove(line, remove) {
      const from = parsed(line);
      const gone = parsed(remove);
      const kept = removeTerms(from, gone);
      const left = new Set(kept.terms.map((t) => t.source));
      const removed = new Set(from.terms.filter((t) => !left.has(t.source)).map((t) => t.source.toLowerCase().replace(/\^[\d.]+$/, '')));
      const missing = gone.terms.filter((t) => !removed.has(t.source.toLowerCase().replace(/\^[\d.]+$/, ''))).map((t) => t.source);
      return { line: formatProfile(kept), missing };
    },
    suggest: (paper: Paper) => suggestProfile(paper, analyzer, stats),
  };

  return {
    profiles,
    rank: (line, papers, { limit }) => rankPapers(parsed(line), papers, { analyzer, stats, limit }),
    async rankMany(lines, papers, { limit }) {
      const profiles = new Map([...lines].map(([k, line]) => [k, parsed(line)]));
      const rankOpts = { analyzer, stats, limit };
      return opts.pool !== undefined && profiles.size >= POOL_MIN_PROFILES ? opts.pool.rankMany(profiles, papers, rankOpts) : rankMany(profiles, papers, rankOpts);
    },
    combine: (lines) => formatProfile(lines.map(parsed).reduce((a, b) => mergeProfiles(a, b), { terms: [] })),
    describe: (line) => {
      const terms = parsed(line).terms.filter((t) => !t.excluded).map((t) => t.source.replace(/\^[\d.]+$/, ''));
      return terms.length > 4 ? `${terms.slice(0, 4).join(', ')} and ${terms.length - 4} more` : terms.join(', ');
    },
    explain,
    async refresh() {
      stats = await statsFrom(opts.archive, analyzer, opts.now);
    },
  };
}
