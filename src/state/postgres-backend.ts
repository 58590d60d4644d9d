// The PostgreSQL state backend: a keyv store on @keyv/postgres over our own pg pool, with its atomic parts in SQL.
import KeyvPostgres from '@keyv/postgres';
import pg, { type Pool } from 'pg';
import { StateConnectError, StateUrlError, redactUrl } from './errors.js';
import { KeyvStore, createKeyv, prefixUpperBound, type Logger, type RawBackend } from './keyv-store.js';

const PAGE = 200;
const IDENT_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  url: string;
  prefix: string;
  logger: Logger;
  connectTimeoutMs: number;
  schema: string;
  table: string;
}

/**
 * @keyv/postgres keeps ONE module-wide pool (a second store with the same URL shares it, and disconnect() ends it for
 * both): give each store its own pool by overriding connect()/disconnect(). The pool travels in opts because the
 * base constructor calls connect() before subclass fields exist.
 */
class OwnPoolKeyvPostgres extends KeyvPostgres {
  override async connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
    const pool = (this.opts as { ownPool?: Pool }).ownPool!;
    return async (sql, values) => (await pool.query(sql, values as unknown[])).rows as unknown[];
  }

  /** keyv deletes only records it read as expired: delete only if still expired (see ExpiredOnlyDeleteSqlite). */
  override async delete(key: string): Promise<boolean> {
    const rows = await this.query(
      `DELETE FROM ${this.opts.schema}.${this.opts.table} AS t WHERE key = $1
       AND (t.value::json ->> 'expires') IS NOT NULL AND (t.value::json ->> 'expires')::bigint < $2 RETURNING key`,
      [key, Date.now()],
    );
    return rows.length > 0;
  }

  override async disconnect(): Promise<void> {
    await (this.opts as { ownPool?: Pool }).ownPool!.end();
  }
}

class PostgresRaw implements RawBackend {
  readonly name = 'postgres';
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  async insertIfAbsent(key: string, raw: string, _ttlMs: number | undefined, now: number): Promise<boolean> {
    // ON CONFLICT DO UPDATE locks the existing row, so of N racing callers exactly one inserts or replaces an expired row.
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.table} AS t (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value
       WHERE (t.value::json ->> 'expires') IS NOT NULL AND (t.value::json ->> 'expires')::bigint < $3
       RETURNING key`,
      [key, raw, now],
    );
    return rows.length === 1;
  }

  async take(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1 RETURNING value`, [key]);
    return (rows[0] as { value: string } | undefined)?.value;
  }

  async *scan(prefix: string): AsyncIterable<[string, string]> {
    // A primary-key range (the key column sorts byte-wise: COLLATE "C"), checked exactly with left(); LIKE (what
    // @keyv/postgres's iterator uses) would need every wildcard escaped.
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<{ key: string; value: string }>(
        `SELECT key, value FROM ${this.table} WHERE key >= $1 AND key < $2 AND key > $3 AND left(key, length($1)) = $1 ORDER BY key LIMIT ${PAGE}`,
        [prefix, prefixUpperBound(prefix), after],
      );
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE key >= $1 AND key < $2 AND left(key, length($1)) = $1`, [prefix, prefixUpperBound(prefix)]);
  }

  async sweepExpired(prefix: string, now: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.table} WHERE key >= $1 AND key < $2 AND left(key, length($1)) = $1
       AND (value::json ->> 'expires') IS NOT NULL AND (value::json ->> 'expires')::bigint < $3`,
      [prefix, prefixUpperBound(prefix), now],
    );
    return rowCount ?? 0;
  }
}

export async function openPostgresStore(opts: PostgresOptions): Promise<KeyvStore> {
  for (const [what, name] of [['schema', opts.schema], ['table', opts.table]] as const) {
    if (!IDENT_RE.test(name)) throw new StateUrlError(`PostgreSQL ${what} name "${name}" must be lower-case letters, digits and _ (at most 63)`);
  }
  const where = redactUrl(opts.url);
  const qualified = `${opts.schema}.${opts.table}`;
  const pool = new pg.Pool({ connectionString: opts.url, connectionTimeoutMillis: opts.connectTimeoutMs, max: 5 });
  // An idle client losing its server emits on the pool; without a listener that would crash the process.
  pool.on('error', (err: Error) => opts.logger.error({ err, url: where }, 'PostgreSQL state store connection error'));
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    // TEXT keys: @keyv/postgres's own table would cap keys at VARCHAR(255); "C": byte order, so prefix scans are ranges.
    await pool.query(`CREATE TABLE IF NOT EXISTS ${qualified} (key TEXT COLLATE "C" PRIMARY KEY, value TEXT)`);
  } catch (err) {
    await pool.end().catch((endErr: unknown) => opts.logger.warn({ err: endErr }, 'closing a failed PostgreSQL pool'));
    const code = (err as { code?: string }).code;
    // 23505/42P07: another process created the schema or table at the same moment; anything else is a real failure.
    if (code !== '23505' && code !== '42P07') {
      throw new StateConnectError(
        `cannot use PostgreSQL at ${where} for the bot's state (${(err as Error).message || code}); start it, e.g. ` +
          `pg_ctlcluster --skip-systemctl-redirect 15 main start, or set another state URL`,
        err,
      );
    }
    return openPostgresStore(opts);
  }
  const adapter = new OwnPoolKeyvPostgres({ uri: opts.url, schema: opts.schema, table: opts.table, ownPool: pool } as never); // ownPool: see OwnPoolKeyvPostgres
  const keyv = createKeyv(adapter, opts.logger, { url: where }, 'postgres');
  return new KeyvStore(keyv, new PostgresRaw(pool, qualified), opts.prefix, () => keyv.disconnect());
}
