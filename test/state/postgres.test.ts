// The contract suite on PostgreSQL (DATABASE_URL, a unique schema per run, dropped after), plus PostgreSQL checks.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { StateConnectError, StateUrlError } from '../../src/state/errors.js';
import { storeContract } from './contract.js';
import { DATABASE_URL, recordingLogger, runName, serviceAvailable } from './services.js';

const schema = runName('pg');
const up = await serviceAvailable('postgres', { pgSchema: schema });
const open = (prefix?: string) => openStore(DATABASE_URL, { dataDir: '/unused', pgSchema: schema, ...(prefix ? { prefix } : {}), logger: recordingLogger() });

async function dropSchema(): Promise<void> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}

describe.runIf(up)('PostgreSQL backend', () => {
  storeContract('postgres', () => open());
  afterAll(dropSchema); // after this block's own tests too

  it('keeps two prefixes apart in one table, and honours ?schema= and ?table= in the URL', async () => {
    const a = await open('pa');
    const b = await open('pb');
    await a.set('ns', 'k', 'a');
    await b.set('ns', 'k', 'b');
    await a.clear('ns');
    expect(await a.get('ns', 'k')).toBeUndefined();
    expect(await b.get('ns', 'k')).toBe('b');
    expect(a.backend).toBe('postgres');
    await a.close();
    await b.close();
    const viaUrl = await openStore(`${DATABASE_URL}?schema=${schema}&table=other_state`, { dataDir: '/unused', prefix: 'pb', logger: recordingLogger() });
    expect(await viaUrl.get('ns', 'k')).toBeUndefined(); // a different table
    await viaUrl.set('ns', 'k', 'c');
    await viaUrl.close();
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.other_state`);
    await pool.end();
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('takes keys longer than 255 characters (our table uses TEXT keys)', async () => {
    const s = await open();
    const key = 'k'.repeat(2000);
    await s.set('long', key, 1);
    expect(await s.get('long', key)).toBe(1);
    await s.close();
  });

  it('rejects unsafe schema names before connecting', async () => {
    await expect(openStore(DATABASE_URL, { dataDir: '/unused', pgSchema: 'x; DROP TABLE y' })).rejects.toBeInstanceOf(StateUrlError);
  });
});

describe('PostgreSQL connection failure', () => {
  it('fails fast with the URL and what to start when nothing listens', async () => {
    const err = await openStore('postgresql://postgres:pw@127.0.0.1:1/test', { dataDir: '/unused', connectTimeoutMs: 2000, logger: recordingLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConnectError);
    expect((err as Error).message).toContain('127.0.0.1:1/test');
    expect((err as Error).message).not.toContain(':pw@');
    expect((err as Error).message).toMatch(/start it/);
  });
});
