// The scheduled ingest against a local server speaking arXiv's RSS: papers in, a stale repeat refused and retried.
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { openSqliteArchive } from '../../src/archive/sqlite.js';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { configSchema } from '../../src/config.js';
import { buildSources, runIngest, type IngestJobDeps } from '../../src/bot/ingest-job.js';

const FEED = readFileSync(new URL('../fixtures/feeds/rss/rss2.0_cs.CV_2021-11-18.built_from_corpus.xml', import.meta.url), 'utf8');
const EMPTY = readFileSync(new URL('../fixtures/feeds/rss/rss2.0_cs_2025-04-27_empty_weekend.xml', import.meta.url), 'utf8');

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(bodies: string[]): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers['user-agent']}`);
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(bodies[Math.min(requests.length - 1, bodies.length - 1)]);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/rss`, requests };
}

function deps(url: string, refreshed: string[]): IngestJobDeps {
  const config = configSchema.parse({ sources: [{ type: 'arxiv-rss', categories: ['cs.CV', 'cs.RO'] }], arxiv: { rssUrl: url, contact: 'ops@example.org' } });
  return {
    config,
    resolvePath: (p) => p,
    archive: openSqliteArchive(':memory:'),
    store: new MemoryStore(),
    logger: { info() {}, warn() {} },
    onIngested: async () => {
      refreshed.push('refresh');
    },
  };
}

describe('scheduled ingest', () => {
  it('ingests a feed, then refuses the same batch served again as stale (so the slot is retried)', async () => {
    const { url, requests } = await serve([FEED]);
    const refreshed: string[] = [];
    const d = deps(url, refreshed);
    const sources = buildSources(d);
    expect(await runIngest(d, sources)).toBe('posted');
    expect(await d.archive.count()).toBe(6);
    expect(refreshed).toEqual(['refresh']);
    expect(requests[0]).toMatch(/^\/rss\/cs\.CV\+cs\.RO Paperboy\/0\.1 .*ops@example\.org/);
    await expect(runIngest(d, sources)).rejects.toThrow(/stale/);
    expect(refreshed).toEqual(['refresh']);
  });

  it('an empty weekend feed is "nothing", not an error, and stores nothing', async () => {
    const { url } = await serve([EMPTY]);
    const d = deps(url, []);
    expect(await runIngest(d, buildSources(d))).toBe('nothing');
    expect(await d.archive.count()).toBe(0);
  });

  it('a failing source is reported (the slot is retried) while the others still ingest', async () => {
    const { url } = await serve([FEED]);
    const d = deps(url, []);
    const [rss] = buildSources(d);
    const dead = { name: 'arxiv-api', fetchLatest: () => Promise.reject(new Error('network down: ECONNREFUSED')) };
    await expect(runIngest(d, [dead, rss!])).rejects.toThrow(/arxiv-api: network down/);
    expect(await d.archive.count()).toBe(6);
  });
});
