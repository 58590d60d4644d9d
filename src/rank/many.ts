// Ranking many profiles at once. The profiles' terms are indexed and deduplicated (10,000 profiles share a few
// thousand distinct terms); each distinct term is matched once against the day's papers through the papers' own
// key index, giving a posting list; each profile then adds up its terms' postings. No profile x paper loop.
import type { Paper } from '../paper.js';
import type { Profile, Term, TermKind } from '../profile/profile.js';
import type { Match, RankedPaper } from '../ranking.js';
import { runEnd, type AnalyzedPaper, type Analyzer, type Pattern } from '../text/analyzer.js';
import type { KeySpace } from '../text/keys.js';
import { compileTerm, termLabel, type CompiledTerm } from './compile.js';
import type { RankOptions } from './rank.js';
import type { CorpusStats } from './stats.js';
import { hasPosition, runFrequency, type IdPattern } from './runs.js';
import { AUTHOR_SCORE, baseTotal, evalTerm, FIELDS, fieldShare, nameMatches, textBases } from './score.js';
import { BITS, idOrder, Selector, type Day } from './select.js';

export interface RankManyOptions extends RankOptions {
  /** Per-profile threshold / limit, overriding the shared ones. */
  perProfile?: Map<string, { threshold?: number; limit?: number }>;
}

/**
 * The pools being written: each distinct term's posting (the papers, ascending, where it matched, with its per-field
 * base scores, 4 per paper, and their total) appended in turn, straight into typed arrays that grow as needed.
 */
class PoolWriter {
  papers = new Int32Array(1024);
  totals = new Float64Array(1024);
  bases = new Float64Array(4096);
  length = 0;

  /** Appends paper i with the base scores in `b` (FIELDS order). */
  add(i: number, b: Float64Array): void {
    if (this.length === this.papers.length) this.grow();
    const j = this.length++;
    this.papers[j] = i;
    this.totals[j] = baseTotal(b);
    this.bases[4 * j] = b[0]!;
    this.bases[4 * j + 1] = b[1]!;
    this.bases[4 * j + 2] = b[2]!;
    this.bases[4 * j + 3] = b[3]!;
  }

  private grow(): void {
    const papers = new Int32Array(2 * this.papers.length);
    const totals = new Float64Array(2 * this.totals.length);
    const bases = new Float64Array(2 * this.bases.length);
    papers.set(this.papers);
    totals.set(this.totals);
    bases.set(this.bases);
    this.papers = papers;
    this.totals = totals;
    this.bases = bases;
  }
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
  /** The key's frequency in each paper's title and abstract. */
  title: number[];
  abstract: number[];
  /** Where the key's run starts in each paper's analysed title and abstract (its positions: `at[from..from+tf)`). */
  titleFrom: number[];
  abstractFrom: number[];
}

/** Records that paper i (the last listed, or a new entry) holds the key `count` times in a field, its run at `from`. */
function record(e: KeyPapers, i: number, inAbstract: boolean, from: number, count: number): void {
  let at = e.papers.length - 1;
  if (at < 0 || e.papers[at] !== i) {
    e.papers.push(i);
    e.title.push(0);
    e.abstract.push(0);
    e.titleFrom.push(0);
    e.abstractFrom.push(0);
    at++;
  }
  if (inAbstract) {
    e.abstract[at] = count;
    e.abstractFrom[at] = from;
  } else {
    e.title[at] = count;
    e.titleFrom[at] = from;
  }
}

