// State export/import: SQLite -> Redis and PostgreSQL round trips, TTLs carried over, bad dumps refused whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { StateDumpError } from '../../src/state/errors.js';
import { exportState, importState, storedNamespaces, validateDump, type StateDump } from '../../src/state/transfer.js';
import type { Json, KeyValueStore } from '../../src/state/kv.js';
import { DATABASE_URL, REDIS_URL, recordingLogger, runName, serviceAvailable } from './services.js';

const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-transfer-'));
const schema = runName('transfer');
const redisPrefix = runName('transfer');
const NS = ['channels', 'people', 'posted', 'digests', 'slots', 'with:colon', 'ünï'];
const redisUp = await serviceAvailable('redis');
const pgUp = await serviceAvailable('postgres', { pgSchema: schema });

let source: KeyValueStore;

async function fill(store: KeyValueStore): Promise<void> {
  await store.set('channels', 'slack:T1:C1', { settings: { keywords: ['diffusion', 'nerf'], tz: 'Europe/Berlin' }, updatedAt: '2026-11-24T10:00:00Z' });
  await store.set('channels', 'discord:G1:C9', { settings: { keywords: ['llm'] }, note: ':colon start', big: 'é'.repeat(100_000) });
  await store.set('people', 'slack:T1:U1', { profiles: ['cs.CV diffusion', 'nerf -survey'], channels: ['C1'] });
  await store.set('posted', 'slack:T1:C1:2021-11-17', { date: '2021-11-17', version: 1 });
  await store.set('digests', 'slack:T1:C1:2021-11-17', { ids: Array.from({ length: 500 }, (_, i) => `2111.${String(i).padStart(5, '0')}`) });
  await store.set('slots', 'claim:2021-11-17', 'instance-a', 3_600_000);
  await store.set('slots', 'gone', 'expires before export', 30);
  await store.set('with:colon', 'k:1', [1, 2, 3]);
  await store.set('ünï', '🔑', null);
  await new Promise((r) => setTimeout(r, 60));
}

async function snapshot(store: KeyValueStore): Promise<Record<string, Record<string, Json>>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const ns of NS) {
    out[ns] = {};
    for await (const [k, v] of store.entries(ns)) out[ns][k] = v;
  }
  return out;
}

beforeAll(async () => {
  source = await openStore(undefined, { dataDir, logger: recordingLogger() });
  await fill(source);
});

afterAll(async () => {
  await source.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUp) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
});

describe('exportState', () => {
  it('writes every live key of the listed namespaces, with the expiry of TTL keys, as plain JSON', async () => {
    const dump = await exportState(source, NS, () => new Date('2026-11-24T12:00:00Z'));
    expect(dump.format).toBe('paperboy-state');
    expect(dump.version).toBe(1);
    expect(dump.exportedAt).toBe('2026-11-24T12:00:00.000Z');
    expect(dump.backend).toBe('sqlite');
    expect(Object.keys(dump.namespaces).sort()).toEqual([...NS].sort());
    expect(dump.namespaces.posted).toEqual({ 'slack:T1:C1:2021-11-17': { date: '2021-11-17', version: 1 } });
    expect(dump.namespaces.slots).toEqual({ 'claim:2021-11-17': 'instance-a' }); // the expired key is not exported
    const claimExpiry = Date.parse(dump.expires!.slots!['claim:2021-11-17']!);
    expect(claimExpiry - Date.now()).toBeGreaterThan(3_500_000);
    expect(Object.keys(dump.expires!)).toEqual(['slots']);
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
    expect(dump.namespaces).toEqual(await snapshot(source));
  });
});

