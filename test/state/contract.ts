// The one KeyValueStore contract suite: every backend (memory, SQLite, Redis, PostgreSQL) must pass all of it.
import { afterAll, describe, expect, it } from 'vitest';
import type { Json, KeyValueStore } from '../../src/state/kv.js';

export interface ContractOptions {
  /** Whether two make() calls see the same data (and data survives close): true for every real backend. */
  shared?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough that a loaded CI machine still reads the key before it expires; the wait goes safely past it. */
const SHORT_TTL = 300;
const PAST_SHORT_TTL = SHORT_TTL + 150;

async function collect<T extends Json>(it: AsyncIterable<[string, T]>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for await (const [k, v] of it) {
    expect(out.has(k), `entries() yielded "${k}" twice`).toBe(false);
    out.set(k, v);
  }
  return out;
}

/**
 * `make` opens a store onto the backend under test; every call must reach the same backing data (the suite uses
 * fresh namespaces per test, never an empty store). `cleanup` runs once after the suite.
 */
export function storeContract(name: string, make: () => Promise<KeyValueStore>, cleanup?: () => Promise<void>, opts: ContractOptions = { shared: true }): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    let n = 0;
    const run = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const fresh = (label: string) => `${label}-${run}-${++n}`;
    const open: KeyValueStore[] = [];
    const store = async () => {
      const s = await make();
      open.push(s);
      return s;
    };
    const closeAll = async () => {
      for (const s of open.splice(0)) await s.close();
    };

    afterAll(async () => {
      await closeAll();
      await cleanup?.();
    });

    it('get of a missing key is undefined; set then get round-trips every JSON shape', async () => {
      const s = await store();
      const ns = fresh('rt');
      expect(await s.get(ns, 'missing')).toBeUndefined();
      const values: Record<string, Json> = {
        null: null,
        true: true,
        false: false,
        zero: 0,
        negative: -12.5,
        big: 2 ** 53 - 1,
        empty: '',
        colon: ':starts with a colon',
        base64: ':base64:AAAA',
        array: [1, 'two', null, [3], { four: 4 }],
        object: { a: { b: { c: [true, false] } }, 'key with spaces': 'v', 'x:y': 'colon key', '': 'empty key' },
        emptyObject: {},
        emptyArray: [],
      };
      for (const [k, v] of Object.entries(values)) await s.set(ns, k, v);
      for (const [k, v] of Object.entries(values)) expect(await s.get(ns, k), k).toEqual(v);
      expect(s.backend).toMatch(/^(memory|sqlite|redis|postgres)$/);
    });

    it('set overwrites, and stored values are copies (mutating inputs or outputs changes nothing)', async () => {
      const s = await store();
      const ns = fresh('copy');
      const input = { list: [1, 2], name: 'first' };
      await s.set(ns, 'k', input);
      input.list.push(3);
      input.name = 'mutated';
      const got = await s.get<{ list: number[]; name: string }>(ns, 'k');
      expect(got).toEqual({ list: [1, 2], name: 'first' });
      got!.list.push(99);
      expect(await s.get(ns, 'k')).toEqual({ list: [1, 2], name: 'first' });
      await s.set(ns, 'k', 'second');
      expect(await s.get(ns, 'k')).toBe('second');
    });

    it('delete says whether a live key existed', async () => {
      const s = await store();
      const ns = fresh('del');
      expect(await s.delete(ns, 'nothing')).toBe(false);
      await s.set(ns, 'k', 1);
      expect(await s.delete(ns, 'k')).toBe(true);
      expect(await s.get(ns, 'k')).toBeUndefined();
      expect(await s.delete(ns, 'k')).toBe(false);
    });

