// Ranking many profiles at once. The profiles' terms are indexed and deduplicated (10,000 profiles share a few
// thousand distinct terms); each distinct term is matched once against the day's papers through the papers' own
// key index, giving a posting list; each profile then adds up its terms' postings. No profile x paper loop.
import type { Paper } from '../paper.js';
import type { Profile, Term, TermKind } from '../profile/profile.js';
import type { Match, RankedPaper } from '../ranking.js';
import type { AnalyzedPaper, Analyzer, Pattern } from '../text/analyzer.js';
import { compileTerm, termLabel, type CompiledTerm } from './compile.js';
import type { RankOptions } from './rank.js';
import type { CorpusStats } from './stats.js';
import { AUTHOR_SCORE, baseTotal, contribution, evalTerm, FIELDS, fieldShare, nameMatches, textBases } from './score.js';

export interface RankManyOptions extends RankOptions {
  /** Per-profile threshold / limit, overriding the shared ones. */
  perProfile?: Map<string, { threshold?: number; limit?: number }>;
}

/** Papers (ascending index) where one distinct term matched, with its per-field base scores (4 per paper). */
interface Posting {
  papers: Int32Array;
  bases: Float64Array;
  totals: Float64Array;
}

/**
 * The day's papers' own index: per key the papers (ascending) holding it with its frequency in their title and
 * abstract; per category and author surname the papers (ascending).
 */
interface DayIndex {
  keys: Map<string, KeyPapers>;
  categories: Map<string, number[]>;
  /** Per surname, (paper, author index) pairs, papers ascending. */
  surnames: Map<string, number[]>;
}

interface KeyPapers {
  papers: number[];
  title: number[];
  abstract: number[];
  /** The key's positions in each paper's title and abstract (the analysed text's own lists; NO_PLACES if none). */
  titleAt: readonly number[][];
  abstractAt: readonly number[][];
}

const NO_PLACES: number[] = [];

function indexPapers(analyzed: AnalyzedPaper[], wanted: Set<string>): DayIndex {
  const keys = new Map<string, KeyPapers>();
  const categories = new Map<string, number[]>();
  const surnames = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, i: number): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (let i = 0; i < analyzed.length; i++) {
    const a = analyzed[i]!;
    for (const [k, positions] of a.title.keys) {
      if (!wanted.has(k)) continue;
      const e = keys.get(k);
      if (e === undefined) keys.set(k, { papers: [i], title: [positions.length], abstract: [0], titleAt: [positions], abstractAt: [NO_PLACES] });
      else {
        e.papers.push(i);
        e.title.push(positions.length);
        e.abstract.push(0);
        (e.titleAt as number[][]).push(positions);
        (e.abstractAt as number[][]).push(NO_PLACES);
      }
    }
    for (const [k, positions] of a.abstract.keys) {
      if (!wanted.has(k)) continue;
      const e = keys.get(k);
      if (e === undefined) keys.set(k, { papers: [i], title: [0], abstract: [positions.length], titleAt: [NO_PLACES], abstractAt: [positions] });
      else if (e.papers[e.papers.length - 1] === i) {
        e.abstract[e.abstract.length - 1] = positions.length;
        (e.abstractAt as number[][])[e.abstractAt.length - 1] = positions;
      } else {
        e.papers.push(i);
        e.title.push(0);
        e.abstract.push(positions.length);
        (e.titleAt as number[][]).push(NO_PLACES);
        (e.abstractAt as number[][]).push(positions);
      }
    }
    for (const c of a.categories) add(categories, c, i);
    for (let k = 0; k < a.authors.length; k++) {
      const name = a.authors[k]!;
      const surname = name[name.length - 1];
      if (surname === undefined) continue;
      const list = surnames.get(surname);
      if (list === undefined) surnames.set(surname, [i, k]);
      else list.push(i, k);
    }
  }
  return { keys, categories, surnames };
}

