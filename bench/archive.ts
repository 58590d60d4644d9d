// Archive benchmark: ingest rate and search latency of the SQLite archive on the whole corpus, beside raw FTS5,
// natural.TfIdf and MiniSearch on the same papers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import type { SearchQuery } from '../src/archive/archive.js';
import { anyOf, parseSearchText } from '../src/archive/fts-query.js';
import { openSqliteArchive } from '../src/archive/sqlite.js';
import { parseDigest } from '../src/digest/parse.js';
import type { Paper } from '../src/paper.js';
import { corpusDir, percentile, table, timeIt } from './lib.js';

const INGEST_FLOOR = 8_000;
const P95_FLOOR_MS = 10;
const TFIDF_RATIO_FLOOR = 10;
/** What src/ingest.ts hands the archive per upsert. */
const INGEST_BATCH = 2_000;
/** natural.TfIdf scans every document per query: this many queries are enough to time it. */
const TFIDF_QUERIES = 10;

/** Realistic cs.CV searches: 1-4 words, phrases, and the filters `/papers search` passes on. */
export const QUERIES: SearchQuery[] = [
  { text: 'segmentation' },
  { text: '"semantic segmentation"' },
  { text: 'point cloud' },
  { text: 'neural radiance fields' },
  { text: 'vision transformer' },
  { text: 'object detection' },
  { text: '"object detection" transformer' },
  { text: 'domain adaptation' },
  { text: 'self-supervised learning' },
  { text: 'contrastive learning', since: '2021-01-01' },
  { text: 'person re-identification' },
  { text: 'medical image segmentation' },
  { text: '3D human pose estimation' },
  { text: 'GAN' },
  { text: 'diffusion' },
  { text: 'image super-resolution' },
  { text: 'few-shot learning' },
  { text: 'adversarial attack', categories: ['cs.LG'] },
  { text: 'knowledge distillation' },
  { text: 'video action recognition' },
  { text: 'optical flow' },
  { text: 'lidar camera fusion' },
  { text: 'depth estimation', since: '2021-06-01' },
  { text: 'face recognition', author: 'wang' },
  { text: 'crowd counting' },
  { text: 'anomaly detection', categories: ['eess.IV'] },
  { text: '"neural architecture search"' },
  { text: 'visual question answering' },
  { text: 'image captioning' },
  { text: 'scene graph generation' },
  { text: 'autonomous driving', categories: ['cs.RO'] },
  { text: 'remote sensing change detection' },
  { text: 'text-to-image' },
  { text: 'continual learning', since: '2020-01-01', until: '2020-12-31' },
  { text: 'pruning quantization' },
  { text: 'the state of the art' },
];