/** The day index of the keys some profile wants, read off the papers' key runs (ids, not strings). */
function indexPapers(analyzed: AnalyzedPaper[], wanted: Set<string>, keySpace: KeySpace): DayIndex {
  const keys = new Map<string, KeyPapers>();
  const categories = new Map<string, number[]>();
  const surnames = new Map<string, number[]>();
  const slotOf = new Int32Array(keySpace.keyCount()).fill(-1);
  const slots: KeyPapers[] = [];
  const names: string[] = [];
  for (const k of wanted) {
    const id = keySpace.keyId(k);
    if (id < 0) continue;
    slotOf[id] = slots.length;
    slots.push({ papers: [], title: [], abstract: [], titleFrom: [], abstractFrom: [] });
    names.push(k);
  }
  const add = (index: Map<string, number[]>, key: string, i: number): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (let i = 0; i < analyzed.length; i++) {
    const a = analyzed[i]!;
    for (const [text, inAbstract] of [[a.title, false], [a.abstract, true]] as const) {
      const ids = text.ids;
      for (let k = 0; k < ids.length; ) {
        const end = runEnd(ids, k);
        const s = slotOf[ids[k]!]!;
        if (s >= 0) record(slots[s]!, i, inAbstract, k, end - k);
        k = end;
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
  for (let s = 0; s < slots.length; s++) if (slots[s]!.papers.length > 0) keys.set(names[s]!, slots[s]!);
  return { keys, categories, surnames };
}

const base = new Float64Array(4);

/** Where one distinct term matches today, evaluated only on the papers that hold its rarest key: appended to `out`. */
function buildPosting(
  ct: CompiledTerm,
  d: number,
  dayIndex: DayIndex,
  analyzed: AnalyzedPaper[],
  stats: CorpusStats,
  stamp: Int32Array,
  others: Int32Array,
  keySpace: KeySpace,
  out: PoolWriter,
): void {
  const alt = ct.alternatives;
  if (alt.length === 1 && alt[0]!.keys.length === 1) return singleKeyPosting(ct.idf, dayIndex.keys.get(alt[0]!.keys[0]!), analyzed, stats, out);
  if (alt.length === 1 && ct.term.kind !== 'category') return phrasePosting(ct.idf, alt[0]!, dayIndex, analyzed, stats, out);
  if (ct.term.kind === 'author') return authorPosting(ct.name, dayIndex.surnames.get(ct.name[ct.name.length - 1] ?? ''), analyzed, out);
  let candidates: number[];
  // Spellings by key id; one holding a key no analysed text has cannot match.
  const idAlternatives: IdPattern[] | undefined =
    ct.term.kind === 'category'
      ? undefined
      : alt.map((p) => ({ ids: p.keys.map((k) => keySpace.keyId(k)), offsets: p.offsets })).filter((p) => p.ids.every((id) => id >= 0));
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
  let j = 0;
  for (const i of candidates) {
    if (own !== undefined && others[i] !== d) {
      // Only the word's own key can occur here: its places are exactly the key's (distinct) positions.
      while (own.papers[j]! < i) j++;
      const a = analyzed[i]!;
      base[2] = 0;
      base[3] = 0;
      textBases(ct.idf, own.title[j]!, a.title.length, own.abstract[j]!, a.abstract.length, stats, base);
    } else if (ct.term.kind === 'category') {
      if (!evalTerm(ct, analyzed[i]!, stats, base)) continue;
    } else {
      // Several spellings: counted on the paper's key runs, as termFrequency counts them on its key map.
      const a = analyzed[i]!;
      const tfTitle = runFrequency(a.title, idAlternatives!);
      const tfAbstract = runFrequency(a.abstract, idAlternatives!);
      if (tfTitle === 0 && tfAbstract === 0) continue;
      base[2] = 0;
      base[3] = 0;
      textBases(ct.idf, tfTitle, a.title.length, tfAbstract, a.abstract.length, stats, base);
    }
    out.add(i, base);
  }
}

/** A one-key word's posting, straight from the day index's frequencies: what evalTerm computes, without lookups. */
function singleKeyPosting(termIdf: number, entry: KeyPapers | undefined, analyzed: AnalyzedPaper[], stats: CorpusStats, out: PoolWriter): void {
  if (entry === undefined) return;
  base[2] = 0;
  base[3] = 0;
  for (let j = 0; j < entry.papers.length; j++) {
    const i = entry.papers[j]!;
    const a = analyzed[i]!;
    textBases(termIdf, entry.title[j]!, a.title.length, entry.abstract[j]!, a.abstract.length, stats, base);
    out.add(i, base);
  }
}

const cursor: number[] = [];
const lists: KeyPapers[] = [];

/**
 * A one-pattern phrase's posting (`field of view`): the papers holding all its keys, found by walking the keys'
 * ascending lists together, its occurrences counted on the papers' key runs. What evalTerm counts
 * (patternCount), without looking the keys up in each paper.
 */
function phrasePosting(termIdf: number, pattern: Pattern, dayIndex: DayIndex, analyzed: AnalyzedPaper[], stats: CorpusStats, out: PoolWriter): void {
  const keys = pattern.keys;
  const offsets = pattern.offsets;
  const nk = keys.length;
  for (let k = 0; k < nk; k++) {
    const e = dayIndex.keys.get(keys[k]!);
    if (e === undefined) return;
    lists[k] = e;
    cursor[k] = 0;
  }
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
      if (c === papers.length) return;
      if (papers[c] !== i) all = false;
    }
    if (!all) continue;
    const a = analyzed[i]!;
    const tfTitle = occurrences(a.title.at, first.titleFrom[j0]!, first.title[j0]!, nk, offsets, true);
    const tfAbstract = occurrences(a.abstract.at, first.abstractFrom[j0]!, first.abstract[j0]!, nk, offsets, false);
    if (tfTitle === 0 && tfAbstract === 0) continue;
    textBases(termIdf, tfTitle, a.title.length, tfAbstract, a.abstract.length, stats, base);
    out.add(i, base);
  }
}

/**
 * Places in one field (its positions `at`) where the pattern's first key sits (its run: `at[from..from+count)`) and
 * every other key at its offset (lists/cursor set on the paper).
 */
function occurrences(at: Int32Array, from: number, count: number, nk: number, offsets: number[], title: boolean): number {
  let n = 0;
  for (let q = from; q < from + count; q++) {
    const pos = at[q]!;
    let ok = true;
    for (let k = 1; k < nk && ok; k++) {
      const e = lists[k]!;
      const c = cursor[k]!;
      const start = title ? e.titleFrom[c]! : e.abstractFrom[c]!;
      ok = hasPosition(at, start, start + (title ? e.title[c]! : e.abstract[c]!), pos + offsets[k]!);
    }
    if (ok) n++;
  }
  return n;
}

/**
 * An author term's posting: only the authors sharing its surname are compared (what evalTerm finds, since a name
 * matches only with equal surnames), each paper once.
 */
function authorPosting(query: string[], pairs: number[] | undefined, analyzed: AnalyzedPaper[], out: PoolWriter): void {
  if (pairs === undefined) return;
  base[0] = 0;
  base[1] = 0;
  base[2] = AUTHOR_SCORE;
  base[3] = 0;
  let last = -1;
  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k]!;
    if (i === last) continue;
    if (nameMatches(query, analyzed[i]!.authors[pairs[k + 1]!]!)) {
      out.add(i, base);
      last = i;
    }
  }
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
 * One way profiles use a distinct term: as written (label), with its weight and sign. Its Match objects (read-only)
 * are made once per paper and field, and shared by every profile that uses the term the same way (PreparedDay's
 * `slots`).
 */
