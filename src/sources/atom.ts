// Pure parser of arXiv API Atom responses (legacy and 2026 formats), including the HTTP 400 "Error" feed and paging.
import { parseArxivId, dayOf, type Paper } from '../paper.js';
import type { ParseResult, ParseWarning } from '../parse-result.js';
import { ANNOUNCE_TYPES, type AnnounceType } from './rss.js';
import { lineIndex, splitAuthors, splitCategories, squash, toIsoUtc } from './text.js';
import {
  asArray,
  attrOf,
  salvageBlocks,
  createFeedParser,
  firstElementText,
  isNode,
  openingOffsets,
  rootElement,
  textOf,
  xmlProblem,
  type XmlNode,
} from './xml.js';

/** opensearch paging of an API response; null where the response does not say. */
export interface Paging {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
}

export interface AtomParseResult extends ParseResult {
  paging: Paging;
  /** arXiv's own message when the response is its "Error" feed (sent with HTTP 400 for a bad query). */
  error?: string;
  /** Announce types, when the Atom feed is rss.arxiv.org's Atom flavour rather than the API. */
  announceTypes: Record<string, AnnounceType>;
}

function count(value: unknown): number | null {
  const s = textOf(value).trim();
  return /^\d+$/.test(s) ? Number(s) : null;
}

/** arXiv's error entries: `<id>https://arxiv.org/api/errors#...</id><title>Error</title>`. */
function isErrorEntry(node: XmlNode): boolean {
  return /\/api\/errors/.test(textOf(node.id)) || squash(textOf(node.title)) === 'Error';
}

function entryPaper(node: XmlNode, file: string, line: number, warnings: ParseWarning[]): { paper: Paper; type?: AnnounceType } | null {
  const rawId = textOf(node.id);
  const parsedId = parseArxivId(rawId);
  if (!parsedId) {
    warnings.push({ file, line, message: `entry without an arXiv id ("${rawId}"): skipped` });
    return null;
  }
  const id = parsedId.id;
  const title = squash(textOf(node.title));
  if (!title) {
    warnings.push({ file, line, message: `entry ${id} has no title: skipped` });
    return null;
  }
  const published = toIsoUtc(textOf(node.published)) ?? '';
  const updated = toIsoUtc(textOf(node.updated)) ?? published;
  if (!published) warnings.push({ file, line, message: `entry ${id} has no readable <published> date` });
  const primary = attrOf(node['arxiv:primary_category'], 'term') ?? '';
  const terms = asArray(node.category).map((c) => attrOf(c, 'term') ?? textOf(c));
  const { categories, classifications } = splitCategories(primary ? [primary, ...terms] : terms);
  let summary = textOf(node.summary);
  // rss.arxiv.org's Atom flavour prefixes the abstract like its RSS does.
  const head = /^\s*arXiv:\S+\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?([\s\S]*)$/i.exec(summary);
  if (head) summary = head[2]!;
  const declared = (textOf(node['arxiv:announce_type']) || head?.[1] || '').trim().toLowerCase();
  const type = (ANNOUNCE_TYPES as readonly string[]).includes(declared) ? (declared as AnnounceType) : undefined;
  const dois = [...asArray(node['arxiv:doi']), ...asArray(node['arxiv:DOI'])].flatMap((d) => textOf(d).split(/\s+/)).filter(Boolean);
  const journal = squash(textOf(node['arxiv:journal_ref']));
  const comment = squash(textOf(node['arxiv:comment']));
  const authors = asArray(node.author)
    .map((a) => squash(isNode(a) ? textOf(a.name) : textOf(a)))
    .filter(Boolean);
  if (!authors.length) authors.push(...asArray(node['dc:creator']).flatMap((c) => splitAuthors(textOf(c))));
  const paper: Paper = {
    id,
    version: parsedId.version ?? 1,
    title,
    authors,
    abstract: squash(summary),
    categories,
    primaryCategory: categories[0] ?? '',
    classifications,
    published,
    updated,
    dois,
    journalRef: journal || null,
    comment: comment || null,
    listed: published ? dayOf(published) : '',
  };
  return { paper, type };
}

/**
 * Parses an arXiv API Atom response. Never throws.
 *
 * `listed` is the day of `<published>` (UTC): the API does not say which announcement listed a paper, and a v1's
 * submission day is the closest it gives. The HTTP 400 "Error" feed yields no paper, `error` with arXiv's message
 * and a notice; an empty result yields a notice. `paging` exposes opensearch totalResults/startIndex/itemsPerPage.
 */
export function parseAtom(text: string, opts: { file: string }): AtomParseResult {
  const { file } = opts;
  const warnings: ParseWarning[] = [];
  const paging: Paging = { totalResults: null, startIndex: null, itemsPerPage: null };
  const root = rootElement(text);
  if (root !== 'feed') {
    warnings.push({ file, line: 1, message: `not an Atom feed (root element ${root ? `<${root}>` : 'missing'}; expected <feed>)` });
    return { kind: 'unknown', papers: [], warnings, paging, announceTypes: {} };
  }
  const parser = createFeedParser();
  const problem = xmlProblem(text);
  let entries: { node: XmlNode; line: number }[] = [];
  if (!problem) {
    const feed = (parser.parse(text) as XmlNode).feed;
    const top = isNode(feed) ? feed : {};
    paging.totalResults = count(top['opensearch:totalResults']);
    paging.startIndex = count(top['opensearch:startIndex']);
    paging.itemsPerPage = count(top['opensearch:itemsPerPage']);
    const nodes = asArray(top.entry).filter(isNode);
    const lineOf = lineIndex(text);
    const offsets = openingOffsets(text, 'entry');
    entries = nodes.map((node, i) => ({ node, line: offsets.length === nodes.length ? lineOf(offsets[i]!) : 0 }));
  } else {
    const salvaged = salvageBlocks(text, 'entry', parser, file, warnings);
    entries = salvaged.nodes;
    paging.totalResults = count(firstElementText(salvaged.headText, 'opensearch:totalResults'));
    paging.startIndex = count(firstElementText(salvaged.headText, 'opensearch:startIndex'));
    paging.itemsPerPage = count(firstElementText(salvaged.headText, 'opensearch:itemsPerPage'));
    warnings.unshift({
      file,
      line: problem.line,
      message: `malformed XML (${problem.message}); kept the ${entries.length} complete entr${entries.length === 1 ? 'y' : 'ies'} before the damage`,
    });
  }
  const result: AtomParseResult = { kind: 'atom-api', papers: [], warnings, paging, announceTypes: {} };
  const errorEntry = entries.find((e) => isErrorEntry(e.node));
  if (errorEntry) {
    const message = squash(textOf(errorEntry.node.summary)) || 'no explanation given';
    result.error = message;
    result.notice = `arXiv API error: ${message} (nothing ingested)`;
    return result;
  }
  for (const { node, line } of entries) {
    const got = entryPaper(node, file, line, warnings);
    if (!got) continue;
    result.papers.push(got.paper);
    if (got.type) result.announceTypes[got.paper.id] ??= got.type;
  }
  if (!entries.length && !problem) {
    result.notice =
      paging.totalResults === 0
        ? 'no results: the arXiv API found nothing for this query (totalResults 0)'
        : `no entries on this page (startIndex ${paging.startIndex ?? '?'} of ${paging.totalResults ?? '?'} results)`;
  }
  return result;
}
