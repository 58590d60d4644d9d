// /healthz and /readyz answer for orchestrators: ready only while every check passes.
import { describe, it, expect } from 'vitest';
import { startHealthServer } from '../../src/health.js';

describe('health server', () => {
  it('healthz is always ok; readyz reports each check and turns 503 when one fails', async () => {
    let stateUp = true;
    const health = await startHealthServer(0, {
      archive: async () => 1,
      state: async () => {
        if (!stateUp) throw new Error('redis: connection refused');
      },
    });
    try {
      const base = `http://127.0.0.1:${health.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { archive: 'ok', state: 'ok' } });
      stateUp = false;
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'not ready', checks: { archive: 'ok', state: 'redis: connection refused' } });
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
