import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { createPoliteFetcher, FetchError, paperboyUserAgent, parseRetryAfter, type PoliteFetcherOptions } from '../../src/sources/fetcher.js';
import { createSharedThrottle } from '../../src/sources/throttle.js';
import { FakeClock, gaps, recordingFetch, startServer, type Handler } from './helpers.js';

const UA = paperboyUserAgent('mailto:team@example.org');
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(handler: Handler, opts: Partial<PoliteFetcherOptions> = {}) {
  const clock = new FakeClock();
  const srv = await startServer(clock, handler);
  close = srv.close;
  const rec = recordingFetch(clock);
  const fetcher = createPoliteFetcher({ fetch: rec.fetch, clock, userAgent: UA, random: () => 0, timeoutMs: 2000, ...opts });
  return { clock, srv, fetcher, sent: rec.sent };
}

function answer(status: number, body = '<ok/>', headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/xml', ...headers });
    res.end(body);
  };
}

describe('createPoliteFetcher', () => {
  it('returns a 200 body and sends the Paperboy User-Agent with the contact', async () => {
    const { srv, fetcher } = await setup(answer(200, '<feed/>'));
    const res = await fetcher.get(`${srv.base}/a`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('<feed/>');
    expect(srv.hits[0]!.userAgent).toBe('Paperboy/0.1 (+mailto:team@example.org)');
    expect(paperboyUserAgent('')).toBe('Paperboy/0.1');
  });

  it('sends concurrent requests one at a time and at least 3 s apart', async () => {
    const slow: Handler = (_req, res) => setTimeout(() => answer(200)(_req, res, 0), 15);
    const { srv, fetcher, clock, sent } = await setup(slow);
    await Promise.all([1, 2, 3, 4].map((i) => fetcher.get(`${srv.base}/${i}`)));
    expect(srv.hits.map((h) => h.url)).toEqual(['/1', '/2', '/3', '/4']);
    expect(srv.maxInFlight()).toBe(1);
    expect(gaps(sent)).toEqual([3000, 3000, 3000]);
    expect(clock.sleeps).toEqual([3000, 3000, 3000]);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const { srv, fetcher, sent } = await setup((req, res, n) => (n === 1 ? answer(429, 'slow down', { 'retry-after': '7' }) : answer(200))(req, res, n));
    const res = await fetcher.get(`${srv.base}/q`);
    expect(res.status).toBe(200);
    expect(gaps(sent)).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    let clockRef: FakeClock | undefined;
    const { srv, fetcher, clock, sent } = await setup((req, res, n) =>
      (n === 1 ? answer(503, 'busy', { 'retry-after': new Date(clockRef!.now() + 12_000).toUTCString() }) : answer(200))(req, res, n),
    );
    clockRef = clock;
    await fetcher.get(`${srv.base}/q`);
    expect(gaps(sent)).toEqual([12_000]);
  });

  it('backs off exponentially with jitter on 503 without Retry-After', async () => {
    const { srv, fetcher, sent } = await setup((req, res, n) => (n <= 3 ? answer(503, 'busy') : answer(200, 'done'))(req, res, n), { random: () => 0.5 });
    const res = await fetcher.get(`${srv.base}/q`);
    expect(res.text).toBe('done');
    // 5 s, 10 s, 20 s, each plus its jitter: random (0.5) x half the backoff.
    expect(gaps(sent)).toEqual([6250, 12_500, 25_000]);
  });

  it('never retries sooner than the 3 s spacing even when Retry-After says 0', async () => {
    const { srv, fetcher, sent } = await setup((req, res, n) => (n === 1 ? answer(429, '', { 'retry-after': '0' }) : answer(200))(req, res, n));
    await fetcher.get(`${srv.base}/q`);
    expect(gaps(sent)).toEqual([3000]);
  });

  it('gives up after maxRetries with an http FetchError that says what to do', async () => {
    const { srv, fetcher } = await setup(answer(429, 'no'), { maxRetries: 2 });
    const err = await fetcher.get(`${srv.base}/q`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ code: 'http', status: 429 });
    expect((err as Error).message).toMatch(/HTTP 429, too many requests.*gave up after 3 attempts \(wait a few minutes/);
    expect(srv.hits).toHaveLength(3);
  });

  it('fails at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    const { srv, fetcher } = await setup(answer(503, 'maintenance', { 'retry-after': '3600' }));
    const err = await fetcher.get(`${srv.base}/q`).catch((e: unknown) => e);
    expect((err as FetchError).message).toMatch(/asks to wait 3600 s/);
    expect(srv.hits).toHaveLength(1);
  });

  it('does not retry a 404 and keeps the body', async () => {
    const { srv, fetcher } = await setup(answer(404, 'no such category'));
    const err = (await fetcher.get(`${srv.base}/q`).catch((e: unknown) => e)) as FetchError;
    expect(err).toMatchObject({ code: 'http', status: 404, body: 'no such category' });
    expect(err.message).toMatch(/check the configured arXiv URL/);
    expect(srv.hits).toHaveLength(1);
  });

  it('times out a hanging response, retries, then fails with a timeout FetchError', async () => {
    const { srv, fetcher } = await setup(() => undefined, { timeoutMs: 100, maxRetries: 1 });
    const err = (await fetcher.get(`${srv.base}/hang`).catch((e: unknown) => e)) as FetchError;
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/did not answer within 0.1 s.*gave up after 2 attempts/);
    expect(srv.hits).toHaveLength(2);
  });

  it('times out a response whose body never ends', async () => {
    const { srv, fetcher } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.write('<rss><channel>');
      },
      { timeoutMs: 100, maxRetries: 0 },
    );
    const err = (await fetcher.get(`${srv.base}/hang`).catch((e: unknown) => e)) as FetchError;
    expect(err.code).toBe('timeout');
  });

  it('reports a refused connection as a network FetchError', async () => {
    const { srv, fetcher } = await setup(answer(200), { maxRetries: 1 });
    const base = srv.base;
    await close!();
    close = undefined;
    const err = (await fetcher.get(`${base}/q`).catch((e: unknown) => e)) as FetchError;
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\).*check the network connection/);
  });

  it('reports a body that cannot be decoded (bad gzip) as garbage after retrying', async () => {
    const { srv, fetcher } = await setup(answer(200, 'not gzip at all', { 'content-encoding': 'gzip' }), { maxRetries: 1 });
    const err = (await fetcher.get(`${srv.base}/q`).catch((e: unknown) => e)) as FetchError;
    expect(err.code).toBe('garbage');
    expect(err.message).toMatch(/sent a body that cannot be decoded \(incorrect header check\).*gave up after 2 attempts/);
    expect(srv.hits).toHaveLength(2);
  });

  it('recovers from a connection reset mid-response', async () => {
    const { srv, fetcher } = await setup((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else answer(200, 'fine')(req, res, n);
    });
    const res = await fetcher.get(`${srv.base}/q`);
    expect(res.text).toBe('fine');
    expect(srv.hits).toHaveLength(2);
  });

  it('refuses a URL that is not http(s) without sending anything', async () => {
    const { srv, fetcher } = await setup(answer(200));
    await expect(fetcher.get('rss.arxiv.org/rss/cs.CV')).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/not an http\(s\) URL/) });
    await expect(fetcher.get('file:///etc/passwd')).rejects.toThrow(/not an http\(s\) URL/);
    expect(srv.hits).toHaveLength(0);
  });

  it('keeps serving after a failed request', async () => {
    const { srv, fetcher } = await setup((req, res, n) => (n === 1 ? answer(400, 'bad') : answer(200, 'ok'))(req, res, n));
    await expect(fetcher.get(`${srv.base}/1`)).rejects.toThrow(FetchError);
    await expect(fetcher.get(`${srv.base}/2`)).resolves.toMatchObject({ text: 'ok' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('createSharedThrottle', () => {
  it('keeps two fetchers sharing one store at least 3 s apart', async () => {
    const clock = new FakeClock();
    const srv = await startServer(clock, answer(200));
    close = srv.close;
    const store = new MemoryStore(() => clock.now());
    const rec = recordingFetch(clock);
    const make = () =>
      createPoliteFetcher({ fetch: rec.fetch, clock, userAgent: UA, throttle: createSharedThrottle(store, 'arxiv', 3000, clock) });
    const a = make();
    const b = make();
    await Promise.all([a.get(`${srv.base}/a1`), b.get(`${srv.base}/b1`), a.get(`${srv.base}/a2`), b.get(`${srv.base}/b2`)]);
    expect(srv.hits).toHaveLength(4);
    expect(rec.sent.map((h) => h.url).sort()).toEqual(['/a1', '/a2', '/b1', '/b2']);
    for (const gap of gaps(rec.sent)) expect(gap).toBeGreaterThanOrEqual(3000);
  });

  it('lets the next turn start once the interval has passed', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(() => clock.now());
    const t = createSharedThrottle(store, 'k', 3000, clock);
    await t.acquire();
    const start = clock.now();
    await clock.sleep(5000);
    await t.acquire();
    expect(clock.now() - start).toBe(5000);
    await t.acquire();
    expect(clock.now() - start).toBe(8000);
  });
});
