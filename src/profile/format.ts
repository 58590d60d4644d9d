// Printing profiles back as profile-language lines (the canonical form parseProfile reads back unchanged).
import type { Profile, Term, TermKind } from './profile.js';

/** The canonical form of a term without its weight or exclusion sign: `nerf`, `"a b"`, `author:"X Y"`, `cat:cs.RO`. */
export function termBody(kind: TermKind, text: string): string {
  switch (kind) {
    case 'word':
      return text;
    case 'phrase':
      return `"${text}"`;
    case 'author':
      return `author:"${text}"`;
    case 'category':
      return `cat:${text}`;
  }
}

export function formatWeight(weight: number): string {
  return weight === 1 ? '' : `^${Number(weight.toFixed(2))}`;
}

export function termSource(term: Omit<Term, 'source'>): string {
  return `${term.excluded ? '-' : ''}${termBody(term.kind, term.text)}${formatWeight(term.weight)}`;
}

export function formatProfile(profile: Profile): string {
  return profile.terms.map((t) => t.source).join(' ');
}

/** The identity of a term for dedup and unsubscribe: its canonical body, case-insensitive (weight ignored). */
export function termIdentity(term: Pick<Term, 'kind' | 'text'>): string {
  return termBody(term.kind, term.text).toLowerCase();
}
