// The contract suite on the SQLite backend (a temp data directory), plus SQLite-specific opening rules.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { StateConnectError } from '../../src/state/errors.js';
import { storeContract } from './contract.js';
import { recordingLogger } from './services.js';

const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-state-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

storeContract('sqlite', () => openStore(undefined, { dataDir, logger: recordingLogger() }));

describe('SQLite backend', () => {
  it('puts the default file at <dataDir>/state.sqlite, and relative sqlite:// paths inside the data directory', async () => {
    const dir = join(dataDir, 'fresh', 'nested');
    const a = await openStore(undefined, { dataDir: dir });
    await a.set('n', 'k', 1);
    await a.close();
    expect(existsSync(join(dir, 'state.sqlite'))).toBe(true);
    const b = await openStore('sqlite://other/s.db', { dataDir: dir });
    await b.set('n', 'k', 2);
    await b.close();
    expect(existsSync(join(dir, 'other', 's.db'))).toBe(true);
    const c = await openStore(`sqlite://${join(dir, 'state.sqlite')}`, { dataDir: '/ignored-for-absolute-paths' });
    expect(await c.get('n', 'k')).toBe(1);
    expect(c.backend).toBe('sqlite');
    await c.close();
  });

  it('keeps prefixes apart in one file', async () => {
    const a = await openStore(undefined, { dataDir, prefix: 'one' });
    const b = await openStore(undefined, { dataDir, prefix: 'one_' });
    await a.set('ns', 'k', 'a');
    await b.set('ns', 'k', 'b');
    expect(await a.get('ns', 'k')).toBe('a');
    expect(await b.get('ns', 'k')).toBe('b');
    await a.clear('ns');
    expect(await b.get('ns', 'k')).toBe('b');
    await a.close();
    await b.close();
  });

  it('fails with a clear error when the file is not a database', async () => {
    const file = join(dataDir, 'not-a-db.sqlite');
    writeFileSync(file, 'this is plain text, not SQLite '.repeat(100));
    const logger = recordingLogger();
    const err = await openStore(`sqlite://${file}`, { dataDir, logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConnectError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/not a database/);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true); // keyv's error event was logged, not swallowed
  });

  it('fails with a clear error when the data directory cannot be created', async () => {
    const blocker = join(dataDir, 'a-file');
    writeFileSync(blocker, 'x');
    const err = await openStore(undefined, { dataDir: join(blocker, 'sub'), logger: recordingLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConnectError);
    expect((err as Error).message).toContain(join(blocker, 'sub'));
  });

  it('rejects a bad TTL and a bad prefix with clear errors', async () => {
    const s = await openStore(undefined, { dataDir });
    await expect(s.set('n', 'k', 1, -5)).rejects.toThrow(/ttlMs must be a positive number/);
    await expect(s.setIfAbsent('n', 'k', 1, Number.NaN)).rejects.toThrow(/ttlMs/);
    expect(await s.get('n', 'k')).toBeUndefined();
    await s.close();
    await expect(openStore(undefined, { dataDir, prefix: 'has:colon' })).rejects.toThrow(/prefix/);
  });
});
