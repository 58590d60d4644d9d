// The polite HTTP fetcher for arXiv: one request at a time, spaced, retried with backoff, timed out, typed errors.
import type { Clock } from './clock.js';
import { createThrottle, type Throttle } from './throttle.js';

export type FetchErrorCode = 'timeout' | 'http' | 'network' | 'garbage';

/** A fetch that failed for good, with a message a user can act on. */
export class FetchError extends Error {
  readonly url: string;
  readonly status: number | undefined;
  /** The response body of an HTTP error (arXiv explains a bad API query in the body of its 400). */
  readonly body: string | undefined;

  constructor(
    readonly code: FetchErrorCode,
    message: string,
    details: { url: string; status?: number; body?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
  }
}

export function isFetchError(err: unknown): err is FetchError {
  return err instanceof FetchError;
}

export interface FetchResponse {
  status: number;
  text: string;
  headers: Headers;
  url: string;
}

export interface PoliteFetcher {
  /** GETs `url`: resolves with a 2xx response, or rejects with a FetchError. */
  get(url: string): Promise<FetchResponse>;
}

/** What the fetcher logs: a pino Logger fits. */
export interface FetchLogger {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface PoliteFetcherOptions {
  fetch: typeof fetch;
  clock: Clock;
  /** Sent on every request; arXiv asks for a way to reach you (see `paperboyUserAgent`). */
  userAgent: string;
  /** Spacing between requests when no `throttle` is given (arXiv's terms: at least 3 s). */
  minIntervalMs?: number;
  /** Replaces the in-process spacing, e.g. with `createSharedThrottle` so several instances take turns. */
  throttle?: Throttle;
  /** Retries after the first attempt, on 429/5xx, timeouts and network errors. */
  maxRetries?: number;
  timeoutMs?: number;
  /** First backoff delay; doubles each retry, capped at `maxBackoffMs`, plus up to half of it in jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this fails at once instead of stalling the bot. */
  maxRetryAfterMs?: number;
  /** In [0, 1): the jitter source (injected for deterministic tests). */
  random?: () => number;
  logger?: FetchLogger;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** `Paperboy/0.1 (+mailto:you@example.org)`; without a contact, just the product. */
export function paperboyUserAgent(contact: string, version = '0.1'): string {
  return contact.trim() ? `Paperboy/${version} (+${contact.trim()})` : `Paperboy/${version}`;
}

/** Retry-After in ms (delta-seconds or an HTTP date, relative to `now`); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url; // not a URL: name it whole
  }
}

function describeStatus(status: number): string {
  if (status === 429) return 'HTTP 429, too many requests';
  if (status === 503) return 'HTTP 503, service unavailable';
  return `HTTP ${status}`;
}

/** Why a network error happened, from Node's `fetch failed` TypeError and its cause. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

type Attempt = { ok: FetchResponse } | { retry: FetchError; retryAfterMs: number | null };

export function createPoliteFetcher(options: PoliteFetcherOptions): PoliteFetcher {
  const {
    clock,
    userAgent,
    minIntervalMs = 3000,
    maxRetries = 4,
    timeoutMs = 30_000,
    baseBackoffMs = 5000,
    maxBackoffMs = 120_000,
    maxRetryAfterMs = 10 * 60_000,
    random = Math.random,
    logger,
  } = options;
  const fetchImpl = options.fetch;
  const throttle = options.throttle ?? createThrottle(minIntervalMs, clock);
  let tail: Promise<unknown> = Promise.resolve();

  async function attempt(url: string): Promise<Attempt> {
    const controller = new AbortController();
    // Real time on purpose: the timeout bounds real I/O, while the injected clock only paces requests.
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchImpl(url, {
        headers: { 'User-Agent': userAgent, Accept: 'application/atom+xml, application/rss+xml, application/xml, text/xml, */*' },
        signal: controller.signal,
        redirect: 'follow',
      });
      const text = await res.text();
      const response: FetchResponse = { status: res.status, text, headers: res.headers, url };
      if (res.ok) return { ok: response };
      const message = `${host(url)} answered ${describeStatus(res.status)} for ${url}`;
      const error = new FetchError('http', message, { url, status: res.status, body: text });
      if (RETRYABLE.has(res.status)) return { retry: error, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), clock.now()) };
      throw new FetchError('http', `${message}; check the configured arXiv URL and categories`, { url, status: res.status, body: text });
    } catch (err) {
      if (err instanceof FetchError) throw err;
      if (controller.signal.aborted) {
        return { retry: new FetchError('timeout', `${host(url)} did not answer within ${timeoutMs / 1000} s (${url})`, { url, cause: err }), retryAfterMs: null };
      }
      const cause = networkCause(err);
      if (cause.startsWith('Z_')) {
        // zlib refused the body: the server sent bytes that are not what its Content-Encoding says.
        const message = `${host(url)} sent a body that cannot be decoded (${(err as { cause?: Error }).cause?.message ?? cause}) for ${url}`;
        return { retry: new FetchError('garbage', message, { url, cause: err }), retryAfterMs: null };
      }
      return {
        retry: new FetchError('network', `could not reach ${host(url)} (${cause}) for ${url}`, { url, cause: err }),
        retryAfterMs: null,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async function getWithRetries(url: string): Promise<FetchResponse> {
    for (let n = 0; ; n++) {
      await throttle.acquire();
      const got = await attempt(url);
      if ('ok' in got) return got.ok;
      const { retry, retryAfterMs } = got;
      if (n >= maxRetries) {
        const advice =
          retry.status === 429
            ? 'wait a few minutes; if several Paperboy instances poll arXiv, give them a shared state so they take turns'
            : retry.code === 'network'
              ? 'check the network connection and the configured arXiv URL'
              : 'arXiv may be busy or down; try again later';
        throw new FetchError(retry.code, `${retry.message}; gave up after ${n + 1} attempts (${advice})`, {
          url,
          status: retry.status,
          body: retry.body,
          cause: retry,
        });
      }
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) {
        throw new FetchError(retry.code, `${retry.message}; arXiv asks to wait ${Math.round(retryAfterMs / 1000)} s before retrying: try again later`, {
          url,
          status: retry.status,
          body: retry.body,
          cause: retry,
        });
      }
      const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** n);
      const delay = retryAfterMs ?? backoff + Math.floor(random() * (backoff / 2));
      logger?.warn({ url, code: retry.code, status: retry.status, attempt: n + 1, delayMs: delay }, `arXiv request failed, retrying: ${retry.message}`);
      await clock.sleep(delay);
    }
  }

  return {
    get(url: string): Promise<FetchResponse> {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        return Promise.reject(new FetchError('network', `"${url}" is not an http(s) URL; check arxiv.rssUrl / arxiv.apiUrl in the config`, { url }));
      }
      // One request at a time: each get starts after every earlier one settled.
      const run = tail.then(() => getWithRetries(url));
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };
}
