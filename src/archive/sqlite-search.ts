// Full-text search over the SQLite archive: all-words matches first, then partial ones, title above abstract.
import type Database from 'better-sqlite3';
import type { Paper } from '../paper.js';
import type { SearchHit, SearchQuery, SearchResult } from './archive.js';
import { allOf, anyOf, parseSearchText, type FtsTerm } from './fts-query.js';
import { foldName } from './paper-record.js';

type Db = Database.Database;
type Statement = Database.Statement<unknown[], { rid: number; s: number }>;

/** bm25 column weights: title, authors, abstract. */
const WEIGHTS = '10.0, 3.0, 1.0';
/** Counting every partial match of common words costs a full doclist walk; past this we say "more than". */
export const TOTAL_CAP = 5000;
/** Added to all-words hits so `score` sorts the same way the results are ordered. */
const ALL_WORDS_BONUS = 1000;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 200;

interface Filters {
  sql: string;
  params: unknown[];
  needsPapers: boolean;
  any: boolean;
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
  const filters = buildFilters(q);
  const notice = parsed.notice;
  if (parsed.terms.length === 0) {
    if (!filters.any) return withNotice({ hits: [], total: 0 }, notice);
    return withNotice(filterOnly(db, filters, limit, offset), notice === 'query is empty' ? undefined : notice);
  }
  return withNotice(rankedSearch(db, parsed.terms, filters, limit, offset), notice);
}

function rankedSearch(db: Db, terms: FtsTerm[], f: Filters, limit: number, offset: number): SearchResult {
  const andExpr = allOf(terms);
  const orExpr = terms.length > 1 ? anyOf(terms) : andExpr;
  const hits: { rid: number; s: number }[] = [];

  const andPage = matchPage(db, andExpr, f, limit, offset);
  for (const r of andPage) hits.push({ rid: r.rid, s: -r.s + ALL_WORDS_BONUS });

  if (hits.length < limit && terms.length > 1) {
    const andCount = andPage.length > 0 || offset === 0 ? offset + andPage.length : countMatches(db, andExpr, f, Infinity).n;
    const partialOffset = Math.max(0, offset - andCount);
    // Partial matches only: the all-words ones were ranked above.
    const partialExpr = `(${orExpr}) NOT (${andExpr})`;
    for (const r of matchPage(db, partialExpr, f, limit - hits.length, partialOffset)) hits.push({ rid: r.rid, s: -r.s });
  }
  const counted = countMatches(db, orExpr, f, TOTAL_CAP);
  const result: SearchResult = { hits: load(db, hits), total: counted.n };
  if (counted.capped) result.totalCapped = true;
  return result;
}

function matchPage(db: Db, expr: string, f: Filters, limit: number, offset: number): { rid: number; s: number }[] {
  if (limit <= 0) return [];
  const sql =
    `SELECT f.rowid AS rid, bm25(papers_fts, ${WEIGHTS}) AS s FROM papers_fts f` +
    (f.needsPapers ? ' CROSS JOIN papers p ON p.rowid = f.rowid' : '') +
    ` WHERE papers_fts MATCH ?${f.sql} ORDER BY s LIMIT ? OFFSET ?`;
  return (prepare(db, sql) as Statement).all(expr, ...f.params, limit, offset);
}

function countMatches(db: Db, expr: string, f: Filters, cap: number): { n: number; capped: boolean } {
  const inner =
    'SELECT 1 FROM papers_fts f' +
    (f.needsPapers ? ' CROSS JOIN papers p ON p.rowid = f.rowid' : '') +
    ` WHERE papers_fts MATCH ?${f.sql}`;
  if (!Number.isFinite(cap)) {
    const row = prepare<{ n: number }>(db, `SELECT count(*) AS n FROM (${inner})`).get(expr, ...f.params);
    return { n: row?.n ?? 0, capped: false };
  }
  const row = prepare<{ n: number }>(db, `SELECT count(*) AS n FROM (${inner} LIMIT ?)`).get(expr, ...f.params, cap + 1);
  const n = row?.n ?? 0;
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

function filterOnly(db: Db, f: Filters, limit: number, offset: number): SearchResult {
  const where = f.sql ? `WHERE 1${f.sql}` : '';
  const rows = prepare<{ data: string }>(
    db,
    `SELECT p.data FROM papers p ${where.replaceAll('f.rowid', 'p.rowid')} ORDER BY p.listed DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(...f.params, limit, offset);
  const total =
    prepare<{ n: number }>(db, `SELECT count(*) AS n FROM papers p ${where.replaceAll('f.rowid', 'p.rowid')}`).get(
      ...f.params,
    )?.n ?? 0;
  return { hits: rows.map((r) => ({ paper: JSON.parse(r.data) as Paper, score: 0 })), total };
}

function buildFilters(q: SearchQuery): Filters {
  let sql = '';
  const params: unknown[] = [];
  let needsPapers = false;
  if (q.since) {
    sql += ' AND p.listed >= ?';
    params.push(q.since);
    needsPapers = true;
  }
  if (q.until) {
    sql += ' AND p.listed <= ?';
    params.push(q.until);
    needsPapers = true;
  }
  const author = q.author ? foldName(q.author) : '';
  if (author) {
    sql += ' AND instr(p.authors_key, ?) > 0';
    params.push(author);
    needsPapers = true;
  }
  const cats = [...new Set((q.categories ?? []).filter((c) => typeof c === 'string' && c.trim()).map((c) => c.trim()))];
  if (cats.length > 0) {
    sql += ` AND EXISTS (SELECT 1 FROM paper_categories c WHERE c.paper = f.rowid AND c.category IN (${cats.map(() => '?').join(', ')}))`;
    params.push(...cats);
  }
  return { sql, params, needsPapers, any: sql !== '' };
}

function load(db: Db, hits: { rid: number; s: number }[]): SearchHit[] {
  if (hits.length === 0) return [];
  const rows = prepare<{ rowid: number; data: string }>(
    db,
    `SELECT rowid, data FROM papers WHERE rowid IN (${hits.map(() => '?').join(', ')})`,
  ).all(...hits.map((h) => h.rid));
  const byId = new Map(rows.map((r) => [r.rowid, r.data]));
  const out: SearchHit[] = [];
  for (const h of hits) {
    const data = byId.get(h.rid);
    if (data) out.push({ paper: JSON.parse(data) as Paper, score: h.s });
  }
  return out;
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.floor(v)));
}

function withNotice(r: SearchResult, notice: string | undefined): SearchResult {
  return notice ? { ...r, notice } : r;
}
