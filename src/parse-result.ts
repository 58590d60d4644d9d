// What every source parser returns: papers, warnings that name file and line, and what kind of input it was.
import type { Paper } from './paper.js';

export interface ParseWarning {
  file: string;
  /** 1-based line (0 when the input has no lines to point at). */
  line: number;
  message: string;
}

export interface ParseResult {
  /** `digest-markdown`, `rss2`, `rss1-rdf`, `atom-api`, `kaggle-jsonl`, or `unknown`. */
  kind: string;
  papers: Paper[];
  warnings: ParseWarning[];
  /** The listing day the input covers, when it says (digest header, feed date). */
  date?: string;
  /** Why nothing was taken, for inputs that hold no papers on purpose (empty feed, arXiv error feed). */
  notice?: string;
}
