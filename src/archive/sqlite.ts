// The SQLite archive: papers keyed by version-less id, an FTS5 index over title/authors/abstract, day listings.
import Database from 'better-sqlite3';
import { parseArxivId, type Paper } from '../paper.js';
import type { Archive, SearchQuery, SearchResult, UpsertCounts } from './archive.js';
import { authorsKey, canonicalPaper, validatePaper } from './paper-record.js';
import { searchArchive } from './sqlite-search.js';
import { applySchema, categoryToken, dayTokens } from './sqlite-schema.js';

type Db = Database.Database;

interface StoredRow {
  rowid: number;
  version: number;
  listed: string;
  data: string;
}

/** Opens (creating if needed) an archive at a file path, or in memory with `:memory:`. */
export function openSqliteArchive(path: string): SqliteArchive {
  return new SqliteArchive(path);
}

export class SqliteArchive implements Archive {
  readonly db: Db;
  private readonly stmts;

  constructor(path: string) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      // WAL + NORMAL is durable against process crashes; only an OS crash can lose the last commits.
      this.db.pragma('synchronous = NORMAL');
      // Ingest commits once per file; checkpointing (and fsyncing) every 40 MB of WAL instead of every 4 MB makes
      // that ~30% faster end to end. Readers are unaffected.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.db.pragma('foreign_keys = OFF');
      applySchema(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    const db = this.db;
    this.stmts = {
      find: db.prepare<[string], StoredRow>(
        'SELECT p.rowid, p.version, p.listed, d.data FROM papers p JOIN paper_data d ON d.rowid = p.rowid WHERE p.id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO papers (id, version, listed, updated_day, authors_key)
         VALUES (@id, @version, @listed, @updatedDay, @authorsKey)`,
      ),
      insertData: db.prepare('INSERT INTO paper_data (rowid, data) VALUES (?, ?)'),
      update: db.prepare(
        `UPDATE papers SET version = @version, listed = @listed, updated_day = @updatedDay,
           authors_key = @authorsKey WHERE rowid = @rowid`,
      ),
      updateData: db.prepare('UPDATE paper_data SET data = ? WHERE rowid = ?'),
      ftsInsert: db.prepare('INSERT INTO papers_fts (rowid, title, authors, abstract, tags) VALUES (?, ?, ?, ?, ?)'),
      ftsDelete: db.prepare('DELETE FROM papers_fts WHERE rowid = ?'),
      get: db.prepare<[string], { data: string }>(`SELECT d.data FROM ${JOINED} WHERE p.id = ?`),
      listedOn: db.prepare<[string], { data: string }>(`SELECT d.data FROM ${JOINED} WHERE p.listed = ? ORDER BY p.id`),
      listedBetween: db.prepare<[string, string], { data: string }>(
        `SELECT d.data FROM ${JOINED} WHERE p.listed BETWEEN ? AND ? ORDER BY p.listed, p.id`,
      ),
      updatedOn: db.prepare<[string, string], { data: string }>(
        `SELECT d.data FROM ${JOINED} WHERE p.updated_day = ? AND p.listed < ? ORDER BY p.id`,
      ),
      days: db.prepare<[number], { listed: string }>(
        'SELECT DISTINCT listed FROM papers ORDER BY listed DESC LIMIT ?',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers'),
    };
  }

  async upsert(papers: Paper[]): Promise<UpsertCounts> {
    // Validate everything first: a bad paper rejects the whole call before anything is written.
    const records = papers.map((p, i) => canonicalPaper(validatePaper(p, i)));
    return this.db.transaction(() => {
      const counts: UpsertCounts = { added: 0, updated: 0, unchanged: 0 };
      for (const rec of records) counts[this.upsertOne(rec)]++;
      return counts;
    })();
  }

  private upsertOne(p: Paper): keyof UpsertCounts {
    const s = this.stmts;
    const stored = s.find.get(p.id);
    if (!stored) {
      const rowid = Number(s.insert.run(rowParams(p)).lastInsertRowid);
      s.insertData.run(rowid, JSON.stringify(p));
      s.ftsInsert.run(rowid, p.title, p.authors.join(', '), p.abstract, tags(p));
      return 'added';
    }
    const listed = p.listed < stored.listed ? p.listed : stored.listed;
    if (p.version < stored.version) return this.keepStored(stored, JSON.parse(stored.data) as Paper, listed);
    let next: Paper = listed === p.listed ? p : { ...p, listed };
    let data = JSON.stringify(next);
    if (data === stored.data) return 'unchanged';
    const prev = JSON.parse(stored.data) as Paper;
    // Same version from an older file (earlier Updated stamp): as old as an older version, so re-ingesting old and
    // new files in any order settles on the same row.
    if (p.version === prev.version && p.updated < prev.updated) return this.keepStored(stored, prev, listed);
    // Feeds date a replacement by its announcement: the first submission date is the one to keep.
    if (prev.published < next.published) {
      next = { ...next, published: prev.published };
      data = JSON.stringify(next);
      if (data === stored.data) return 'unchanged';
    }
    s.update.run({ ...rowParams(next), rowid: stored.rowid });
    s.updateData.run(data, stored.rowid);
    const indexChanged =
      prev.title !== next.title ||
      prev.abstract !== next.abstract ||
      !sameList(prev.authors, next.authors) ||
      !sameList(prev.categories, next.categories) ||
      prev.listed !== next.listed;
    if (indexChanged) this.reindex(stored.rowid, next);
    return 'updated';
  }

  /** An older copy changes nothing, except moving the first-seen day earlier (files ingested out of order). */
  private keepStored(stored: StoredRow, prev: Paper, listed: string): keyof UpsertCounts {
    if (listed === stored.listed) return 'unchanged';
    const kept: Paper = { ...prev, listed };
    this.stmts.update.run({ ...rowParams(kept), rowid: stored.rowid });
    this.stmts.updateData.run(JSON.stringify(kept), stored.rowid);
    this.reindex(stored.rowid, kept);
    return 'updated';
  }

  /** Only for papers whose indexed text, categories or listed day changed: FTS rows are the costly part. */
  private reindex(rowid: number, p: Paper): void {
    this.stmts.ftsDelete.run(rowid);
    this.stmts.ftsInsert.run(rowid, p.title, p.authors.join(', '), p.abstract, tags(p));
  }

  async get(id: string): Promise<Paper | undefined> {
    const key = parseArxivId(id)?.id ?? id;
    const row = this.stmts.get.get(key);
    return row ? (JSON.parse(row.data) as Paper) : undefined;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return searchArchive(this.db, query);
  }

  async listedOn(day: string): Promise<Paper[]> {
    return this.stmts.listedOn.all(day).map(toPaper);
  }

  async listedBetween(from: string, to: string): Promise<Paper[]> {
    return this.stmts.listedBetween.all(from, to).map(toPaper);
  }

  async updatedOn(day: string): Promise<Paper[]> {
    return this.stmts.updatedOn.all(day, day).map(toPaper);
  }

  async days(limit = 30): Promise<string[]> {
    const n = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 30;
    return this.stmts.days.all(n).map((r) => r.listed);
  }

  async count(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const JOINED = 'papers p JOIN paper_data d ON d.rowid = p.rowid';

function rowParams(p: Paper) {
  return {
    id: p.id,
    version: p.version,
    listed: p.listed,
    updatedDay: p.updated.slice(0, 10),
    authorsKey: authorsKey(p.authors),
  };
}

function tags(p: Paper): string {
  return [...new Set(p.categories)].map(categoryToken).concat(dayTokens(p.listed)).join(' ');
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function toPaper(row: { data: string }): Paper {
  return JSON.parse(row.data) as Paper;
}
