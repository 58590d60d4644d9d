// Typed access to the parts of natural we use (Porter stemmer, stopwords, regexp tokenizer), imported by subpath
// so nothing loads natural's database backends or reads .env.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

export function porterStem(word: string): string {
  return PorterStemmer.stem(word);
}

/**
 * natural's English stopword list minus single letters and digits: those carry meaning in our domain
 * (`3 D`, `x ray`, the `2` in `U 2 Net`) and never reach us alone anyway once acronyms are kept intact.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(naturalStopwords.filter((w) => w.length > 1));

/**
 * Words: letters and digits with inner hyphens, so the analyzer can see compounds (`self-supervised`) and
 * split them itself. Lone hyphens and other punctuation separate words.
 */
const wordTokenizer = new RegexpTokenizer({ pattern: /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu, gaps: false });

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

export function tokenizeWords(text: string): string[] {
  // Plain ASCII (most titles and abstracts once normalized) is scanned by hand: the unicode regex is the slow part.
  return NON_ASCII.test(text) ? (wordTokenizer.tokenize(text) ?? []) : asciiWords(text);
}

/** ASCII letter or digit. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** The word tokenizer's pattern, by hand, for ASCII text: word characters with inner single hyphens. */
function asciiWords(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      // A hyphen continues the word only when a word character follows it.
      if (i + 1 < n && text.charCodeAt(i) === 45 && isWordCode(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}
