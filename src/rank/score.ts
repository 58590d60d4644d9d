// Scoring one compiled term against one analysed paper (BM25 per field, fixed scores for authors and categories),
// shared by rankPapers and rankMany so both produce bit-identical scores.
import type { Field } from '../ranking.js';
import type { AnalyzedPaper, AnalyzedText, Pattern } from '../text/analyzer.js';
import type { CompiledTerm } from './compile.js';
import type { CorpusStats } from './stats.js';

export const K1 = 1.2;
export const B = 0.75;
/** A word in a title says more about a paper than the same word in its abstract. */
export const TITLE_BOOST = 3;
export const ABSTRACT_BOOST = 1;
/** A named author is a strong signal; comparable to a rare word in the title. */
export const AUTHOR_SCORE = 8;
export const PRIMARY_CATEGORY_SCORE = 3;
export const CROSS_LIST_SCORE = 2;

/** Field order of the per-field base scores. */
export const FIELDS: readonly Field[] = ['title', 'abstract', 'authors', 'categories'];

/** Start positions where a pattern occurs in a text. */
function patternStarts(text: AnalyzedText, p: Pattern, into: number[]): void {
  const first = text.keys.get(p.keys[0]!);
  if (first === undefined) return;
  if (p.keys.length === 1) {
    for (const pos of first) into.push(pos);
    return;
  }
  const rest: number[][] = [];
  for (let i = 1; i < p.keys.length; i++) {
    const list = text.keys.get(p.keys[i]!);
    if (list === undefined) return;
    rest.push(list);
  }
  for (const pos of first) {
    let ok = true;
    for (let i = 1; i < p.keys.length && ok; i++) ok = rest[i - 1]!.includes(pos + p.offsets[i]!);
    if (ok) into.push(pos);
  }
}

const scratch: number[] = [];

/** Occurrences of a term in a text: distinct start positions over all its alternatives. */
export function termFrequency(text: AnalyzedText, alternatives: Pattern[]): number {
  if (alternatives.length === 1) {
    const p = alternatives[0]!;
    if (p.keys.length === 1) return text.keys.get(p.keys[0]!)?.length ?? 0;
  }
  scratch.length = 0;
  for (const p of alternatives) patternStarts(text, p, scratch);
  if (scratch.length <= 1) return scratch.length;
  return new Set(scratch).size;
}

function bm25(tf: number, length: number, avgLength: number): number {
  const norm = 1 - B + (B * length) / Math.max(avgLength, 1);
  return (tf * (K1 + 1)) / (tf + K1 * norm);
}

/** A name matches when the surnames are equal and every other query token matches a later name token or initial. */
export function nameMatches(query: string[], name: string[]): boolean {
  if (query.length === 0 || name.length === 0) return false;
  const last = name.length - 1;
  if (query[query.length - 1] !== name[last]) return false;
  let j = 0;
  for (let i = 0; i < query.length - 1; i++) {
    const q = query[i]!;
    let found = false;
    while (j < last && !found) {
      const n = name[j++]!;
      found = n === q || (n.length === 1 && q.startsWith(n)) || (q.length === 1 && n.startsWith(q));
    }
    if (!found) return false;
  }
  return true;
}

/**
 * Writes the term's base scores (weight 1) per field into `out` (in FIELDS order); returns whether it matched.
 * Per field: idf x boost x BM25 saturation of the term's frequency.
 */
export function evalTerm(ct: CompiledTerm, paper: AnalyzedPaper, stats: CorpusStats, out: Float64Array): boolean {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
  switch (ct.term.kind) {
    case 'word':
    case 'phrase': {
      const tfTitle = termFrequency(paper.title, ct.alternatives);
      const tfAbstract = termFrequency(paper.abstract, ct.alternatives);
      if (tfTitle > 0) out[0] = ct.idf * TITLE_BOOST * bm25(tfTitle, paper.title.length, stats.avgTitleLength);
      if (tfAbstract > 0) out[1] = ct.idf * ABSTRACT_BOOST * bm25(tfAbstract, paper.abstract.length, stats.avgAbstractLength);
      return tfTitle > 0 || tfAbstract > 0;
    }
    case 'author': {
      for (const name of paper.authors) {
        if (nameMatches(ct.name, name)) {
          out[2] = AUTHOR_SCORE;
          return true;
        }
      }
      return false;
    }
    case 'category': {
      const at = paper.categories.indexOf(ct.category);
      if (at < 0) return false;
      out[3] = at === 0 ? PRIMARY_CATEGORY_SCORE : CROSS_LIST_SCORE;
      return true;
    }
  }
}

/** A term's share of the score. Both rankers call exactly this, in this order, so float sums agree bit for bit. */
export function contribution(weight: number, base: Float64Array | readonly number[], at = 0): number {
  return weight * base[at]! + weight * base[at + 1]! + weight * base[at + 2]! + weight * base[at + 3]!;
}
