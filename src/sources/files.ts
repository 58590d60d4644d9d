// Saved listing files on disk: kind sniffed from the first chunk, snapshots streamed, everything else read whole.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { ParseResult } from '../parse-result.js';
import { detectKind, parseAny, type SourceKind } from './detect.js';
import { streamKaggleJsonl } from './kaggle.js';

const SNIFF_BYTES = 64 * 1024;

/** The kind of a saved file, from its first 64 KB (a multi-GB snapshot is never read whole for this). */
export async function sniffFile(path: string): Promise<SourceKind> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    // A multi-byte character cut at the end decodes to U+FFFD, which no detection rule looks at.
    return detectKind(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/**
 * Parses a saved file of any kind `parseAny` knows. An arXiv metadata snapshot is streamed and yielded in batches
 * of `batchSize` papers (kind `kaggle-jsonl`); any other file is read whole and yielded once.
 */
export async function* parseListingFile(path: string, opts: { batchSize?: number } = {}): AsyncGenerator<ParseResult> {
  if ((await sniffFile(path)) === 'kaggle-jsonl') {
    for await (const batch of streamKaggleJsonl(createReadStream(path), { file: path, batchSize: opts.batchSize })) {
      yield { kind: 'kaggle-jsonl', papers: batch.papers, warnings: batch.warnings };
    }
    return;
  }
  yield parseAny(await readFile(path, 'utf8'), { file: path });
}
