// Turning a ranked paper's matches into one line a reader understands:
// `matched "gaussian splatting" in the title, SLAM in the abstract; author Andrew J. Davison`.
import type { Field, RankedPaper } from '../ranking.js';
import { normalizeName } from '../text/normalize.js';
import { nameMatches } from './score.js';

const AUTHOR_PREFIX = 'author:"';

function showTerm(term: string): string {
  return /\s/.test(term) ? `"${term}"` : term;
}

/** The paper's own spelling of the author an `author:"..."` term matched. */
function authorShown(ranked: RankedPaper, term: string): string {
  const wanted = term.startsWith(AUTHOR_PREFIX) ? term.slice(AUTHOR_PREFIX.length, -1) : term;
  const query = normalizeName(wanted).split(' ');
  const hit = ranked.paper.authors.find((a) => nameMatches(query, normalizeName(a).split(' ')));
  return hit?.replace(/^and /, '').replace(/\s*\([^)]*\)?/g, '').trim() ?? wanted;
}

function categoryShown(ranked: RankedPaper, term: string): string {
  const wanted = term.replace(/^cat:/, '');
  return ranked.paper.categories.find((c) => c.toLowerCase() === wanted.toLowerCase()) ?? wanted;
}

export function explain(ranked: RankedPaper): string {
  const text = new Map<string, { fields: Field[]; score: number }>();
  const authors = new Map<string, number>();
  const categories = new Map<string, number>();
  for (const m of ranked.matched) {
    if (m.field === 'authors') authors.set(m.term, (authors.get(m.term) ?? 0) + m.score);
    else if (m.field === 'categories') categories.set(m.term, (categories.get(m.term) ?? 0) + m.score);
    else {
      const t = text.get(m.term) ?? { fields: [], score: 0 };
      if (!t.fields.includes(m.field)) t.fields.push(m.field);
      t.score += m.score;
      text.set(m.term, t);
    }
  }
  const byScore = <T extends { score: number } | number>(a: [string, T], b: [string, T]): number =>
    (typeof b[1] === 'number' ? b[1] : b[1].score) - (typeof a[1] === 'number' ? a[1] : a[1].score);

  const parts: string[] = [];
  if (text.size > 0) {
    const terms = [...text].sort(byScore).map(([term, t]) => {
      const fields = t.fields.includes('title') && t.fields.includes('abstract') ? 'the title and abstract' : `the ${t.fields[0]}`;
      return `${showTerm(term)} in ${fields}`;
    });
    parts.push(`matched ${terms.join(', ')}`);
  }
  if (authors.size > 0) {
    const names = [...authors].sort(byScore).map(([term]) => authorShown(ranked, term));
    parts.push(`${names.length > 1 ? 'authors' : 'author'} ${names.join(', ')}`);
  }
  if (categories.size > 0) {
    const cats = [...categories].sort(byScore).map(([term]) => categoryShown(ranked, term));
    parts.push(`${cats.length > 1 ? 'categories' : 'category'} ${cats.join(', ')}`);
  }
  return parts.join('; ');
}
