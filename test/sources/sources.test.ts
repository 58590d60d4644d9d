import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { arxivApiSource } from '../../src/sources/arxiv-api-source.js';
import { arxivRssSource } from '../../src/sources/arxiv-rss-source.js';
import { digestSource } from '../../src/sources/digest-source.js';
import { createPoliteFetcher, FetchError, type PoliteFetcher } from '../../src/sources/fetcher.js';
import { API_2026, API_ERROR, DIGEST_DIR, DIGEST_NEWEST, feed, FEEDS, RSS2_BUILT, RSS2_EMPTY, RSS2_TRUNCATED } from './fixtures.js';
import { FakeClock, gaps, recordingFetch, startServer, type Handler } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function serve(handler: Handler): Promise<{ base: string; fetcher: PoliteFetcher; hits: { url: string }[]; sent: { at: number }[] }> {
  const clock = new FakeClock();
  const srv = await startServer(clock, handler);
  cleanups.push(srv.close);
  const rec = recordingFetch(clock);
  const fetcher = createPoliteFetcher({ fetch: rec.fetch, clock, userAgent: 'Paperboy/0.1 (+test)', maxRetries: 0, timeoutMs: 2000 });
  return { base: srv.base, fetcher, hits: srv.hits, sent: rec.sent };
}

function body(status: number, text: string): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(text);
  };
}

describe('arxivRssSource', () => {
  it('fetches the joined categories and returns papers with announce types', async () => {
    const s = await serve(body(200, feed(RSS2_BUILT)));
    const source = arxivRssSource({ baseUrl: `${s.base}/rss/`, categories: ['cs.CV', 'cs.LG'], fetcher: s.fetcher });
    const batch = await source.fetchLatest();
    expect(s.hits.map((h) => h.url)).toEqual(['/rss/cs.CV+cs.LG']);
    expect(source.name).toBe('arxiv-rss:cs.CV+cs.LG');
    expect(batch.papers).toHaveLength(6);
    expect(batch.stale).toBe(false);
    expect(batch.partial).toBeUndefined();
    expect(batch.announceTypes?.['2111.08867']).toBe('replace');
    expect(batch.date).toBe('2021-11-18');
  });

  it('says an empty feed is no announcement (weekend/holiday), not stale', async () => {
    const s = await serve(body(200, feed(RSS2_EMPTY)));
    const batch = await arxivRssSource({ baseUrl: `${s.base}/rss`, categories: ['cs'], fetcher: s.fetcher, lastBatch: async () => [] }).fetchLatest();
    expect(batch.papers).toEqual([]);
    expect(batch.stale).toBe(false);
    expect(batch.notice).toMatch(/^no announcement \(weekend\/holiday\)/);
  });

  it('detects a stale feed: the same batch as the last ingested one', async () => {
    const s = await serve(body(200, feed(RSS2_BUILT)));
    const last = ['2111.08851', '2111.09030', '2111.08867', '2111.09103', '2111.08960', '2111.08869'];
    const stale = await arxivRssSource({ baseUrl: `${s.base}/rss`, categories: ['cs.CV'], fetcher: s.fetcher, lastBatch: async () => last }).fetchLatest();
    expect(stale.stale).toBe(true);
    expect(stale.notice).toMatch(/^stale feed: .* same 6 papers as the last ingested batch/);
    const fresh = await arxivRssSource({ baseUrl: `${s.base}/rss`, categories: ['cs.CV'], fetcher: s.fetcher, lastBatch: async () => last.slice(1) }).fetchLatest();
    expect(fresh.stale).toBe(false);
  });

  it('reports a truncated feed as partial, never as an empty day', async () => {
    const s = await serve(body(200, feed(RSS2_TRUNCATED)));
    const batch = await arxivRssSource({ baseUrl: `${s.base}/rss`, categories: ['cs.CV'], fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toEqual([]);
    expect(batch.partial).toEqual([expect.stringMatching(/malformed XML/)]);
    expect(batch.notice).not.toMatch(/weekend/);
  });

  it('rejects garbage (an HTML error page with 200) with a garbage FetchError', async () => {
    const s = await serve(body(200, '<!DOCTYPE html><html><body>Maintenance</body></html>'));
    const err = (await arxivRssSource({ baseUrl: `${s.base}/rss`, categories: ['cs.CV'], fetcher: s.fetcher })
      .fetchLatest()
      .catch((e: unknown) => e)) as FetchError;
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('garbage');
    expect(err.message).toMatch(/not with an RSS feed \("<!DOCTYPE html>.*check arxiv.rssUrl/);
  });
});

/** API pages cut from the real 2026 response: the entries the query asks for, with `total` results in all. */
function apiPages(total: number, failFrom = Infinity, emptyFrom = Infinity): Handler {
  const text = feed(API_2026);
  const first = text.indexOf('<entry>');
  const head = text.slice(0, first).replace(/<opensearch:totalResults>\d+</, `<opensearch:totalResults>${total}<`);
  const entries = text.slice(first, text.lastIndexOf('</feed>')).split(/(?=<entry>)/);
  return (req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    const start = Number(q.get('start'));
    const n = Number(q.get('max_results'));
    if (start >= failFrom) return body(503, 'busy')(req, res, 0);
    const page = start >= emptyFrom ? [] : entries.slice(start, Math.min(start + n, total));
    const doc = head.replace(/<opensearch:startIndex>\d+</, `<opensearch:startIndex>${start}<`) + page.join('') + '</feed>\n';
    body(200, doc)(req, res, 0);
  };
}

describe('arxivApiSource', () => {
  it('pages with start and max_results, 3 s apart, until maxResults', async () => {
    const s = await serve(apiPages(214_881));
    const source = arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE', 'cs.LG'], pageSize: 10, maxResults: 25, fetcher: s.fetcher });
    const batch = await source.fetchLatest();
    expect(s.hits.map((h) => new URL(h.url, 'http://x').search)).toEqual([
      '?search_query=cat:cs.SE+OR+cat:cs.LG&sortBy=submittedDate&sortOrder=descending&start=0&max_results=10',
      '?search_query=cat:cs.SE+OR+cat:cs.LG&sortBy=submittedDate&sortOrder=descending&start=10&max_results=10',
      '?search_query=cat:cs.SE+OR+cat:cs.LG&sortBy=submittedDate&sortOrder=descending&start=20&max_results=5',
    ]);
    expect(batch.papers).toHaveLength(25);
    expect(batch.partial).toBeUndefined();
    expect(gaps(s.sent.map((x) => ({ ...x, url: '', userAgent: '' })))).toEqual([3000, 3000]);
  });

  it('stops at totalResults', async () => {
    const s = await serve(apiPages(12));
    const batch = await arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], pageSize: 10, maxResults: 100, fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toHaveLength(12);
    expect(s.hits).toHaveLength(2);
  });

  it('returns the good pages and a partial report when a later page fails', async () => {
    const s = await serve(apiPages(1000, 20));
    const batch = await arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], pageSize: 10, maxResults: 40, fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toHaveLength(20);
    expect(batch.partial).toEqual([expect.stringMatching(/^results from 20 on are missing: .*HTTP 503/)]);
    expect(batch.notice).toBeUndefined();
  });

  it('reports an empty page in the middle of a result set as partial', async () => {
    const s = await serve(apiPages(1000, Infinity, 10));
    const batch = await arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], pageSize: 10, maxResults: 40, fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toHaveLength(10);
    expect(batch.partial).toEqual(['page from 10 came back empty though the query has 1000 results']);
  });

  it('says "no results" for an empty result set', async () => {
    const s = await serve(apiPages(0));
    const batch = await arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toEqual([]);
    expect(batch.partial).toBeUndefined();
    expect(batch.notice).toMatch(/^no results/);
  });

  it('turns the HTTP 400 error feed into a clear error with arXiv message', async () => {
    const s = await serve(body(400, feed(API_ERROR)));
    const err = (await arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], fetcher: s.fetcher })
      .fetchLatest()
      .catch((e: unknown) => e)) as FetchError;
    expect(err).toBeInstanceOf(FetchError);
    expect(err.code).toBe('http');
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^the arXiv API rejected the query: incorrect id format for abc \(HTTP 400/);
  });

  it('fails when the first page fails', async () => {
    const s = await serve(apiPages(1000, 0));
    await expect(arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], fetcher: s.fetcher }).fetchLatest()).rejects.toMatchObject({
      code: 'http',
      status: 503,
    });
  });

  it('rejects a body that is not Atom as garbage', async () => {
    const s = await serve(body(200, 'Rate exceeded.'));
    await expect(arxivApiSource({ baseUrl: `${s.base}/api/query`, categories: ['cs.SE'], fetcher: s.fetcher }).fetchLatest()).rejects.toMatchObject({
      code: 'garbage',
    });
  });
});

