// The profile language parser: words, "phrases", weights (^2), exclusions (-x), author:"Name", cat:cs.RO,
// with errors that name the bad token and show the right form.
import { isCategory } from '../paper.js';
import { STOPWORDS, tokenizeWords } from '../text/natural.js';
import { acronymOf } from '../text/analyzer.js';
import { termIdentity, termSource } from './format.js';
import { PROFILE_LIMITS, type ParseProfileResult, type Profile, type ProfileError, type Term, type TermKind } from './profile.js';

const WORD = /^[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*$/u;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} .'-]*$/u;
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const FIELD = /^([A-Za-z]+):/;

const FORMS = 'words (diffusion), "quoted phrases", weights (nerf^2), exclusions (-survey), author:"Kaiming He", cat:cs.RO';

function fail(token: string, message: string, hint: string): { ok: false; error: ProfileError } {
  return { ok: false, error: { token, message, hint } };
}

/** Typographic quotes and dashes that chat clients substitute for the ones the user typed. */
function unsmart(line: string): string {
  return line
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, '"')
    .replace(/(^|\s)[\u2013\u2014\u2212]/g, '$1-');
}

/** Splits a line into raw tokens: runs of non-space, where a "quoted part" may contain spaces. */
function splitTokens(line: string): { tokens: string[] } | { unclosed: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !/\s/.test(line[i]!)) {
      if (line[i] === '"') {
        const close = line.indexOf('"', i + 1);
        if (close < 0) return { unclosed: line.slice(start).trim() };
        i = close + 1;
      } else i++;
    }
    tokens.push(line.slice(start, i));
  }
  return { tokens };
}

/** Archives whose subject classes are written in capitals (`cs.RO`, `math.OC`); others are lowercase (`physics.med-ph`). */
const UPPER_SUBJECTS = new Set(['cs', 'math', 'eess', 'stat', 'q-bio', 'q-fin', 'econ', 'astro-ph', 'nlin']);

/** `CS.ro` -> `cs.RO`, `Physics.Med-Ph` -> `physics.med-ph`: arXiv's own spelling, whatever the user typed. */
function canonicalCategory(value: string): string {
  const dot = value.indexOf('.');
  if (dot < 0) return value.toLowerCase();
  const archive = value.slice(0, dot).toLowerCase();
  const subject = value.slice(dot + 1);
  return `${archive}.${UPPER_SUBJECTS.has(archive) ? subject.toUpperCase() : subject.toLowerCase()}`;
}

type TermResult = { ok: true; term: Term } | { ok: false; error: ProfileError };

function parseWeight(token: string, raw: string): { ok: true; weight: number } | { ok: false; error: ProfileError } {
  if (!NUMBER.test(raw)) {
    return fail(token, `the weight "^${raw}" is not a number`, `write a weight as a number after ^, e.g. nerf^2 or "neural radiance field"^1.5`);
  }
  const weight = Number(Number(raw).toFixed(2));
  if (weight < PROFILE_LIMITS.minWeight || weight > PROFILE_LIMITS.maxWeight) {
    return fail(
      token,
      `the weight ${raw} is out of range (${PROFILE_LIMITS.minWeight} to ${PROFILE_LIMITS.maxWeight})`,
      `use a weight between ${PROFILE_LIMITS.minWeight} and ${PROFILE_LIMITS.maxWeight}, e.g. nerf^2; to drop papers use -word`,
    );
  }
  return { ok: true, weight };
}

/** Splits `body^w` into body and weight text, minding quotes (`"a^b"^2`). */
function splitWeight(token: string, body: string): { body: string; weight: string | null } | { error: ProfileError } {
  const lastQuote = body.lastIndexOf('"');
  const caret = body.indexOf('^', lastQuote + 1);
  if (caret < 0) return { body, weight: null };
  const weight = body.slice(caret + 1);
  if (weight.includes('^')) return { error: fail(token, 'a term can have only one weight', 'write one weight, e.g. nerf^2').error };
  if (weight === '') return { error: fail(token, 'the weight after ^ is missing', 'write a weight as a number after ^, e.g. nerf^2').error };
  return { body: body.slice(0, caret), weight };
}

