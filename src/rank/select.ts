// Choosing each profile's best papers from the day's postings: plain typed arrays in, typed arrays out, so the
// same code runs in the caller's thread (rankMany) or in a worker thread (the rank pool). No Paper, no string.
import { contribution } from './score.js';

/**
 * The day's postings and how the profiles use them. Use u's posting is poolPapers/poolTotals[useStart[u] ..
 * useEnd[u]) (papers ascending); profile p's terms are the uses useOf[termStart[p] .. termStart[p + 1]).
 */
export interface Day {
  papers: number;
  poolPapers: Int32Array;
  poolTotals: Float64Array;
  useStart: Int32Array;
  useEnd: Int32Array;
  useWeight: Float64Array;
  useExcluded: Uint8Array;
  useOf: Int32Array;
  termStart: Int32Array;
  /** Per paper, its place in (id, input) order: equal scores rank by it, as compareRanked orders by id. */
  order: Int32Array;
}

/** Terms past the 31st share the mask's last bit (and are found by search when explained). */
export const BITS = 31;

/** Up to this many winners are kept by insertion into a sorted buffer; more are sorted at the end. */
const SMALL_LIMIT = 48;

/**
 * A posting this long or longer (relative to the day's papers) is also kept dense: its totals by paper, 0 where it
 * did not match, so adding it is one pass over the papers in order instead of a scatter through its entries.
 */
const DENSE_SHARE = 0.5;

/** Each paper's place in (id, input) order. */
export function idOrder(ids: readonly string[]): Int32Array {
  const byId = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b));
  const order = new Int32Array(ids.length);
  byId.forEach((paper, place) => (order[paper] = place));
  return order;
}

/**
 * One profile's selection at a time, with scratch reused across profiles. After select(), the winners are
 * topPaper/topScore[0 .. m), best first, and winnerEntry(k, t) says where winner k's paper sits in the posting of
 * the profile's term t (t < 31; -1 when the term did not match it).
 */
export class Selector {
  readonly topPaper: Int32Array;
  readonly topScore: Float64Array;
  /** Per paper: the profile's score so far. */
  private readonly score: Float64Array;
  /** Per paper: whether the profile touched it yet (scatter-only profiles). */
  private readonly seen: Uint8Array;
  /** Per paper: the last profile one of whose excluded terms matched it. */
  private readonly excluded: Int32Array;
  private readonly touched: Int32Array;
  /** Per use: its dense row (in denseTotals / denseEntry, n papers each), or -1 when it is only scattered. */
  private readonly denseOf: Int32Array;
  private readonly denseTotals: Float64Array;
  /** Per dense row and paper: where the paper sits in the pool, or -1. */
  private readonly denseEntry: Int32Array;
  /**
   * Per use: whether its contributions are all above 0 (parsed weights are): a profile all of whose uses are
   * can tell the papers it touched by their score.
   */
  private readonly positive: Uint8Array;
  /**
   * At t * papers + i: where the profile's scattered term t (t < 31) found paper i in the pool, written as it is
   * added. Stale where the term did not match i (left from an earlier profile): a valid one lies in the term's
   * posting and names paper i.
   */
  private readonly entry: Int32Array;
  /** winnerEntry(k, t) at k * BITS + t. */
  private readonly winners: Int32Array;