const base = new Float64Array(4);

/** The posting of a term that matches no paper today (most authors, many phrases): shared, never written. */
const NONE: Posting = { papers: new Int32Array(0), bases: new Float64Array(0), totals: new Float64Array(0) };

/** Where one distinct term matches today, evaluated only on the papers that hold its rarest key. */
function buildPosting(
  ct: CompiledTerm,
  d: number,
  dayIndex: DayIndex,
  analyzed: AnalyzedPaper[],
  stats: CorpusStats,
  stamp: Int32Array,
  others: Int32Array,
): Posting {
  const alt = ct.alternatives;
  if (alt.length === 1 && alt[0]!.keys.length === 1) return singleKeyPosting(ct.idf, dayIndex.keys.get(alt[0]!.keys[0]!), analyzed, stats);
  if (alt.length === 1 && ct.term.kind !== 'category') return phrasePosting(ct.idf, alt[0]!, dayIndex, analyzed, stats);
  if (ct.term.kind === 'author') return authorPosting(ct.name, dayIndex.surnames.get(ct.name[ct.name.length - 1] ?? ''), analyzed);
  let candidates: number[];
  // A word whose own spelling is one key: papers no other spelling can match in are scored from the day index.
  let own: KeyPapers | undefined;
  if (ct.term.kind === 'category') candidates = dayIndex.categories.get(ct.category) ?? [];
  else {
    const lists: number[][] = [];
    if (alt.length > 1 && alt[0]!.keys.length === 1) own = dayIndex.keys.get(alt[0]!.keys[0]!);
    for (let a = 0; a < alt.length; a++) {
      const p = alt[a]!;
      // Papers holding every key of the pattern: the intersection of their ascending lists, rarest first.
      let common: number[] | undefined;
      const keyLists: number[][] = [];
      for (const k of p.keys) {
        const list = dayIndex.keys.get(k);
        if (list === undefined) break;
        keyLists.push(list.papers);
      }
      if (keyLists.length < p.keys.length) continue;
      keyLists.sort((a, b) => a.length - b.length);
      for (const list of keyLists) common = common === undefined ? list : intersect(common, list);
      if (common !== undefined && common.length > 0) {
        lists.push(common);
        if (a > 0) for (const i of common) others[i] = d;
      }
    }
    if (lists.length <= 1) candidates = lists[0] ?? [];
    else {
      candidates = [];
      for (const list of lists) {
        for (const i of list) {
          if (stamp[i] !== d) {
            stamp[i] = d;
            candidates.push(i);
          }
        }
      }
      candidates.sort((a, b) => a - b);
    }
  }
  const found: number[] = [];
  const bases: number[] = [];
  const totals: number[] = [];
  let j = 0;
  for (const i of candidates) {
    if (own !== undefined && others[i] !== d) {
      // Only the word's own key can occur here: its places are exactly the key's (distinct) positions.
      while (own.papers[j]! < i) j++;
      const a = analyzed[i]!;
      base[2] = 0;
      base[3] = 0;
      textBases(ct.idf, own.title[j]!, a.title.length, own.abstract[j]!, a.abstract.length, stats, base);
    } else if (!evalTerm(ct, analyzed[i]!, stats, base)) continue;
    found.push(i);
    bases.push(base[0]!, base[1]!, base[2]!, base[3]!);
    totals.push(baseTotal(base));
  }
  if (found.length === 0) return NONE;
  // Typed arrays: every profile using the term reads them, monomorphically.
  return { papers: new Int32Array(found), bases: new Float64Array(bases), totals: new Float64Array(totals) };
}

