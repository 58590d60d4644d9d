// The archive's SQLite schema, created on open and versioned with `PRAGMA user_version`.
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

/** Thrown when a file was written by a newer Paperboy: opening it would risk corrupting it. */
export class SchemaVersionError extends Error {
  readonly code = 'schema_version';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

const V1 = `
CREATE TABLE papers (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  listed TEXT NOT NULL,
  updated_day TEXT NOT NULL,
  authors_key TEXT NOT NULL,
  categories_key TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX papers_listed ON papers (listed);
CREATE INDEX papers_updated_day ON papers (updated_day, listed);
-- Contentless: the text already lives in papers.data; FTS rows are keyed by papers.rowid and only rewritten when
-- the indexed text changes.
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, authors, abstract,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;

export function applySchema(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `archive schema version ${version} is newer than this Paperboy supports (${SCHEMA_VERSION}): upgrade Paperboy`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(V1);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
