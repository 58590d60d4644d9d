// The KeyValueStore over keyv, shared by every persistent backend; the atomic parts keyv lacks come from a RawBackend.
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import type { Json, KeyValueStore } from './kv.js';

/** What keyv writes for every key (plain JSON, so SQL and export can read it): the value and its expiry (epoch ms). */
export interface StoredRecord {
  value: Json;
  expires?: number;
}

/**
 * The per-backend operations keyv has no atomic primitive for. Keys here are full keys (prefix and namespace
 * included); values are serialised StoredRecords.
 */
export interface RawBackend {
  readonly name: 'sqlite' | 'redis' | 'postgres';
  /** Writes `raw` under `key` only if no record is there or the one there expired before `now`; true if written. */
  insertIfAbsent(key: string, raw: string, ttlMs: number | undefined, now: number): Promise<boolean>;
  /** Deletes `key` in one step, returning the record it held. */
  take(key: string): Promise<string | undefined>;
  /** Every [key, record] whose key starts with `prefix` exactly (case and wildcards are literal). */
  scan(prefix: string): AsyncIterable<[string, string]>;
  /** Deletes every key that starts with `prefix` exactly. */
  deletePrefix(prefix: string): Promise<void>;
  /** Deletes the records under `prefix` that expired before `now`; how many. */
  sweepExpired(prefix: string, now: number): Promise<number>;
}

export interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Logs to stderr when the caller passed no logger: errors must never vanish silently. */
export const stderrLogger: Logger = {
  warn: (obj, msg) => console.error(`paperboy state warning: ${msg}`, obj),
  error: (obj, msg) => console.error(`paperboy state error: ${msg}`, obj),
};

const PREFIX_RE = /^[A-Za-z0-9_.-]{1,64}$/;

export function checkPrefix(prefix: string): string {
  if (!PREFIX_RE.test(prefix)) {
    throw new RangeError(`state key prefix must be 1-64 characters of A-Z a-z 0-9 _ . - (got ${JSON.stringify(prefix)})`);
  }
  return prefix;
}

/**
 * `<prefix>:<namespace, URI-encoded>:` — the encoded namespace holds no `:`, and the prefix none either, so one
 * namespace's keys can never start with another namespace's (or another prefix's) prefix.
 */
export function namespacePrefix(prefix: string, namespace: string): string {
  return `${prefix}:${encodeURIComponent(namespace)}:`;
}

/**
 * The least string above every string that starts with `prefix` (byte-wise, as SQLite's BINARY and PostgreSQL's "C"
 * collations compare), so a prefix scan is an index range. Our prefixes all end in `:`, which becomes `;`.
 */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (prefix.length === 0 || last >= 0x7f) throw new RangeError(`prefix must end in an ASCII character (got ${JSON.stringify(prefix)})`);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

export function serialize(record: StoredRecord): string {
  return JSON.stringify(record);
}

export function deserialize(raw: string): StoredRecord {
  return JSON.parse(raw) as StoredRecord;
}

/** undefined or 0 mean "no expiry", as in MemoryStore; fractions round up because Redis counts whole ms. */
export function normaliseTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined || ttlMs === 0) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError(`ttlMs must be a positive number of milliseconds (got ${ttlMs})`);
  return Math.ceil(ttlMs);
}

function isExpired(record: StoredRecord, now: number): boolean {
  return typeof record.expires === 'number' && now > record.expires;
}

/** A live entry with its expiry, for export. */
export interface ExpiringEntry {
  key: string;
  value: Json;
  /** Epoch ms, or null for keys that never expire. */
  expiresAt: number | null;
}

export class KeyvStore implements KeyValueStore {
  readonly backend: string;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly keyv: Keyv<StoredRecord['value']>,
    private readonly raw: RawBackend,
    readonly prefix: string,
    private readonly onClose: () => Promise<void>,
  ) {
    this.backend = raw.name;
    checkPrefix(prefix);
  }

  private fullKey(namespace: string, key: string): string {
    return namespacePrefix(this.prefix, namespace) + key;
  }

  async get<T extends Json>(namespace: string, key: string): Promise<T | undefined> {
    const value = await this.keyv.get(this.fullKey(namespace, key));
    return value === undefined ? undefined : (value as T);
  }

  async set(namespace: string, key: string, value: Json, ttlMs?: number): Promise<void> {
    const ok = await this.keyv.set(this.fullKey(namespace, key), value, normaliseTtl(ttlMs));
    if (!ok) throw new Error(`${this.backend} state store did not write ${namespace}/${key}`);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const raw = await this.raw.take(this.fullKey(namespace, key));
    return raw !== undefined && !isExpired(deserialize(raw), Date.now());
  }

  async setIfAbsent(namespace: string, key: string, value: Json, ttlMs?: number): Promise<boolean> {
    const ttl = normaliseTtl(ttlMs);
    const now = Date.now();
    const raw = serialize(ttl === undefined ? { value } : { value, expires: now + ttl });
    return this.raw.insertIfAbsent(this.fullKey(namespace, key), raw, ttl, now);
  }

  async *entries<T extends Json>(namespace: string): AsyncIterable<[string, T]> {
    for await (const entry of this.entriesWithExpiry(namespace)) yield [entry.key, entry.value as T];
  }

  /** Like entries(), with each key's expiry: what `exportState` needs to carry TTLs across backends. */
  async *entriesWithExpiry(namespace: string): AsyncIterable<ExpiringEntry> {
    const prefix = namespacePrefix(this.prefix, namespace);
    for await (const [fullKey, raw] of this.raw.scan(prefix)) {
      const record = deserialize(raw);
      if (isExpired(record, Date.now())) continue;
      yield { key: fullKey.slice(prefix.length), value: record.value, expiresAt: record.expires ?? null };
    }
  }

  /** Every namespace holding at least one key under this store's prefix (expired ones included). */
  async namespaces(): Promise<string[]> {
    const head = `${this.prefix}:`;
    const found = new Set<string>();
    for await (const [fullKey] of this.raw.scan(head)) {
      const end = fullKey.indexOf(':', head.length);
      if (end > 0) found.add(decodeURIComponent(fullKey.slice(head.length, end)));
    }
    return [...found].sort();
  }

  async clear(namespace: string): Promise<void> {
    await this.raw.deletePrefix(namespacePrefix(this.prefix, namespace));
  }

  /**
   * Deletes expired records nobody read again (keyv drops them only on read), e.g. from a daily job; Redis expires
   * keys itself, so there it finds nothing. Returns how many it deleted.
   */
  sweepExpired(): Promise<number> {
    return this.raw.sweepExpired(`${this.prefix}:`, Date.now());
  }

  /** Idempotent: the composition root and a shutdown hook may both close the store. */
  close(): Promise<void> {
    return (this.closing ??= this.onClose());
  }
}

/**
 * The Keyv every backend wraps: our keys carry their own prefix and namespace (see namespacePrefix), values are our
 * StoredRecord JSON, and the adapter's errors (a failed connect, a failed query) are logged once, with `context`.
 */
export function createKeyv(adapter: KeyvStoreAdapter, logger: Logger, context: object, backend: string): Keyv<StoredRecord['value']> {
  const keyv = new Keyv<StoredRecord['value']>({
    store: adapter,
    namespace: undefined,
    useKeyPrefix: false,
    serialize: serialize as never, // keyv's generic (de)serializer types are looser than our StoredRecord
    deserialize: deserialize as never,
    throwOnErrors: true,
  });
  keyv.on('error', (err: unknown) => logger.error({ err, ...context }, `keyv error (${backend})`));
  return keyv;
}