export interface Use {
  /** The distinct term. */
  d: number;
  label: string;
  kind: TermKind;
  weight: number;
  excluded: boolean;
}

/**
 * The profiles' terms resolved: profile p's terms are the uses useOf[termStart[p]] .. useOf[termStart[p + 1] - 1],
 * in profile order; every use is made once, every distinct matcher compiled once.
 */
export interface TermIndex {
  termStart: Int32Array;
  useOf: Int32Array;
  uses: Use[];
  distinct: CompiledTerm[];
}

/** Each written form compiled once, each distinct matcher kept once, each way of using a term made once. */
function indexTerms(profiles: Map<string, Profile>, analyzer: Analyzer, stats: CorpusStats): TermIndex {
  const distinct: CompiledTerm[] = [];
  const bySignature = new Map<string, number>();
  // Per kind, so looking a term up needs no new string.
  const byText = { word: new Map<string, number>(), phrase: new Map<string, number>(), author: new Map<string, number>(), category: new Map<string, number>() };
  // A term's canonical source (`nerf^2`, `-"a b"`, `cat:cs.RO`; parseProfile and termSource make it) names its
  // use: one lookup per term. A hand-made Term whose source disagrees with its kind, weight or sign gets a use of
  // its own, found by its fields. (Comparing texts too would cost a string comparison per term.)
  const bySource = new Map<string, number>();
  const byFields = new Map<string, number>();
  const uses: Use[] = [];
  // The Term each use was made from: parsed profiles share one Term object per distinct term, met again by
  // identity without comparing its fields.
  const madeFrom: Term[] = [];
  const distinctOf = (term: Term): number => {
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
    return d;
  };
  const addUse = (term: Term): number => {
    uses.push({ d: distinctOf(term), label: termLabel(term), kind: term.kind, weight: term.weight, excluded: term.excluded });
    madeFrom.push(term);
    return uses.length - 1;
  };
  let total = 0;
  for (const profile of profiles.values()) total += profile.terms.length;
  const termStart = new Int32Array(profiles.size + 1);
  const useOf = new Int32Array(total);
  let k = 0;
  let p = 0;
  for (const profile of profiles.values()) {
    const terms = profile.terms;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      let u = bySource.get(term.source);
      if (u === undefined) {
        u = addUse(term);
        bySource.set(term.source, u);
      }
      const use = madeFrom[u] === term ? undefined : uses[u]!;
      if (use !== undefined && (use.weight !== term.weight || use.excluded !== term.excluded || use.kind !== term.kind)) {
        const fields = `${term.kind}\u0000${term.text}\u0000${term.weight}\u0000${term.excluded}`;
        u = byFields.get(fields);
        if (u === undefined) {
          u = addUse(term);
          byFields.set(fields, u);
        }
      }
      useOf[k++] = u;
    }
    termStart[++p] = k;
  }
  return { termStart, useOf, uses, distinct };
}

