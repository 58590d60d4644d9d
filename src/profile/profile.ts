// The interest-profile model: terms (words, phrases, authors, categories) with weights and exclusions.

export type TermKind = 'word' | 'phrase' | 'author' | 'category';

export interface Term {
  kind: TermKind;
  /** The bare value: `diffusion`, `neural radiance field`, `Kaiming He`, `cs.RO`. */
  text: string;
  /** 1 unless written `^w`; exclusions always 1. */
  weight: number;
  excluded: boolean;
  /** Canonical printed form: `nerf^2`, `"neural radiance field"`, `-survey`, `author:"Kaiming He"`, `cat:cs.RO`. */
  source: string;
}

export interface Profile {
  terms: Term[];
}

/** What was wrong with a profile line: the offending token, why, and the right form to write instead. */
export interface ProfileError {
  token: string;
  message: string;
  hint: string;
}

export type ParseProfileResult = { ok: true; profile: Profile } | { ok: false; error: ProfileError };

export const PROFILE_LIMITS = {
  maxTerms: 32,
  /** Characters of one term's value (a word, phrase, name or category). */
  maxTermLength: 80,
  maxPhraseWords: 8,
  maxLineLength: 2000,
  minWeight: 0.1,
  maxWeight: 10,
} as const;
