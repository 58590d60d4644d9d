// Streaming forms of the digest parser: a file or byte stream read in chunks, never held whole in memory.
import { createReadStream } from 'node:fs';
import type { Paper } from '../paper.js';
import type { ParseResult, ParseWarning } from '../parse-result.js';
import { DigestLineParser, PaperCollector, SUSPECT, isNewer, type DigestOptions, type DigestSink } from './parse.js';

export interface DigestChunk {
  /** Papers finished since the previous chunk. An id reappears only when a newer version of it turned up later. */
  papers: Paper[];
  /** Warnings raised since the previous chunk. */
  warnings: ParseWarning[];
  /** Entries dropped since the previous chunk. */
  skipped: number;
  /** The digest header's listing day, once it has been read. */
  date?: string;
}

export interface DigestStreamOptions extends DigestOptions {
  /** Papers per yielded chunk (default 500); the last chunk may be smaller. */
  batchSize?: number;
}

/** Hands papers out in batches, dropping a repeat of an id unless it is a newer version than the one already seen. */
class BatchSink implements DigestSink {
  pending: Paper[] = [];
  private readonly seen = new Map<string, { paper: Paper; pendingAt: number }>();

  paper(p: Paper): void {
    const prior = this.seen.get(p.id);
    if (!prior) {
      this.seen.set(p.id, { paper: p, pendingAt: this.pending.length });
      this.pending.push(p);
      return;
    }
    if (!isNewer(p, prior.paper)) return;
    prior.paper = p;
    // Still waiting to go out: replace it in place; already handed out: send the newer one too.
    if (prior.pendingAt >= 0 && this.pending[prior.pendingAt]?.id === p.id) this.pending[prior.pendingAt] = p;
    else {
      prior.pendingAt = this.pending.length;
      this.pending.push(p);
    }
  }

  take(): Paper[] {
    const out = this.pending;
    this.pending = [];
    for (const p of out) this.seen.get(p.id)!.pendingAt = -1;
    return out;
  }
}

/**
 * Parses a digest from a stream of text or bytes (a `fs.ReadStream`, an HTTP body, an array of strings), yielding
 * papers in batches as entries finish. Holds one chunk and the ids seen, not the file. Bytes are decoded as UTF-8
 * (invalid sequences become U+FFFD, even when a character is split across chunks). Never throws on bad content;
 * errors of the source itself propagate.
 */
export async function* parseDigestStream(
  source: AsyncIterable<string | Uint8Array>,
  opts: DigestStreamOptions = {},
): AsyncGenerator<DigestChunk, void, undefined> {
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const sink = new BatchSink();
  const parser = new DigestLineParser(sink, opts);
  const decoder = new TextDecoder('utf-8');
  // Sticky: once a chunk holds a suspect character, every entry finished from then on is checked value by value.
  parser.suspect = false;
  let warned = 0;
  let skipped = 0;
  const chunk = (): DigestChunk => {
    const out: DigestChunk = { papers: sink.take(), warnings: parser.warnings.slice(warned), skipped: parser.skipped - skipped };
    warned = parser.warnings.length;
    skipped = parser.skipped;
    if (parser.date) out.date = parser.date;
    return out;
  };

  let carry = '';
  let n = 0;
  let first = true;
  for await (const piece of source) {
    const decoded = typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    if (!parser.suspect && SUSPECT.test(decoded)) parser.suspect = true;
    let text = carry + decoded;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      parser.line(text.slice(pos, nl), ++n);
      pos = nl + 1;
    }
    carry = text.slice(pos);
    if (sink.pending.length >= batchSize) yield chunk();
  }
  const rest = decoder.decode();
  if (SUSPECT.test(rest)) parser.suspect = true;
  carry += rest;
  if (carry.length > 0) parser.line(carry, ++n);
  parser.end({ endsMidLine: carry.length > 0 });
  yield chunk();
}

/** Parses a digest file by streaming it from disk: the same result as `parseDigest` on its text. */
export async function parseDigestFile(path: string, opts: DigestOptions = {}): Promise<ParseResult & { skipped: number }> {
  const file = opts.file ?? path;
  const collector = new PaperCollector();
  const warnings: ParseWarning[] = [];
  let skipped = 0;
  let date: string | undefined;
  for await (const c of parseDigestStream(createReadStream(path, { highWaterMark: 1 << 20 }), { file, batchSize: 5000 })) {
    for (const p of c.papers) collector.paper(p);
    warnings.push(...c.warnings);
    skipped += c.skipped;
    date ??= c.date;
  }
  const result: ParseResult & { skipped: number } = { kind: 'digest-markdown', papers: collector.papers, warnings, skipped };
  if (date) result.date = date;
  if (collector.papers.length === 0 && skipped === 0 && warnings.length === 0) result.notice = 'the digest lists no entries';
  return result;
}
