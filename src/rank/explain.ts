// Turning a ranked paper's matches into one line a reader understands:
// `matched "gaussian splatting" in the title, SLAM in the abstract; author Andrew J. Davison`.
import type { RankedPaper } from '../ranking.js';
import { normalizeName } from '../text/normalize.js';
import { nameMatches } from './score.js';

const AUTHOR_PREFIX = 'author:"';

function showTerm(term: string): string {
  return term.includes(' ') ? `"${term}"` : term;
}

/** The paper's own spelling of the author an `author:"..."` term matched. */
function authorShown(ranked: RankedPaper, term: string): string {
  const wanted = term.startsWith(AUTHOR_PREFIX) ? term.slice(AUTHOR_PREFIX.length, -1) : term;
  const query = normalizeName(wanted).split(' ');
  const hit = ranked.paper.authors.find((a) => nameMatches(query, normalizeName(a).split(' ')));
  return hit?.replace(/^and /, '').replace(/\s*\([^)]*\)?/g, '').trim() ?? wanted;
}

function categoryShown(ranked: RankedPaper, term: string): string {
  const wanted = term.slice('cat:'.length).toLowerCase();
  return ranked.paper.categories.find((c) => c.toLowerCase() === wanted) ?? term.slice('cat:'.length);
}

interface Entry {
  term: string;
  title: boolean;
  abstract: boolean;
  score: number;
}

/** Adds a match to its term's entry (matches of one term are few: a linear scan beats a Map). */
function tally(list: Entry[], term: string, score: number, field: 'title' | 'abstract' | null): void {
  let e: Entry | undefined;
  for (const x of list) if (x.term === term) e = x;
  if (e === undefined) {
    e = { term, title: false, abstract: false, score: 0 };
    list.push(e);
  }
  e.score += score;
  if (field === 'title') e.title = true;
  else if (field === 'abstract') e.abstract = true;
}

const byScore = (a: Entry, b: Entry): number => b.score - a.score;

export function explain(ranked: RankedPaper): string {
  const text: Entry[] = [];
  const authors: Entry[] = [];
  const categories: Entry[] = [];
  for (const m of ranked.matched) {
    if (m.field === 'authors') tally(authors, m.term, m.score, null);
    else if (m.field === 'categories') tally(categories, m.term, m.score, null);
    else tally(text, m.term, m.score, m.field);
  }
  let out = '';
  if (text.length > 0) {
    if (text.length > 1) text.sort(byScore);
    out = 'matched ';
    for (let i = 0; i < text.length; i++) {
      const e = text[i]!;
      const where = e.title && e.abstract ? 'the title and abstract' : e.title ? 'the title' : 'the abstract';
      out += `${i > 0 ? ', ' : ''}${showTerm(e.term)} in ${where}`;
    }
  }
  if (authors.length > 0) {
    if (authors.length > 1) authors.sort(byScore);
    out += `${out ? '; ' : ''}${authors.length > 1 ? 'authors' : 'author'} ${authors.map((e) => authorShown(ranked, e.term)).join(', ')}`;
  }
  if (categories.length > 0) {
    if (categories.length > 1) categories.sort(byScore);
    out += `${out ? '; ' : ''}${categories.length > 1 ? 'categories' : 'category'} ${categories.map((e) => categoryShown(ranked, e.term)).join(', ')}`;
  }
  return out;
}
