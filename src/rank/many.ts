// Ranking many profiles at once. The profiles' terms are indexed and deduplicated (10,000 profiles share a few
// thousand distinct terms); each distinct term is matched once against the day's papers through the papers' own
// key index, giving a posting list; each profile then adds up its terms' postings. No profile x paper loop.
import type { Paper } from '../paper.js';
import type { Profile } from '../profile/profile.js';
import type { Match, RankedPaper } from '../ranking.js';
import type { AnalyzedPaper } from '../text/analyzer.js';
import { compileTerm, termLabel, type CompiledTerm } from './compile.js';
import { compareRanked, type RankOptions } from './rank.js';
import type { CorpusStats } from './stats.js';
import { baseTotal, contribution, evalTerm, FIELDS, fieldShare } from './score.js';

export interface RankManyOptions extends RankOptions {
  /** Per-profile threshold / limit, overriding the shared ones. */
  perProfile?: Map<string, { threshold?: number; limit?: number }>;
}

interface Candidate {
  paper: number;
  score: number;
  id: string;
  /** Bit t set when the profile's term t matched. */
  mask: number;
}

/** Papers (ascending index) where one distinct term matched, with its per-field base scores (4 per paper). */
interface Posting {
  papers: Int32Array;
  bases: Float64Array;
  totals: Float64Array;
}

/** Papers (ascending index) holding each key, category or author surname: the day's papers' own index. */
interface DayIndex {
  keys: Map<string, number[]>;
  categories: Map<string, number[]>;
  surnames: Map<string, number[]>;
}

function indexPapers(analyzed: AnalyzedPaper[]): DayIndex {
  const keys = new Map<string, number[]>();
  const categories = new Map<string, number[]>();
  const surnames = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, i: number): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  analyzed.forEach((a, i) => {
    for (const k of a.title.keys.keys()) add(keys, k, i);
    for (const k of a.abstract.keys.keys()) add(keys, k, i);
    for (const c of a.categories) add(categories, c, i);
    for (const name of a.authors) {
      const surname = name[name.length - 1];
      if (surname !== undefined) add(surnames, surname, i);
    }
  });
  return { keys, categories, surnames };
}

const base = new Float64Array(4);

