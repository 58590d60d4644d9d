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

export function tokenizeWords(text: string): string[] {
  return wordTokenizer.tokenize(text) ?? [];
}
