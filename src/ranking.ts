// The one shape every ranker returns: papers with a score and the explanation of that score.
import type { Paper } from './paper.js';

export type Field = 'title' | 'abstract' | 'authors' | 'categories';

/**
 * One reason a paper scored: which profile term matched in which field, and what it added. Read-only: rankMany
 * shares one Match among every profile that matched the same term the same way in the same paper.
 */
export interface Match {
  /** The term as the user wrote it (`gaussian splatting`, `author:"Andrew J. Davison"`, `cat:cs.RO`). */
  readonly term: string;
  readonly field: Field;
  /** Share of the score this match contributed. */
  readonly score: number;
}

export interface RankedPaper {
  paper: Paper;
  score: number;
  matched: Match[];
}