    it('a TTL expires the key for get, entries, delete and setIfAbsent; ttl 0 or none never expires', async () => {
      const s = await store();
      const ns = fresh('ttl');
      await s.set(ns, 'short', 'gone soon', SHORT_TTL);
      await s.set(ns, 'long', 'stays', 60_000);
      await s.set(ns, 'zero', 'forever', 0);
      await s.set(ns, 'none', 'forever');
      await s.set(ns, 'deleted-after-expiry', 'x', SHORT_TTL);
      // a set without TTL over a TTL'd key makes it permanent
      await s.set(ns, 'renewed', 'v1', SHORT_TTL);
      await s.set(ns, 'renewed', 'v2');
      expect(await s.get(ns, 'short')).toBe('gone soon');
      await sleep(PAST_SHORT_TTL);
      expect(await s.get(ns, 'short')).toBeUndefined();
      expect(await s.get(ns, 'long')).toBe('stays');
      expect(await s.get(ns, 'zero')).toBe('forever');
      expect(await s.get(ns, 'none')).toBe('forever');
      expect(await s.get(ns, 'renewed')).toBe('v2');
      expect([...(await collect(s.entries(ns))).keys()].sort()).toEqual(['long', 'none', 'renewed', 'zero']);
      expect(await s.delete(ns, 'deleted-after-expiry')).toBe(false);
    });

    it('setIfAbsent wins only when the key is absent, deleted or expired, and keeps the first value', async () => {
      const s = await store();
      const ns = fresh('sia');
      expect(await s.setIfAbsent(ns, 'lease', { owner: 'a' })).toBe(true);
      expect(await s.setIfAbsent(ns, 'lease', { owner: 'b' })).toBe(false);
      expect(await s.get(ns, 'lease')).toEqual({ owner: 'a' });
      await s.delete(ns, 'lease');
      expect(await s.setIfAbsent(ns, 'lease', { owner: 'c' })).toBe(true);
      expect(await s.get(ns, 'lease')).toEqual({ owner: 'c' });

      expect(await s.setIfAbsent(ns, 'ttl', 'first', SHORT_TTL)).toBe(true);
      // a key set by plain set() with a TTL counts as absent once expired, too
      await s.set(ns, 'plain', 'p', SHORT_TTL);
      expect(await s.setIfAbsent(ns, 'ttl', 'second', SHORT_TTL)).toBe(false);
      expect(await s.setIfAbsent(ns, 'plain', 'q')).toBe(false);
      await sleep(PAST_SHORT_TTL);
      expect(await s.setIfAbsent(ns, 'ttl', 'third', 60_000)).toBe(true);
      expect(await s.get(ns, 'ttl')).toBe('third');
      expect(await s.setIfAbsent(ns, 'plain', 'r')).toBe(true);
      // 'r' has no TTL: were the expired record's expiry kept, it would read as gone already
      expect(await s.get(ns, 'plain')).toBe('r');
    });

    it('20 concurrent setIfAbsent on one key: exactly one wins, and its value is stored', async () => {
      const s = await store();
      const ns = fresh('race');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.setIfAbsent(ns, 'claim', { by: i }, 30_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.get(ns, 'claim')).toEqual({ by: results.indexOf(true) });
    });

