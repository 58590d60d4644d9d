// Digest parser and ingest throughput on the real corpus, beside a bare line scan of the same bytes.
import { readFile, readdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { corpusDir, table, timeIt } from './lib.js';
import { parseDigest } from '../src/digest/parse.js';
import { parseDigestStream } from '../src/digest/stream.js';
import { ingestPaths } from '../src/ingest.js';
import type { Archive, UpsertCounts } from '../src/archive/archive.js';
import type { Paper } from '../src/paper.js';

const PASSES = 3;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out.sort();
}

/** The floor to compare against: split every file into lines and touch each line, nothing else. */
function lineScan(texts: string[]): number {
  let touched = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) touched += line.length > 0 ? line.charCodeAt(line.length - 1) : 0;
  }
  return touched;
}

/** Median wall time of a few passes, after one warm-up pass. */
async function median<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: Awaited<T> }> {
  let value = await fn();
  const times: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const t0 = performance.now();
    value = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, value };
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** An archive that only counts, to show what reading and parsing cost without storage. */
function countingArchive(): Archive {
  const seen = new Set<string>();
  const unsupported = async (): Promise<never> => {
    throw new Error('not used by the benchmark');
  };
  return {
    async upsert(papers: Paper[]): Promise<UpsertCounts> {
      let added = 0;
      for (const p of papers) if (!seen.has(p.id) && seen.add(p.id)) added++;
      return { added, updated: 0, unchanged: papers.length - added };
    },
    get: unsupported,
    search: unsupported,
    listedOn: unsupported,
    listedBetween: unsupported,
    updatedOn: unsupported,
    days: unsupported,
    count: async () => seen.size,
    close: async () => undefined,
  };
}

export async function run(): Promise<void> {
  const dir = corpusDir();
  if (!dir) return;
  const files = await filesUnder(dir);
  const buffers = await Promise.all(files.map((f) => readFile(f)));
  const texts = buffers.map((b) => b.toString('utf8'));
  const mb = buffers.reduce((n, b) => n + b.length, 0) / 1e6;

  const scan = await median(() => lineScan(texts));
  const readline = await median(async () => {
    let touched = 0;
    for (const bytes of buffers) {
      for await (const line of createInterface({ input: Readable.from(chunked(bytes, 64 * 1024)), crlfDelay: Infinity })) {
        touched += line.length;
      }
    }
    return touched;
  });
  const parsed = await median(() => {
    let entries = 0;
    let warnings = 0;
    const ids = new Set<string>();
    for (const [i, text] of texts.entries()) {
      const r = parseDigest(text, { file: files[i] });
      entries += r.papers.length + r.skipped;
      warnings += r.warnings.length;
      for (const p of r.papers) ids.add(p.id);
    }
    return { entries, warnings, distinct: ids.size };
  });
  const streamed = await median(async () => {
    let papers = 0;
    for (const [i, bytes] of buffers.entries()) {
      for await (const c of parseDigestStream(chunked(bytes, 64 * 1024), { file: files[i] })) papers += c.papers.length;
    }
    return papers;
  });

  const rate = (ms: number) => mb / (ms / 1000);
  const ratio = (baseMs: number, ms: number) => (baseMs / ms).toFixed(2);
  table(`Digest parsing: ${files.length} corpus files, ${mb.toFixed(1)} MB in memory (median of ${PASSES})`, ['what', 'ms', 'MB/s', 'speed vs split scan', 'speed vs readline'], [
    ['bare line scan (split + touch each line)', scan.ms, rate(scan.ms), ratio(scan.ms, scan.ms), ratio(readline.ms, scan.ms)],
    ['node:readline line scan of the same bytes (64 KB chunks)', readline.ms, rate(readline.ms), ratio(scan.ms, readline.ms), ratio(readline.ms, readline.ms)],
    ['parseDigest (text -> papers)', parsed.ms, rate(parsed.ms), ratio(scan.ms, parsed.ms), ratio(readline.ms, parsed.ms)],
    ['parseDigestStream (64 KB byte chunks, UTF-8 decode included)', streamed.ms, rate(streamed.ms), ratio(scan.ms, streamed.ms), ratio(readline.ms, streamed.ms)],
  ]);
  table('Digest parsing: what the corpus holds', ['entries', 'distinct ids', 'warnings', 'stream papers'], [
    [String(parsed.value.entries), String(parsed.value.distinct), String(parsed.value.warnings), String(streamed.value)],
  ]);

  // End to end: files on disk -> expandPaths -> read -> parse -> batched upserts.
  const counting = await timeIt(() => ingestPaths([dir], { archive: countingArchive() }));
  const { openSqliteArchive } = await import('../src/archive/sqlite.js');
  const tmp = mkdtempSync(join(tmpdir(), 'pb-bench-ingest-'));
  try {
    const archive = openSqliteArchive(join(tmp, 'archive.sqlite'));
    try {
      const first = await timeIt(() => ingestPaths([dir], { archive }));
      const again = await timeIt(() => ingestPaths([dir], { archive }));
      const perSec = (n: number, ms: number) => n / (ms / 1000);
      const papers = (r: { added: number; updated: number; unchanged: number }) => r.added + r.updated + r.unchanged;
      table('Ingest end to end (corpus directory -> archive)', ['run', 'papers', 'added', 'unchanged', 's', 'papers/s'], [
        ['read + parse only (counting archive)', papers(counting.value), counting.value.added, counting.value.unchanged, counting.ms / 1000, perSec(papers(counting.value), counting.ms)],
        ['SQLite file, empty archive', papers(first.value), first.value.added, first.value.unchanged, first.ms / 1000, perSec(papers(first.value), first.ms)],
        ['SQLite file, same files again', papers(again.value), again.value.added, again.value.unchanged, again.ms / 1000, perSec(papers(again.value), again.ms)],
      ]);
    } finally {
      await archive.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
