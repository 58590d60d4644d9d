// openStore/parseStateUrl: which backend a URL selects, clear errors for bad URLs, and no hang on a silent server.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, parseStateUrl } from '../../src/state/open.js';
import { StateConnectError, StateUrlError } from '../../src/state/errors.js';
import { isUserError } from '../../src/errors.js';
import { recordingLogger } from './services.js';

describe('parseStateUrl', () => {
  it.each([
    [undefined, { kind: 'sqlite', file: '/data/state.sqlite' }],
    ['', { kind: 'sqlite', file: '/data/state.sqlite' }],
    ['sqlite', { kind: 'sqlite', file: '/data/state.sqlite' }],
    ['sqlite:///var/lib/pb/s.db', { kind: 'sqlite', file: '/var/lib/pb/s.db' }],
    ['sqlite://state/s.db', { kind: 'sqlite', file: '/data/state/s.db' }],
    ['SQLITE://x.db', { kind: 'sqlite', file: '/data/x.db' }],
    ['redis://127.0.0.1:6379', { kind: 'redis', url: 'redis://127.0.0.1:6379' }],
    ['rediss://user:pw@cache.example:6380/2', { kind: 'redis', url: 'rediss://user:pw@cache.example:6380/2' }],
    ['postgres://postgres@127.0.0.1:5432/test', { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' }],
    ['postgresql://u@h/db?schema=bot&table=kv&sslmode=require', { kind: 'postgres', url: 'postgresql://u@h/db?sslmode=require', schema: 'bot', table: 'kv' }],
  ])('%s', (url, expected) => {
    expect(parseStateUrl(url, '/data')).toEqual(expected);
  });

  it.each([
    ['mysql://root@localhost/db', /scheme "mysql:" is not supported.*sqlite:\/\/PATH.*redis:\/\/.*postgres:\/\//],
    ['mongodb+srv://u:secret@x/y', /scheme "mongodb\+srv:" is not supported/],
    ['just-a-path.db', /has no scheme; accepted: sqlite:\/\/PATH/],
    ['sqlite://', /names no file/],
    ['sqlite:relative.db', /names no file/],
    ['redis://[bad', /is not a valid URL/],
  ])('refuses %s with a typed error naming what is accepted', (url, message) => {
    let err: unknown;
    try {
      parseStateUrl(url, '/data');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateUrlError);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('secret');
  });

  it('openStore rejects an unknown scheme before touching anything', async () => {
    await expect(openStore('memcached://127.0.0.1:11211', { dataDir: '/nonexistent' })).rejects.toBeInstanceOf(StateUrlError);
  });
});

describe('a server that accepts connections but never answers', () => {
  let server: Server;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => sockets.push(socket)); // accept, then say nothing
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['redis', () => `redis://127.0.0.1:${port}`],
    ['postgres', () => `postgresql://postgres@127.0.0.1:${port}/test`],
  ])('%s: openStore gives up after the connect timeout with a clear error', async (_name, url) => {
    const err = await openStore(url(), { dataDir: '/unused', connectTimeoutMs: 400, logger: recordingLogger() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConnectError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).message).toMatch(/start it/);
  });
});
