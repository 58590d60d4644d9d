// Crash safety with a real child process: SIGKILL a writer mid-loop, reopen, and find every key whole and no ack lost.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { CRASH_KEYS, CRASH_NS, checkCrashValue, type CrashValue } from './crash-writer.js';
import { DATABASE_URL, REDIS_URL, recordingLogger, runName, serviceAvailable } from './services.js';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-crash-'));
const prefix = runName('crash');
const schema = runName('crash');
const redisUp = await serviceAvailable('redis');
const pgUp = await serviceAvailable('postgres', { pgSchema: schema });

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (redisUp) {
    const store = await openStore(REDIS_URL, { dataDir, prefix, logger: recordingLogger() });
    await store.clear(CRASH_NS);
    await store.close();
  }
  if (pgUp) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
});

/** Runs the writer until it has completed `rounds` more rounds, then SIGKILLs it a random moment later. */
async function runAndKill(url: string, rounds: number): Promise<Map<string, number>> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/state/crash-writer.ts', url, dataDir, prefix, schema], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<string, number>();
  let stderr = '';
  let buffered = '';
  let seenRounds = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`writer made no progress in 15 s; stderr: ${stderr}`)), 15_000);
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'acked') acked.set(a!, Number(b));
        if (kind === 'round' && ++seenRounds === rounds) {
          clearTimeout(timer);
          // kill at a random point of a later write, not on a round boundary
          setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 200);
          resolve();
        }
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  return acked;
}

async function verify(url: string | undefined, acked: Map<string, number>): Promise<number[]> {
  const store = await openStore(url, { dataDir, prefix, pgSchema: schema, logger: recordingLogger() });
  try {
    const versions: number[] = [];
    for (const key of CRASH_KEYS) {
      const value = await store.get<CrashValue>(CRASH_NS, key);
      expect(value, key).toBeDefined();
      expect(checkCrashValue(key, value!)).toBeUndefined();
      // every write the writer saw acknowledged is there (or a newer one)
      expect(value!.version, key).toBeGreaterThanOrEqual(acked.get(key) ?? 1);
      versions.push(value!.version);
    }
    // the writer goes key by key, version by version: stored versions step down by at most one, in key order
    for (let i = 1; i < versions.length; i++) expect(versions[i - 1]! - versions[i]!).toBeGreaterThanOrEqual(0);
    expect(versions[0]! - versions[versions.length - 1]!).toBeLessThanOrEqual(1);
    return versions;
  } finally {
    await store.close();
  }
}

// concurrent: each backend's writer is its own process, and process start-up dominates the time
describe.concurrent('crash safety (writer killed with SIGKILL)', () => {
  it('SQLite: every key holds one complete version, no acknowledged write is lost, the file checks clean; twice', async () => {
    const first = await verify(undefined, await runAndKill('-', 2));
    const second = await verify(undefined, await runAndKill('-', 2)); // the writer resumes on the file a killed process left
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first) - 1);
    const db = new Database(join(dataDir, 'state.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 40_000);

  it.runIf(redisUp)('Redis: every key holds one complete version, no acknowledged write is lost', async () => {
    await verify(REDIS_URL, await runAndKill(REDIS_URL, 2));
  }, 30_000);

  it.runIf(pgUp)('PostgreSQL: every key holds one complete version, no acknowledged write is lost', async () => {
    await verify(DATABASE_URL, await runAndKill(DATABASE_URL, 2));
  }, 30_000);
});