  constructor(private readonly day: Day) {
    const n = day.papers;
    const { poolPapers, poolTotals, useStart, useEnd, useWeight } = day;
    this.score = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.excluded = new Int32Array(n).fill(-1);
    this.touched = new Int32Array(n);
    this.topPaper = new Int32Array(n);
    this.topScore = new Float64Array(n);
    this.winners = new Int32Array(n * BITS);
    let widest = 0;
    for (let q = 0; q + 1 < day.termStart.length; q++) widest = Math.max(widest, day.termStart[q + 1]! - day.termStart[q]!);
    this.entry = new Int32Array(Math.min(widest, BITS) * n).fill(-1);
    const uses = useStart.length;
    this.denseOf = new Int32Array(uses).fill(-1);
    this.positive = new Uint8Array(uses);
    // Uses of one distinct term share its posting (the same range of the pool), so they share its dense row.
    const rowOf = new Map<number, number>();
    const rowEnd: number[] = [];
    for (let u = 0; u < uses; u++) {
      let positive = useWeight[u]! > 0;
      for (let j = useStart[u]!; j < useEnd[u]! && positive; j++) positive = poolTotals[j]! > 0;
      this.positive[u] = positive ? 1 : 0;
      if (useEnd[u]! - useStart[u]! < Math.max(1, DENSE_SHARE * n)) continue;
      let row = rowOf.get(useStart[u]!);
      if (row === undefined) {
        row = rowOf.size;
        rowOf.set(useStart[u]!, row);
        rowEnd.push(useEnd[u]!);
      }
      this.denseOf[u] = row;
    }
    this.denseTotals = new Float64Array(rowOf.size * n);
    this.denseEntry = new Int32Array(rowOf.size * n).fill(-1);
    for (const [start, row] of rowOf) {
      for (let j = start; j < rowEnd[row]!; j++) {
        this.denseTotals[row * n + poolPapers[j]!] = poolTotals[j]!;
        this.denseEntry[row * n + poolPapers[j]!] = j;
      }
    }
  }

  /** Where winner k's paper sits in term t's posting (t < 31), or -1. */
  winnerEntry(k: number, t: number): number {
    return this.winners[k * BITS + t]!;
  }

  /**
   * Profile p's best papers: its terms' contributions added in profile order (the same additions, in the same
   * order, as scorePaper), excluded papers dropped, at least `threshold`, at most `limit`. Returns how many.
   */
  select(p: number, threshold: number, limit: number): number {
    const { score, seen, excluded, touched, denseOf, denseTotals, positive, entry } = this;
    const { poolPapers, poolTotals, useStart, useEnd, useWeight, useExcluded, useOf, termStart } = this.day;
    const n = score.length;
    const from = termStart[p]!;
    const to = termStart[p + 1]!;
    // A profile with a dense term, or many entries, whose contributions are all above 0: every addition is made
    // without asking whether the paper was seen (0 + c is what the first addition makes anyway), and the papers it
    // touched are those whose score is above 0, found by one sweep. Otherwise each touched paper is listed once.
    let entries = 0;
    let sweep = true;
    let dense = false;
    for (let k = from; k < to; k++) {
      const u = useOf[k]!;
      if (useExcluded[u] === 1) continue;
      entries += useEnd[u]! - useStart[u]!;
      if (denseOf[u]! >= 0) dense = true;
      if (positive[u] === 0) sweep = false;
    }
    sweep = sweep && (dense || entries * 4 >= n);
    let nt = 0;
    for (let k = from; k < to; k++) {
      const u = useOf[k]!;
      const start = useStart[u]!;
      const end = useEnd[u]!;
      if (useExcluded[u] === 1) {
        for (let j = start; j < end; j++) excluded[poolPapers[j]!] = p;
        continue;
      }
      const w = useWeight[u]!;
      const row = sweep ? denseOf[u]! : -1;
      const t = k - from;
      const at = t < BITS ? t * n : -1;
      if (row >= 0) {
        // Adding 0 (w x 0) where the term did not match leaves the score as it was, bit for bit.
        const r = row * n;
        for (let i = 0; i < n; i++) score[i] = score[i]! + contribution(w, denseTotals[r + i]!);
      } else if (sweep) {
        for (let j = start; j < end; j++) {
          const i = poolPapers[j]!;
          score[i] = score[i]! + contribution(w, poolTotals[j]!);
          if (at >= 0) entry[at + i] = j;
        }
      } else {
        for (let j = start; j < end; j++) {
          const i = poolPapers[j]!;
          const c = contribution(w, poolTotals[j]!);
          if (at >= 0) entry[at + i] = j;
          if (seen[i] === 0) {
            score[i] = 0 + c;
            seen[i] = 1;
            touched[nt++] = i;
          } else score[i] = score[i]! + c;
        }
      }
    }
    let m: number;
    if (limit > SMALL_LIMIT) {
      if (sweep) for (let i = 0; i < n; i++) if (score[i]! > 0) touched[nt++] = i;
      m = this.selectAll(p, nt, threshold, Math.min(limit, nt));
    } else m = this.selectSmall(p, sweep, nt, threshold, limit);
    this.locate(p, m);
    return m;
  }

