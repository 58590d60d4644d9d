// Two fetchers with their own Redis connections (as two instances would have) take turns through one shared throttle.
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import type { KeyValueStore } from '../../src/state/kv.js';
import { systemClock } from '../../src/sources/clock.js';
import { createPoliteFetcher } from '../../src/sources/fetcher.js';
import { createSharedThrottle } from '../../src/sources/throttle.js';
import { REDIS_URL, recordingLogger, runName, serviceAvailable } from '../state/services.js';
import { startServer } from './helpers.js';

const up = await serviceAvailable('redis');
const prefix = runName('throttle');
const stores: KeyValueStore[] = [];
afterAll(async () => {
  await stores[0]?.clear('throttle');
  for (const s of stores) await s.close();
});

describe.runIf(up)('createSharedThrottle over Redis', () => {
  it('gives every request its own claim and keeps two instances an interval apart', async () => {
    const clock = systemClock();
    const intervalMs = 300;
    const srv = await startServer(clock, (_req, res) => res.end('<ok/>'));
    try {
      for (let i = 0; i < 2; i++) stores.push(await openStore(REDIS_URL, { dataDir: '/unused', prefix, logger: recordingLogger() }));
      const sent: { at: number; claim: unknown }[] = [];
      const make = (store: KeyValueStore) => {
        const recording: typeof fetch = async (input, init) => {
          // What Redis holds as the request leaves: the claim this request was granted.
          sent.push({ at: Date.now(), claim: await store.get('throttle', 'arxiv') });
          return fetch(input, init);
        };
        return createPoliteFetcher({ fetch: recording, clock, userAgent: 'Paperboy/0.1 (+test)', throttle: createSharedThrottle(store, 'arxiv', intervalMs, clock) });
      };
      const a = make(stores[0]!);
      const b = make(stores[1]!);
      await Promise.all([a.get(`${srv.base}/a1`), b.get(`${srv.base}/b1`), a.get(`${srv.base}/a2`), b.get(`${srv.base}/b2`)]);
      expect(srv.hits).toHaveLength(4);
      expect(sent.every((s) => typeof s.claim === 'number')).toBe(true);
      expect(new Set(sent.map((s) => s.claim)).size).toBe(4);
      sent.sort((x, y) => x.at - y.at);
      // A loose bound (timers and the Redis round trip blur a few ms): the point is no two requests together.
      for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(intervalMs - 30);
    } finally {
      await srv.close();
    }
  });
});
