// The contract suite on Redis (REDIS_URL, a unique key prefix per run, removed after), plus Redis-specific checks.
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import type { KeyvStore } from '../../src/state/keyv-store.js';
import { StateConnectError } from '../../src/state/errors.js';
import { storeContract } from './contract.js';
import { REDIS_URL, recordingLogger, runName, serviceAvailable } from './services.js';

const up = await serviceAvailable('redis');
const prefixes = [runName('redis'), runName('redis_other')];
const open = (prefix = prefixes[0]) => openStore(REDIS_URL, { dataDir: '/unused', prefix, logger: recordingLogger() });

/** Removes every key this run wrote, namespace by namespace. */
async function dropRunKeys(): Promise<void> {
  for (const prefix of prefixes) {
    const store = await open(prefix);
    for (const ns of await store.namespaces()) await store.clear(ns);
    expect(await store.namespaces()).toEqual([]);
    await store.close();
  }
}

describe.runIf(up)('Redis backend', () => {
  storeContract('redis', () => open());
  afterAll(dropRunKeys); // after this block's own tests too, which write under the second prefix

  it('keeps two prefixes apart on one server', async () => {
    const a = await open(prefixes[0]);
    const b = await open(prefixes[1]);
    await a.set('ns', 'k', 'a');
    await b.set('ns', 'k', 'b');
    await a.clear('ns');
    expect(await a.get('ns', 'k')).toBeUndefined();
    expect(await b.get('ns', 'k')).toBe('b');
    expect(a.backend).toBe('redis');
    await a.close();
    await b.close();
  });

  it('lets Redis expire TTL keys itself (PX), not only on read', async () => {
    const s = (await open()) as KeyvStore;
    await s.set('pxcheck', 'k', 'v', 80);
    expect(await s.setIfAbsent('pxcheck', 'claim', 'v', 80)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    // no get() in between: the scan finds nothing because the server dropped both keys
    const left: string[] = [];
    for await (const [k] of s.entries('pxcheck')) left.push(k);
    expect(left).toEqual([]);
    expect(await s.namespaces()).not.toContain('pxcheck');
    await s.close();
  });

});

describe('Redis connection failure', () => {
  it('fails fast with the URL and what to start when nothing listens', async () => {
    const logger = recordingLogger();
    const err = await openStore('redis://127.0.0.1:1', { dataDir: '/unused', connectTimeoutMs: 2000, logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConnectError);
    expect((err as Error).message).toContain('redis://127.0.0.1:1');
    expect((err as Error).message).toMatch(/start it/);
  });

  it('hides the password in the error', async () => {
    const err = await openStore('redis://user:s3cret@127.0.0.1:1', { dataDir: '/unused', connectTimeoutMs: 2000, logger: recordingLogger() }).catch((e: unknown) => e);
    expect((err as Error).message).not.toContain('s3cret');
    expect((err as Error).message).toContain('***');
  });
});
