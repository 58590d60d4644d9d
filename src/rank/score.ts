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

/** Whether a multi-key pattern occurs with its first key at `pos`. */
function occursAt(text: AnalyzedText, p: Pattern, pos: number): boolean {
  for (let i = 1; i < p.keys.length; i++) {
    const list = text.keys.get(p.keys[i]!);
    if (list === undefined || !list.includes(pos + p.offsets[i]!)) return false;
  }
  return true;
}

/** Occurrences of one pattern (no allocation: this runs for every candidate term of every paper). */
function patternCount(text: AnalyzedText, p: Pattern): number {
  const first = text.keys.get(p.keys[0]!);
  if (first === undefined) return 0;
  if (p.keys.length === 1) return first.length;
  let n = 0;
  for (const pos of first) if (occursAt(text, p, pos)) n++;
  return n;
}

const scratch: number[] = [];

/** Occurrences of a term in a text: distinct start positions over all its alternatives. */
export function termFrequency(text: AnalyzedText, alternatives: Pattern[]): number {
  if (alternatives.length === 1) return patternCount(text, alternatives[0]!);
  scratch.length = 0;
  for (const p of alternatives) {
    const first = text.keys.get(p.keys[0]!);
    if (first === undefined) continue;
    for (const pos of first) if (p.keys.length === 1 || occursAt(text, p, pos)) scratch.push(pos);
  }
  if (scratch.length <= 1) return scratch.length;
  // Alternatives can match at one place (`self-supervised` as parts and joined): count places once.
  scratch.sort((a, b) => a - b);
  let n = 1;
  for (let i = 1; i < scratch.length; i++) if (scratch[i] !== scratch[i - 1]) n++;
  return n;
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
      return textBases(ct.idf, tfTitle, paper.title.length, tfAbstract, paper.abstract.length, stats, out);
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

/**
 * A word or phrase term's title and abstract base scores from its frequencies (into out[0], out[1]; out[2..3]
 * must be 0); returns whether it occurs at all. The one formula both rankers use.
 */
export function textBases(
  termIdf: number,
  tfTitle: number,
  titleLength: number,
  tfAbstract: number,
  abstractLength: number,
  stats: CorpusStats,
  out: Float64Array,
): boolean {
  out[0] = tfTitle > 0 ? termIdf * TITLE_BOOST * bm25(tfTitle, titleLength, stats.avgTitleLength) : 0;
  out[1] = tfAbstract > 0 ? termIdf * ABSTRACT_BOOST * bm25(tfAbstract, abstractLength, stats.avgAbstractLength) : 0;
  return tfTitle > 0 || tfAbstract > 0;
}

/** A term's per-field base scores added up (weight 1), in FIELDS order: computed once per term and paper. */
export function baseTotal(base: Float64Array | readonly number[], at = 0): number {
  return base[at]! + base[at + 1]! + base[at + 2]! + base[at + 3]!;
}

/**
 * A term's share of a paper's score. Both rankers compute exactly `weight * baseTotal` and add the shares in
 * profile order, so their scores agree bit for bit.
 */
export function contribution(weight: number, total: number): number {
  return weight * total;
}

/** One field's share of a term's contribution (for explanations). */
export function fieldShare(weight: number, base: number): number {
  return weight * base;
}