  /**
   * The best `limit` qualifying papers, kept sorted in a small buffer: no object until the winners are known. A
   * sweep reads and clears every paper without a branch; once the buffer is full, a paper scoring below its last
   * is rejected by one comparison (an untouched paper's 0 included).
   */
  private selectSmall(p: number, sweep: boolean, nt: number, threshold: number, limit: number): number {
    const { score, seen, excluded, touched, topScore } = this;
    let m = 0;
    let cut = limit > 0 ? -Infinity : Infinity;
    if (sweep) {
      for (let i = 0; i < score.length; i++) {
        const s = score[i]!;
        score[i] = 0;
        if (s < cut || s === 0 || s < threshold || excluded[i] === p) continue;
        m = this.offer(i, s, m, limit);
        if (m === limit) cut = topScore[m - 1]!;
      }
      return m;
    }
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      const s = score[i]!;
      seen[i] = 0;
      score[i] = 0;
      if (s < cut || s < threshold || excluded[i] === p) continue;
      m = this.offer(i, s, m, limit);
      if (m === limit) cut = topScore[m - 1]!;
    }
    return m;
  }

  /** Where each of the m winners sits in the postings of the profile's first 31 terms (-1 where it did not match). */
  private locate(p: number, m: number): void {
    const { winners, denseOf, denseEntry, topPaper, entry } = this;
    const { poolPapers, useStart, useEnd, useExcluded, useOf, termStart } = this.day;
    const n = this.score.length;
    const from = termStart[p]!;
    const terms = Math.min(termStart[p + 1]! - from, BITS);
    for (let t = 0; t < terms; t++) {
      const u = useOf[from + t]!;
      const row = denseOf[u]!;
      const start = useStart[u]!;
      const end = useEnd[u]!;
      for (let k = 0; k < m; k++) {
        const i = topPaper[k]!;
        let e: number;
        // An excluded term never matched a winner; a dense one may have been added densely or scattered.
        if (useExcluded[u] === 1) e = -1;
        else if (row >= 0) e = denseEntry[row * n + i]!;
        else {
          e = entry[t * n + i]!;
          if (e < start || e >= end || poolPapers[e] !== i) e = -1;
        }
        winners[k * BITS + t] = e;
      }
    }
  }

  /** Whether paper a (score sa) ranks before paper b (score sb): best score first, then (id, input) order. */
  private before(sa: number, a: number, sb: number, b: number): boolean {
    return sa !== sb ? sa > sb : this.day.order[a]! < this.day.order[b]!;
  }

  /** Offers paper i (score s) to the sorted top buffer holding m of at most cap; returns the new count. */
  private offer(i: number, s: number, m: number, cap: number): number {
    const { topPaper, topScore } = this;
    if (m >= cap) {
      if (cap <= 0 || !this.before(s, i, topScore[m - 1]!, topPaper[m - 1]!)) return m;
      m--;
    }
    let at = m;
    while (at > 0 && this.before(s, i, topScore[at - 1]!, topPaper[at - 1]!)) {
      topScore[at] = topScore[at - 1]!;
      topPaper[at] = topPaper[at - 1]!;
      at--;
    }
    topScore[at] = s;
    topPaper[at] = i;
    return m + 1;
  }

  /** select()'s choice for large limits (or none): every qualifying paper, sorted, cut to `cap`. */
  private selectAll(p: number, nt: number, threshold: number, cap: number): number {
    const { score, seen, excluded, touched, topPaper, topScore } = this;
    const keep: number[] = [];
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      if (excluded[i] !== p && score[i]! >= threshold) keep.push(i);
    }
    keep.sort((a, b) => (this.before(score[a]!, a, score[b]!, b) ? -1 : this.before(score[b]!, b, score[a]!, a) ? 1 : 0));
    const m = Math.min(cap, keep.length);
    for (let k = 0; k < m; k++) {
      topPaper[k] = keep[k]!;
      topScore[k] = score[keep[k]!]!;
    }
    // Every paper is cleared: a sweep's untouched ones hold 0 already.
    score.fill(0);
    seen.fill(0);
    return m;
  }
}
