import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseKaggleJsonl, streamKaggleJsonl, type KaggleBatch } from '../../src/sources/kaggle.js';
import { feed, KAGGLE } from './fixtures.js';

describe('parseKaggleJsonl on real snapshot lines', () => {
  const r = parseKaggleJsonl(feed(KAGGLE), { file: KAGGLE });

  it('reads all six lines', () => {
    expect(r.kind).toBe('kaggle-jsonl');
    expect(r.warnings).toEqual([]);
    expect(r.papers.map((p) => p.id)).toEqual(['0704.0001', '0704.0002', '0704.0003', '0704.0004', '0704.0005', '0704.0009']);
  });

  it('takes the newest version and v1 dates, parsed author names, primary = first category', () => {
    const p = r.papers[0]!;
    expect(p.version).toBe(2);
    expect(p.published).toBe('2007-04-02T19:18:42Z');
    expect(p.updated).toBe('2007-07-24T20:10:27Z');
    expect(p.listed).toBe('2007-04-02');
    expect(p.title).toBe('Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
    expect(p.authors).toEqual(['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan']);
    expect(p.dois).toEqual(['10.1103/PhysRevD.76.013009']);
    expect(p.journalRef).toBe('Phys.Rev.D76:013009,2007');
    expect(p.comment).toBe('37 pages, 15 figures; published version');
    const q = r.papers[1]!;
    expect(q.categories).toEqual(['math.CO', 'cs.CG']);
    expect(q.primaryCategory).toBe('math.CO');
    expect(r.papers[2]!.version).toBe(3);
    expect(r.papers[5]!.authors).toContain('Neal J. Evans II');
  });

  it('warns with the line number about broken lines and keeps the others', () => {
    const lines = feed(KAGGLE).split('\n');
    lines.splice(1, 0, '{"id": "0704.00', '[1,2]', '{"id":"nonsense","title":"x","versions":[]}');
    const bad = parseKaggleJsonl(lines.join('\n'), { file: 'k.jsonl' });
    expect(bad.papers).toHaveLength(6);
    expect(bad.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
    expect(bad.warnings[0]!.message).toMatch(/not valid JSON/);
    expect(bad.warnings[1]!.message).toMatch(/not a JSON object/);
    expect(bad.warnings[2]!.message).toMatch(/no valid arXiv id/);
  });
});

describe('streamKaggleJsonl', () => {
  it('yields batches from a byte stream split mid-line and mid-character, with the same papers as the whole-text parser', async () => {
    const bytes = Buffer.from(feed(KAGGLE), 'utf8');
    const at = bytes.indexOf(Buffer.from('á')) + 1; // inside the two-byte UTF-8 of "á"
    const chunks = [bytes.subarray(0, at), bytes.subarray(at, at + 777), bytes.subarray(at + 777)];
    const batches: KaggleBatch[] = [];
    for await (const b of streamKaggleJsonl(Readable.from(chunks), { file: KAGGLE, batchSize: 4 })) batches.push(b);
    expect(batches.map((b) => b.papers.length)).toEqual([4, 2]);
    const streamed = batches.flatMap((b) => b.papers);
    expect(streamed).toEqual(parseKaggleJsonl(feed(KAGGLE), { file: KAGGLE }).papers);
    expect(batches[1]!.linesRead).toBe(6);
  });

  it('reads a last line without a trailing newline and reports a bad line', async () => {
    const text = `${feed(KAGGLE).trimEnd()}\nnot json`;
    const batches: KaggleBatch[] = [];
    for await (const b of streamKaggleJsonl(Readable.from([text]), { file: 'k' })) batches.push(b);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.papers).toHaveLength(6);
    expect(batches[0]!.warnings).toEqual([{ file: 'k', line: 7, message: expect.stringMatching(/not valid JSON/) }]);
  });
});
