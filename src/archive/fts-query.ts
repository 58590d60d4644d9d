// User search text -> quoted FTS5 terms: words and "phrases" only, every operator dropped and reported, never raw syntax.

/** One search term: a single word, or a phrase (several words that must appear in this order). */
export interface FtsTerm {
  /** Lower-cased words as the user wrote them (FTS5 stems them itself). */
  words: string[];
  /** Typed in quotes, or split from one written token such as `state-of-the-art`. */
  phrase: boolean;
}

export interface FtsQuery {
  terms: FtsTerm[];
  /** What the user should know about how the text was read (ignored operators, truncation, emptiness). */
  notice?: string;
  /** Every term is a stop word (`the of a`): bm25 cannot rank such matches, so the archive lists them newest first. */
  stopWordsOnly?: boolean;
}

/** More terms than this makes FTS5 slow and ranking meaningless; the rest are dropped with a notice. */
export const MAX_TERMS = 32;
/** Words longer than this are not words (pasted hashes, base64); they are cut, which still matches nothing harmful. */
const MAX_WORD = 64;
/** Text beyond this is never looked at: a 10 kB paste cannot cost more than a short query. */
const MAX_SCAN = 4096;

const QUOTE = /["\u201c\u201d\u201e\u201f\u00ab\u00bb]/g;
// Same character classes FTS5's unicode61 tokenizer keeps: letters, numbers, private use (plus marks, so
// decomposed accents stay inside their word).
const WORD = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const OPERATOR_WORDS = new Set(['AND', 'OR', 'NOT', 'NEAR']);
const OPERATOR_CHARS: [RegExp, string][] = [
  [/\*/, '*'],
  [/\^/, '^'],
  [/[()]/, '( )'],
  [/[{}]/, '{ }'],
  [/\+/, '+'],
  [/^-/, '-'],
];

/**
 * Common English words that match nearly every abstract: an OR over them costs a scan of the whole index and
 * ranks nothing, so single-word terms from this list are dropped unless the query has nothing else.
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or our that the their this to was we were ' +
    'which with via using based towards toward not no can do does how what when where who why than then these those'
  ).split(' '),
);

/** Reads user text into at most MAX_TERMS quoted-safe terms; never throws. */
export function parseSearchText(text: string): FtsQuery {
  const notes: string[] = [];
  const ignored = new Set<string>();
  let s = String(text ?? '');
  let truncatedChars = false;
  if (s.length > MAX_SCAN) {
    s = s.slice(0, MAX_SCAN);
    truncatedChars = true;
  }
  s = s.normalize('NFKC').replace(CONTROL, ' ').replace(QUOTE, '"');

  const quoteCount = (s.match(/"/g) ?? []).length;
  if (quoteCount % 2 === 1) {
    // The last quote has no partner: read what follows it as plain words rather than guessing a phrase end.
    const at = s.lastIndexOf('"');
    s = `${s.slice(0, at)} ${s.slice(at + 1)}`;
    notes.push('unbalanced quote ignored');
  }

  const terms: FtsTerm[] = [];
  const parts = s.split('"');
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      const words = wordsOf(part);
      if (words.length > 0) terms.push({ words, phrase: true });
      continue;
    }
    for (const raw of part.split(/\s+/)) {
      if (!raw) continue;
      if (OPERATOR_WORDS.has(raw)) {
        ignored.add(raw);
        continue;
      }
      if (raw.startsWith('NEAR(')) ignored.add('NEAR');
      for (const [re, label] of OPERATOR_CHARS) if (re.test(raw)) ignored.add(label);
      // `title:gan` is FTS5 column syntax; the pieces are kept as separate words.
      const pieces = raw.includes(':') ? raw.split(':') : [raw];
      if (pieces.length > 1) ignored.add(':');
      for (const piece of pieces) {
        const words = wordsOf(piece.replace(/^NEAR\(/, '('));
        if (words.length === 1) terms.push({ words, phrase: false });
        // `state-of-the-art`, `3D-aware`: FTS5 indexes these as adjacent words, so they must match as a phrase.
        else if (words.length > 1) terms.push({ words, phrase: true });
      }
    }
  }

  const unique = dedupe(terms);
  const meaningful = unique.filter((t) => t.phrase || !STOP_WORDS.has(t.words[0]!));
  let kept = meaningful.length > 0 ? meaningful : unique;
  if (kept.length > MAX_TERMS) {
    kept = kept.slice(0, MAX_TERMS);
    notes.push(`query too long: used the first ${MAX_TERMS} words`);
  } else if (truncatedChars) {
    notes.push(`query too long: used the first ${MAX_SCAN} characters`);
  }
  if (ignored.size > 0) notes.unshift(`ignored: ${[...ignored].join(', ')}`);
  if (kept.length === 0) notes.push(s.trim() ? 'query has no searchable words' : 'query is empty');
  const out: FtsQuery = { terms: kept };
  if (notes.length > 0) out.notice = notes.join('; ');
  if (kept.length > 0 && meaningful.length === 0) out.stopWordsOnly = true;
  return out;
}

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.slice(0, MAX_WORD));
}

function dedupe(terms: FtsTerm[]): FtsTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    // `gan` and `"gan"` match the same papers: one is enough.
    const key = t.words.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One term as an FTS5 string: always double-quoted, and the words hold only letters and digits. */
export function quoteTerm(term: FtsTerm): string {
  return `"${term.words.join(' ')}"`;
}

/** All terms must match (FTS5's implicit AND). */
export function allOf(terms: FtsTerm[]): string {
  return terms.map(quoteTerm).join(' ');
}

/** Any term may match. */
export function anyOf(terms: FtsTerm[]): string {
  return terms.map(quoteTerm).join(' OR ');
}
