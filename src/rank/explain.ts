// Turning a ranked paper's matches into one line a reader understands:
// `matched "gaussian splatting" in the title, SLAM in the abstract; author Andrew J. Davison`.
import type { Paper } from '../paper.js';
import type { RankedPaper } from '../ranking.js';
import { normalizeName } from '../text/normalize.js';
import { nameMatches } from './score.js';

const AUTHOR_PREFIX = 'author:"';

function showTerm(term: string): string {
  return term.includes(' ') ? `"${term}"` : term;
}

/** Per paper, each author's normalized tokens and display form, made when an explanation first needs them. */
const authorCache = new WeakMap<Paper, { tokens: (string[] | undefined)[]; shown: (string | undefined)[] }>();
/** An author term's query tokens, by term (bounded: cleared when it grows past QUERY_CACHE_MAX). */
const queryCache = new Map<string, string[]>();
const QUERY_CACHE_MAX = 10_000;

/** The paper's own spelling of the author an `author:"..."` term matched. */
function authorShown(ranked: RankedPaper, term: string): string {
  const wanted = term.startsWith(AUTHOR_PREFIX) ? term.slice(AUTHOR_PREFIX.length, -1) : term;
  let query = queryCache.get(term);
  if (query === undefined) {
    if (queryCache.size >= QUERY_CACHE_MAX) queryCache.clear();
    query = normalizeName(wanted).split(' ');
    queryCache.set(term, query);
  }
  const paper = ranked.paper;
  let cached = authorCache.get(paper);
  if (cached === undefined) {
    cached = { tokens: [], shown: [] };
    authorCache.set(paper, cached);
  }
  const authors = paper.authors;
  for (let a = 0; a < authors.length; a++) {
    let tokens = cached.tokens[a];
    if (tokens === undefined) {
      tokens = normalizeName(authors[a]!).split(' ');
      cached.tokens[a] = tokens;
    }
    if (!nameMatches(query, tokens)) continue;
    let shown = cached.shown[a];
    if (shown === undefined) {
      shown = authors[a]!.replace(/^and /, '').replace(/\s*\([^)]*\)?/g, '').trim();
      cached.shown[a] = shown;
    }
    return shown;
  }
  return wanted;
}

/** The paper's own spelling of the category a `cat:` term matched (case-insensitively): the first that equals it. */
function categoryShown(ranked: RankedPaper, term: string): string {
  const raw = term.slice('cat:'.length);
  let wanted: string | undefined;
  for (const c of ranked.paper.categories) {
    if (c === raw) return c;
    // Only a category of the same length can equal it ignoring case: the rest need no lowercase copy.
    if (c.length === raw.length && c.toLowerCase() === (wanted ??= raw.toLowerCase())) return c;
  }
  return raw;
}

/**
 * One group's entries (text, authors or categories), in the order their terms first matched: parallel arrays
 * reused by every call, so an explanation allocates nothing but its string.
 */
class Entries {
  term: string[] = [];
  score: number[] = [];
  /** Text entries: bit 1 matched in the title, bit 2 in the abstract. */
  where: number[] = [];
  n = 0;

  reset(): void {
    this.n = 0;
  }

  /** Adds a match to its term's entry (matches of one term are few: a linear scan beats a Map). */
  tally(term: string, score: number, where: number): void {
    const terms = this.term;
    let e = 0;
    while (e < this.n && terms[e] !== term) e++;
    if (e === this.n) {
      terms[e] = term;
      this.score[e] = 0;
      this.where[e] = 0;
      this.n++;
    }
    this.score[e] = this.score[e]! + score;
    this.where[e] = this.where[e]! | where;
  }

  /** Best score first, ties in first-match order (a stable sort by descending score). */
  sort(): void {
    const { term, score, where } = this;
    for (let i = 1; i < this.n; i++) {
      const t = term[i]!;
      const s = score[i]!;
      const w = where[i]!;
      let j = i;
      while (j > 0 && score[j - 1]! < s) {
        term[j] = term[j - 1]!;
        score[j] = score[j - 1]!;
        where[j] = where[j - 1]!;
        j--;
      }
      term[j] = t;
      score[j] = s;
      where[j] = w;
    }
  }
}

const text = new Entries();
const authors = new Entries();
const categories = new Entries();

const WHERE = ['', 'the title', 'the abstract', 'the title and abstract'];

/**
 * `"gaussian splatting" in the title`, by term and where (bits: 1 title, 2 abstract): a digest repeats the same
 * few thousand terms, so each piece is made once (bounded: cleared when it grows past SEGMENT_CACHE_MAX).
 */
const segments = new Map<string, (string | undefined)[]>();
const SEGMENT_CACHE_MAX = 20_000;

function segment(term: string, where: number): string {
  let forms = segments.get(term);
  if (forms === undefined) {
    if (segments.size >= SEGMENT_CACHE_MAX) segments.clear();
    forms = [];
    segments.set(term, forms);
  }
  return (forms[where] ??= `${showTerm(term)} in ${WHERE[where]}`);
}

export function explain(ranked: RankedPaper): string {
  text.reset();
  authors.reset();
  categories.reset();
  const matched = ranked.matched;
  for (let k = 0; k < matched.length; k++) {
    const m = matched[k]!;
    const field = m.field;
    if (field === 'authors') authors.tally(m.term, m.score, 0);
    else if (field === 'categories') categories.tally(m.term, m.score, 0);
    else text.tally(m.term, m.score, field === 'title' ? 1 : 2);
  }
  let out = '';
  if (text.n > 0) {
    text.sort();
    out = `matched ${segment(text.term[0]!, text.where[0]!)}`;
    for (let i = 1; i < text.n; i++) out += `, ${segment(text.term[i]!, text.where[i]!)}`;
  }
  if (authors.n > 0) {
    authors.sort();
    out += `${out ? '; ' : ''}${authors.n > 1 ? 'authors' : 'author'} `;
    for (let i = 0; i < authors.n; i++) out += `${i > 0 ? ', ' : ''}${authorShown(ranked, authors.term[i]!)}`;
  }
  if (categories.n > 0) {
    categories.sort();
    out += `${out ? '; ' : ''}${categories.n > 1 ? 'categories' : 'category'} `;
    for (let i = 0; i < categories.n; i++) out += `${i > 0 ? ', ' : ''}${categoryShown(ranked, categories.term[i]!)}`;
  }
  return out;
}