export async function run(): Promise<void> {
  const corpus = corpusDir();
  if (!corpus) return;
  const files = mdFiles(corpus);
  const parsed = await timeIt(() => files.map((f) => parseDigest(readFileSync(f, 'utf8'), { file: f }).papers));
  const byFile = parsed.value;
  const papers = uniqueNewest(byFile.flat());
  console.log(`\n(archive bench: ${files.length} files, ${papers.length} papers parsed in ${(parsed.ms / 1000).toFixed(1)} s)`);

  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-archive-'));
  try {
    await benchmark(dir, byFile, papers);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchmark(dir: string, byFile: Paper[][], papers: Paper[]): Promise<void> {
  // Ingest into fresh files (open, schema, WAL and close included): in batches of 2,000 papers as src/ingest.ts
  // upserts them (the floor), one upsert per daily file as the daily job does, and all papers in one call as the
  // raw FTS5 baseline does (one transaction).
  const inFileOrder = byFile.flat();
  const batched = await timeIt(async () => {
    const a = openSqliteArchive(join(dir, 'batched.db'));
    for (let i = 0; i < inFileOrder.length; i += INGEST_BATCH) await a.upsert(inFileOrder.slice(i, i + INGEST_BATCH));
    await a.close();
  });
  const perFile = await timeIt(async () => {
    const a = openSqliteArchive(join(dir, 'per-file.db'));
    for (const batch of byFile) await a.upsert(batch);
    await a.close();
  });
  const archive = openSqliteArchive(join(dir, 'archive.db'));
  const oneCall = await timeIt(() => archive.upsert(papers));
  const again = await timeIt(() => archive.upsert(papers));
  const raw = rawFtsInsert(join(dir, 'raw.db'), papers);
  const rawMs = raw.ms;
  const rate = (ms: number) => papers.length / (ms / 1000);
  const vsRaw = (ms: number) => `${(rate(ms) / rate(rawMs)).toFixed(2)}x`;
  table(
    `Archive ingest (${papers.length} cs.CV papers into a fresh file)`,
    ['what', 'papers/s', 'ms', 'vs raw FTS5'],
    [
      [`SqliteArchive.upsert, batches of ${INGEST_BATCH} (as src/ingest.ts)`, rate(batched.ms), batched.ms, vsRaw(batched.ms)],
      [`SqliteArchive.upsert, one call per file (${byFile.length} transactions)`, rate(perFile.ms), perFile.ms, vsRaw(perFile.ms)],
      ['SqliteArchive.upsert, all papers in one call', rate(oneCall.ms), oneCall.ms, vsRaw(oneCall.ms)],
      ['re-ingest of the same papers (no writes)', rate(again.ms), again.ms, vsRaw(again.ms)],
      ['raw better-sqlite3 FTS5 insert, one transaction (baseline)', rate(rawMs), rawMs, '1.00x'],
    ],
  );
  if (again.value.added + again.value.updated !== 0) console.log(`!! re-ingest changed papers: ${JSON.stringify(again.value)}`);

  // Search: every query a few times, median per query; all engines on the same papers.
  const ours = await timeQueries(QUERIES, 5, (q) => archive.search(q));
  const mini = buildMiniSearch(papers);
  const miniT = await timeQueries(QUERIES, 5, (q) => mini.index.search(q.text, { boost: { title: 3 } }).slice(0, 10));
  const plainOr = raw.db.prepare('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 10.0, 3.0, 1.0) LIMIT 10');
  const plainT = await timeQueries(QUERIES, 5, (q) => {
    const terms = parseSearchText(q.text).terms;
    return terms.length > 0 ? plainOr.all(anyOf(terms)) : [];
  });
  raw.db.close();
  const tfidf = buildTfIdf(papers);
  const tfidfT = await timeQueries(QUERIES.slice(0, TFIDF_QUERIES), 1, (q) => topTfIdf(tfidf.index, q.text, 10));

  const p = (t: number[], n: number) => percentile(t, n);
  const ratio = (t: number[]) => `${(p(t, 95) / p(ours.wall, 95)).toFixed(1)}x`;
  const row = (name: string, n: number, t: Timings, build: string, r: string) => [
    name,
    String(n),
    p(t.wall, 50),
    p(t.wall, 95),
    Math.max(...t.wall),
    p(t.cpu, 95),
    build,
    r,
  ];
  table(
    `Archive search (${QUERIES.length} cs.CV queries: 1-4 words, phrases, ${QUERIES.filter(hasFilter).length} with filters; top 10)`,
    ['engine', 'queries', 'p50 ms', 'p95 ms', 'max ms', 'cpu p95 ms', 'build s', 'p95 vs archive'],
    [
      row('SqliteArchive.search (FTS5 tiers)', QUERIES.length, ours, '(ingest)', '1.0x'),
      row('plain FTS5 OR query by bm25 (raw table; filters ignored)', QUERIES.length, plainT, '(ingest)', ratio(plainT.wall)),
      row('MiniSearch 7.2 (in memory; filters ignored)', QUERIES.length, miniT, (mini.ms / 1000).toFixed(1), ratio(miniT.wall)),
      row(
        `natural.TfIdf (scans every doc; first ${TFIDF_QUERIES} queries only)`,
        TFIDF_QUERIES,
        tfidfT,
        (tfidf.ms / 1000).toFixed(1),
        ratio(tfidfT.wall),
      ),
    ],
  );
  await archive.close();

  const ingestRate = rate(batched.ms);
  const p95 = p(ours.wall, 95);
  const speedup = p(tfidfT.wall, 95) / p95;
  console.log(
    `\nfloors: ingest ${ingestRate.toFixed(0)} papers/s (batches of ${INGEST_BATCH}) >= ${INGEST_FLOOR} ${ok(ingestRate >= INGEST_FLOOR)}; ` +
      `search p95 ${p95.toFixed(2)} ms <= ${P95_FLOOR_MS} ms ${ok(p95 <= P95_FLOOR_MS)}; ` +
      `${speedup.toFixed(0)}x faster than natural.TfIdf at p95 >= ${TFIDF_RATIO_FLOOR}x ${ok(speedup >= TFIDF_RATIO_FLOOR)}` +
      ` (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores: wall times grow with it, cpu times less)`,
  );
}

const hasFilter = (q: SearchQuery) => Boolean(q.categories?.length || q.since || q.until || q.author);

const ok = (b: boolean) => (b ? 'OK' : 'MISSED');

function mdFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (e.name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

/** One paper per id, the newest version, for the baselines that have no upsert. */
function uniqueNewest(papers: Paper[]): Paper[] {
  const m = new Map<string, Paper>();
  for (const p of papers) {
    const prev = m.get(p.id);
    if (!prev || p.version >= prev.version) m.set(p.id, prev && prev.listed < p.listed ? { ...p, listed: prev.listed } : p);
  }
  return [...m.values()];
}

function rawFtsInsert(file: string, papers: Paper[]): { ms: number; db: Database.Database } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const t0 = performance.now();
  db.exec("CREATE VIRTUAL TABLE docs USING fts5 (title, authors, abstract, tokenize = 'porter unicode61 remove_diacritics 2')");
  const insert = db.prepare('INSERT INTO docs (title, authors, abstract) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const p of papers) insert.run(p.title, p.authors.join(', '), p.abstract);
  })();
  return { ms: performance.now() - t0, db };
}

interface Timings {
  wall: number[];
  cpu: number[];
}

/** Median wall and CPU milliseconds per query, after one warm-up pass (statement preparation, page cache). */
async function timeQueries<T>(queries: SearchQuery[], rounds: number, fn: (q: SearchQuery) => Promise<T> | T): Promise<Timings> {
  for (const q of queries) await fn(q);
  const out: Timings = { wall: [], cpu: [] };
  for (const q of queries) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const c0 = process.cpuUsage();
      wall.push((await timeIt(() => fn(q))).ms);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    out.wall.push(percentile(wall, 50));
    out.cpu.push(percentile(cpu, 50));
  }
  return out;
}

function buildMiniSearch(papers: Paper[]): { index: MiniSearch<{ id: string; title: string; authors: string; abstract: string }>; ms: number } {
  const t0 = performance.now();
  const index = new MiniSearch<{ id: string; title: string; authors: string; abstract: string }>({
    fields: ['title', 'authors', 'abstract'],
  });
  index.addAll(papers.map((p) => ({ id: p.id, title: p.title, authors: p.authors.join(', '), abstract: p.abstract })));
  return { index, ms: performance.now() - t0 };
}

function buildTfIdf(papers: Paper[]): { index: TfIdf; ms: number } {
  const t0 = performance.now();
  const index = new TfIdf();
  for (const p of papers) index.addDocument(`${p.title} ${p.title} ${p.authors.join(' ')} ${p.abstract}`);
  return { index, ms: performance.now() - t0 };
}

function topTfIdf(index: TfIdf, text: string, k: number): number[] {
  const scored: [number, number][] = [];
  index.tfidfs(text.replace(/"/g, ''), (i, measure) => {
    if (measure > 0) scored.push([i, measure]);
  });
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([i]) => i);
}