    it.runIf(opts.shared)('two store instances racing setIfAbsent on one key: exactly one wins overall', async () => {
      const a = await store();
      const b = await store();
      const ns = fresh('race2');
      for (let round = 0; round < 3; round++) {
        const key = `claim-${round}`;
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent(ns, key, i)));
        expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await a.get(ns, key)).toBe(winner);
        expect(await b.get(ns, key)).toBe(winner);
      }
    });

    it('entries lists exactly one namespace, even when names share text, case, wildcards or colons', async () => {
      const s = await store();
      const base = fresh('iso');
      const names = [base, `${base}:sub`, `${base}x`, base.toUpperCase(), `${base}_`, `${base}%`, `${base}*`, `${base}[a]`, `${base}\\`, `${base}/ü`];
      for (const [i, ns] of names.entries()) {
        await s.set(ns, 'same-key', i);
        await s.set(ns, `only-in-${i}`, { i });
        await s.set(ns, 'with:colons:inside', `c${i}`);
      }
      for (const [i, ns] of names.entries()) {
        const got = await collect(s.entries(ns));
        expect(Object.fromEntries(got), ns).toEqual({ 'same-key': i, [`only-in-${i}`]: { i }, 'with:colons:inside': `c${i}` });
      }
      expect((await collect(s.entries(fresh('empty')))).size).toBe(0);
    });

    it('clear empties one namespace and no other', async () => {
      const s = await store();
      const base = fresh('clr');
      const names = [base, `${base}:sub`, `${base}x`, base.toUpperCase(), `${base}_`, `${base}%`, `${base}*`];
      for (const ns of names) {
        await s.set(ns, 'k', ns);
        await s.set(ns, 'k2', ns, 60_000);
      }
      await s.clear(base);
      await s.clear(`${base}%`);
      expect((await collect(s.entries(base))).size).toBe(0);
      expect(await s.get(base, 'k')).toBeUndefined();
      expect((await collect(s.entries(`${base}%`))).size).toBe(0);
      for (const ns of names.filter((x) => x !== base && x !== `${base}%`)) {
        expect(await s.get(ns, 'k'), ns).toBe(ns);
        expect((await collect(s.entries(ns))).size, ns).toBe(2);
      }
      await s.clear(fresh('never-used')); // clearing an empty namespace is fine
      await s.set(base, 'after', 1); // and a cleared namespace is usable again
      expect(await s.get(base, 'after')).toBe(1);
    });

    it('entries pages through many keys (more than one backend page)', async () => {
      const s = await store();
      const ns = fresh('many');
      const count = 620;
      await Promise.all(Array.from({ length: count }, (_, i) => s.set(ns, `k${String(i).padStart(4, '0')}`, i)));
      const got = await collect(s.entries<number>(ns));
      expect(got.size).toBe(count);
      for (const [k, v] of got) expect(k).toBe(`k${String(v).padStart(4, '0')}`);
    });

    it('keeps unicode keys, namespaces and values intact', async () => {
      const s = await store();
      const ns = fresh('ünï-命名空间-🚀');
      const key = 'ключ:日本語:👩‍👩‍👧:e\u0301:עברית';
      const value = { text: 'Ça marche — 中文, العربية, 🦀🧪, \u2028\u2029, tab\t, quote " and \\ backslash', nul: 'a\u0000b' };
      await s.set(ns, key, value);
      expect(await s.get(ns, key)).toEqual(value);
      expect(Object.fromEntries(await collect(s.entries(ns)))).toEqual({ [key]: value });
      expect(await s.get(ns, key.normalize('NFC'))).toBeUndefined(); // keys are compared exactly, not normalised
    });

    it('stores large values whole (a 2 MB string, a 20k-item object)', async () => {
      const s = await store();
      const ns = fresh('large');
      const big = 'x'.repeat(1024 * 1024) + 'é'.repeat(512 * 1024) + 'END';
      const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `2011.${String(i).padStart(5, '0')}`, score: i / 7, tags: ['cs.CV', 'cs.LG'] }));
      await s.set(ns, 'string', big);
      await s.set(ns, 'object', { items });
      expect(await s.get(ns, 'string')).toBe(big);
      expect(await s.get(ns, 'object')).toEqual({ items });
    });

    it.runIf(opts.shared)('data, TTLs and claims survive closing and reopening the store', async () => {
      const ns = fresh('reopen');
      const a = await make();
      await a.set(ns, 'kept', { v: 1 });
      await a.set(ns, 'expiring', 'soon', 250);
      await a.set(ns, 'lasting', 'later', 60_000);
      expect(await a.setIfAbsent(ns, 'claim', 'a', 60_000)).toBe(true);
      await a.close();
      await a.close(); // closing twice is harmless
      const b = await store();
      expect(await b.get(ns, 'kept')).toEqual({ v: 1 });
      expect(await b.get(ns, 'lasting')).toBe('later');
      expect(await b.setIfAbsent(ns, 'claim', 'b', 60_000)).toBe(false);
      expect(await b.get(ns, 'claim')).toBe('a');
      await sleep(300);
      expect(await b.get(ns, 'expiring')).toBeUndefined();
    });
  });
}