describe.each([
  ['redis', redisUp, () => openStore(REDIS_URL, { dataDir, prefix: redisPrefix, logger: recordingLogger() })],
  ['postgres', pgUp, () => openStore(DATABASE_URL, { dataDir, pgSchema: schema, logger: recordingLogger() })],
  ['memory', true, async () => new MemoryStore()],
] as const)('SQLite -> %s', (name, up, make) => {
  it.runIf(up)(`moves all state from SQLite into ${name} unchanged, TTLs included`, async () => {
    const target = await make();
    try {
      const dump = await exportState(source, NS);
      const text = JSON.stringify(dump); // through a file's worth of text, as the CLI does
      const result = await importState(target, JSON.parse(text) as StateDump);
      expect(result).toEqual({ keys: 8, expired: 0 });
      expect(await snapshot(target)).toEqual(await snapshot(source));
      // the claim is still held in the target, and still expires
      expect(await target.setIfAbsent('slots', 'claim:2021-11-17', 'instance-b')).toBe(false);
      const again = await exportState(target, NS);
      if (name !== 'memory') {
        expect(Math.abs(Date.parse(again.expires!.slots!['claim:2021-11-17']!) - Date.parse(dump.expires!.slots!['claim:2021-11-17']!))).toBeLessThan(5000);
      }
      expect(again.namespaces).toEqual(dump.namespaces);
    } finally {
      if (name === 'redis') for (const ns of NS) await target.clear(ns);
      await target.close();
    }
  });
});

describe('importState', () => {
  const good = (): StateDump => ({
    format: 'paperboy-state',
    version: 1,
    exportedAt: '2026-11-24T12:00:00.000Z',
    namespaces: { a: { k1: 1, k2: { x: [true] } }, b: { lease: 'me', old: 'stale' } },
    expires: { b: { lease: '2026-11-24T12:10:00.000Z', old: '2026-11-24T11:00:00.000Z' } },
  });

  it('imports with the TTL that remains and skips keys already expired', async () => {
    const store = new MemoryStore(() => Date.parse('2026-11-24T12:00:00Z'));
    const result = await importState(store, good(), () => new Date('2026-11-24T12:00:00Z'));
    expect(result).toEqual({ keys: 3, expired: 1 });
    expect(await store.get('a', 'k2')).toEqual({ x: [true] });
    expect(await store.get('b', 'lease')).toBe('me');
    expect(await store.get('b', 'old')).toBeUndefined();
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['an array', [], /expected a JSON object, got an array/],
    ['null', null, /got null/],
    ['a wrong format', { ...good(), format: 'keyv' }, /"format" must be "paperboy-state"/],
    ['a future version', { ...good(), version: 2 }, /version 2 is not supported/],
    ['a bad exportedAt', { ...good(), exportedAt: 'yesterday' }, /exportedAt/],
    ['no namespaces', { ...good(), namespaces: undefined }, /"namespaces" must be an object/],
    ['a namespace that is a list', { ...good(), namespaces: { a: [1, 2] } }, /namespaces\."a" must be an object/],
    ['a non-JSON value', { ...good(), namespaces: { a: { k: { when: new Date() } } } }, /not JSON at namespaces\."a"\."k"\."when"/],
    ['an infinite number', { ...good(), namespaces: { a: { k: [1, Infinity] } } }, /not JSON at namespaces\."a"\."k"\[1\]/],
    ['a bad expiry', { ...good(), expires: { b: { lease: 'soon' } } }, /expires\."b"\."lease" must be an ISO date-time/],
    ['an expiry of a missing key', { ...good(), expires: { b: { nothing: '2026-11-24T12:10:00.000Z' } } }, /names a key the dump does not hold/],
  ];
  it.each(bad)('refuses %s with a clear error and writes nothing', async (_label, dump, message) => {
    const store = new MemoryStore();
    // a valid namespace comes first in most cases: nothing of it may be written either
    const err = await importState(store, dump as StateDump).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateDumpError);
    expect((err as Error).message).toMatch(message);
    for (const ns of ['a', 'b']) for await (const entry of store.entries(ns)) expect.fail(`wrote ${JSON.stringify(entry)}`);
  });

  it('storedNamespaces lists what a keyv store holds (and says undefined for a store that cannot list)', async () => {
    expect(await storedNamespaces(source)).toEqual([...NS].sort());
    expect(await storedNamespaces(new MemoryStore())).toBeUndefined();
  });

  it('accepts what exportState wrote', async () => {
    expect(validateDump(await exportState(source, NS))).toBeTruthy();
  });
});
