// An in-process KeyValueStore: the fake for unit tests and the store of a bot that keeps nothing.
import type { Json, KeyValueStore } from './kv.js';

interface Entry {
  value: Json;
  expiresAt: number | null;
}

export class MemoryStore implements KeyValueStore {
  readonly backend = 'memory';
  private readonly data = new Map<string, Map<string, Entry>>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(namespace: string, key: string): Entry | undefined {
    const entry = this.data.get(namespace)?.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.data.get(namespace)!.delete(key);
      return undefined;
    }
    return entry;
  }

  async get<T extends Json>(namespace: string, key: string): Promise<T | undefined> {
    const entry = this.live(namespace, key);
    return entry ? (structuredClone(entry.value) as T) : undefined;
  }

  async set(namespace: string, key: string, value: Json, ttlMs?: number): Promise<void> {
    let ns = this.data.get(namespace);
    if (!ns) this.data.set(namespace, (ns = new Map()));
    ns.set(key, { value: structuredClone(value), expiresAt: ttlMs ? this.now() + ttlMs : null });
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const existed = this.live(namespace, key) !== undefined;
    this.data.get(namespace)?.delete(key);
    return existed;
  }

  async setIfAbsent(namespace: string, key: string, value: Json, ttlMs?: number): Promise<boolean> {
    if (this.live(namespace, key)) return false;
    await this.set(namespace, key, value, ttlMs);
    return true;
  }

  async *entries<T extends Json>(namespace: string): AsyncIterable<[string, T]> {
    for (const key of [...(this.data.get(namespace)?.keys() ?? [])]) {
      const entry = this.live(namespace, key);
      if (entry) yield [key, structuredClone(entry.value) as T];
    }
  }

  async clear(namespace: string): Promise<void> {
    this.data.delete(namespace);
  }

  async close(): Promise<void> {}
}
