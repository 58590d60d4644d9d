// Parser throughput on real saved arXiv responses (and a 2000-item RSS 2.0 feed, arXiv's maximum), beside the bare
// XML parse / JSON.parse each parser builds on, so the ratio is the cost of turning documents into checked Papers.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { parseAtom } from '../src/sources/atom.js';
import { parseKaggleJsonl, streamKaggleJsonl } from '../src/sources/kaggle.js';
import { parseRss } from '../src/sources/rss.js';
import { percentile, table, timeIt } from './lib.js';

const FEEDS = new URL('../test/fixtures/feeds/', import.meta.url).pathname;

function read(path: string): string {
  return readFileSync(`${FEEDS}${path}`, 'utf8');
}

/** Median ms of `runs` calls after two warm-up calls. */
async function median(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timeIt(async () => fn())).ms);
  return percentile(times, 50);
}

/** The built cs.CV feed grown to `n` items, each with its own id, as on a busy day of several categories. */
function bigRss(n: number): string {
  const text = read('rss/rss2.0_cs.CV_2021-11-18.built_from_corpus.xml');
  const start = text.indexOf('<item>');
  const end = text.lastIndexOf('</item>') + '</item>'.length;
  const items = text.slice(start, end).split(/(?<=<\/item>)\s*/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(items[i % items.length]!.replace(/2111\.\d{5}/g, `2111.${String(10000 + i)}`));
  return text.slice(0, start) + out.join('\n    ') + text.slice(end);
}

export async function run(): Promise<void> {
  const bare = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const cases: { name: string; text: string; ours: (t: string) => number; base: (t: string) => unknown }[] = [
    { name: 'legacy RSS 1.0/RDF cs, 185 items', text: read('rss/legacy_rss1.0_rdf_cs_2018-08-30.rdf'), ours: (t) => parseRss(t, { file: 'b' }).papers.length, base: (t) => bare.parse(t) },
    { name: 'RSS 2.0 cs.CV grown to 2000 items', text: bigRss(2000), ours: (t) => parseRss(t, { file: 'b' }).papers.length, base: (t) => bare.parse(t) },
    { name: 'API Atom 2026, 100 entries', text: read('arxiv_api/api2026_search_q_testing_100.xml'), ours: (t) => parseAtom(t, { file: 'b' }).papers.length, base: (t) => bare.parse(t) },
    { name: 'API Atom legacy 2016, 10 entries', text: read('arxiv_api/api2016_legacy_search_au_del_maestro.xml'), ours: (t) => parseAtom(t, { file: 'b' }).papers.length, base: (t) => bare.parse(t) },
  ];
  const rows: (string | number)[][] = [];
  for (const c of cases) {
    const papers = c.ours(c.text);
    const ours = await median(15, () => c.ours(c.text));
    const base = await median(15, () => c.base(c.text));
    rows.push([c.name, Math.round(c.text.length / 1024), papers, ours, base, ours / base, Math.round((papers / ours) * 1000)]);
  }
  // The salvage path: the same RDF cut at 90%, so validation fails and complete items are recovered one by one.
  const rdf = read('rss/legacy_rss1.0_rdf_cs_2018-08-30.rdf');
  const cut = rdf.slice(0, Math.floor(rdf.length * 0.9));
  const salvaged = parseRss(cut, { file: 'b' }).papers.length;
  const cutMs = await median(15, () => parseRss(cut, { file: 'b' }));
  const cutBase = await median(15, () => bare.parse(cut));
  rows.push(['legacy RDF cut at 90% (salvage)', Math.round(cut.length / 1024), salvaged, cutMs, cutBase, cutMs / cutBase, Math.round((salvaged / cutMs) * 1000)]);
  table('Feed parsers: median ms per document (ours) beside a bare fast-xml-parser parse (baseline)', ['input', 'KB', 'papers', 'ours ms', 'bare XML ms', 'ratio', 'papers/s'], rows);

  // Snapshot: 20,000 real lines (the six sample lines, ids varied), streamed in 64 KB chunks vs all in memory.
  const lines = read('kaggle/arxiv-metadata-oai-snapshot.sample_lines1-5_and_9.jsonl').trimEnd().split('\n');
  const n = 20_000;
  const big = Array.from({ length: n }, (_, i) => lines[i % lines.length]!.replace(/"id":"[^"]+"/, `"id":"0704.${String(i).padStart(5, '0')}"`)).join('\n');
  const bytes = Buffer.from(big, 'utf8');
  const chunks: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += 65_536) chunks.push(bytes.subarray(o, o + 65_536));
  const streamed = await median(5, async () => {
    let count = 0;
    for await (const b of streamKaggleJsonl(Readable.from(chunks), { file: 'b', batchSize: 1000 })) count += b.papers.length;
    return count;
  });
  const whole = await median(5, () => parseKaggleJsonl(big, { file: 'b' }));
  const jsonOnly = await median(5, () => big.split('\n').map((l) => JSON.parse(l) as unknown));
  table(
    `Metadata snapshot: ${n} lines (${Math.round(bytes.length / 1024 / 1024)} MB)`,
    ['method', 'ms', 'lines/s', 'vs JSON.parse only', 'held in memory'],
    [
      ['streamKaggleJsonl (64 KB chunks, batches of 1000)', streamed, Math.round((n / streamed) * 1000), streamed / jsonOnly, '1 chunk + 1 batch'],
      ['parseKaggleJsonl (whole text)', whole, Math.round((n / whole) * 1000), whole / jsonOnly, 'whole file + all papers'],
      ['baseline: split + JSON.parse only', jsonOnly, Math.round((n / jsonOnly) * 1000), 1, 'whole file + all objects'],
    ],
  );
}
