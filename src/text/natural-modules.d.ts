// Types for the few natural modules we import by subpath (the package's own types only cover its root import).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(opts: { pattern: RegExp; gaps?: boolean });
    tokenize(text: string): string[] | null;
  }
}

declare module 'natural/lib/natural/tfidf/tfidf.js' {
  class TfIdf {
    constructor();
    addDocument(document: string | string[], key?: unknown): void;
    tfidfs(terms: string | string[], callback?: (i: number, measure: number) => void): number[];
    tfidf(terms: string | string[], d: number): number;
  }
  export default TfIdf;
}