describe('digestSource', () => {
  it('reads the newest daily file of a directory tree', async () => {
    const batch = await digestSource({ dirOrUrl: `${FEEDS}${DIGEST_DIR}` }).fetchLatest();
    expect(batch.kind).toBe('digest-markdown');
    expect(batch.date).toBe('2021-12-25');
    expect(batch.papers).toHaveLength(6);
    expect(batch.stale).toBe(false);
  });

  it('says so when a directory has no digest files, and errs clearly on a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect((await digestSource({ dirOrUrl: dir }).fetchLatest()).notice).toMatch(/no digest files/);
    await expect(digestSource({ dirOrUrl: join(dir, 'missing') }).fetchLatest()).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('marks the same newest file again as stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(`${FEEDS}${DIGEST_DIR}`, dir, { recursive: true });
    const first = await digestSource({ dirOrUrl: dir }).fetchLatest();
    const again = await digestSource({ dirOrUrl: dir, lastBatch: async () => first.papers.map((p) => p.id) }).fetchLatest();
    expect(again.stale).toBe(true);
  });

  it('fetches one file from a URL, and rejects a URL that serves something else', async () => {
    const s = await serve((req, res) => body(200, req.url === '/d.md' ? feed(DIGEST_NEWEST) : '<html></html>')(req, res, 0));
    const batch = await digestSource({ dirOrUrl: `${s.base}/d.md`, fetcher: s.fetcher }).fetchLatest();
    expect(batch.papers).toHaveLength(6);
    await expect(digestSource({ dirOrUrl: `${s.base}/x`, fetcher: s.fetcher }).fetchLatest()).rejects.toMatchObject({ code: 'garbage' });
    await expect(digestSource({ dirOrUrl: `${s.base}/d.md` }).fetchLatest()).rejects.toThrow(/no fetcher/);
  });
});
