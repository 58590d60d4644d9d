// The text analyzer: turns titles, abstracts and profile terms into comparable keys (stems, exact acronyms,
// joined compounds, synonyms), with a per-analyzer stem cache because the Porter stemmer is the slow part.
import type { Paper } from '../paper.js';
import { porterStem, STOPWORDS, tokenizeWords } from './natural.js';
import { openKeySpace } from './keys.js';
import { normalizeName, normalizeText } from './normalize.js';

/**
 * One analysed text. Its key occurrences are kept compactly, grouped by key: occurrence k is key `ids[k]` (an id of
 * the analyzer that made it: `analyzer.keyName(id)`) at word position `at[k]`, sorted by key id, then position, no
 * (key, position) twice. So a key's occurrences are one run, and its frequency in the text is the run's length.
 */
export interface AnalyzedText {
  ids: Int32Array;
  at: Int32Array;
  /** Word positions in the text, stopwords included (they hold places so phrases keep their gaps). */
  length: number;
  /** The same occurrences as key -> ascending positions, made on first use. */
  readonly keys: Map<string, number[]>;
}

export interface AnalyzedPaper {
  title: AnalyzedText;
  abstract: AnalyzedText;
  /** Authors as lowercase accent-free token lists (`["andrew", "j", "davison"]`). */
  authors: string[][];
  /** Categories, lowercased. */
  categories: string[];
}

/**
 * A sequence of keys at fixed offsets from the first (`field of view` is `field`@0, `view`@2).
 * One key is a plain word.
 */
export interface Pattern {
  keys: string[];
  offsets: number[];
}

/** How a profile word or phrase is looked for: any of its alternatives, and the keys its rarity is judged by. */
export interface TermQuery {
  alternatives: Pattern[];
  idfKeys: string[];
}

/** One visible word: `key` is its stem (or `~word` for a stopword), `exact` its `^acronym` key if it is one. */
export interface WordInfo {
  surface: string;
  key: string;
  stop: boolean;
  exact: string | null;
  position: number;
}

export interface QueryOptions {
  /** The archive's vocabulary (keys seen in it): split spellings of a joined word are tried only with known halves. */
  known?: (key: string) => boolean;
}

export interface Analyzer {
  analyze(text: string): AnalyzedText;
  /** Cached per Paper object: a day's papers are analysed once however many profiles rank them. */
  analyzePaper(paper: Paper): AnalyzedPaper;
  /** The alternatives a profile word or phrase matches (its own form, joined compounds, synonyms). */
  query(text: string, opts?: QueryOptions): TermQuery;
  /** The lowercase stem of one word, cached. */
  stem(word: string): string;
  /** Visible words of a text with their keys, for callers that need surface forms (suggestions). */
  words(text: string): WordInfo[];
  /** The id this analyzer gives a key in its analysed texts, or -1 if no text it analysed holds the key. */
  keyId(key: string): number;
  /** The key an id stands for. */
  keyName(id: number): string;
  /** How many keys have ids (ids are 0 .. keyCount() - 1). */
  keyCount(): number;
}

export class AnalyzerConfigError extends Error {
  readonly code = 'analyzer_config';
  constructor(message: string) {
    super(message);
    this.name = 'AnalyzerConfigError';
  }
}

/** Prefix of exact acronym keys, so `SLAM` never meets the English `slam`. */
export const EXACT = '^';
/** Prefix of stopword keys, which only phrases use. */
export const STOP = '~';

const SIMPLE_WORD = /^[a-z]+$/;

/** Shortest half a joined profile word is split into. */
const MIN_SPLIT = 3;

const ACRONYM_BODY = /^[\p{L}\p{N}]{1,12}$/u;

/**
 * `NeRF`, `ViT`, `SLAM`, `GAN`, `3D`, `6DoF` -> their lowercase form; `GANs`, `ViTs` -> `gan`, `vit`;
 * ordinary words (`Network`, `network`, `2021`) -> null. Short and shaped like an acronym: two capitals,
 * or digits mixed with letters.
 */
export function acronymOf(word: string): string | null {
  if (word.length < 2 || word.length > 12) return null;
  // Fast path for the common case: an all-lowercase word without digits.
  if (word === word.toLowerCase() && !/\d/.test(word)) return null;
  if (!ACRONYM_BODY.test(word)) return null;
  let base = word;
  if (base.length > 2 && base.endsWith('s') && isAcronymShaped(base.slice(0, -1))) base = base.slice(0, -1);
  return isAcronymShaped(base) ? base.toLowerCase() : null;
}

