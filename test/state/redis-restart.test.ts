// A Redis that dies under a running store: calls fail fast (no hang), and the store reconnects when Redis is back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { recordingLogger } from './services.js';

const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!haveRedisServer && process.env.CI) throw new Error('CI must run the Redis restart test: redis-server is not installed');
if (!haveRedisServer) console.warn('SKIPPED Redis restart test: no redis-server binary (install redis-server)');

const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  servers.push(child);
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Resolves with the outcome, or rejects if `work` neither resolves nor rejects within `ms`: a hang is the failure. */
async function within<T>(ms: number, work: Promise<T>): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)));
  try {
    return await Promise.race([Promise.allSettled([work]).then((r) => r[0]!), hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe.runIf(haveRedisServer)('Redis restarting under a running store', () => {
  it('fails calls fast while Redis is down and works again once it is back', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const logger = recordingLogger();
    const store = await openStore(`redis://127.0.0.1:${port}`, { dataDir: '/unused', logger });
    try {
      await store.set('n', 'k', 'before');
      expect(await store.get('n', 'k')).toBe('before');

      await stop(server);
      const down = await within(3000, store.get('n', 'k'));
      expect(down.status).toBe('rejected');
      expect((await within(3000, store.setIfAbsent('n', 'claim', 1))).status).toBe('rejected');
      expect((await within(3000, store.set('n', 'k', 'lost?'))).status).toBe('rejected'); // a write never fails silently
      expect(logger.lines.some((l) => l.level === 'error')).toBe(true); // the connection error was logged

      await startRedis(port);
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        back = (await within(3000, store.set('n', 'k', 'after'))).status === 'fulfilled';
        if (!back) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(true);
      expect(await store.get('n', 'k')).toBe('after'); // the old value is gone: this Redis keeps nothing on disk
      expect(await store.setIfAbsent('n', 'claim', 1)).toBe(true);
    } finally {
      await store.close();
    }
  }, 30_000);
});
