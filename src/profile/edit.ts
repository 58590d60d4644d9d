// Editing profiles: removing terms (unsubscribe) and merging (subscribe more), by canonical form, ignoring case.
import { termIdentity } from './format.js';
import type { Profile, Term } from './profile.js';

const signed = (t: Term): string => `${t.excluded ? '-' : ''}${termIdentity(t)}`;

/** The profile without the terms of `remove` (weights ignored: `nerf` removes `NeRF^2`; `-survey` only `-survey`). */
export function removeTerms(profile: Profile, remove: Profile): Profile {
  const gone = new Set(remove.terms.map(signed));
  return { terms: profile.terms.filter((t) => !gone.has(signed(t))) };
}

/**
 * `a` with `b`'s terms added; a term already in `a` (same body, either sign) is replaced by `b`'s version in place,
 * so re-subscribing `nerf^3` updates the weight. The result may exceed the limits: check it with validateProfile.
 */
export function mergeProfiles(a: Profile, b: Profile): Profile {
  const terms = [...a.terms];
  const index = new Map(terms.map((t, i) => [termIdentity(t), i]));
  for (const t of b.terms) {
    const at = index.get(termIdentity(t));
    if (at === undefined) {
      index.set(termIdentity(t), terms.length);
      terms.push(t);
    } else terms[at] = t;
  }
  return { terms };
}
