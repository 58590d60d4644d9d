// Test helpers: a virtual clock whose sleep advances time instead of waiting, and a local HTTP server to script.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/sources/clock.js';

/** Virtual time: `sleep(ms)` wakes its sleeper at now + ms, earliest sleeper first, without real waiting. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly sleepers: { at: number; wake: () => void }[] = [];

  constructor(private t = Date.parse('2026-11-24T12:00:00Z')) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((wake) => {
      this.sleepers.push({ at: this.t + Math.max(0, ms), wake });
      setImmediate(() => this.tick());
    });
  }

  private tick(): void {
    this.sleepers.sort((a, b) => a.at - b.at);
    const next = this.sleepers.shift();
    if (!next) return;
    this.t = Math.max(this.t, next.at);
    next.wake();
  }
}

export interface Hit {
  url: string;
  at: number;
  userAgent: string | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A server on 127.0.0.1:0 that records each request's virtual arrival time and answers with `handler`. */
export async function startServer(clock: Clock, handler: Handler): Promise<{ base: string; hits: Hit[]; maxInFlight: () => number; close: () => Promise<void>; server: Server }> {
  const hits: Hit[] = [];
  let inFlight = 0;
  let max = 0;
  const server = createServer((req, res) => {
    hits.push({ url: req.url ?? '', at: clock.now(), userAgent: req.headers['user-agent'] });
    inFlight++;
    max = Math.max(max, inFlight);
    res.on('close', () => inFlight--);
    handler(req, res, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    maxInFlight: () => max,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function gaps(hits: Hit[]): number[] {
  return hits.slice(1).map((h, i) => h.at - hits[i]!.at);
}

/**
 * `fetch` that notes the virtual time each request leaves at. The server's arrival time is no measure with several
 * fetchers: virtual time jumps while a request is on the wire when another fetcher's sleep ends.
 */
export function recordingFetch(clock: Clock): { fetch: typeof fetch; sent: Hit[] } {
  const sent: Hit[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url: new URL(url).pathname + new URL(url).search, at: clock.now(), userAgent: undefined });
    return fetch(input, init);
  };
  return { fetch: wrapped, sent };
}