/** Where each use's posting sits in the pools, and what the hot loop needs of it, by use. */
interface Pools {
  /** All postings' papers and totals, end to end (use u's range is useStart[u]..useEnd[u]). */
  poolPapers: Int32Array;
  poolTotals: Float64Array;
  /** And their per-field base scores, 4 per entry. */
  poolBases: Float64Array;
  useStart: Int32Array;
  useEnd: Int32Array;
  useWeight: Float64Array;
  useExcluded: Uint8Array;
}

/** Every distinct term's posting, written end to end into the pools; each use learns its range. */
function buildPools(index: TermIndex, analyzed: AnalyzedPaper[], stats: CorpusStats, keySpace: KeySpace): Pools {
  const { distinct, uses } = index;
  // Match each distinct term once: only against papers holding its rarest key today (or its category / surname).
  // Only the keys some profile looks for are indexed (a few thousand of the day's tens of thousands).
  const wanted = new Set<string>();
  for (const ct of distinct) for (const p of ct.alternatives) for (const k of p.keys) wanted.add(k);
  const dayIndex = indexPapers(analyzed, wanted, keySpace);
  const stamp = new Int32Array(analyzed.length).fill(-1);
  const others = new Int32Array(analyzed.length).fill(-1);
  // Every posting written end to end into the pools: a profile's terms are read as ranges of one array each, not
  // as objects with their own scattered buffers.
  const out = new PoolWriter();
  const starts = new Int32Array(distinct.length + 1);
  for (let d = 0; d < distinct.length; d++) {
    buildPosting(distinct[d]!, d, dayIndex, analyzed, stats, stamp, others, keySpace, out);
    starts[d + 1] = out.length;
  }
  // The phrase matcher's scratch must not keep the day index alive once the postings are made.
  lists.length = 0;
  // Cut to size (a view would carry the whole buffer to the worker).
  const poolPapers = out.papers.slice(0, out.length);
  const poolTotals = out.totals.slice(0, out.length);
  const poolBases = out.bases.slice(0, 4 * out.length);
  const useStart = new Int32Array(uses.length);
  const useEnd = new Int32Array(uses.length);
  const useWeight = new Float64Array(uses.length);
  const useExcluded = new Uint8Array(uses.length);
  for (let u = 0; u < uses.length; u++) {
    const use = uses[u]!;
    useStart[u] = starts[use.d]!;
    useEnd[u] = starts[use.d + 1]!;
    useWeight[u] = use.weight;
    useExcluded[u] = use.excluded ? 1 : 0;
  }
  return { poolPapers, poolTotals, poolBases, useStart, useEnd, useWeight, useExcluded };
}

