// The one shape every ranker returns: papers with a score and the explanation of that score.
import type { Paper } from './paper.js';

export type Field = 'title' | 'abstract' | 'authors' | 'categories';

/** One reason a paper scored: which profile term matched in which field, and what it added. */
export interface Match {
  /** The term as the user wrote it (`gaussian splatting`, `author:"Andrew J. Davison"`, `cat:cs.RO`). */
  term: string;
  field: Field;
  /** Share of the score this match contributed. */
  score: number;
}

export interface RankedPaper {
  paper: Paper;
  score: number;
  matched: Match[];
}
