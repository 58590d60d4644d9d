// Compiling a profile for scoring: each term resolved to analysed patterns (or name tokens / category) and its idf.
import type { Profile, Term } from '../profile/profile.js';
import type { Analyzer, Pattern } from '../text/analyzer.js';
import { normalizeName } from '../text/normalize.js';
import { idf, type CorpusStats } from './stats.js';

export interface CompiledTerm {
  term: Term;
  /** How the term is named in a Match: `gaussian splatting`, `SLAM`, `author:"Kaiming He"`, `cat:cs.RO`. */
  label: string;
  /** Word and phrase terms: any of these patterns counts as one occurrence at its start. */
  alternatives: Pattern[];
  idf: number;
  /** Author terms: the lowercase tokens of the name. */
  name: string[];
  /** Category terms: lowercase category. */
  category: string;
  /** Identical for terms that match identically, so many profiles share one evaluation per paper. */
  signature: string;
}

export interface CompiledProfile {
  terms: CompiledTerm[];
}

/** How a term is named in a Match: as written, without weight or sign (`gaussian splatting`, `cat:cs.RO`). */
export function termLabel(term: Term): string {
  return term.kind === 'author' ? `author:"${term.text}"` : term.kind === 'category' ? `cat:${term.text}` : term.text;
}

export function compileTerm(term: Term, analyzer: Analyzer, stats: CorpusStats): CompiledTerm {
  const label = termLabel(term);
  switch (term.kind) {
    case 'author': {
      const name = normalizeName(term.text).split(' ').filter((t) => t.length > 0);
      return { term, label, alternatives: [], idf: 0, name, category: '', signature: `a|${name.join(' ')}` };
    }
    case 'category': {
      const category = term.text.toLowerCase();
      return { term, label, alternatives: [], idf: 0, name: [], category, signature: `c|${category}` };
    }
    case 'word':
    case 'phrase': {
      const q = analyzer.query(term.text, { known: (key) => stats.df.has(key) });
      let termIdf = 0;
      for (const key of q.idfKeys) termIdf += idf(stats, key);
      // Other spellings (joined, split, synonyms) only where the archive has seen all their words: a split of
      // `segmentation` into `segm entation` is noise, and each alternative costs a lookup per paper.
      const alternatives = q.alternatives.filter((p, i) => i === 0 || p.keys.every((k) => stats.df.has(k)));
      const only = alternatives.length === 1 && alternatives[0]!.keys.length === 1 ? alternatives[0]!.keys[0]! : undefined;
      const signature =
        only !== undefined ? `w|${only}` : `t|${alternatives.map((p) => p.keys.map((k, i) => `${k}@${p.offsets[i]}`).join(' ')).join('|')}`;
      return { term, label, alternatives, idf: termIdf, name: [], category: '', signature };
    }
  }
}

export function compileProfile(profile: Profile, analyzer: Analyzer, stats: CorpusStats): CompiledProfile {
  return { terms: profile.terms.map((t) => compileTerm(t, analyzer, stats)) };
}
