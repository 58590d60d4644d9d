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

/** Each paper's place in (id, input) order. */
export function idOrder(ids: readonly string[]): Int32Array {
  const byId = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b));
  const order = new Int32Array(ids.length);
  byId.forEach((paper, place) => (order[paper] = place));
  return order;
}

/**
 * One profile's selection at a time, with scratch reused across profiles. After select(), the winners are
 * topPaper/topScore/topMask[0 .. m), best first, and winnerEntry(k, t) says where winner k's paper sits in the
 * posting of the profile's term t (t < 31; -1 when the term did not match it).
 */
export class Selector {
  readonly topPaper: Int32Array;
  readonly topScore: Float64Array;
  readonly topMask: Int32Array;
  /** Per paper: the profile's score so far, and which of its terms (bit t; bit 31 for any past the 31st) matched. */
  private readonly score: Float64Array;
  private readonly mask: Int32Array;
  /** Per paper: the last profile one of whose excluded terms matched it. */
  private readonly excluded: Int32Array;
  private readonly touched: Int32Array;
  /** At t * papers + i: where the profile's term t (t < 31) found paper i in the pool, valid when bit t is set. */
  private readonly entry: Int32Array;

  constructor(private readonly day: Day) {
    const n = day.papers;
    let widest = 0;
    for (let p = 0; p + 1 < day.termStart.length; p++) widest = Math.max(widest, day.termStart[p + 1]! - day.termStart[p]!);
    this.score = new Float64Array(n);
    this.mask = new Int32Array(n);
    this.excluded = new Int32Array(n).fill(-1);
    this.touched = new Int32Array(n);
    this.entry = new Int32Array(Math.min(widest, BITS) * n);
    this.topPaper = new Int32Array(n);
    this.topScore = new Float64Array(n);
    this.topMask = new Int32Array(n);
  }

  /** Where winner k's paper sits in term t's posting (t < 31), or -1. */
  winnerEntry(k: number, t: number): number {
    return (this.topMask[k]! & (1 << t)) === 0 ? -1 : this.entry[t * this.day.papers + this.topPaper[k]!]!;
  }

  /**
   * Profile p's best papers: its terms' contributions added in profile order (the same additions, in the same
   * order, as scorePaper), excluded papers dropped, at least `threshold`, at most `limit`. Returns how many.
   */
  select(p: number, threshold: number, limit: number): number {
    const { score, mask, excluded, touched, entry } = this;
    const { poolPapers, poolTotals, useStart, useEnd, useWeight, useExcluded, useOf, termStart } = this.day;
    const n = score.length;
    const from = termStart[p]!;
    const to = termStart[p + 1]!;
    let entries = 0;
    for (let k = from; k < to; k++) entries += useEnd[useOf[k]!]! - useStart[useOf[k]!]!;
    // Many additions per paper: add without asking whether the paper was seen (score and mask are kept zero
    // between profiles, and 0 + c is what the first addition makes anyway), then find the touched papers by one
    // sweep.
    const dense = entries * 4 >= n;
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
      const t = k - from;
      const bit = t < BITS ? 1 << t : 1 << BITS;
      // Where each paper's entry is, for explaining the winners without a search.
      const at = t < BITS ? t * n : -1;
      if (dense) {
        for (let j = start; j < end; j++) {
          const i = poolPapers[j]!;
          score[i] = score[i]! + contribution(w, poolTotals[j]!);
          mask[i] = mask[i]! | bit;
          if (at >= 0) entry[at + i] = j;
        }
        continue;
      }
      for (let j = start; j < end; j++) {
        const i = poolPapers[j]!;
        const c = contribution(w, poolTotals[j]!);
        if (at >= 0) entry[at + i] = j;
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
      return this.selectAll(p, nt, threshold, Math.min(limit, nt));
    }
    // The best `limit` qualifying papers, kept sorted in a small buffer: no object until the winners are known.
    // Dense: one sweep over the papers both finds the touched ones and offers them. Once the buffer is full, a
    // paper scoring below its last is rejected by one comparison.
    const topScore = this.topScore;
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
        m = this.offer(i, s, bits, m, limit);
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
        m = this.offer(i, s, bits, m, limit);
        if (m === limit) cut = topScore[m - 1]!;
      }
    }
    return m;
  }

  /** Whether paper a (score sa) ranks before paper b (score sb): best score first, then (id, input) order. */
  private before(sa: number, a: number, sb: number, b: number): boolean {
    return sa !== sb ? sa > sb : this.day.order[a]! < this.day.order[b]!;
  }

  /** Offers paper i (score s, term bits) to the sorted top buffer holding m of at most cap; returns the new count. */
  private offer(i: number, s: number, bits: number, m: number, cap: number): number {
    const { topPaper, topScore, topMask } = this;
    if (m >= cap) {
      if (cap <= 0 || !this.before(s, i, topScore[m - 1]!, topPaper[m - 1]!)) return m;
      m--;
    }
    let at = m;
    while (at > 0 && this.before(s, i, topScore[at - 1]!, topPaper[at - 1]!)) {
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

  /** select()'s choice for large limits (or none): every qualifying paper, sorted, cut to `cap`. */
  private selectAll(p: number, nt: number, threshold: number, cap: number): number {
    const { score, mask, excluded, touched, topPaper, topScore, topMask } = this;
    const keep: number[] = [];
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      if (excluded[i] !== p && score[i]! >= threshold) keep.push(i);
    }
    keep.sort((a, b) => (this.before(score[a]!, a, score[b]!, b) ? -1 : this.before(score[b]!, b, score[a]!, a) ? 1 : 0));
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
}
