// The SQLite state backend: a keyv store on @keyv/sqlite, with its atomic parts as single SQL statements.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { StateConnectError } from './errors.js';
import { KeyvStore, createKeyv, prefixUpperBound, type Logger, type RawBackend } from './keyv-store.js';

const TABLE = 'paperboy_state';
const PAGE = 200;

export interface SqliteOptions {
  /** The database file (created with its directory if missing). */
  file: string;
  prefix: string;
  logger: Logger;
  /** How long a write waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
}

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * keyv calls the adapter's delete() only to drop a record it just read as expired (we delete through take()). Between
 * that read and the delete another instance may have won the key with setIfAbsent; deleting only a still-expired
 * record keeps that fresh claim.
 */
class ExpiredOnlyDeleteSqlite extends KeyvSqlite {
  override async delete(key: string): Promise<boolean> {
    const rows = (await this.query(
      `DELETE FROM ${TABLE} WHERE key = ? AND json_extract(value, '$.expires') IS NOT NULL AND json_extract(value, '$.expires') < ? RETURNING key`,
      key,
      Date.now(),
    )) as unknown[];
    return rows.length > 0;
  }
}

class SqliteRaw implements RawBackend {
  readonly name = 'sqlite';
  constructor(private readonly query: Query) {}

  async insertIfAbsent(key: string, raw: string, _ttlMs: number | undefined, now: number): Promise<boolean> {
    // One statement, so the check and the write are one transaction: an expired row counts as absent.
    const rows = await this.query(
      `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value
       WHERE json_extract(${TABLE}.value, '$.expires') IS NOT NULL AND json_extract(${TABLE}.value, '$.expires') < ?
       RETURNING key`,
      key,
      raw,
      now,
    );
    return rows.length === 1;
  }

  async take(key: string): Promise<string | undefined> {
    const rows = await this.query(`DELETE FROM ${TABLE} WHERE key = ? RETURNING value`, key);
    return rows[0]?.value as string | undefined;
  }

  async *scan(prefix: string): AsyncIterable<[string, string]> {
    // A primary-key range, checked exactly with substr(); LIKE (what @keyv/sqlite's iterator uses) ignores ASCII case
    // and treats _ and % as wildcards.
    const upper = prefixUpperBound(prefix);
    let after = '';
    for (;;) {
      const rows = await this.query(
        `SELECT key, value FROM ${TABLE} WHERE key >= ? AND key < ? AND key > ? AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT ${PAGE}`,
        prefix,
        upper,
        after,
        prefix,
        prefix,
      );
      for (const row of rows) yield [row.key as string, row.value as string];
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.key as string;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.query(`DELETE FROM ${TABLE} WHERE key >= ? AND key < ? AND substr(key, 1, length(?)) = ?`, prefix, prefixUpperBound(prefix), prefix, prefix);
  }

  async sweepExpired(prefix: string, now: number): Promise<number> {
    const rows = await this.query(
      `DELETE FROM ${TABLE} WHERE key >= ? AND key < ? AND substr(key, 1, length(?)) = ?
       AND json_extract(value, '$.expires') IS NOT NULL AND json_extract(value, '$.expires') < ? RETURNING key`,
      prefix,
      prefixUpperBound(prefix),
      prefix,
      prefix,
      now,
    );
    return rows.length;
  }
}

export async function openSqliteStore(opts: SqliteOptions): Promise<KeyvStore> {
  if (opts.file !== ':memory:') {
    try {
      mkdirSync(dirname(opts.file), { recursive: true });
    } catch (err) {
      throw new StateConnectError(`cannot create the directory for the SQLite state file ${opts.file}: ${(err as Error).message}`, err);
    }
  }
  const adapter = new ExpiredOnlyDeleteSqlite({ uri: `sqlite://${opts.file}`, table: TABLE, busyTimeout: opts.busyTimeoutMs ?? 10_000 });
  const keyv = createKeyv(adapter, opts.logger, { file: opts.file }, 'sqlite');
  const query = adapter.query as Query;
  try {
    // WAL: readers never block the writer, and a killed process leaves the last committed write intact.
    await query('PRAGMA journal_mode = WAL');
    await query(`SELECT count(*) FROM ${TABLE} LIMIT 1`);
  } catch (err) {
    await adapter.disconnect().catch((closeErr: unknown) => opts.logger.warn({ err: closeErr }, 'closing a failed SQLite store'));
    throw new StateConnectError(`cannot open the SQLite state file ${opts.file}: ${(err as Error).message}`, err);
  }
  return new KeyvStore(keyv, new SqliteRaw(query), opts.prefix, () => keyv.disconnect());
}