/** A one-key word's posting, straight from the day index's frequencies: what evalTerm computes, without lookups. */
function singleKeyPosting(termIdf: number, entry: KeyPapers | undefined, analyzed: AnalyzedPaper[], stats: CorpusStats): Posting {
  if (entry === undefined) return NONE;
  const n = entry.papers.length;
  const papers = new Int32Array(entry.papers);
  const bases = new Float64Array(4 * n);
  const totals = new Float64Array(n);
  base[2] = 0;
  base[3] = 0;
  for (let j = 0; j < n; j++) {
    const a = analyzed[papers[j]!]!;
    textBases(termIdf, entry.title[j]!, a.title.length, entry.abstract[j]!, a.abstract.length, stats, base);
    bases[4 * j] = base[0]!;
    bases[4 * j + 1] = base[1]!;
    totals[j] = baseTotal(base);
  }
  return { papers, bases, totals };
}

const cursor: number[] = [];
const lists: KeyPapers[] = [];

/**
 * A one-pattern phrase's posting (`field of view`): the papers holding all its keys, found by walking the keys'
 * ascending lists together, its occurrences counted on the day index's own position lists. What evalTerm counts
 * (patternCount), without looking the keys up in each paper.
 */
function phrasePosting(termIdf: number, pattern: Pattern, dayIndex: DayIndex, analyzed: AnalyzedPaper[], stats: CorpusStats): Posting {
  const keys = pattern.keys;
  const offsets = pattern.offsets;
  const nk = keys.length;
  for (let k = 0; k < nk; k++) {
    const e = dayIndex.keys.get(keys[k]!);
    if (e === undefined) return NONE;
    lists[k] = e;
    cursor[k] = 0;
  }
  const found: number[] = [];
  const bases: number[] = [];
  const totals: number[] = [];
  base[2] = 0;
  base[3] = 0;
  const first = lists[0]!;
  for (let j0 = 0; j0 < first.papers.length; j0++) {
    const i = first.papers[j0]!;
    // Every other key's cursor moved to paper i; skip i unless all hold it.
    let all = true;
    for (let k = 1; k < nk; k++) {
      const papers = lists[k]!.papers;
      let c = cursor[k]!;
      while (c < papers.length && papers[c]! < i) c++;
      cursor[k] = c;
      if (c === papers.length) return finish(found, bases, totals);
      if (papers[c] !== i) all = false;
    }
    if (!all) continue;
    const tfTitle = occurrences(first.titleAt[j0]!, nk, offsets, true);
    const tfAbstract = occurrences(first.abstractAt[j0]!, nk, offsets, false);
    if (tfTitle === 0 && tfAbstract === 0) continue;
    const a = analyzed[i]!;
    textBases(termIdf, tfTitle, a.title.length, tfAbstract, a.abstract.length, stats, base);
    found.push(i);
    bases.push(base[0]!, base[1]!, 0, 0);
    totals.push(baseTotal(base));
  }
  return finish(found, bases, totals);
}

/** Places in one field where the pattern's first key sits and every other key at its offset (lists/cursor set). */
function occurrences(firstAt: readonly number[], nk: number, offsets: number[], title: boolean): number {
  let n = 0;
  for (let q = 0; q < firstAt.length; q++) {
    const pos = firstAt[q]!;
    let ok = true;
    for (let k = 1; k < nk && ok; k++) {
      const e = lists[k]!;
      const at = (title ? e.titleAt : e.abstractAt)[cursor[k]!]!;
      ok = at.includes(pos + offsets[k]!);
    }
    if (ok) n++;
  }
  return n;
}

function finish(found: number[], bases: number[], totals: number[]): Posting {
  if (found.length === 0) return NONE;
  return { papers: new Int32Array(found), bases: new Float64Array(bases), totals: new Float64Array(totals) };
}

/**
 * An author term's posting: only the authors sharing its surname are compared (what evalTerm finds, since a name
 * matches only with equal surnames), each paper once.
 */