/**
 * Everything selection and explanation need for one day: the profiles' terms resolved, their postings pooled,
 * and the day as the typed arrays a Selector reads (in this thread or another).
 */
export interface PreparedDay {
  day: Day;
  /** The per-field base scores of every pool entry (4 each), for explanations. */
  poolBases: Float64Array;
  /** Per pool entry, which fields it scored in (bit f: poolBases[4 * entry + f] is not 0). */
  poolFields: Uint8Array;
  /** The Match objects made so far. */
  made: Match[];
  /**
   * Per use, per entry of its posting and per field (4 slots each, from slotBase[u]): the Match it is explained
   * with, as its place in `made` plus 1, or 0 until first needed. (Typed: no slot for the collector to scan.)
   */
  slots: Int32Array;
  slotBase: Int32Array;
  uses: Use[];
  papers: Paper[];
  names: string[];
  thresholds: Float64Array;
  limits: Float64Array;
}

export function prepareDay(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): PreparedDay {
  return finishDay(resolveTerms(profiles, opts), profiles, papers, opts);
}

/** The first half of preparing a day, which needs no paper: the profiles' terms resolved and compiled. */
export function resolveTerms(profiles: Map<string, Profile>, opts: RankManyOptions): TermIndex {
  return indexTerms(profiles, opts.analyzer, opts.stats);
}

/** A day's papers analysed elsewhere (another thread), in the key space their texts use. */
export interface AnalysedDay {
  papers: AnalyzedPaper[];
  keys: KeySpace;
}

/**
 * The second half: the papers analysed (by the analyzer, unless `analysed` brings them), the postings pooled, the
 * day's typed arrays.
 */
export function finishDay(index: TermIndex, profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions, analysed?: AnalysedDay): PreparedDay {
  const { analyzer, stats } = opts;
  // Separate functions per phase: each is optimized (and, if need be, deoptimized) on its own.
  const analyzed = analysed?.papers ?? papers.map((p) => analyzer.analyzePaper(p));
  const { poolBases, ...pools } = buildPools(index, analyzed, stats, analysed?.keys ?? analyzer);
  const poolFields = new Uint8Array(pools.poolPapers.length);
  for (let e = 0; e < poolFields.length; e++) {
    let bits = 0;
    for (let f = 0; f < 4; f++) if (poolBases[4 * e + f] !== 0) bits |= 1 << f;
    poolFields[e] = bits;
  }
  const slotBase = new Int32Array(index.uses.length + 1);
  for (let u = 0; u < index.uses.length; u++) slotBase[u + 1] = slotBase[u]! + (pools.useExcluded[u] === 1 ? 0 : 4 * (pools.useEnd[u]! - pools.useStart[u]!));
  const names = [...profiles.keys()];
  const thresholds = new Float64Array(names.length);
  const limits = new Float64Array(names.length);
  names.forEach((name, p) => {
    const own = opts.perProfile?.get(name);
    thresholds[p] = own?.threshold ?? opts.threshold ?? 0;
    limits[p] = own?.limit ?? opts.limit ?? Infinity;
  });
  const day: Day = { ...pools, papers: papers.length, useOf: index.useOf, termStart: index.termStart, order: idOrder(papers.map((x) => x.id)) };
  return { day, poolBases, poolFields, made: [], slots: new Int32Array(slotBase[index.uses.length]!), slotBase, uses: index.uses, papers, names, thresholds, limits };
}

