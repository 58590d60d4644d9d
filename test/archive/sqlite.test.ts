// Runs the Archive contract on the SQLite archive (in memory and on disk), plus what only a file can show.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteArchive } from '../../src/archive/sqlite.js';
import { SCHEMA_VERSION } from '../../src/archive/sqlite-schema.js';
import { InvalidPaperError } from '../../src/archive/paper-record.js';
import { archiveContract } from './contract.js';
import { fixturePapers } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-archive-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

archiveContract('sqlite :memory:', async () => openSqliteArchive(':memory:'));
archiveContract('sqlite file', async () => openSqliteArchive(join(dir, `contract-${n++}.db`)));

describe('SqliteArchive on disk', () => {
  const { all } = fixturePapers();

  it('keeps its papers and index across reopen, in WAL mode', async () => {
    const file = join(dir, 'reopen.db');
    const a = openSqliteArchive(file);
    await a.upsert(all);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await a.close();
    const b = openSqliteArchive(file);
    expect(await b.count()).toBe(all.length);
    expect((await b.search({ text: 'segmentation' })).total).toBeGreaterThan(0);
    expect(await b.upsert(all)).toEqual({ added: 0, updated: 0, unchanged: all.length });
    await b.close();
    await b.close(); // closing twice is harmless
  });

  it('records its schema version and refuses a file from a newer version', async () => {
    const file = join(dir, 'future.db');
    const a = openSqliteArchive(file);
    expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    await a.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteArchive(file)).toThrow(/newer than this Paperboy supports/);
  });

  it('does not write anything for an unchanged re-ingest', async () => {
    const a = openSqliteArchive(':memory:');
    await a.upsert(all);
    const before = a.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    await a.upsert(all);
    const after = a.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    expect(after.n).toBe(before.n);
    await a.close();
  });

  it('finds a paper by any written form of its id', async () => {
    const a = openSqliteArchive(':memory:');
    await a.upsert(all);
    for (const id of ['2111.10563', '2111.10563v1', 'arXiv:2111.10563', 'https://arxiv.org/abs/2111.10563v3']) {
      expect((await a.get(id))?.id, id).toBe('2111.10563');
    }
    expect(await a.get('not an id')).toBeUndefined();
    await a.close();
  });

  it('refuses bad papers with a typed error naming the paper and field', async () => {
    const a = openSqliteArchive(':memory:');
    const bad = { ...all[0]!, published: '20 Nov 2021' };
    const err = await a.upsert([all[1]!, bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPaperError);
    expect((err as InvalidPaperError).code).toBe('invalid_paper');
    expect((err as Error).message).toBe(`paper #1 (${bad.id}): published must be an ISO UTC timestamp`);
    expect(await a.count()).toBe(0);
    await a.close();
  });
});

describe('SqliteArchive keeps the first submission date', () => {
  it('a replacement dated by its announcement (RSS) keeps the stored published date', async () => {
    const { openSqliteArchive } = await import('../../src/archive/sqlite.js');
    const archive = openSqliteArchive(':memory:');
    const base = {
      id: '2111.15047', version: 1, title: 'Adaptive Gating for Single-Photon 3D Imaging', authors: ['Ryan Po'], abstract: 'SPADs.',
      categories: ['cs.CV'], primaryCategory: 'cs.CV', classifications: [], published: '2021-11-30T01:07:30Z', updated: '2021-11-30T01:07:30Z',
      dois: [], journalRef: null, comment: null, listed: '2021-11-30',
    };
    await archive.upsert([base]);
    const replaced = { ...base, version: 2, published: '2022-04-12T00:00:00Z', updated: '2022-04-12T00:00:00Z', listed: '2022-04-12' };
    expect(await archive.upsert([replaced])).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(await archive.get('2111.15047')).toMatchObject({ version: 2, published: '2021-11-30T01:07:30Z', updated: '2022-04-12T00:00:00Z', listed: '2021-11-30' });
    expect(await archive.upsert([replaced])).toEqual({ added: 0, updated: 0, unchanged: 1 });
    await archive.close();
  });
});
