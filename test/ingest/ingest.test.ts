// Ingest end to end into the real SQLite archive: counts, re-ingest, publisher rewrites, and bad files losing nothing else.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { tmpdir } from 'node:os';
import { openSqliteArchive } from '../../src/archive/sqlite.js';
import type { Archive } from '../../src/archive/archive.js';
import { ingestPaths, ingestText, type IngestProgress } from '../../src/ingest.js';
import { parseDigest } from '../../src/digest/parse.js';
import type { ParseResult } from '../../src/parse-result.js';

const FIX = join(import.meta.dirname, '../fixtures/digest');
const REAL = readdirSync(FIX).filter((f) => f.endsWith('.md') && f !== 'README.md');
const realPapers = REAL.reduce((n, f) => n + parseDigest(readFileSync(join(FIX, f), 'utf8')).papers.length, 0);

let archive: Archive;
let dir: string;

beforeEach(() => {
  archive = openSqliteArchive(':memory:');
  dir = mkdtempSync(join(tmpdir(), 'pb-ingest-'));
});
afterEach(async () => {
  await archive.close();
});

/** The file as the publisher first wrote it: one entry not yet there, another still at v1. */
function firstDraft(text: string): string {
  return text
    .replace(/### Adaptive Period Embedding[\s\S]*?(?=### )/, '')
    .replace('1906.09472v2', '1906.09472v1')
    .replace('1906.09472v2', '1906.09472v1')
    .replace('- **Updated**: 2019-09-17 14:57:36+00:00', '- **Updated**: 2019-06-22 16:01:53+00:00');
}

describe('ingestPaths', () => {
  it('ingests a directory of real files; a second run adds and changes nothing', async () => {
    for (const f of REAL) copyFileSync(join(FIX, f), join(dir, f));
    const first = await ingestPaths([dir], { archive });
    expect(first).toEqual({ added: realPapers, updated: 0, unchanged: 0, skipped: 0, files: REAL.length, warnings: [], notices: [] });
    expect(await archive.count()).toBe(realPapers);
    const second = await ingestPaths([dir], { archive });
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: realPapers, skipped: 0, files: REAL.length });
    const p = await archive.get('1910.07133');
    expect(p).toEqual(parseDigest(readFileSync(join(FIX, '20191016-cut.md'), 'utf8')).papers[1]);
  });

  it('counts exactly the changed entries when the publisher rewrites a file (v1 -> v2, an entry added in the middle)', async () => {
    const real = readFileSync(join(FIX, '20190622.md'), 'utf8');
    const draft = firstDraft(real);
    expect(parseDigest(draft).papers.map((p) => `${p.id}v${p.version}`)).toEqual(['1906.09383v1', '1906.09433v1', '1906.09449v3', '1906.09472v1', '1906.09513v1']);
    const path = join(dir, '20190622.md');
    writeFileSync(path, draft);
    expect(await ingestPaths([path], { archive })).toMatchObject({ added: 5, updated: 0, unchanged: 0 });
    writeFileSync(path, real);
    expect(await ingestPaths([path], { archive })).toMatchObject({ added: 1, updated: 1, unchanged: 4, skipped: 0 });
    expect(await archive.get('1906.09472')).toMatchObject({ version: 2, updated: '2019-09-17T14:57:36Z', listed: '2019-06-22' });
    expect(await archive.get('1906.09447')).toMatchObject({ listed: '2019-06-22' });
    // The older draft seen again changes nothing: the newest version stays.
    writeFileSync(path, draft);
    expect(await ingestPaths([path], { archive })).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect((await archive.get('1906.09472'))!.version).toBe(2);
  });

  it('ingests the broken files: what can be taken goes in, the rest is counted and named', async () => {
    const progress: IngestProgress[] = [];
    const report = await ingestPaths([join(FIX, 'hand-made')], { archive, onProgress: (p) => progress.push(p) });
    const files = readdirSync(join(FIX, 'hand-made'));
    expect(report.files).toBe(files.length);
    // truncated.md and missing-fields.md drop one entry each; empty.md holds nothing at all.
    expect(report.skipped).toBe(3);
    expect(report.notices).toEqual([{ file: join(FIX, 'hand-made/header-only.md'), message: 'the digest lists no entries' }]);
    const named = new Set(report.warnings.map((w) => basename(w.file)));
    for (const f of ['crlf.md', 'truncated.md', 'binary-junk.md', 'missing-fields.md', 'junk-between-fields.md', 'empty.md', 'no-header.md', 'bad-header.md']) {
      expect(named, f).toContain(f);
    }
    expect(report.warnings.every((w) => w.line >= 0 && w.message.length > 0)).toBe(true);
    const ids = ['cs/0503050', 'hep-ph/0301050', '1205.1866', '1202.4527', '2511.02810', '1903.09036', '1906.09383', '1906.09433', '1910.07113', '1910.07133', '1903.02679', '1903.03221', '1906.09449'];
    for (const id of ids) expect(await archive.get(id), id).toBeDefined();
    expect(await archive.get('1903.02695')).toBeUndefined();
    expect(report.added).toBe(ids.length);
    expect(progress.map((p) => p.filesDone)).toEqual(files.map((_, i) => i + 1));
    expect(progress.every((p) => p.filesTotal === files.length)).toBe(true);
    expect(progress.at(-1)!.papers).toBeGreaterThanOrEqual(ids.length);
  });

  it('gives the same counts whatever the batch size, with ids repeated across files', async () => {
    const paths = [join(FIX, 'hand-made/duplicate.md'), join(FIX, '20190622.md'), join(FIX, '20190321-cut.md'), join(FIX, 'hand-made/crlf.md')];
    const small = await ingestPaths(paths, { archive, batchSize: 1 });
    const other = openSqliteArchive(':memory:');
    try {
      const big = await ingestPaths(paths, { archive: other, batchSize: 10_000 });
      expect(small).toEqual(big);
      expect(big).toMatchObject({ added: 7, unchanged: 3 + 1 + 0, updated: 0 });
    } finally {
      await other.close();
    }
  });

  it('rejects a path that names nothing before writing anything', async () => {
    await expect(ingestPaths([join(FIX, '20190622.md'), join(dir, 'missing.md')], { archive })).rejects.toMatchObject({ code: 'not_found' });
    expect(await archive.count()).toBe(0);
  });

  it('reports a file that cannot be read and goes on with the others', async () => {
    const paths = [join(FIX, '20190321-cut.md'), join(FIX, '20190328-cut.md')];
    const report = await ingestPaths(paths, {
      archive,
      readFile: async (p) => (p.endsWith('20190321-cut.md') ? Promise.reject(new Error('EIO: i/o error, read')) : readFile(p)),
    });
    expect(report).toMatchObject({ added: 1, skipped: 1, files: 2 });
    expect(report.warnings).toEqual([{ file: paths[0], line: 0, message: 'cannot read the file (EIO: i/o error, read): skipped' }]);
  });

  it('reports a parser that throws and goes on with the others', async () => {
    const parse = (text: string, file: string): ParseResult => {
      if (file.endsWith('20190328-cut.md')) throw new Error('parser bug');
      return parseDigest(text, { file });
    };
    const report = await ingestPaths([join(FIX, '20190328-cut.md'), join(FIX, '20190321-cut.md')], { archive, parse });
    expect(report).toMatchObject({ added: 1, skipped: 1, files: 2 });
    expect(report.warnings[0]!.message).toBe('could not be parsed (parser bug): skipped');
  });

  it('keeps the good papers of a batch the archive refuses for one bad paper', async () => {
    const parse = (text: string, file: string): ParseResult => {
      const r = parseDigest(text, { file });
      return { ...r, papers: r.papers.map((p, i) => (i === 1 ? { ...p, listed: 'someday' } : p)) };
    };
    const report = await ingestPaths([join(FIX, '20190622.md')], { archive, parse });
    expect(report).toMatchObject({ added: 5, skipped: 1 });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]!.message).toMatch(/^paper 1906\.09433 refused by the archive \(.*listed.*\): skipped$/);
    expect(await archive.get('1906.09433')).toBeUndefined();
  });

  it('counts a file with nothing recognisable as skipped, and takes a notice-only result as not skipped', async () => {
    const parse = (_text: string, file: string): ParseResult =>
      file.endsWith('a.xml')
        ? { kind: 'unknown', papers: [], warnings: [{ file, line: 1, message: 'not a recognised arXiv listing' }] }
        : { kind: 'rss2', papers: [], warnings: [], notice: 'empty feed (weekend)' };
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in/a.xml'), '<html/>');
    writeFileSync(join(dir, 'in/b.xml'), '<rss/>');
    const report = await ingestPaths([join(dir, 'in')], { archive, parse });
    expect(report).toMatchObject({ added: 0, skipped: 1, files: 2, notices: [{ file: join(dir, 'in/b.xml'), message: 'empty feed (weekend)' }] });
  });

  it('counts "skipped" warnings of parsers that give no count of their own', async () => {
    const parse = (text: string, file: string): ParseResult => {
      const r = parseDigest(text, { file });
      return { kind: 'atom-api', papers: r.papers, warnings: [{ file, line: 3, message: 'entry without an arXiv id: skipped' }] };
    };
    const report = await ingestPaths([join(FIX, '20190321-cut.md')], { archive, parse });
    expect(report).toMatchObject({ added: 1, skipped: 1 });
  });
});

