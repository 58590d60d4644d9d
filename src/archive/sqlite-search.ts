// Full-text search over the SQLite archive: all-words matches first (all words in the title first of all), then
// partial matches led by the rarer words; every step is one bounded FTS5 query, stopping as soon as the page is full.
import type Database from 'better-sqlite3';
import type { Paper } from '../paper.js';
import type { SearchHit, SearchQuery, SearchResult } from './archive.js';
import { allOf, anyOf, parseSearchText, quoteTerm, type FtsTerm } from './fts-query.js';
import { foldName } from './paper-record.js';
import { categoryToken, dayRangeTokens } from './sqlite-schema.js';

type Db = Database.Database;

/** bm25 column weights: title, authors, abstract, tags (categories never score). */
const WEIGHTS = '10.0, 3.0, 1.0, 0.0';
/** Counting every partial match of common words costs a full doclist walk; past this we say "at least". */
export const TOTAL_CAP = 10_000;
/**
 * With an author filter each candidate costs a row lookup, so the total is counted over at most this many
 * newest candidates (then it is a lower bound and `totalCapped` is set).
 */
export const FILTERED_SCAN_CAP = 4_000;
/**
 * A tier with more candidates than this is listed newest first instead of by bm25: scoring costs ~0.5 ms per
 * thousand rows, and a word found in that many papers has an idf near zero, so bm25 would order it by noise.
 */
export const RANK_CAP = 10_000;
/**
 * bm25 costs per row and per quoted phrase of the expression (~0.5 us each): a tier is ranked only while
 * rows x phrases stays under this, which keeps a ranked page to a few ms (long papers full of common words cost
 * the most per row; and a word in most papers has an idf near zero anyway).
 */
export const RANK_BUDGET = 6_000;
/** Words in more papers than this do not pick partial matches by themselves (`image`, `learning`, `model`). */
const COMMON_DF = 3_000;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 200;

/** One slice of the ranking: every paper it holds ranks below every paper of the tiers before it. */
interface Tier {
  expr: string;
  /** Added to scores so `score` sorts the way the results are ordered. */
  bonus: number;
  /** false: known to be too common to rank, listed newest first without counting it first. */
  ranked?: false;
}

interface Filters {
  /** SQL conditions on the joined `papers p` row (the author filter). */
  sql: string;
  params: unknown[];
  needsPapers: boolean;
  /** FTS5 expression every match must also satisfy (categories, listed days), or ''. */
  fts: string;
  any: boolean;
}

interface Row {
  rid: number;
  s: number;
}

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

function prepare<R>(db: Db, sql: string): Database.Statement<unknown[], R> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st as Database.Statement<unknown[], R>;
}