function isAcronymShaped(w: string): boolean {
  let upper = 0;
  let digit = false;
  let letter = false;
  for (const ch of w) {
    if (ch >= '0' && ch <= '9') digit = true;
    else {
      letter = true;
      if (ch !== ch.toLowerCase()) upper++;
    }
  }
  return upper >= 2 || (digit && letter && w.length <= 6);
}

function plausibleStem(word: string, known: (key: string) => boolean): boolean {
  for (let cut = 0; cut <= 4 && word.length - cut >= MIN_SPLIT; cut++) if (known(word.slice(0, word.length - cut))) return true;
  return false;
}

/** Where key id `id`'s run starts in a text's `ids` (the first index whose id is not below it). */
export function runStart(text: AnalyzedText, id: number): number {
  const ids = text.ids;
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the run starting at `k` in `ids` ends (the first index holding another key id). */
export function runEnd(ids: Int32Array, k: number): number {
  const id = ids[k];
  let end = k + 1;
  while (end < ids.length && ids[end] === id) end++;
  return end;
}

/**
 * Texts shorter than this many words pack each occurrence as key id x span + position (span = words + 1) in one
 * double: below 2^52 for any int32 id, so exact, and sorted by one typed-array sort.
 */
const MAX_SPAN = 2 ** 21;

/** An analysed text from its occurrences (sorted by key id, then position; no pair twice) and its key names by id. */
export function compactText(ids: Int32Array, at: Int32Array, length: number, names: readonly string[]): AnalyzedText {
  return new CompactText(ids, at, length, names);
}

/** A paper's authors (lowercase accent-free tokens) and categories (lowercase), as analyzePaper gives them. */
export function analyzePeople(paper: Paper): Pick<AnalyzedPaper, 'authors' | 'categories'> {
  return {
    authors: paper.authors.map((n) => normalizeName(n).split(' ').filter((t) => t.length > 0)),
    categories: paper.categories.map((c) => c.toLowerCase()),
  };
}

class CompactText implements AnalyzedText {
  #keys: Map<string, number[]> | undefined;
  readonly #names: readonly string[];

  constructor(
    readonly ids: Int32Array,
    readonly at: Int32Array,
    readonly length: number,
    names: readonly string[],
  ) {
    this.#names = names;
  }

  get keys(): Map<string, number[]> {
    if (this.#keys === undefined) {
      const keys = new Map<string, number[]>();
      const { ids, at } = this;
      for (let k = 0; k < ids.length; ) {
        const end = runEnd(ids, k);
        keys.set(this.#names[ids[k]!]!, Array.from(at.subarray(k, end)));
        k = end;
      }
      this.#keys = keys;
    }
    return this.#keys;
  }
}

interface SynonymGroup {
  signatures: Set<string>;
  patterns: { signature: string; pattern: Pattern[] }[];
}

export function createAnalyzer(opts: { synonyms?: Record<string, string> } = {}): Analyzer {
  const stemCache = new Map<string, string>();
  const paperCache = new WeakMap<Paper, AnalyzedPaper>();

  function stem(lower: string): string {
    let s = stemCache.get(lower);
    if (s === undefined) {
      s = porterStem(lower);
      stemCache.set(lower, s);
    }
    return s;
  }

  /** Every key met, by id. */
  const space = openKeySpace();
  const names = space.names;
  const intern = space.idFor;

  /**
   * Key ids of one surface form (`Networks`, `NeRFs`, `of`): its stem's (or `~stopword`'s) and its `^acronym`'s
   * (-1 if none), cached: a day's papers repeat the same few thousand.
   */
  const wordCache = new Map<string, { key: number; exact: number }>();
  function keysOf(word: string): { key: number; exact: number } {
    let e = wordCache.get(word);
    if (e === undefined) {
      const acronym = acronymOf(word);
      const lower = word.toLowerCase();
      // Stopwords are kept under their own marked key: phrases need them (`field of view` is not `fields for
      // view`) but a profile word can never name one.
      e = { key: intern(STOPWORDS.has(lower) ? STOP + lower : stem(lower)), exact: acronym === null ? -1 : intern(EXACT + acronym) };
      wordCache.set(word, e);
    }
    return e;
  }

  /** A text's occurrences as read (key id, position), and packed for sorting: scratch, grown as needed, reused. */
  let readKeys = new Int32Array(1024);
  let readAt = new Int32Array(1024);
  let packed = new Float64Array(1024);

  function analyze(text: string): AnalyzedText {
    const tokens = tokenizeWords(normalizeText(text));
    let words = 0;
    for (let t = 0; t < tokens.length; t++) words += countParts(tokens[t]!);
    // Each word adds at most two occurrences (its key and acronym key), each compound two more (joined).
    if (readKeys.length < 4 * words) {
      readKeys = new Int32Array(4 * words);
      readAt = new Int32Array(4 * words);
    }
    let n = 0;
    const read = (key: number, exact: number, at: number): void => {
      readKeys[n] = key;
      readAt[n++] = at;
      if (exact >= 0) {
        readKeys[n] = exact;
        readAt[n++] = at;
      }
    };
    let pos = 0;
    for (let t = 0; t < tokens.length; t++) {
      const raw = tokens[t]!;
      if (raw.includes('-')) {
        const parts = raw.split('-');
        for (let i = 0; i < parts.length; i++) {
          const e = keysOf(parts[i]!);
          read(e.key, e.exact, pos + i);
        }
        // The joined form (`selfsupervised`, `RCNN`) sits at the compound's first place.
        const e = keysOf(parts.join(''));
        read(e.key, e.exact, pos);
        pos += parts.length;
      } else {
        const e = keysOf(raw);
        read(e.key, e.exact, pos);
        pos++;
      }
    }
    return words < MAX_SPAN ? sortPacked(n, words + 1, pos) : sortCompared(n, pos);
  }

  /** The occurrences read, sorted and deduplicated through one typed-array sort of key id x span + position. */
  function sortPacked(n: number, span: number, length: number): AnalyzedText {
    if (packed.length < n) packed = new Float64Array(readKeys.length);
    for (let k = 0; k < n; k++) packed[k] = readKeys[k]! * span + readAt[k]!;
    const sorted = packed.subarray(0, n).sort();
    let m = 0;
    for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) m++;
    const ids = new Int32Array(m);
    const at = new Int32Array(m);
    m = 0;
    for (let k = 0; k < n; k++) {
      const v = sorted[k]!;
      if (k > 0 && v === sorted[k - 1]) continue;
      const id = Math.floor(v / span);
      ids[m] = id;
      at[m++] = v - id * span;
    }
    return new CompactText(ids, at, length, names);
  }

  /** The same for a text of 2^21 words or more (never a real title or abstract): sorted by comparison. */
  function sortCompared(n: number, length: number): AnalyzedText {
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => readKeys[a]! - readKeys[b]! || readAt[a]! - readAt[b]!);
    const unique = order.filter((o, k) => k === 0 || readKeys[o] !== readKeys[order[k - 1]!] || readAt[o] !== readAt[order[k - 1]!]);
    return new CompactText(Int32Array.from(unique, (o) => readKeys[o]!), Int32Array.from(unique, (o) => readAt[o]!), length, names);
  }

  function analyzePaper(paper: Paper): AnalyzedPaper {
    let a = paperCache.get(paper);
    if (a === undefined) {
      a = { title: analyze(paper.title), abstract: analyze(paper.abstract), ...analyzePeople(paper) };
      paperCache.set(paper, a);
    }
    return a;
  }

  /**
   * The literal patterns of a profile word or phrase: its sequence of keys, and versions with adjacent words
   * joined (`self supervised` also matches `selfsupervised`). Words written as acronyms match only acronyms.
   */
  function literalPatterns(text: string, known?: (key: string) => boolean): { patterns: Pattern[]; signature: string } {
    // Most profile terms are one plain lowercase word: skip normalizing and tokenizing for them.
    const all = SIMPLE_WORD.test(text) && !STOPWORDS.has(text)
      ? [{ surface: text, key: stem(text), stop: false, exact: null, position: 0 }]
      : words(text);
    // Leading and trailing stopwords say nothing; inner ones must match as written.
    const first = all.findIndex((w) => !w.stop || w.exact !== null);
    let last = all.length - 1;
    while (last >= 0 && all[last]!.stop && all[last]!.exact === null) last--;
    if (first < 0) return { patterns: [], signature: '' };
    const seq = all
      .slice(first, last + 1)
      .map((w) => ({ key: w.exact ?? w.key, loose: w.key, pos: w.position, word: w.surface, stop: w.stop && w.exact === null }));
    const base = seq[0]!.pos;
    const patterns: Pattern[] = [{ keys: seq.map((s) => s.key), offsets: seq.map((s) => s.pos - base) }];
    for (let i = 0; i + 1 < seq.length; i++) {
      const a = seq[i]!;
      const b = seq[i + 1]!;
      if (a.stop || b.stop) continue;
      const joinedWord = a.word + b.word;
      const joinedAcronym = acronymOf(joinedWord);
      const exactJoin = joinedAcronym !== null && (a.key.startsWith(EXACT) || b.key.startsWith(EXACT));
      // Joined spellings the archive has never seen are not worth a stemmer call.
      if (known !== undefined && !(exactJoin ? known(EXACT + joinedAcronym) : plausibleStem(joinedWord.toLowerCase(), known))) continue;
      const joinedKey = exactJoin ? EXACT + joinedAcronym : stem(joinedWord.toLowerCase());
      const keys: string[] = [];
      const offsets: number[] = [];
      for (let j = 0; j < seq.length; j++) {
        if (j === i + 1) continue;
        keys.push(j === i ? joinedKey : seq[j]!.key);
        offsets.push(seq[j]!.pos - base - (j > i + 1 ? 1 : 0));
      }
      patterns.push({ keys, offsets });
    }
    // A long joined word also matches its halves written apart (`hypergraph` = `hyper graph`).
    const only = seq.length === 1 ? seq[0]! : undefined;
    if (only !== undefined && !only.stop && only.key === only.loose && only.word.length >= MIN_SPLIT * 2 + 1) {
      const lower = only.word.toLowerCase();
      for (let i = MIN_SPLIT; i <= lower.length - MIN_SPLIT && !/\d/.test(lower); i++) {
        const left = lower.slice(0, i);
        const right = lower.slice(i);
        if (STOPWORDS.has(left) || STOPWORDS.has(right)) continue;
        // With a vocabulary, skip halves it has never seen before paying for the stemmer: most splits are junk.
        // A stem is the word less a short suffix, so a right half whose short prefixes are all unknown is skipped.
        if (known !== undefined && (!known(left) || !plausibleStem(right, known))) continue;
        const rightKey = stem(right);
        if (known !== undefined && !known(rightKey)) continue;
        patterns.push({ keys: [stem(left), rightKey], offsets: [0, 1] });
      }
    }
    return { patterns, signature: seq.map((s) => s.loose).join(' ') };
  }

  const groups = buildSynonymGroups(opts.synonyms ?? {}, literalPatterns);

  function query(text: string, opts: QueryOptions = {}): TermQuery {
    const { patterns, signature } = literalPatterns(text, opts.known);
    const alternatives = [...patterns];
    const group = groups.get(signature);
    if (group !== undefined) {
      for (const member of group.patterns) if (member.signature !== signature) alternatives.push(...member.pattern);
    }
    return { alternatives, idfKeys: patterns[0]?.keys ?? [] };
  }

  function words(text: string): WordInfo[] {
    const out: WordInfo[] = [];
    let pos = 0;
    for (const raw of tokenizeWords(normalizeText(text))) {
      for (const part of raw.split('-')) {
        const lower = part.toLowerCase();
        const acronym = acronymOf(part);
        const stop = STOPWORDS.has(lower);
        out.push({ surface: part, key: stop ? STOP + lower : stem(lower), stop, exact: acronym === null ? null : EXACT + acronym, position: pos++ });
      }
    }
    return out;
  }

  return {
    analyze,
    analyzePaper,
    query,
    stem: (w) => stem(w.toLowerCase()),
    words,
    keyId: space.keyId,
    keyName: (id) => names[id]!,
    keyCount: space.keyCount,
  };
}