function authorPosting(query: string[], pairs: number[] | undefined, analyzed: AnalyzedPaper[]): Posting {
  if (pairs === undefined) return NONE;
  const found: number[] = [];
  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k]!;
    if (found.length > 0 && found[found.length - 1] === i) continue;
    if (nameMatches(query, analyzed[i]!.authors[pairs[k + 1]!]!)) found.push(i);
  }
  if (found.length === 0) return NONE;
  const n = found.length;
  const bases = new Float64Array(4 * n);
  const totals = new Float64Array(n);
  base[0] = 0;
  base[1] = 0;
  base[2] = AUTHOR_SCORE;
  base[3] = 0;
  const total = baseTotal(base);
  for (let j = 0; j < n; j++) {
    bases[4 * j + 2] = AUTHOR_SCORE;
    totals[j] = total;
  }
  return { papers: new Int32Array(found), bases, totals };
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Index of `paper` in the ascending range lo..hi (inclusive) of `papers`, or -1. */
function find(papers: Int32Array, paper: number, lo: number, hi: number): number {
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = papers[mid]!;
    if (v === paper) return mid;
    if (v < paper) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * One way a profile uses a distinct term: as written (label), with its weight and sign. Its Match objects are
 * made once per paper and shared, frozen, by every profile that uses the term the same way.
 */
interface Use {
  /** The distinct term. */
  d: number;
  /** Where the posting's papers and totals sit in the run's pools (the hot loop reads only these). */
  start: number;
  end: number;
  label: string;
  kind: TermKind;
  weight: number;
  excluded: boolean;
  /** Another use of a term with the same text (another kind, weight or sign). */
  next: Use | undefined;
  /** Per posting entry, the frozen Matches this use explains it with (made when first needed). */
  matches: (readonly Match[] | undefined)[];
}

/** The profiles' terms resolved: each profile's uses, every use once, every distinct matcher once. */
interface TermIndex {
  usesOf: Use[][];
  allUses: Use[];
  distinct: CompiledTerm[];
}

/** Each written form compiled once, each distinct matcher kept once, each way of using a term made once. */
function indexTerms(profiles: Map<string, Profile>, analyzer: Analyzer, stats: CorpusStats): TermIndex {
  const distinct: CompiledTerm[] = [];
  const bySignature = new Map<string, number>();
  // Per kind, so looking a term up needs no new string.
  const byText = { word: new Map<string, number>(), phrase: new Map<string, number>(), author: new Map<string, number>(), category: new Map<string, number>() };
  // Each way of writing a term (kind, text, weight, sign) resolved once to its use: one lookup by its text, then
  // a short chain of the uses sharing that text (`nerf`, `nerf^2`, `-nerf`, `cat:nerf`).
  const byUseText = new Map<string, Use>();
  const usesOf: Use[][] = [];
  const allUses: Use[] = [];
  const addUse = (term: Term): Use => {
    const known = byText[term.kind];
    let d = known.get(term.text);
    if (d === undefined) {
      const ct = compileTerm(term, analyzer, stats);
      d = bySignature.get(ct.signature);
      if (d === undefined) {
        d = distinct.length;
        bySignature.set(ct.signature, d);
        distinct.push(ct);
      }
      known.set(term.text, d);
    }
    const use: Use = {
      d,
      start: 0,
      end: 0,
      label: termLabel(term),
      kind: term.kind,
      weight: term.weight,
      excluded: term.excluded,
      matches: [],
      next: byUseText.get(term.text),
    };
    byUseText.set(term.text, use);
    allUses.push(use);
    return use;
  };
  for (const profile of profiles.values()) {
    const terms = profile.terms;
    const uses = new Array<Use>(terms.length);
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      let use = byUseText.get(term.text);
      while (use !== undefined && !(use.kind === term.kind && use.weight === term.weight && use.excluded === term.excluded)) use = use.next;
      if (use === undefined) use = addUse(term);
      uses[t] = use;
    }
    usesOf.push(uses);
  }
  return { usesOf, allUses, distinct };
}