export function searchArchive(db: Db, q: SearchQuery): SearchResult {
  const parsed = parseSearchText(q.text);
  const limit = clampInt(q.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
  const offset = clampInt(q.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  for (const key of ['since', 'until'] as const) {
    const day = q[key];
    if (day !== undefined && day !== '' && !isDay(day)) {
      // Dropping the filter would widen the results behind the user's back; answer nothing and say why.
      return { hits: [], total: 0, notice: `${key} must be a day YYYY-MM-DD (got ${JSON.stringify(String(day).slice(0, 40))})` };
    }
  }
  const filters = buildFilters(db, q);
  const notice = parsed.notice;
  if (filters === 'none') return withNotice({ hits: [], total: 0 }, notice);
  if (parsed.terms.length === 0) {
    if (!filters.any) return withNotice({ hits: [], total: 0 }, notice);
    return withNotice(filterOnly(db, filters, limit, offset), notice === 'query is empty' ? undefined : notice);
  }
  if (parsed.stopWordsOnly) {
    return withNotice(rankedSearch(db, parsed.terms, filters, limit, offset, [{ expr: allOf(parsed.terms), bonus: 0, ranked: false }]), notice);
  }
  return withNotice(rankedSearch(db, parsed.terms, filters, limit, offset), notice);
}

function rankedSearch(db: Db, terms: FtsTerm[], f: Filters, limit: number, offset: number, only?: Tier[]): SearchResult {
  const all = allOf(terms);
  const inTitle = `{title} : (${all})`;
  // Tiers are built lazily: the partial ones need per-word counts, which a full first page never pays for.
  const tiers: (() => Tier[])[] = only
    ? [() => only]
    : [() => [{ expr: inTitle, bonus: 3000 }], () => [{ expr: `(${all}) NOT ${inTitle}`, bonus: 2000 }]];
  if (terms.length > 1 && !only) tiers.push(() => partialTiers(db, terms, all));

  const rows: Row[] = [];
  let skip = offset;
  for (const make of tiers) {
    if (rows.length >= limit) break;
    for (const tier of make()) {
      if (rows.length >= limit) break;
      const expr = withFilter(tier.expr, f);
      if (skip === 0 && (f.needsPapers || tier.ranked === false)) {
        // Nothing to skip and nothing to decide (an author filter bounds the set by itself): counting first would
        // walk the candidates twice.
        rows.push(...page(db, tier.bonus, expr, f, limit - rows.length, 0, tier.ranked !== false));
        continue;
      }
      const size = countMatches(db, expr, f, Math.max(RANK_CAP, skip));
      if (size.n <= skip && !size.capped) {
        skip -= size.n;
        continue;
      }
      // The same choice as on the first page whatever `skip` is, so pages never reorder between requests.
      const ranked =
        tier.ranked !== false &&
        (f.needsPapers || (!size.capped && size.n <= RANK_CAP && size.n * phrases(expr) <= RANK_BUDGET));
      rows.push(...page(db, tier.bonus, expr, f, limit - rows.length, skip, ranked));
      // `size` is capped only when the tier is bigger than skip too, so the page came from this tier.
      skip = Math.max(0, skip - size.n);
    }
  }
  const any = withFilter(terms.length > 1 ? anyOf(terms) : all, f);
  const counted = f.needsPapers ? countFiltered(db, any, f) : countMatches(db, any, f, TOTAL_CAP);
  const hits = load(db, rows);
  // A bounded count can miss older matches the page itself came from: never report fewer than were reached.
  const result: SearchResult = { hits, total: Math.max(counted.n, hits.length > 0 ? offset + hits.length : 0) };
  if (counted.capped) result.totalCapped = true;
  return result;
}

/**
 * Papers with some but not all words. Those holding a rarer word come first, ranked by bm25 (their scores are the
 * ones that mean something); papers holding only common words follow.
 */
function partialTiers(db: Db, terms: FtsTerm[], all: string): Tier[] {
  const rare: FtsTerm[] = [];
  const common: FtsTerm[] = [];
  for (const t of terms) {
    (countMatches(db, quoteTerm(t), NO_FILTERS, COMMON_DF).capped ? common : rare).push(t);
  }
  const partial = `(${anyOf(terms)}) NOT (${all})`;
  if (rare.length === 0) return [{ expr: partial, bonus: 500, ranked: false }];
  if (common.length === 0) return [{ expr: partial, bonus: 1000 }];
  const anyRare = anyOf(rare);
  return [
    { expr: `(${anyRare}) NOT (${all})`, bonus: 1000 },
    // Only words found in thousands of papers: their idf is near zero, so bm25 would order these by noise.
    { expr: `(${anyOf(common)}) NOT (${anyRare})`, bonus: 500, ranked: false },
  ];
}

function phrases(expr: string): number {
  let n = 0;
  for (let i = expr.indexOf('"'); i >= 0; i = expr.indexOf('"', i + 1)) n++;
  return n / 2;
}

function withFilter(expr: string, f: Filters): string {
  return f.fts ? `(${expr}) AND ${f.fts}` : expr;
}

const JOIN = ' CROSS JOIN papers p ON p.rowid = f.rowid';

/** One page of a tier: by bm25 when it is small enough to score, else newest first. */
function page(db: Db, bonus: number, expr: string, f: Filters, limit: number, offset: number, ranked: boolean): Row[] {
  if (limit <= 0) return [];
  const score = ranked ? `bm25(papers_fts, ${WEIGHTS})` : '0';
  const order = ranked ? 's, f.rowid DESC' : 'f.rowid DESC';
  const sql =
    `SELECT f.rowid AS rid, ${score} AS s FROM papers_fts f${f.needsPapers ? JOIN : ''}` +
    ` WHERE papers_fts MATCH ?${f.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
  const rows = prepare<Row>(db, sql).all(expr, ...f.params, limit, offset);
  // Unranked tiers keep their order; a flat score keeps `score` consistent with it.
  return rows.map((r) => ({ rid: r.rid, s: bonus + (ranked ? -r.s : 0) }));
}

const NO_FILTERS: Filters = { sql: '', params: [], needsPapers: false, fts: '', any: false };

function countMatches(db: Db, expr: string, f: Filters, cap: number): { n: number; capped: boolean } {
  const sql =
    `SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts f${f.needsPapers ? JOIN : ''}` +
    ` WHERE papers_fts MATCH ?${f.sql} LIMIT ?)`;
  const n = prepare<{ n: number }>(db, sql).get(expr, ...f.params, cap + 1)?.n ?? 0;
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/** Matches passing the day/author filters among the newest FILTERED_SCAN_CAP candidates. */
function countFiltered(db: Db, expr: string, f: Filters): { n: number; capped: boolean } {
  const sql =
    `SELECT count(*) AS n FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f` +
    `${JOIN} WHERE 1${f.sql}`;
  const n = prepare<{ n: number }>(db, sql).get(expr, FILTERED_SCAN_CAP, ...f.params)?.n ?? 0;
  return { n, capped: countMatches(db, expr, NO_FILTERS, FILTERED_SCAN_CAP).capped };
}

function filterOnly(db: Db, f: Filters, limit: number, offset: number): SearchResult {
  if (f.fts) {
    // Category filter: the FTS5 tags column finds the papers; newest first by rowid, days/author joined.
    const expr = f.fts;
    const rows = prepare<Row>(
      db,
      `SELECT f.rowid AS rid, 0 AS s FROM papers_fts f${f.needsPapers ? JOIN : ''} WHERE papers_fts MATCH ?${f.sql}` +
        ' ORDER BY f.rowid DESC LIMIT ? OFFSET ?',
    ).all(expr, ...f.params, limit, offset);
    const counted = f.needsPapers ? countFiltered(db, expr, f) : countMatches(db, expr, f, TOTAL_CAP);
    const result: SearchResult = { hits: load(db, rows), total: counted.n };
    if (counted.capped) result.totalCapped = true;
    return result;
  }
  const where = `WHERE 1${f.sql}`;
  const rows = prepare<Row>(
    db,
    `SELECT p.rowid AS rid, 0 AS s FROM papers p ${where} ORDER BY p.listed DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(...f.params, limit, offset);
  const total = prepare<{ n: number }>(db, `SELECT count(*) AS n FROM papers p ${where}`).get(...f.params)?.n ?? 0;
  return { hits: load(db, rows), total };
}

function buildFilters(db: Db, q: SearchQuery): Filters | 'none' {
  let sql = '';
  const params: unknown[] = [];
  const author = q.author ? foldName(q.author) : '';
  if (author) {
    sql += ' AND instr(p.authors_key, ?) > 0';
    params.push(author);
  }
  const parts: string[] = [];
  const cats = [...new Set((q.categories ?? []).filter((c) => typeof c === 'string' && c.trim()).map((c) => c.trim()))];
  if (cats.length > 0) parts.push(`{tags} : (${cats.map((c) => `"${categoryToken(c)}"`).join(' OR ')})`);
  if (q.since || q.until) {
    // Open ends are clipped to the days the archive holds, so `since:` alone costs a few month tokens. (Two
    // subqueries: SQLite answers a lone min() or max() from the index, both in one SELECT with a scan.)
    const span = prepare<{ lo: string | null; hi: string | null }>(db, 'SELECT (SELECT min(listed) FROM papers) AS lo, (SELECT max(listed) FROM papers) AS hi').get();
    if (!span?.lo || !span.hi) return 'none';
    const from = q.since && q.since > span.lo ? q.since : span.lo;
    const to = q.until && q.until < span.hi ? q.until : span.hi;
    const tokens = dayRangeTokens(from, to);
    if (tokens.length === 0) return 'none';
    // A range covering every day held filters nothing: leave it out rather than intersect with the whole index.
    if (from !== span.lo || to !== span.hi) parts.push(`{tags} : (${tokens.map((t) => `"${t}"`).join(' OR ')})`);
  }
  const fts = parts.join(' AND ');
  // `any` is what the user asked for, even when a filter turned out to cover everything and was left out.
  return { sql, params, needsPapers: sql !== '', fts, any: sql !== '' || cats.length > 0 || Boolean(q.since || q.until) };
}

function load(db: Db, rows: Row[]): SearchHit[] {
  if (rows.length === 0) return [];
  const stored = prepare<{ rowid: number; data: string }>(
    db,
    `SELECT rowid, data FROM paper_data WHERE rowid IN (${rows.map(() => '?').join(', ')})`,
  ).all(...rows.map((h) => h.rid));
  const byId = new Map(stored.map((r) => [r.rowid, r.data]));
  const out: SearchHit[] = [];
  for (const h of rows) {
    const data = byId.get(h.rid);
    if (data) out.push({ paper: JSON.parse(data) as Paper, score: h.s });
  }
  return out;
}

function isDay(s: unknown): boolean {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

function withNotice(r: SearchResult, notice: string | undefined): SearchResult {
  return notice ? { ...r, notice } : r;
}
