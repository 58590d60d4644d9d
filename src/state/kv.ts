// The key-value store contract every state backend (SQLite, Redis, PostgreSQL through keyv) fulfils.

/** JSON-serialisable values only. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A namespaced key-value store. Each `set` of one key is atomic: a process killed mid-write leaves the old
 * value or the new one, never a mix; so every entity the bot keeps is one value under one key.
 */
export interface KeyValueStore {
  get<T extends Json>(namespace: string, key: string): Promise<T | undefined>;
  /** `ttlMs` makes the key expire. */
  set(namespace: string, key: string, value: Json, ttlMs?: number): Promise<void>;
  delete(namespace: string, key: string): Promise<boolean>;
  /**
   * Atomically sets the key only if it is absent (or expired): true if this caller won it. The primitive for
   * leases, "post this digest once" claims and cross-instance rate limits (Redis SET NX PX, SQL insert-or-nothing).
   */
  setIfAbsent(namespace: string, key: string, value: Json, ttlMs?: number): Promise<boolean>;
  /** Every live entry of a namespace (order unspecified). */
  entries<T extends Json>(namespace: string): AsyncIterable<[string, T]>;
  /** Removes every key of a namespace. */
  clear(namespace: string): Promise<void>;
  close(): Promise<void>;
  /** `sqlite`, `redis` or `postgres`: for logs and `/readyz`. */
  readonly backend: string;
}