/** Where one distinct term matches today, evaluated only on the papers that hold its rarest key. */
function buildPosting(ct: CompiledTerm, d: number, dayIndex: DayIndex, analyzed: AnalyzedPaper[], stats: CorpusStats, stamp: Int32Array): Posting {
  let candidates: number[];
  if (ct.term.kind === 'category') candidates = dayIndex.categories.get(ct.category) ?? [];
  else if (ct.term.kind === 'author') candidates = dayIndex.surnames.get(ct.name[ct.name.length - 1] ?? '') ?? [];
  else {
    const lists: number[][] = [];
    for (const p of ct.alternatives) {
      // Papers holding every key of the pattern: the intersection of their ascending lists, rarest first.
      let common: number[] | undefined;
      const keyLists: number[][] = [];
      for (const k of p.keys) {
        const list = dayIndex.keys.get(k);
        if (list === undefined) break;
        keyLists.push(list);
      }
      if (keyLists.length < p.keys.length) continue;
      keyLists.sort((a, b) => a.length - b.length);
      for (const list of keyLists) common = common === undefined ? list : intersect(common, list);
      if (common !== undefined && common.length > 0) lists.push(common);
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
  for (const i of candidates) {
    if (!evalTerm(ct, analyzed[i]!, stats, base)) continue;
    found.push(i);
    bases.push(base[0]!, base[1]!, base[2]!, base[3]!);
    totals.push(baseTotal(base));
  }
  // Typed arrays: every profile using the term reads them, monomorphically.
  return { papers: Int32Array.from(found), bases: Float64Array.from(bases), totals: Float64Array.from(totals) };
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

/** Index of `paper` in an ascending posting, or -1. */
function find(papers: Int32Array, paper: number): number {
  let lo = 0;
  let hi = papers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = papers[mid]!;
    if (v === paper) return mid;
    if (v < paper) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function rankMany(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): Map<string, RankedPaper[]> {
  const { analyzer, stats } = opts;
  const analyzed = papers.map((p) => analyzer.analyzePaper(p));
  const dayIndex = indexPapers(analyzed);

  // The index of the profiles' terms: each written form compiled once, each distinct matcher kept once.
  const distinct: CompiledTerm[] = [];
  const bySignature = new Map<string, number>();
  // Per kind, so looking a term up needs no new string.
  const byText = { word: new Map<string, number>(), phrase: new Map<string, number>(), author: new Map<string, number>(), category: new Map<string, number>() };
  const termOf: Int32Array[] = [];
  for (const profile of profiles.values()) {
    const ids = new Int32Array(profile.terms.length);
    for (let i = 0; i < profile.terms.length; i++) {
      const term = profile.terms[i]!;
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
      ids[i] = d;
    }
    termOf.push(ids);
  }

  // Match each distinct term once: only against papers holding its rarest key today (or its category / surname).
  const stamp = new Int32Array(papers.length).fill(-1);
  const postings = distinct.map((ct, d) => buildPosting(ct, d, dayIndex, analyzed, stats, stamp));

  // Each profile adds its terms' postings in profile order: the same additions, in the same order, as scorePaper.
  const scratch: Scratch = {
    score: new Float64Array(papers.length),
    seen: new Int32Array(papers.length).fill(-1),
    excluded: new Int32Array(papers.length).fill(-1),
    mask: new Int32Array(papers.length),
    touched: [],
    pick: new Int32Array(papers.length),
    pickScore: new Float64Array(papers.length),
  };
  const chosen: Candidate[][] = [];
  let p = 0;
  for (const [name, profile] of profiles) {
    const own = opts.perProfile?.get(name);
    const threshold = own?.threshold ?? opts.threshold ?? 0;
    const limit = own?.limit ?? opts.limit ?? Infinity;
    chosen.push(rankOne(p, profile, termOf[p]!, postings, papers, threshold, limit, scratch));
    p++;
  }
  // Only the chosen papers are explained, their matches read back from the postings.
  const out = new Map<string, RankedPaper[]>();
  p = 0;
  for (const [name, profile] of profiles) {
    const ids = termOf[p]!;
    out.set(name, chosen[p]!.map((c) => explainCandidate(c, profile, ids, postings, papers)));
    p++;
  }
  return out;
}

interface Scratch {
  score: Float64Array;
  seen: Int32Array;
  excluded: Int32Array;
  /** Which of the profile's terms (bit t) matched each paper: explanations look only those up. */
  mask: Int32Array;
  touched: number[];
  pick: Int32Array;
  pickScore: Float64Array;
}

/** One profile's best papers from its terms' postings (kept small so V8 optimizes it as a whole). */
function rankOne(
  p: number,
  profile: Profile,
  ids: Int32Array,
  postings: Posting[],
  papers: Paper[],
  threshold: number,
  limit: number,
  scratch: Scratch,
): Candidate[] {
  const { score, seen, excluded, mask, touched, pick, pickScore } = scratch;
  touched.length = 0;
  for (let t = 0; t < ids.length; t++) {
    const term = profile.terms[t]!;
    const posting = postings[ids[t]!]!;
    const list = posting.papers;
    if (term.excluded) {
      for (let j = 0; j < list.length; j++) excluded[list[j]!] = p;
      continue;
    }
    const w = term.weight;
    const totals = posting.totals;
    // Terms past the 31st (only in hand-built profiles) have no bit: their matches are found by search.
    const bit = t < 31 ? 1 << t : 0;
    for (let j = 0; j < list.length; j++) {
      const i = list[j]!;
      const c = contribution(w, totals[j]!);
      if (seen[i] !== p) {
        seen[i] = p;
        score[i] = 0 + c;
        mask[i] = bit;
        touched.push(i);
      } else {
        score[i] = score[i]! + c;
        mask[i] = mask[i]! | bit;
      }
    }
  }
  // The papers that qualify, then the limit-th best score by selection: no object until the winners are known.
  let m = 0;
  for (let k = 0; k < touched.length; k++) {
    const i = touched[k]!;
    const s = score[i]!;
    if (excluded[i] === p || s < threshold) continue;
    pick[m] = i;
    pickScore[m] = s;
    m++;
  }
  if (limit <= 0 || m === 0) return [];
  let floor = -Infinity;
  if (m > limit) floor = kthLargest(pickScore, m, limit);
  const best: Candidate[] = [];
  for (let k = 0; k < m; k++) {
    if (pickScore[k]! >= floor) best.push({ paper: pick[k]!, score: pickScore[k]!, id: papers[pick[k]!]!.id, mask: mask[pick[k]!]! });
  }
  best.sort(compareRanked);
  if (best.length > limit) best.length = limit;
  return best;
}

/** The k-th largest of the first n values (quickselect on a copy; values is scratch the caller refills). */
function kthLargest(values: Float64Array, n: number, k: number): number {
  const a = kthScratch.length >= n ? kthScratch : (kthScratch = new Float64Array(n * 2));
  a.set(values.subarray(0, n));
  let lo = 0;
  let hi = n - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return a[want]!;
}
let kthScratch = new Float64Array(1024);

/** The RankedPaper of a chosen candidate: its matches read back from the postings. */
function explainCandidate(c: Candidate, profile: Profile, ids: Int32Array, postings: Posting[], papers: Paper[]): RankedPaper {
  const matched: Match[] = [];
  for (let t = 0; t < ids.length; t++) {
    if (t < 31 && (c.mask & (1 << t)) === 0) continue;
    if (profile.terms[t]!.excluded) continue;
    const term = profile.terms[t]!;
    const posting = postings[ids[t]!]!;
    const at = find(posting.papers, c.paper);
    if (at < 0) continue;
    const label = termLabel(term);
    for (let f = 0; f < FIELDS.length; f++) {
      const b = posting.bases[4 * at + f]!;
      if (b > 0) matched.push({ term: label, field: FIELDS[f]!, score: fieldShare(term.weight, b) });
    }
  }
  return { paper: papers[c.paper]!, score: c.score, matched };
}