describe('ingestText', () => {
  it('ingests a text in memory under the name given', async () => {
    const text = readFileSync(join(FIX, 'hand-made/truncated.md'), 'utf8');
    const seen: IngestProgress[] = [];
    const report = await ingestText(text, 'upload.md', { archive, onProgress: (p) => seen.push(p) });
    expect(report).toMatchObject({ added: 2, skipped: 1, files: 1 });
    expect(report.warnings.every((w) => w.file === 'upload.md')).toBe(true);
    expect(seen).toEqual([{ filesDone: 1, filesTotal: 1, file: 'upload.md', papers: 2 }]);
  });
});

describe('ingestPaths streams files too large to hold', () => {
  it('hands a file over streamOverBytes to streamFile batch by batch, the rest read whole', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { openSqliteArchive } = await import('../../src/archive/sqlite.js');
    const { parseListingFile } = await import('../../src/sources/files.js');
    const { parseAny } = await import('../../src/sources/detect.js');
    const { ingestPaths } = await import('../../src/ingest.js');
    const dir = mkdtempSync(join(tmpdir(), 'pb-stream-'));
    const snapshot = join(dir, 'snapshot.jsonl');
    writeFileSync(snapshot, readFileSync(new URL('../fixtures/feeds/kaggle/arxiv-metadata-oai-snapshot.sample_lines1-5_and_9.jsonl', import.meta.url)));
    const streamedFiles: string[] = [];
    const archive = openSqliteArchive(':memory:');
    const report = await ingestPaths([dir], {
      archive,
      parse: (text, file) => parseAny(text, { file }),
      streamFile: (file) => {
        streamedFiles.push(file);
        return parseListingFile(file, { batchSize: 2 });
      },
      streamOverBytes: 100,
    });
    expect(streamedFiles).toEqual([snapshot]);
    expect(report).toMatchObject({ files: 1, added: 6, skipped: 0 });
    expect(await archive.count()).toBe(6);
  });
});
