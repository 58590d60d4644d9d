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
-- Small rows (no text) so filters joined per search candidate stay cheap; the full paper lives in paper_data.
CREATE TABLE papers (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  listed TEXT NOT NULL,
  updated_day TEXT NOT NULL,
  authors_key TEXT NOT NULL
);
CREATE INDEX papers_listed ON papers (listed);
CREATE INDEX papers_updated_day ON papers (updated_day, listed);
CREATE TABLE paper_data (
  rowid INTEGER PRIMARY KEY,
  data TEXT NOT NULL
);
-- Contentless: the text already lives in paper_data; FTS rows are keyed by papers.rowid and only rewritten when
-- the indexed text, categories or listed day change. tags holds one token per category (categoryToken) and the
-- listed year, month and day (dayTokens), so category and day filters are part of the FTS5 query itself; it has
-- weight 0 in bm25.
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, authors, abstract, tags,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;

/**
 * `cs.SY` -> `cat0cs0sy0`: letters and digits only, so unicode61 keeps it one token, and ending in a digit so the
 * porter stemmer leaves it alone (`cs.SY` and `cs.SI` must stay apart).
 */
export function categoryToken(category: string): string {
  return `cat0${category.toLowerCase().replace(/[^a-z0-9]+/g, '0')}0`;
}

/** The listed-day tokens of a paper: `lsty2021 lstm202111 lstd20211120`, so day ranges are FTS5 ORs too. */
export function dayTokens(day: string): string[] {
  const [y, m, d] = day.split('-');
  return [`lsty${y}`, `lstm${y}${m}`, `lstd${y}${m}${d}`];
}

/**
 * The fewest tokens covering the days from..to (inclusive): whole years, then whole months, then single days, so a
 * range costs at most ~90 tokens whatever its length.
 */
export function dayRangeTokens(from: string, to: string): string[] {
  const out: string[] = [];
  let cur = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(cur) || Number.isNaN(end)) return out;
  const DAY = 86_400_000;
  while (cur <= end) {
    const d = new Date(cur);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const iso = d.toISOString().slice(0, 10);
    const yearEnd = Date.UTC(y, 11, 31);
    const monthEnd = Date.UTC(y, m + 1, 0);
    if (m === 0 && d.getUTCDate() === 1 && yearEnd <= end) {
      out.push(`lsty${y}`);
      cur = Date.UTC(y + 1, 0, 1);
    } else if (d.getUTCDate() === 1 && monthEnd <= end) {
      out.push(`lstm${iso.slice(0, 4)}${iso.slice(5, 7)}`);
      cur = Date.UTC(y, m + 1, 1);
    } else {
      out.push(`lstd${iso.replaceAll('-', '')}`);
      cur += DAY;
    }
  }
  return out;
}

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
    // Ingest commits once per file: merging FTS5 segments less eagerly (default 4) makes that ~20% cheaper for a
    // few percent on search.
    db.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 16)");
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
