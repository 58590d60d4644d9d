import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParseResult } from '../../src/parse-result.js';
import { parseListingFile, sniffFile } from '../../src/sources/files.js';
import { statusOf } from '../../src/sources/source.js';
import { API_ERROR, feed, FEEDS, KAGGLE, RSS1_RDF } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(path: string, batchSize?: number): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseListingFile(path, { batchSize })) out.push(r);
  return out;
}

describe('saved listing files', () => {
  it('sniffs a file by its first chunk', async () => {
    expect(await sniffFile(`${FEEDS}${RSS1_RDF}`)).toBe('rss1-rdf');
    expect(await sniffFile(`${FEEDS}${KAGGLE}`)).toBe('kaggle-jsonl');
  });

  it('streams a snapshot in batches and parses other kinds whole', async () => {
    const batches = await all(`${FEEDS}${KAGGLE}`, 4);
    expect(batches.map((b) => [b.kind, b.papers.length])).toEqual([
      ['kaggle-jsonl', 4],
      ['kaggle-jsonl', 2],
    ]);
    const [error] = await all(`${FEEDS}${API_ERROR}`);
    expect(error!.papers).toEqual([]);
    expect(error!.notice).toMatch(/incorrect id format/);
  });

  it('streams a snapshot bigger than the sniffed chunk, with a bad line reported by number', async () => {
    const lines = feed(KAGGLE).trimEnd().split('\n');
    const many = Array.from({ length: 200 }, (_, i) => lines[i % lines.length]!.replace(/"id":"0704\.(\d{4})"/, `"id":"0704.${String(i).padStart(4, '0')}"`));
    many[150] = '{"id": broken';
    const path = join(dir, 'snapshot.json');
    writeFileSync(path, `${many.join('\n')}\n`);
    const batches = await all(path, 64);
    expect(batches.reduce((n, b) => n + b.papers.length, 0)).toBe(199);
    expect(batches.flatMap((b) => b.warnings).map((w) => w.line)).toEqual([151]);
  });
});

describe('statusOf', () => {
  it('maps announce types to digest statuses', () => {
    expect(['new', 'cross', 'replace', 'replace-cross'].map((t) => statusOf(t as 'new'))).toEqual(['new', 'cross-list', 'updated', 'updated']);
  });
});
