// Ranking many profiles at once through an inverted index of their terms: each paper is analysed once, each
// distinct term is evaluated once per paper, and only the profiles holding a matched term are touched.
import type { Paper } from '../paper.js';
import type { Profile } from '../profile/profile.js';
import type { Match, RankedPaper } from '../ranking.js';
import type { AnalyzedPaper } from '../text/analyzer.js';
import { compileTerm, termLabel, type CompiledTerm } from './compile.js';
import { compareRanked, type RankOptions } from './rank.js';
import { contribution, evalTerm, FIELDS } from './score.js';

export interface RankManyOptions extends RankOptions {
  /** Per-profile threshold / limit, overriding the shared ones. */
  perProfile?: Map<string, { threshold?: number; limit?: number }>;
}

interface Candidate {
  paper: number;
  score: number;
  id: string;
}

/** Where one distinct term is used: parallel arrays of (profile, term slot, weight, excluded). */
interface Uses {
  profiles: number[];
  slots: number[];
  weights: number[];
  excluded: boolean[];
}

export function rankMany(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): Map<string, RankedPaper[]> {
  const { analyzer, stats } = opts;
  const names = [...profiles.keys()];
  const profileList = [...profiles.values()];

  // Distinct terms (by what they match), each with the profile slots that use it.
  const distinct: CompiledTerm[] = [];
  const uses: Uses[] = [];
  const bySignature = new Map<string, number>();
  const compileCache = new Map<string, CompiledTerm>();
  const firstSlot = new Int32Array(profileList.length + 1);
  const slotTerm: number[] = [];
  let slot = 0;
  for (let p = 0; p < profileList.length; p++) {
    firstSlot[p] = slot;
    for (const term of profileList[p]!.terms) {
      // Profiles share terms; compile each written form once.
      const cacheKey = `${term.kind}|${term.text}`;
      let ct = compileCache.get(cacheKey);
      if (ct === undefined) {
        ct = compileTerm(term, analyzer, stats);
        compileCache.set(cacheKey, ct);
      }
      let d = bySignature.get(ct.signature);
      if (d === undefined) {
        d = distinct.length;
        bySignature.set(ct.signature, d);
        distinct.push(ct);
        uses.push({ profiles: [], slots: [], weights: [], excluded: [] });
      }
      const u = uses[d]!;
      u.profiles.push(p);
      u.slots.push(slot);
      u.weights.push(term.weight);
      u.excluded.push(term.excluded);
      slotTerm.push(d);
      slot++;
    }
  }
  firstSlot[profileList.length] = slot;

  // The inverted index: a term's rarest key (per alternative), its category, or its author's surname.
  const byKey = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const bySurname = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, d: number): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [d]);
    else if (list[list.length - 1] !== d) list.push(d);
  };
  for (let d = 0; d < distinct.length; d++) {
    const ct = distinct[d]!;
    if (ct.term.kind === 'category') add(byCategory, ct.category, d);
    else if (ct.term.kind === 'author') {
      const surname = ct.name[ct.name.length - 1];
      if (surname !== undefined) add(bySurname, surname, d);
    } else {
      for (const p of ct.alternatives) {
        let anchor = p.keys[0]!;
        let best = Infinity;
        for (const k of p.keys) {
          const df = stats.df.get(k) ?? 0;
          if (df < best) {
            best = df;
            anchor = k;
          }
        }
        add(byKey, anchor, d);
      }
    }
  }

  const thresholds = new Float64Array(profileList.length);
  const limits: number[] = [];
  for (let p = 0; p < profileList.length; p++) {
    const own = opts.perProfile?.get(names[p]!);
    thresholds[p] = own?.threshold ?? opts.threshold ?? 0;
    limits.push(own?.limit ?? opts.limit ?? Infinity);
  }

  // Per-paper scratch, reset through the touched list.
  const slotScore = new Float64Array(slot);
  const positive = new Uint8Array(profileList.length);
  const excludedHit = new Uint8Array(profileList.length);
  const touchedMark = new Uint8Array(profileList.length);
  const touched: number[] = [];
  const seen = new Int32Array(distinct.length).fill(-1);
  const base = new Float64Array(4);
  // Base scores of each (distinct term, paper) that matched, kept to explain the final top N without re-scoring.
  const matchBase = new Map<number, Float64Array>();
  const candidates: Candidate[][] = profileList.map(() => []);

  const visit = (d: number, paperIndex: number, analyzed: AnalyzedPaper): void => {
    if (seen[d] === paperIndex) return;
    seen[d] = paperIndex;
    if (!evalTerm(distinct[d]!, analyzed, stats, base)) return;
    matchBase.set(d * papers.length + paperIndex, Float64Array.from(base));
    const u = uses[d]!;
    for (let i = 0; i < u.profiles.length; i++) {
      const p = u.profiles[i]!;
      if (touchedMark[p] === 0) {
        touchedMark[p] = 1;
        touched.push(p);
      }
      if (u.excluded[i]) excludedHit[p] = 1;
      else {
        positive[p] = 1;
        slotScore[u.slots[i]!] = contribution(u.weights[i]!, base);
      }
    }
  };

  for (let paperIndex = 0; paperIndex < papers.length; paperIndex++) {
    const paper = papers[paperIndex]!;
    const analyzed = analyzer.analyzePaper(paper);
    for (const key of analyzed.title.keys.keys()) {
      const ds = byKey.get(key);
      if (ds !== undefined) for (const d of ds) visit(d, paperIndex, analyzed);
    }
    for (const key of analyzed.abstract.keys.keys()) {
      const ds = byKey.get(key);
      if (ds !== undefined) for (const d of ds) visit(d, paperIndex, analyzed);
    }
    for (const c of analyzed.categories) {
      const ds = byCategory.get(c);
      if (ds !== undefined) for (const d of ds) visit(d, paperIndex, analyzed);
    }
    for (const name of analyzed.authors) {
      const ds = bySurname.get(name[name.length - 1] ?? '');
      if (ds !== undefined) for (const d of ds) visit(d, paperIndex, analyzed);
    }

    for (const p of touched) {
      const from = firstSlot[p]!;
      const to = firstSlot[p + 1]!;
      if (positive[p] === 1 && excludedHit[p] === 0) {
        // Summed in profile order, skipping exclusions, exactly as scorePaper does.
        let score = 0;
        const terms = profileList[p]!.terms;
        for (let s = from; s < to; s++) if (!terms[s - from]!.excluded) score += slotScore[s]!;
        if (score >= thresholds[p]!) offer(candidates[p]!, { paper: paperIndex, score, id: paper.id }, limits[p]!);
      }
      slotScore.fill(0, from, to);
      positive[p] = 0;
      excludedHit[p] = 0;
      touchedMark[p] = 0;
    }
    touched.length = 0;
  }

  const out = new Map<string, RankedPaper[]>();
  for (let p = 0; p < profileList.length; p++) {
    const list = candidates[p]!;
    if (limits[p] === Infinity) list.sort(compareRanked);
    const from = firstSlot[p]!;
    const terms = profileList[p]!.terms;
    out.set(
      names[p]!,
      list.map((c) => {
        const matched: Match[] = [];
        for (let s = from; s < firstSlot[p + 1]!; s++) {
          const term = terms[s - from]!;
          if (term.excluded) continue;
          const b = matchBase.get(slotTerm[s]! * papers.length + c.paper);
          if (b === undefined) continue;
          const label = termLabel(term);
          for (let f = 0; f < FIELDS.length; f++) if (b[f]! > 0) matched.push({ term: label, field: FIELDS[f]!, score: term.weight * b[f]! });
        }
        return { paper: papers[c.paper]!, score: c.score, matched };
      }),
    );
  }
  return out;
}

/** Keeps the best `limit` candidates in order (small limits: insertion into a sorted array). */
function offer(list: Candidate[], c: Candidate, limit: number): void {
  if (limit === Infinity) {
    list.push(c);
    return;
  }
  if (limit <= 0) return;
  if (list.length >= limit && compareRanked(c, list[list.length - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && compareRanked(c, list[i - 1]!) < 0) i--;
  list.splice(i, 0, c);
  if (list.length > limit) list.pop();
}