/** Words in one token: `self-supervised` is two. */
function countParts(token: string): number {
  let n = 1;
  for (let i = token.indexOf('-'); i >= 0; i = token.indexOf('-', i + 1)) n++;
  return n;
}

function buildSynonymGroups(
  synonyms: Record<string, string>,
  literal: (text: string) => { patterns: Pattern[]; signature: string },
): Map<string, SynonymGroup> {
  const groups = new Map<string, SynonymGroup>();
  for (const [left, right] of Object.entries(synonyms)) {
    const sides = [left, right].map((side) => {
      const text = side.trim().replace(/^"(.*)"$/, '$1');
      const lit = literal(text);
      if (lit.patterns.length === 0) {
        throw new AnalyzerConfigError(
          `synonym ${JSON.stringify(left)} = ${JSON.stringify(right)}: ${JSON.stringify(side)} has no words to match ` +
            '(write e.g. nerf = "neural radiance field")',
        );
      }
      return { signature: lit.signature, pattern: lit.patterns };
    });
    // Merge into one group every side already known, so chains (a = b, b = c) become one group.
    const merged: SynonymGroup = { signatures: new Set(), patterns: [] };
    const absorb = (g: SynonymGroup | undefined): void => {
      if (g === undefined || g === merged) return;
      for (const p of g.patterns) {
        if (!merged.signatures.has(p.signature)) {
          merged.signatures.add(p.signature);
          merged.patterns.push(p);
        }
      }
    };
    for (const side of sides) absorb(groups.get(side.signature));
    for (const side of sides) absorb({ signatures: new Set([side.signature]), patterns: [side] });
    for (const sig of merged.signatures) groups.set(sig, merged);
  }
  return groups;
}