/** Every distinct term's posting, copied end to end into the pools; each use learns its range. */
function buildPools(index: TermIndex, analyzed: AnalyzedPaper[], stats: CorpusStats): { poolPapers: Int32Array; poolTotals: Float64Array; poolBases: Float64Array } {
  const { distinct, allUses } = index;
  // Match each distinct term once: only against papers holding its rarest key today (or its category / surname).
  // Only the keys some profile looks for are indexed (a few thousand of the day's tens of thousands).
  const wanted = new Set<string>();
  for (const ct of distinct) for (const p of ct.alternatives) for (const k of p.keys) wanted.add(k);
  const dayIndex = indexPapers(analyzed, wanted);
  const stamp = new Int32Array(analyzed.length).fill(-1);
  const others = new Int32Array(analyzed.length).fill(-1);
  const postings = distinct.map((ct, d) => buildPosting(ct, d, dayIndex, analyzed, stats, stamp, others));
  // The phrase matcher's scratch must not keep the day index alive once the postings are made.
  lists.length = 0;
  // Every posting's papers and totals copied end to end into two pools: a profile's terms are read as ranges of
  // one array each, not as objects with their own scattered buffers.
  const starts = new Int32Array(postings.length + 1);
  for (let d = 0; d < postings.length; d++) starts[d + 1] = starts[d]! + postings[d]!.papers.length;
  const poolPapers = new Int32Array(starts[postings.length]!);
  const poolTotals = new Float64Array(starts[postings.length]!);
  const poolBases = new Float64Array(4 * starts[postings.length]!);
  for (let d = 0; d < postings.length; d++) {
    poolPapers.set(postings[d]!.papers, starts[d]!);
    poolTotals.set(postings[d]!.totals, starts[d]!);
    poolBases.set(postings[d]!.bases, 4 * starts[d]!);
  }
  for (const use of allUses) {
    use.start = starts[use.d]!;
    use.end = starts[use.d + 1]!;
  }
  return { poolPapers, poolTotals, poolBases };
}

export function rankMany(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): Map<string, RankedPaper[]> {
  const { analyzer, stats } = opts;
  const analyzed = papers.map((p) => analyzer.analyzePaper(p));
  // Separate functions per phase: each is optimized (and, if need be, deoptimized) on its own.
  const index = indexTerms(profiles, analyzer, stats);
  const pools = buildPools(index, analyzed, stats);
  const n = papers.length;
  const scratch: Scratch = {
    ...pools,
    score: new Float64Array(n),
    mask: new Int32Array(n),
    excluded: new Int32Array(n).fill(-1),
    touched: new Int32Array(n),
    topPaper: new Int32Array(n),
    topScore: new Float64Array(n),
    topMask: new Int32Array(n),
    ids: papers.map((x) => x.id),
  };
  const out = rankProfiles(profiles, index.usesOf, papers, opts, scratch);
  matchLists.length = 0;
  return out;
}

/** Each profile adds its terms' postings in profile order: the same additions, in the same order, as scorePaper. */
function rankProfiles(profiles: Map<string, Profile>, usesOf: Use[][], papers: Paper[], opts: RankManyOptions, scratch: Scratch): Map<string, RankedPaper[]> {
  const out = new Map<string, RankedPaper[]>();
  let p = 0;
  for (const name of profiles.keys()) {
    const own = opts.perProfile?.get(name);
    const threshold = own?.threshold ?? opts.threshold ?? 0;
    const limit = own?.limit ?? opts.limit ?? Infinity;
    const uses = usesOf[p]!;
    const m = rankOne(p, uses, threshold, limit, scratch);
    // Only the chosen papers are explained, their matches read back from the postings.
    const ranked: RankedPaper[] = new Array<RankedPaper>(m);
    for (let k = 0; k < m; k++) ranked[k] = explainCandidate(scratch.topPaper[k]!, scratch.topScore[k]!, scratch.topMask[k]!, uses, papers, scratch);
    out.set(name, ranked);
    p++;
  }
  return out;
}

