// Export and import of all bot state as one JSON document, so state moves between any two backends.
import type { Json, KeyValueStore } from './kv.js';
import type { ExpiringEntry } from './keyv-store.js';
import { StateDumpError } from './errors.js';

/**
 * What `paperboy state export` writes. Keys with a TTL (leases, claims, rate limits) are exported with their absolute
 * expiry in `expires` and imported with the TTL that remains, so a claim like "this digest was posted" keeps
 * protecting against a double post after a move, and a lease still ends when it would have; keys already expired by
 * import time are skipped.
 */
export interface StateDump {
  format: 'paperboy-state';
  version: 1;
  /** ISO time of the export. */
  exportedAt: string;
  /** The backend it came from (informational). */
  backend?: string;
  namespaces: { [namespace: string]: { [key: string]: Json } };
  /** ISO expiry of each key that has one; a key not listed here never expires. */
  expires?: { [namespace: string]: { [key: string]: string } };
}

export interface ImportResult {
  /** Keys written. */
  keys: number;
  /** Keys skipped because their TTL ran out between export and import. */
  expired: number;
}

/** A store that can say when its keys expire (every keyv-backed store); others export every key as permanent. */
interface ExpiryAware {
  entriesWithExpiry(namespace: string): AsyncIterable<ExpiringEntry>;
}

function isExpiryAware(store: KeyValueStore): store is KeyValueStore & ExpiryAware {
  return typeof (store as Partial<ExpiryAware>).entriesWithExpiry === 'function';
}

/**
 * Every namespace the store holds keys in, for "export everything"; undefined if the store cannot list them
 * (MemoryStore), in which case the caller's own list of namespaces is all there is.
 */
export async function storedNamespaces(store: KeyValueStore): Promise<string[] | undefined> {
  const lister = store as Partial<{ namespaces(): Promise<string[]> }>;
  return typeof lister.namespaces === 'function' ? lister.namespaces() : undefined;
}

export async function exportState(store: KeyValueStore, namespaces: readonly string[], now: () => Date = () => new Date()): Promise<StateDump> {
  const dump: StateDump = { format: 'paperboy-state', version: 1, exportedAt: now().toISOString(), backend: store.backend, namespaces: {} };
  for (const ns of namespaces) {
    const values: { [key: string]: Json } = {};
    if (isExpiryAware(store)) {
      for await (const { key, value, expiresAt } of store.entriesWithExpiry(ns)) {
        values[key] = value;
        if (expiresAt !== null) ((dump.expires ??= {})[ns] ??= {})[key] = new Date(expiresAt).toISOString();
      }
    } else {
      for await (const [key, value] of store.entries(ns)) values[key] = value;
    }
    dump.namespaces[ns] = values;
  }
  return dump;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Where in the dump the first non-JSON value sits, or undefined if the value is plain JSON. */
function nonJsonAt(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 500) return `${path} (nested deeper than 500 levels)`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} (${value} is not a JSON number)`;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = nonJsonAt(item, `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [k, item] of Object.entries(value)) {
      const bad = nonJsonAt(item, `${path}.${JSON.stringify(k)}`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  return `${path} (a ${typeof value} is not JSON)`;
}

/** Throws StateDumpError naming the first thing wrong; returns the dump typed when it is one exportState could write. */
export function validateDump(dump: unknown): StateDump {
  const fail = (what: string): never => {
    throw new StateDumpError(`not a Paperboy state dump: ${what}`);
  };
  if (!isPlainObject(dump)) return fail(`expected a JSON object, got ${Array.isArray(dump) ? 'an array' : dump === null ? 'null' : typeof dump}`);
  if (dump.format !== 'paperboy-state') return fail(`"format" must be "paperboy-state" (got ${JSON.stringify(dump.format)})`);
  if (dump.version !== 1) {
    throw new StateDumpError(`state dump version ${JSON.stringify(dump.version)} is not supported: this Paperboy reads version 1`);
  }
  if (typeof dump.exportedAt !== 'string' || Number.isNaN(Date.parse(dump.exportedAt))) return fail('"exportedAt" must be an ISO date-time');
  if (!isPlainObject(dump.namespaces)) return fail('"namespaces" must be an object of { namespace: { key: value } }');
  for (const [ns, values] of Object.entries(dump.namespaces)) {
    if (!isPlainObject(values)) return fail(`namespaces.${JSON.stringify(ns)} must be an object of { key: value }`);
    const bad = nonJsonAt(values, `namespaces.${JSON.stringify(ns)}`);
    if (bad) return fail(`not JSON at ${bad}`);
  }
  if (dump.expires !== undefined) {
    if (!isPlainObject(dump.expires)) return fail('"expires" must be an object of { namespace: { key: ISO date-time } }');
    for (const [ns, keys] of Object.entries(dump.expires)) {
      if (!isPlainObject(keys)) return fail(`expires.${JSON.stringify(ns)} must be an object of { key: ISO date-time }`);
      for (const [key, at] of Object.entries(keys)) {
        if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return fail(`expires.${JSON.stringify(ns)}.${JSON.stringify(key)} must be an ISO date-time`);
        if (!Object.hasOwn(dump.namespaces[ns] as object, key)) return fail(`expires.${JSON.stringify(ns)}.${JSON.stringify(key)} names a key the dump does not hold`);
      }
    }
  }
  return dump as unknown as StateDump;
}

/**
 * Writes every key of a dump into `store` (existing keys of the same names are overwritten, others kept). The whole
 * dump is validated first: if anything is wrong, nothing is written. Writing is idempotent, so an import cut short by
 * a failing backend can simply be run again.
 */
export async function importState(store: KeyValueStore, dump: StateDump, now: () => Date = () => new Date()): Promise<ImportResult> {
  const valid = validateDump(dump);
  const at = now().getTime();
  const result: ImportResult = { keys: 0, expired: 0 };
  for (const [ns, values] of Object.entries(valid.namespaces)) {
    for (const [key, value] of Object.entries(values)) {
      const expiry = valid.expires?.[ns]?.[key];
      if (expiry === undefined) {
        await store.set(ns, key, value);
      } else {
        const ttl = Date.parse(expiry) - at;
        if (ttl <= 0) {
          result.expired++;
          continue;
        }
        await store.set(ns, key, value, ttl);
      }
      result.keys++;
    }
  }
  return result;
}