function unquote(token: string, value: string, what: string, example: string): { ok: true; text: string } | { ok: false; error: ProfileError } {
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) {
      return fail(token, `text after the closing quote of ${what}`, `put weights right after the quote, e.g. ${example}`);
    }
    const inner = value.slice(1, -1).replace(/\s+/g, ' ').trim();
    if (inner === '') return fail(token, `${what} is empty`, `write something between the quotes, e.g. ${example}`);
    return { ok: true, text: inner };
  }
  if (value.includes('"')) return fail(token, `a stray quote in ${JSON.stringify(value)}`, `quote the whole value, e.g. ${example}`);
  if (value === '') return fail(token, `${what} is empty`, `write e.g. ${example}`);
  return { ok: true, text: value };
}

function parseTerm(token: string): TermResult {
  let body = token;
  const excluded = body.startsWith('-');
  if (excluded) {
    body = body.slice(1);
    if (body === '' || body.startsWith('-')) {
      return fail(token, `"${token}" excludes nothing`, 'put the excluded term right after one -, e.g. -survey or -"medical imaging"');
    }
  }
  const split = splitWeight(token, body);
  if ('error' in split) return { ok: false, error: split.error };
  body = split.body;
  let weight = 1;
  if (split.weight !== null) {
    if (excluded) return fail(token, 'an exclusion takes no weight: any match removes the paper', `write ${token.slice(0, token.lastIndexOf('^'))}`);
    const w = parseWeight(token, split.weight);
    if (!w.ok) return w;
    weight = w.weight;
  }
  if (body === '') return fail(token, 'the weight belongs to nothing', 'put the weight right after a term, e.g. nerf^2');

  let kind: TermKind;
  let text: string;
  const field = FIELD.exec(body);
  if (field !== null) {
    const name = field[1]!.toLowerCase();
    const value = body.slice(field[0].length);
    if (name === 'author') {
      const v = unquote(token, value, 'the author name', 'author:"Kaiming He"');
      if (!v.ok) return v;
      if (!NAME.test(v.text) || !/\p{L}/u.test(v.text)) {
        return fail(token, `"${v.text}" is not a person's name`, 'write the name as it appears on papers, e.g. author:"Kaiming He"');
      }
      kind = 'author';
      text = v.text;
    } else if (name === 'cat') {
      const category = canonicalCategory(value);
      if (!isCategory(category)) {
        return fail(token, `"${value}" is not an arXiv category`, 'write an arXiv category, e.g. cat:cs.RO or cat:eess.IV');
      }
      kind = 'category';
      text = category;
    } else {
      return fail(token, `unknown field "${field[1]}:"`, `the only fields are author:"Kaiming He" and cat:cs.RO; ${FORMS}`);
    }
  } else if (body.startsWith('"')) {
    const v = unquote(token, body, 'the phrase', '"neural radiance field"');
    if (!v.ok) return v;
    const words = tokenizeWords(v.text);
    if (words.length === 0) return fail(token, `the phrase ${body} has no words`, 'write words inside the quotes, e.g. "neural radiance field"');
    if (words.every((w) => w.split('-').every((p) => STOPWORDS.has(p.toLowerCase()) && acronymOf(p) === null))) {
      return fail(token, `the phrase ${body} has only common words`, 'add a distinctive word, e.g. "in the wild" -> "images in the wild"');
    }
    const wordCount = v.text.split(' ').length;
    if (wordCount > PROFILE_LIMITS.maxPhraseWords) {
      return fail(token, `the phrase has ${wordCount} words (at most ${PROFILE_LIMITS.maxPhraseWords})`, 'quote the distinctive core, e.g. "neural radiance field"');
    }
    // A quoted single word is just that word.
    if (!v.text.includes(' ') && WORD.test(v.text)) kind = 'word';
    else kind = 'phrase';
    text = v.text;
  } else {
    if (!WORD.test(body)) {
      const bad = [...body].find((c) => !/[\p{L}\p{N}'-]/u.test(c));
      if (isCategory(body) && body.includes('.')) {
        return fail(token, `"${body}" looks like a category`, `write cat:${body}`);
      }
      const what = bad === undefined ? `"${body}" is not a word` : `unsupported character "${bad}" in "${body}"`;
      return fail(token, what, `${FORMS}`);
    }
    if (STOPWORDS.has(body.toLowerCase()) && acronymOf(body) === null) {
      return fail(token, `"${body}" is too common a word to match on`, 'drop it, or use it inside a phrase, e.g. "images in the wild"');
    }
    kind = 'word';
    text = body;
  }
  if (text.length > PROFILE_LIMITS.maxTermLength) {
    return fail(token, `the term is ${text.length} characters long (at most ${PROFILE_LIMITS.maxTermLength})`, 'use a shorter word or phrase');
  }
  return { ok: true, term: internTerm({ kind, text, weight, excluded }) };
}

/**
 * Parsed terms by canonical source: equal terms are one frozen object, so 10,000 profiles sharing a few thousand
 * terms hold a few thousand Term objects, and a ranker meets each again by identity. Bounded: cleared when full.
 */
const interned = new Map<string, Term>();
const INTERNED_MAX = 50_000;

function internTerm(t: Omit<Term, 'source'>): Term {
  const source = termSource(t);
  const known = interned.get(source);
  if (known !== undefined && known.kind === t.kind && known.text === t.text && known.weight === t.weight && known.excluded === t.excluded) return known;
  if (interned.size >= INTERNED_MAX) interned.clear();
  const term = Object.freeze({ ...t, source });
  interned.set(source, term);
  return term;
}

/** Checks a whole profile against the limits and for duplicates (also used after merging). */
export function validateProfile(profile: Profile): ProfileError | null {
  const seen = new Map<string, Term>();
  for (const [i, term] of profile.terms.entries()) {
    if (i >= PROFILE_LIMITS.maxTerms) {
      return {
        token: term.source,
        message: `too many terms: at most ${PROFILE_LIMITS.maxTerms} per profile`,
        hint: 'split the interests over several profiles, or drop the weakest terms',
      };
    }
    const id = termIdentity(term);
    const before = seen.get(id);
    if (before !== undefined) {
      return before.excluded === term.excluded
        ? { token: term.source, message: `${termIdentity(term)} is listed twice`, hint: `keep one, e.g. ${before.source}` }
        : {
            token: term.source,
            message: `${termIdentity(term)} is both wanted and excluded`,
            hint: `keep either ${before.excluded ? term.source : before.source} or -${termIdentity(term)}`,
          };
    }
    seen.set(id, term);
  }
  if (profile.terms.length === 0) {
    return { token: '', message: 'the profile is empty', hint: `write some terms: ${FORMS}` };
  }
  if (profile.terms.every((t) => t.excluded)) {
    return {
      token: profile.terms[0]!.source,
      message: 'a profile needs at least one term that is not an exclusion',
      hint: 'add what you want to see, e.g. diffusion -survey',
    };
  }
  return null;
}

export function parseProfile(line: string): ParseProfileResult {
  if (line.length > PROFILE_LIMITS.maxLineLength) {
    return fail(line.slice(0, 40), `the profile is ${line.length} characters long (at most ${PROFILE_LIMITS.maxLineLength})`, 'split it over several profiles');
  }
  const split = splitTokens(unsmart(line));
  if ('unclosed' in split) {
    return fail(split.unclosed, 'a quote is not closed', 'close every quote, e.g. "neural radiance field"');
  }
  const terms: Term[] = [];
  for (const token of split.tokens) {
    const r = parseTerm(token);
    if (!r.ok) return r;
    terms.push(r.term);
  }
  const profile = { terms };
  const error = validateProfile(profile);
  return error === null ? { ok: true, profile } : { ok: false, error };
}
