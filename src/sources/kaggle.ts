// Pure parser of the arXiv metadata snapshot (Kaggle `arxiv-metadata-oai-snapshot.json`, JSON lines), line by line or streamed.
import { parseArxivId, dayOf, type Paper } from '../paper.js';
import type { ParseResult, ParseWarning } from '../parse-result.js';
import { splitAuthors, splitCategories, squash, toIsoUtc } from './text.js';

type Line = { paper: Paper; warning?: undefined } | { paper?: undefined; warning: ParseWarning } | { paper?: undefined; warning?: undefined };

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `[last, first, suffix]` -> `first last suffix`. */
function authorName(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  const [last, first, suffix] = parts.map((p) => squash(str(p)));
  return [first, last, suffix].filter(Boolean).join(' ');
}

/**
 * One snapshot line to a paper. The newest of `versions` gives the version and `updated`; v1 gives `published`
 * and `listed` (its day, UTC: the snapshot does not record announcement days). Blank lines give nothing.
 */
export function parseKaggleLine(text: string, lineNo: number, file: string): Line {
  const line = text.trim();
  if (!line) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { warning: { file, line: lineNo, message: `not valid JSON (${(err as Error).message}): skipped` } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { warning: { file, line: lineNo, message: 'not a JSON object: skipped' } };
  }
  const o = raw as Record<string, unknown>;
  const parsedId = parseArxivId(str(o.id));
  if (!parsedId) return { warning: { file, line: lineNo, message: `no valid arXiv id ("${str(o.id)}"): skipped` } };
  const id = parsedId.id;
  const title = squash(str(o.title));
  if (!title) return { warning: { file, line: lineNo, message: `${id} has no title: skipped` } };
  const versions = (Array.isArray(o.versions) ? o.versions : [])
    .map((v) => {
      const rec = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      return { n: Number(/^v(\d+)$/.exec(str(rec.version))?.[1] ?? NaN), iso: toIsoUtc(str(rec.created)) };
    })
    .filter((v): v is { n: number; iso: string } => Number.isInteger(v.n) && v.iso !== null)
    .sort((a, b) => a.n - b.n);
  const first = versions[0];
  const last = versions[versions.length - 1];
  if (!first || !last) return { warning: { file, line: lineNo, message: `${id} has no readable versions: skipped` } };
  const { categories, classifications } = splitCategories(str(o.categories).split(/\s+/));
  const parsedAuthors = Array.isArray(o.authors_parsed) ? o.authors_parsed.map(authorName).filter(Boolean) : [];
  const paper: Paper = {
    id,
    version: last.n,
    title,
    authors: parsedAuthors.length ? parsedAuthors : splitAuthors(str(o.authors)),
    abstract: squash(str(o.abstract)),
    categories,
    primaryCategory: categories[0] ?? '',
    classifications,
    published: first.iso,
    updated: last.iso,
    dois: str(o.doi).split(/\s+/).filter(Boolean),
    journalRef: squash(str(o['journal-ref'])) || null,
    comment: squash(str(o.comments)) || null,
    listed: dayOf(first.iso),
  };
  return { paper };
}

/** A whole (small) snapshot file held in memory; for multi-GB snapshots use `streamKaggleJsonl`. */
export function parseKaggleJsonl(text: string, opts: { file: string }): ParseResult {
  const result: ParseResult = { kind: 'kaggle-jsonl', papers: [], warnings: [] };
  text.split('\n').forEach((line, i) => {
    const got = parseKaggleLine(line, i + 1, opts.file);
    if (got.paper) result.papers.push(got.paper);
    else if (got.warning) result.warnings.push(got.warning);
  });
  if (!result.papers.length && !result.warnings.length) result.notice = 'empty snapshot: no lines';
  return result;
}

export interface KaggleBatch {
  papers: Paper[];
  warnings: ParseWarning[];
  /** Lines read so far (for progress reports). */
  linesRead: number;
}

/**
 * Streams a snapshot (e.g. `fs.createReadStream(path)`) in batches of `batchSize` papers, so only one batch and one
 * line are ever held in memory.
 */
export async function* streamKaggleJsonl(
  input: AsyncIterable<string | Uint8Array>,
  opts: { file: string; batchSize?: number },
): AsyncGenerator<KaggleBatch> {
  const batchSize = opts.batchSize ?? 1000;
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNo = 0;
  let batch: KaggleBatch = { papers: [], warnings: [], linesRead: 0 };
  const take = (line: string): void => {
    lineNo++;
    const got = parseKaggleLine(line, lineNo, opts.file);
    if (got.paper) batch.papers.push(got.paper);
    else if (got.warning) batch.warnings.push(got.warning);
  };
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
      take(pending.slice(start, nl));
      start = nl + 1;
      if (batch.papers.length >= batchSize) {
        batch.linesRead = lineNo;
        yield batch;
        batch = { papers: [], warnings: [], linesRead: 0 };
      }
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.trim()) take(pending);
  batch.linesRead = lineNo;
  if (batch.papers.length || batch.warnings.length) yield batch;
}
