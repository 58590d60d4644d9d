// Expired records: keyv's lazy delete on read never removes a claim another instance just won; sweepExpired cleans up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Keyv from 'keyv';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { namespacePrefix, type KeyvStore } from '../../src/state/keyv-store.js';
import { DATABASE_URL, REDIS_URL, recordingLogger, runName, serviceAvailable } from './services.js';

const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-lazy-'));
const prefix = runName('lazy');
const schema = runName('lazy');
const redisUp = await serviceAvailable('redis');
const pgUp = await serviceAvailable('postgres', { pgSchema: schema });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUp) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
});

const backends = [
  ['sqlite', true, undefined],
  ['redis', redisUp, REDIS_URL],
  ['postgres', pgUp, DATABASE_URL],
] as const;

describe.each(backends)('%s', (name, up, url) => {
  const open = async () => (await openStore(url, { dataDir, prefix, pgSchema: schema, logger: recordingLogger() })) as KeyvStore;
  // white box: the Keyv instance inside, to call the delete keyv itself calls after reading an expired record
  const keyvOf = (store: KeyvStore) => (store as unknown as { keyv: Keyv }).keyv;

  it.runIf(up)('keyv’s own delete leaves a live record alone', async () => {
    const s = await open();
    const ns = `live-${name}`;
    await s.set(ns, 'permanent', 1);
    await s.set(ns, 'leased', 2, 60_000);
    await keyvOf(s).delete(namespacePrefix(prefix, ns) + 'permanent');
    await keyvOf(s).delete(namespacePrefix(prefix, ns) + 'leased');
    expect(await s.get(ns, 'permanent')).toBe(1);
    expect(await s.get(ns, 'leased')).toBe(2);
    await s.clear(ns);
    await s.close();
  });

  it.runIf(up)('readers of an expired claim racing a new winner never delete the new claim', async () => {
    const a = await open();
    const b = await open();
    const ns = `race-${name}`;
    for (let round = 0; round < 15; round++) {
      const key = `lease-${round}`;
      await a.set(ns, key, 'old', 20);
      await sleep(30);
      const [, won] = await Promise.all([a.get(ns, key), b.setIfAbsent(ns, key, 'new', 60_000), a.get(ns, key), a.get(ns, key)]);
      expect(won, `round ${round}`).toBe(true);
      expect(await b.get(ns, key), `round ${round}`).toBe('new');
    }
    await a.clear(ns);
    await a.close();
    await b.close();
  });

  it.runIf(up)('sweepExpired deletes the expired records nobody read again, of its own prefix only', async () => {
    const s = await open();
    const other = (await openStore(url, { dataDir, prefix: `${prefix}_other`, pgSchema: schema, logger: recordingLogger() })) as KeyvStore;
    const ns = `sweep-${name}`;
    await s.set(ns, 'expires', 1, 50);
    await s.setIfAbsent(ns, 'claim', 1, 50);
    await s.set(`${ns}-kept`, 'live', 2, 60_000);
    await s.set(`${ns}-kept`, 'forever', 3);
    await other.set(ns, 'expires', 4, 50);
    await sleep(120);
    const swept = await s.sweepExpired();
    const namespaces = await s.namespaces();
    expect(namespaces).not.toContain(ns); // nothing of it is left, not even expired records
    expect(namespaces).toContain(`${ns}-kept`);
    expect(await s.get(`${ns}-kept`, 'live')).toBe(2);
    expect(await s.get(`${ns}-kept`, 'forever')).toBe(3);
    if (name === 'redis') {
      expect(swept).toBe(0); // Redis expired them itself
    } else {
      expect(swept).toBe(2);
      expect(await other.namespaces()).toContain(ns); // another prefix's records are its own business
      expect(await other.sweepExpired()).toBe(1);
    }
    await s.clear(`${ns}-kept`);
    await s.close();
    await other.close();
  });
});