interface Scratch {
  /** All postings' papers and totals, end to end (a use's range is start..end). */
  poolPapers: Int32Array;
  poolTotals: Float64Array;
  /** And their per-field base scores, 4 per entry. */
  poolBases: Float64Array;
  /** Per paper: the profile's score so far, and which of its terms (bit t; bit 31 for any past the 31st) matched. */
  score: Float64Array;
  mask: Int32Array;
  /** Per paper: the last profile one of whose excluded terms matched it. */
  excluded: Int32Array;
  touched: Int32Array;
  /** The chosen papers, best first (rankOne's result). */
  topPaper: Int32Array;
  topScore: Float64Array;
  topMask: Int32Array;
  ids: string[];
}

/**
 * Whether paper a (score sa) ranks before paper b (score sb): compareRanked's order, then the papers' order in the
 * input (where rankPapers' stable sort leaves a paper listed twice).
 */
function before(sa: number, a: number, sb: number, b: number, ids: string[]): boolean {
  if (sa !== sb) return sa > sb;
  const x = ids[a]!;
  const y = ids[b]!;
  return x < y || (x === y && a < b);
}

/**
 * One profile's best papers from its terms' postings, into scratch.topPaper/topScore/topMask; returns how many.
 * No allocation: it runs once per profile.
 */
function rankOne(p: number, uses: Use[], threshold: number, limit: number, scratch: Scratch): number {
  const { score, mask, excluded, touched, poolPapers, poolTotals } = scratch;
  const n = score.length;
  let entries = 0;
  for (let t = 0; t < uses.length; t++) entries += uses[t]!.end - uses[t]!.start;
  // Many additions per paper: add without asking whether the paper was seen (score and mask are kept zero between
  // profiles, and 0 + c is what the first addition makes anyway), then find the touched papers by one sweep.
  const dense = entries * 4 >= n;
  let nt = 0;
  for (let t = 0; t < uses.length; t++) {
    const use = uses[t]!;
    const start = use.start;
    const end = use.end;
    if (use.excluded) {
      for (let j = start; j < end; j++) excluded[poolPapers[j]!] = p;
      continue;
    }
    const w = use.weight;
    const bit = t < 31 ? 1 << t : 1 << 31;
    if (dense) {
      for (let j = start; j < end; j++) {
        const i = poolPapers[j]!;
        score[i] = score[i]! + contribution(w, poolTotals[j]!);
        mask[i] = mask[i]! | bit;
      }
      continue;
    }
    for (let j = start; j < end; j++) {
      const i = poolPapers[j]!;
      const c = contribution(w, poolTotals[j]!);
      if (mask[i] === 0) {
        score[i] = 0 + c;
        mask[i] = bit;
        touched[nt++] = i;
      } else {
        score[i] = score[i]! + c;
        mask[i] = mask[i]! | bit;
      }
    }
  }
  if (limit > SMALL_LIMIT) {
    if (dense) for (let i = 0; i < n; i++) if (mask[i] !== 0) touched[nt++] = i;
    return rankAll(p, nt, threshold, Math.min(limit, nt), scratch);
  }
  // The best `limit` qualifying papers, kept sorted in a small buffer: no object until the winners are known.
  // Dense: one sweep over the papers both finds the touched ones and offers them. Once the buffer is full, a paper
  // scoring below its last is rejected by one comparison.
  const topScore = scratch.topScore;
  let m = 0;
  let cut = limit > 0 ? -Infinity : Infinity;
  if (dense) {
    // Every paper is read and cleared without a branch; once the buffer is full, most fall below its last score
    // (an untouched paper's 0 included: a matched term always adds more than 0).
    for (let i = 0; i < n; i++) {
      const s = score[i]!;
      const bits = mask[i]!;
      mask[i] = 0;
      score[i] = 0;
      if (s < cut || bits === 0 || s < threshold || excluded[i] === p) continue;
      m = offer(i, s, bits, m, limit, scratch);
      if (m === limit) cut = topScore[m - 1]!;
    }
  } else {
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      const s = score[i]!;
      const bits = mask[i]!;
      mask[i] = 0;
      score[i] = 0;
      if (s < cut || s < threshold || excluded[i] === p) continue;
      m = offer(i, s, bits, m, limit, scratch);
      if (m === limit) cut = topScore[m - 1]!;
    }
  }
  return m;
}

