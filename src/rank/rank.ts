// Ranking papers against one profile: every paper scored term by term, exclusions applied, explained, top N.
import type { Paper } from '../paper.js';
import type { Profile } from '../profile/profile.js';
import type { Match, RankedPaper } from '../ranking.js';
import type { AnalyzedPaper, Analyzer } from '../text/analyzer.js';
import { compileProfile, type CompiledProfile } from './compile.js';
import { baseTotal, contribution, evalTerm, FIELDS, fieldShare } from './score.js';
import type { CorpusStats } from './stats.js';

export interface RankOptions {
  analyzer: Analyzer;
  stats: CorpusStats;
  /** Minimum score to keep a paper (default 0: any paper matching at least one wanted term). */
  threshold?: number;
  /** Keep the best N (default: all). */
  limit?: number;
}

/** Best first; equal scores by id so every ranker orders ties the same way. */
export function compareRanked(a: { score: number; id: string }, b: { score: number; id: string }): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const base = new Float64Array(4);

/**
 * Scores one paper: null when excluded or when no wanted term matched. Shares are added in profile order;
 * rankMany makes exactly the same additions in the same order.
 */
export function scorePaper(profile: CompiledProfile, paper: Paper, analyzed: AnalyzedPaper, stats: CorpusStats): RankedPaper | null {
  let score = 0;
  const matched: Match[] = [];
  for (const ct of profile.terms) {
    if (!evalTerm(ct, analyzed, stats, base)) continue;
    if (ct.term.excluded) return null;
    score += contribution(ct.term.weight, baseTotal(base));
    for (let f = 0; f < FIELDS.length; f++) {
      if (base[f]! > 0) matched.push({ term: ct.label, field: FIELDS[f]!, score: fieldShare(ct.term.weight, base[f]!) });
    }
  }
  return matched.length === 0 ? null : { paper, score, matched };
}

export function rankPapers(profile: Profile, papers: Paper[], opts: RankOptions): RankedPaper[] {
  const compiled = compileProfile(profile, opts.analyzer, opts.stats);
  const threshold = opts.threshold ?? 0;
  const out: RankedPaper[] = [];
  for (const paper of papers) {
    const r = scorePaper(compiled, paper, opts.analyzer.analyzePaper(paper), opts.stats);
    if (r !== null && r.score >= threshold) out.push(r);
  }
  out.sort((a, b) => compareRanked({ score: a.score, id: a.paper.id }, { score: b.score, id: b.paper.id }));
  return opts.limit === undefined ? out : out.slice(0, opts.limit);
}
