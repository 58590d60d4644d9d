// Recognises a saved arXiv response by its content and hands it to the matching pure parser.
import type { ParseResult } from '../parse-result.js';
import { parseDigest } from '../digest/parse.js';
import { parseAtom } from './atom.js';
import { parseKaggleJsonl } from './kaggle.js';
import { parseRss } from './rss.js';
import { rootElement } from './xml.js';

export type SourceKind = 'digest-markdown' | 'rss2' | 'rss1-rdf' | 'atom-api' | 'kaggle-jsonl' | 'unknown';

export const EXPECTED_INPUTS =
  'a digest Markdown file ("# Arxiv Papers in ..."), an arXiv RSS 2.0 or RSS 1.0/RDF feed, an arXiv API Atom response, ' +
  'or arXiv metadata snapshot JSON lines';

/** How far into the text detection looks: enough for any header, so a multi-GB file's first chunk will do. */
const HEAD = 64 * 1024;

/** The kind of a saved response, judged from its beginning only (a first chunk of a large file is enough). */
export function detectKind(text: string): SourceKind {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '').trimStart();
  if (!head) return 'unknown';
  if (head.startsWith('{')) {
    const firstLine = head.split('\n', 1)[0]!;
    // The snapshot writes `{"id":"...","submitter":...`; a long author list can push the other keys past the head.
    const snapshotStart = /^\{\s*"id"\s*:\s*"[^"]+"\s*,\s*"(?:submitter|authors|title)"\s*:/.test(firstLine);
    const snapshotKeys = /"id"\s*:\s*"/.test(firstLine) && /"(?:versions|categories|abstract)"\s*:/.test(firstLine);
    return snapshotStart || snapshotKeys ? 'kaggle-jsonl' : 'unknown';
  }
  if (head.startsWith('<')) {
    const root = rootElement(head);
    if (root === 'rss') return 'rss2';
    if (root === 'rdf:RDF' || root === 'RDF') return /purl\.org\/rss\/1\.0/.test(head) ? 'rss1-rdf' : 'unknown';
    if (root === 'feed') return /http:\/\/www\.w3\.org\/2005\/Atom/.test(head) ? 'atom-api' : 'unknown';
    return 'unknown';
  }
  if (/^# Arxiv Papers in /i.test(head) || /^- \*\*Arxiv ID\*\*:/m.test(head)) return 'digest-markdown';
  return 'unknown';
}

/** Why an unrecognised input is not taken, naming what it looks like when that helps. */
function unknownReason(text: string): string {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '').trimStart();
  const root = head.startsWith('<') ? rootElement(head) : null;
  let looks = '';
  if (!head) looks = ' (the input is empty)';
  else if (root === 'OAI-PMH') looks = ' (this is an OAI-PMH response, which Paperboy does not ingest)';
  else if (root && /^html$/i.test(root)) looks = ' (this is an HTML page, perhaps an error page)';
  else if (root) looks = ` (root element <${root}>)`;
  return `not a recognised arXiv listing (expected ${EXPECTED_INPUTS})${looks}`;
}

/** Parses any saved response Paperboy knows, recognised by content. Never throws. */
export function parseAny(text: string, opts: { file: string }): ParseResult {
  const kind = detectKind(text);
  switch (kind) {
    case 'digest-markdown':
      return parseDigest(text, opts);
    case 'rss2':
    case 'rss1-rdf':
      return parseRss(text, opts);
    case 'atom-api':
      return parseAtom(text, opts);
    case 'kaggle-jsonl':
      return parseKaggleJsonl(text, opts);
    case 'unknown':
      return { kind: 'unknown', papers: [], warnings: [{ file: opts.file, line: 1, message: unknownReason(text) }] };
  }
}