export function rankMany(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): Map<string, RankedPaper[]> {
  return selectInThread(prepareDay(profiles, papers, opts), 0, new Map());
}

/** Selects and explains profiles from `first` on in this thread, adding them to `out` in profile order. */
export function selectInThread(prepared: PreparedDay, first: number, out: Map<string, RankedPaper[]>): Map<string, RankedPaper[]> {
  const selector = new Selector(prepared.day);
  const entries = new Int32Array(BITS);
  for (let p = first; p < prepared.names.length; p++) {
    const m = selector.select(p, prepared.thresholds[p]!, prepared.limits[p]!);
    const terms = Math.min(prepared.day.termStart[p + 1]! - prepared.day.termStart[p]!, BITS);
    // Only the chosen papers are explained, their matches read back from the postings.
    const ranked: RankedPaper[] = new Array<RankedPaper>(m);
    for (let k = 0; k < m; k++) {
      for (let t = 0; t < terms; t++) entries[t] = selector.winnerEntry(k, t);
      ranked[k] = explainWinner(prepared, p, selector.topPaper[k]!, selector.topScore[k]!, entries, 0);
    }
    out.set(prepared.names[p]!, ranked);
  }
  return out;
}

/**
 * The RankedPaper of one of profile p's winners: its matches read back from the postings, shared across profiles.
 * `entries[base + t]` is where the paper sits in the posting of the profile's term t (t < 31; -1 if it did not
 * match); terms past the 31st are looked up.
 */
export function explainWinner(prepared: PreparedDay, p: number, paper: number, score: number, entries: Int32Array, base: number): RankedPaper {
  const { day, poolBases, poolFields, uses, made, slots, slotBase } = prepared;
  const { poolPapers, useStart, useEnd, useOf, termStart, useExcluded } = day;
  const from = termStart[p]!;
  const to = termStart[p + 1]!;
  // Gathered in a reused scratch, then copied once into an array of the exact size (a pushed-to array would keep
  // room for 17).
  let n = 0;
  for (let k = from; k < to; k++) {
    const t = k - from;
    // Most of a profile's terms did not match a given winner: that is known before any use is looked at.
    // (An excluded term never matches a winner, so its entry is -1 too.)
    if (t < BITS && entries[base + t]! < 0) continue;
    const u = useOf[k]!;
    if (useExcluded[u] === 1) continue;
    const start = useStart[u]!;
    const e = t < BITS ? entries[base + t]! : find(poolPapers, paper, start, useEnd[u]! - 1);
    if (e < 0) continue;
    const slot = slotBase[u]! + 4 * (e - start);
    const fields = poolFields[e]!;
    for (let f = 0; f < 4; f++) {
      if ((fields & (1 << f)) === 0) continue;
      const known = slots[slot + f]!;
      let m: Match;
      if (known === 0) {
        const use = uses[u]!;
        m = { term: use.label, field: FIELDS[f]!, score: fieldShare(use.weight, poolBases[4 * e + f]!) };
        slots[slot + f] = made.push(m);
      } else m = made[known - 1]!;
      gathered[n++] = m;
    }
  }
  const matched = new Array<Match>(n);
  for (let k = 0; k < n; k++) matched[k] = gathered[k]!;
  return { paper: prepared.papers[paper]!, score, matched };
}

/** explainWinner's scratch (Match objects are shared anyway, so holding the last ones keeps nothing alive). */
const gathered: Match[] = [];