/** Offers paper i (score s, term bits) to the sorted top buffer holding m of at most cap; returns the new count. */
function offer(i: number, s: number, bits: number, m: number, cap: number, scratch: Scratch): number {
  const { topPaper, topScore, topMask, ids } = scratch;
  if (m >= cap) {
    if (cap <= 0 || !before(s, i, topScore[m - 1]!, topPaper[m - 1]!, ids)) return m;
    m--;
  }
  let at = m;
  while (at > 0 && before(s, i, topScore[at - 1]!, topPaper[at - 1]!, ids)) {
    topScore[at] = topScore[at - 1]!;
    topPaper[at] = topPaper[at - 1]!;
    topMask[at] = topMask[at - 1]!;
    at--;
  }
  topScore[at] = s;
  topPaper[at] = i;
  topMask[at] = bits;
  return m + 1;
}

/** Up to this many winners are kept by insertion into a sorted buffer; more are sorted at the end. */
const SMALL_LIMIT = 48;

/** rankOne's selection for large limits (or none): every qualifying paper, sorted, cut to `cap`. */
function rankAll(p: number, nt: number, threshold: number, cap: number, scratch: Scratch): number {
  const { score, mask, excluded, touched, ids, topPaper, topScore, topMask } = scratch;
  const keep: number[] = [];
  for (let k = 0; k < nt; k++) {
    const i = touched[k]!;
    if (excluded[i] !== p && score[i]! >= threshold) keep.push(i);
  }
  keep.sort((a, b) => (before(score[a]!, a, score[b]!, b, ids) ? -1 : before(score[b]!, b, score[a]!, a, ids) ? 1 : 0));
  const m = Math.min(cap, keep.length);
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    topPaper[k] = i;
    topScore[k] = score[i]!;
    topMask[k] = mask[i]!;
  }
  for (let k = 0; k < nt; k++) {
    mask[touched[k]!] = 0;
    score[touched[k]!] = 0;
  }
  return m;
}

const matchLists: (readonly Match[])[] = [];

/** The RankedPaper of a chosen paper: its matches read back from the postings, shared across profiles. */
function explainCandidate(paper: number, score: number, bits: number, uses: Use[], papers: Paper[], scratch: Scratch): RankedPaper {
  const { poolPapers, poolBases } = scratch;
  let found = 0;
  let length = 0;
  for (let t = 0; t < uses.length; t++) {
    if (t < 31 && (bits & (1 << t)) === 0) continue;
    const use = uses[t]!;
    if (use.excluded) continue;
    const entry = find(poolPapers, paper, use.start, use.end - 1);
    if (entry < 0) continue;
    const at = entry - use.start;
    let ms = use.matches[at];
    if (ms === undefined) {
      const made: Match[] = [];
      for (let f = 0; f < FIELDS.length; f++) {
        const b = poolBases[4 * entry + f]!;
        if (b > 0) made.push(Object.freeze({ term: use.label, field: FIELDS[f]!, score: fieldShare(use.weight, b) }));
      }
      ms = made;
      use.matches[at] = ms;
    }
    matchLists[found++] = ms;
    length += ms.length;
  }
  const matched = new Array<Match>(length);
  let at = 0;
  for (let u = 0; u < found; u++) {
    const ms = matchLists[u]!;
    for (let k = 0; k < ms.length; k++) matched[at++] = ms[k] as Match;
  }
  return { paper: papers[paper]!, score, matched };
}
