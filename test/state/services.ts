// Where the test Redis and PostgreSQL are, unique names per run, and the one-line skip (or CI failure) when they are down.
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenStoreOptions } from '../../src/state/open.js';
import type { Logger } from '../../src/state/keyv-store.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

const START = {
  redis: `start Redis (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no) or set REDIS_URL`,
  postgres: `start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect 15 main start, or .ci/services.sh) or set DATABASE_URL`,
};

/** Unique per test run, usable as a key prefix and as a PostgreSQL schema name. */
export function runName(label: string): string {
  return `pbtest_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A logger that keeps what it is told, so tests can assert on it and stay quiet. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  return {
    lines,
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj }),
  };
}

/**
 * True if the service answers. When it does not: outside CI print ONE line saying what to start (the caller skips);
 * under CI throw, because CI must never skip the Redis/PostgreSQL suites.
 */
export async function serviceAvailable(kind: 'redis' | 'postgres', opts: Partial<OpenStoreOptions> = {}): Promise<boolean> {
  const url = kind === 'redis' ? REDIS_URL : DATABASE_URL;
  try {
    const store = await openStore(url, { dataDir: '/nonexistent', connectTimeoutMs: 2000, logger: recordingLogger(), prefix: runName('probe'), ...opts });
    await store.close();
    return true;
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error && cause.message ? cause.message : (err as Error).message;
    const line = `${kind} state tests: ${url} does not answer (${why}); ${START[kind]}`;
    if (process.env.CI) throw new Error(`CI must run the ${kind} suite: ${line}`);
    if (firstInThisRun(kind)) console.warn(`SKIPPED ${line}`);
    return false;
  }
}

/** Several test files probe each service, each in its own worker: a marker per vitest run keeps the skip line to one. */
function firstInThisRun(kind: string): boolean {
  try {
    closeSync(openSync(join(tmpdir(), `paperboy-state-skip-${process.ppid}-${kind}`), 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}
