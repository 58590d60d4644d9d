// The streaming digest parser gives what the whole-text parser gives, however the bytes are chunked.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, createReadStream, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseDigest } from '../../src/digest/parse.js';
import { parseDigestFile, parseDigestStream, type DigestChunk } from '../../src/digest/stream.js';
import { PaperCollector } from '../../src/digest/parse.js';

const DIR = join(import.meta.dirname, '../fixtures/digest');
const FIXTURES = [
  ...readdirSync(DIR).filter((f) => f.endsWith('.md') && f !== 'README.md'),
  ...readdirSync(join(DIR, 'hand-made')).map((f) => `hand-made/${f}`),
];

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(source: AsyncIterable<string | Uint8Array>, file: string, batchSize?: number) {
  const all = new PaperCollector();
  const warnings = [];
  const seen: DigestChunk[] = [];
  let skipped = 0;
  for await (const c of parseDigestStream(source, { file, batchSize })) {
    seen.push(c);
    for (const p of c.papers) all.paper(p);
    warnings.push(...c.warnings);
    skipped += c.skipped;
  }
  return { papers: all.papers, warnings, skipped, chunks: seen };
}

describe('parseDigestStream', () => {
  it.each(FIXTURES)('%s: same papers, warnings and skips as parseDigest, for chunks of 1, 7 and 4096 bytes', async (name) => {
    const bytes = readFileSync(join(DIR, name));
    const whole = parseDigest(bytes.toString('utf8'), { file: name });
    for (const size of [1, 7, 4096]) {
      const streamed = await collect(chunks(bytes, size), name);
      expect(streamed.papers).toEqual(whole.papers);
      expect(streamed.warnings).toEqual(whole.warnings);
      expect(streamed.skipped).toBe(whole.skipped);
    }
  });

  it('yields papers in batches as entries finish, and the header date with them', async () => {
    const bytes = readFileSync(join(DIR, '20190622.md'));
    const { chunks: got } = await collect(chunks(bytes, 500), '20190622.md', 2);
    expect(got.length).toBeGreaterThan(2);
    expect(got.flatMap((c) => c.papers).length).toBe(6);
    expect(got.every((c) => c.papers.length <= 3)).toBe(true);
    expect(got.every((c) => c.date === '2019-06-22')).toBe(true);
  });

  it('sends a newer version of an id again when the older one has already gone out', async () => {
    const bytes = readFileSync(join(DIR, 'hand-made/duplicate.md'));
    const { chunks: got } = await collect(chunks(bytes, 64), 'dup.md', 1);
    const sent = got.flatMap((c) => c.papers.map((p) => `${p.id}v${p.version}`));
    expect(sent).toEqual(['1906.09449v1', '1906.09383v1', '1906.09433v1', '1906.09449v3']);
  });

  it('reads string chunks and a real fs stream', async () => {
    const text = readFileSync(join(DIR, '20191016-cut.md'), 'utf8');
    const whole = parseDigest(text, { file: 'f' });
    const pieces = text.match(/[\s\S]{1,37}/g)!;
    expect((await collect((async function* () { yield* pieces; })(), 'f')).papers).toEqual(whole.papers);
    const fromFs = await collect(createReadStream(join(DIR, '20191016-cut.md'), { highWaterMark: 100 }), 'f');
    expect(fromFs.papers).toEqual(whole.papers);
  });

  it('reports an empty stream like an empty file', async () => {
    const got = await collect((async function* () {})(), 'none');
    expect(got.papers).toEqual([]);
    expect(got.warnings).toEqual([{ file: 'none', line: 0, message: 'empty file: no digest header and no entries' }]);
  });
});

describe('parseDigestFile', () => {
  it('streams a file from disk into the same result as parseDigest', async () => {
    for (const name of ['20190622.md', 'hand-made/truncated.md', 'hand-made/header-only.md', 'hand-made/crlf.md']) {
      const path = join(DIR, name);
      expect(await parseDigestFile(path, { file: name })).toEqual(parseDigest(readFileSync(path, 'utf8'), { file: name }));
    }
  });

  it('reads a file larger than its read buffer without losing an entry at a boundary', async () => {
    const one = readFileSync(join(DIR, '20190622.md'), 'utf8');
    const [header, ...rest] = one.split('\n');
    const body = rest.join('\n');
    // 400 renumbered copies of the file's entries: ~3.6 MB, several 1 MB reads.
    let text = `${header}\n`;
    for (let i = 0; i < 400; i++) text += body.replace(/1906\.09(\d{3})/g, (_, d: string) => `1906.${String(i).padStart(2, '0')}${d}`.slice(0, 10));
    const dir = mkdtempSync(join(tmpdir(), 'pb-digest-'));
    const path = join(dir, 'big.md');
    writeFileSync(path, text);
    const streamed = await parseDigestFile(path);
    const whole = parseDigest(text, { file: path });
    expect(streamed.papers.length).toBe(whole.papers.length);
    expect(streamed).toEqual(whole);
  });

  it('rejects when the file does not exist', async () => {
    await expect(parseDigestFile('/no/such/file.md')).rejects.toThrow(/ENOENT/);
  });
});
