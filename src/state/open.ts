// Opens the state store a URL names: nothing or sqlite://PATH (SQLite file), redis://..., postgres://... (all via keyv).
import { isAbsolute, join, resolve } from 'node:path';
import { ACCEPTED_STATE_URLS, StateUrlError, redactUrl } from './errors.js';
import { checkPrefix, stderrLogger, type KeyvStore, type Logger } from './keyv-store.js';
import { openSqliteStore } from './sqlite-backend.js';
import { openRedisStore } from './redis-backend.js';
import { openPostgresStore } from './postgres-backend.js';

export interface OpenStoreOptions {
  /** The data directory: the default SQLite file is `<dataDir>/state.sqlite`; relative sqlite:// paths resolve here. */
  dataDir: string;
  /** Prepended to every key (default `paperboy`), so several bots or test runs can share one Redis or table. */
  prefix?: string;
  /** PostgreSQL schema for the state table (default `public`, or `?schema=` in the URL); created if missing. */
  pgSchema?: string;
  /** How long to wait for Redis or PostgreSQL to answer before failing with a clear error (default 5000 ms). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_PREFIX = 'paperboy';
export const DEFAULT_SQLITE_FILE = 'state.sqlite';

export type StateTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'redis'; url: string }
  | { kind: 'postgres'; url: string; schema?: string; table?: string };

/** Pure: which backend and where, from the configured URL. Throws StateUrlError naming the scheme and the accepted forms. */
export function parseStateUrl(url: string | undefined, dataDir: string): StateTarget {
  if (url === undefined || url === '' || url === 'sqlite') return { kind: 'sqlite', file: join(dataDir, DEFAULT_SQLITE_FILE) };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new StateUrlError(`state URL "${redactUrl(url)}" has no scheme; accepted: ${ACCEPTED_STATE_URLS}`);
  }
  switch (scheme) {
    case 'sqlite': {
      const path = url.slice('sqlite://'.length);
      if (!url.toLowerCase().startsWith('sqlite://') || path === '') {
        throw new StateUrlError(`state URL "${url}" names no file; write sqlite://PATH (relative paths are inside the data directory)`);
      }
      if (path === ':memory:') return { kind: 'sqlite', file: path };
      return { kind: 'sqlite', file: isAbsolute(path) ? path : resolve(dataDir, path) };
    }
    case 'redis':
    case 'rediss':
      checkParses(url);
      return { kind: 'redis', url };
    case 'postgres':
    case 'postgresql': {
      const parsed = checkParses(url);
      const schema = parsed.searchParams.get('schema') ?? undefined;
      const table = parsed.searchParams.get('table') ?? undefined;
      // pg would pass unknown parameters on to the server as startup options: keep ours out of the connection string
      parsed.searchParams.delete('schema');
      parsed.searchParams.delete('table');
      return { kind: 'postgres', url: parsed.toString(), ...(schema ? { schema } : {}), ...(table ? { table } : {}) };
    }
    default:
      throw new StateUrlError(`state URL scheme "${scheme}:" is not supported (in "${redactUrl(url)}"); accepted: ${ACCEPTED_STATE_URLS}`);
  }
}

function checkParses(url: string): URL {
  try {
    return new URL(url);
  } catch (err) {
    throw new StateUrlError(`state URL "${redactUrl(url)}" is not a valid URL (${(err as Error).message}); accepted: ${ACCEPTED_STATE_URLS}`);
  }
}

/**
 * Opens (and creates if needed) the state store `url` names. Fails within the connect timeout with a
 * StateConnectError saying which URL and what to start, rather than hanging.
 */
export async function openStore(url: string | undefined, opts: OpenStoreOptions): Promise<KeyvStore> {
  const target = parseStateUrl(url, opts.dataDir);
  const prefix = checkPrefix(opts.prefix ?? DEFAULT_PREFIX);
  const logger = opts.logger ?? stderrLogger;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
  switch (target.kind) {
    case 'sqlite':
      return openSqliteStore({ file: target.file, prefix, logger });
    case 'redis':
      return openRedisStore({ url: target.url, prefix, logger, connectTimeoutMs });
    case 'postgres':
      return openPostgresStore({
        url: target.url,
        prefix,
        logger,
        connectTimeoutMs,
        schema: opts.pgSchema ?? target.schema ?? 'public',
        table: target.table ?? 'paperboy_state',
      });
  }
}
