// Pure parser of arXiv RSS listings: rss.arxiv.org RSS 2.0 (with announce types) and the legacy RSS 1.0/RDF feed.
import { parseArxivId, type Paper } from '../paper.js';
import type { ParseResult, ParseWarning } from '../parse-result.js';
import { htmlToText, literalDay, lineIndex, splitAuthors, splitCategories, squash, toIsoUtc } from './text.js';
import {
  asArray,
  salvageBlocks,
  createFeedParser,
  firstElementText,
  isNode,
  openingOffsets,
  rootElement,
  textOf,
  xmlProblem,
  attrOf,
  type XmlNode,
} from './xml.js';

/** How an announcement lists a paper: first appearance, cross-list from another primary, or a new version. */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export const ANNOUNCE_TYPES: readonly AnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];

/** A feed's papers plus, per version-less id, how the feed announced it (so a digest can tell new from replaced). */
export interface FeedParseResult extends ParseResult {
  announceTypes: Record<string, AnnounceType>;
}

function isAnnounceType(s: string): s is AnnounceType {
  return (ANNOUNCE_TYPES as readonly string[]).includes(s);
}

interface Header {
  title: string;
  /** The announcement day the channel is dated (RSS 2.0 pubDate / RDF dc:date, in its own time zone). */
  day: string | null;
  /** The channel's date as an ISO UTC timestamp. */
  iso: string | null;
  /** `cs.CV`, `cs`, or `cs.CV+cs.LG`: from `<title>cs.CV updates on arXiv.org</title>`. */
  subject: string | null;
}

interface RawItem {
  node: XmlNode;
  line: number;
}

function headerOf(title: string, date: string | undefined): Header {
  const subject = /^(\S+)\s+updates on arXiv\.org/i.exec(title.trim())?.[1] ?? null;
  return { title: squash(title), day: literalDay(date), iso: toIsoUtc(date), subject };
}

/** True when `category` belongs to the feed's subject (`cs.LG` is in `cs`; `cs.LG` is in `cs.CV+cs.LG`). */
function inSubject(category: string, subject: string | null): boolean {
  if (!subject) return true;
  return subject.split('+').some((s) => category === s || category.startsWith(`${s}.`));
}

function rss2Paper(node: XmlNode, header: Header, file: string, line: number, warnings: ParseWarning[]): { paper: Paper; type: AnnounceType } | null {
  const guid = textOf(node.guid);
  const link = textOf(node.link);
  const description = textOf(node.description);
  const head = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?([\s\S]*)$/i.exec(description);
  const parsedId = parseArxivId(guid) ?? (head ? parseArxivId(head[1]!) : null) ?? parseArxivId(link);
  if (!parsedId) {
    warnings.push({ file, line, message: `item without an arXiv id (guid "${guid}", link "${link}"): skipped` });
    return null;
  }
  const id = parsedId.id;
  const version = parsedId.version ?? (head ? parseArxivId(head[1]!)?.version : null) ?? 1;
  const title = squash(textOf(node.title));
  if (!title) {
    warnings.push({ file, line, message: `item ${id} has no title: skipped` });
    return null;
  }
  const declared = (textOf(node['arxiv:announce_type']) || head?.[2] || '').trim().toLowerCase();
  let type: AnnounceType;
  if (isAnnounceType(declared)) type = declared;
  else {
    type = version > 1 ? 'replace' : 'new';
    warnings.push({ file, line, message: `item ${id}: announce type "${declared}" not recognised; taken as "${type}"` });
  }
  const { categories, classifications } = splitCategories(asArray(node.category).map(textOf));
  const fallbackPrimary = header.subject && !header.subject.includes('+') ? header.subject : '';
  if (!categories.length && fallbackPrimary) categories.push(fallbackPrimary);
  const pubDate = textOf(node.pubDate) || undefined;
  const iso = toIsoUtc(pubDate) ?? header.iso ?? '';
  const listed = literalDay(pubDate) ?? header.day ?? '';
  if (!listed) warnings.push({ file, line, message: `item ${id} has no date (no pubDate on the item or channel)` });
  const authors = asArray(node['dc:creator']).flatMap((c) => splitAuthors(textOf(c)));
  const dois = asArray(node['arxiv:DOI'])
    .flatMap((d) => textOf(d).split(/\s+/))
    .filter(Boolean);
  const journal = squash(textOf(node['arxiv:journal_reference']));
  const paper: Paper = {
    id,
    version,
    title,
    authors,
    abstract: squash(head ? head[3]! : description),
    categories,
    primaryCategory: categories[0] ?? '',
    classifications,
    published: iso,
    updated: iso,
    dois,
    journalRef: journal || null,
    comment: null,
    listed,
  };
  return { paper, type };
}

const LEGACY_TITLE = /^([\s\S]*?)\s*\(arXiv:(\S+?)\s*\[([^\]]+)\]\s*([A-Z ]*?)\s*\)\s*$/;

/** `<a href="...">Peng Zhang</a>, <a ...>Zhan Su</a>` (already XML-decoded) -> names. */
function legacyAuthors(html: string): string[] {
  const anchors = [...html.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/gi)].map((m) => htmlToText(m[1]!)).filter(Boolean);
  return anchors.length ? anchors : splitAuthors(htmlToText(html));
}

function rdfPaper(node: XmlNode, header: Header, file: string, line: number, warnings: ParseWarning[]): { paper: Paper; type: AnnounceType } | null {
  const rawTitle = squash(textOf(node.title));
  const m = LEGACY_TITLE.exec(rawTitle);
  const about = attrOf(node, 'rdf:about') ?? textOf(node.link);
  const parsedId = (m ? parseArxivId(m[2]!) : null) ?? parseArxivId(about);
  if (!parsedId) {
    warnings.push({ file, line, message: `item without an arXiv id (title "${rawTitle.slice(0, 80)}"): skipped` });
    return null;
  }
  if (!m) warnings.push({ file, line, message: `item ${parsedId.id}: title lacks "(arXiv:ID [category])"; version and category unknown` });
  // The legacy feed appends ". (arXiv:...)" to every title.
  const title = (m ? m[1]! : rawTitle).replace(/\.$/, '').trim();
  if (!title) {
    warnings.push({ file, line, message: `item ${parsedId.id} has no title: skipped` });
    return null;
  }
  const primary = m ? m[3]!.trim() : '';
  const updated = m ? /UPDATED/.test(m[4]!) : false;
  const cross = primary ? !inSubject(primary, header.subject) : false;
  const type: AnnounceType = updated ? (cross ? 'replace-cross' : 'replace') : cross ? 'cross' : 'new';
  const { categories, classifications } = splitCategories(primary ? [primary] : []);
  const paper: Paper = {
    id: parsedId.id,
    version: parsedId.version ?? 1,
    title,
    authors: legacyAuthors(asArray(node['dc:creator']).map(textOf).join(', ')),
    abstract: htmlToText(textOf(node.description)),
    categories,
    primaryCategory: categories[0] ?? '',
    classifications,
    published: header.iso ?? '',
    updated: header.iso ?? '',
    dois: [],
    journalRef: null,
    comment: null,
    listed: header.day ?? '',
  };
  return { paper, type };
}

/**
 * Parses an arXiv RSS feed, either rss.arxiv.org RSS 2.0 or the legacy RSS 1.0/RDF. Never throws.
 *
 * `listed` is the announcement day the feed dates its items with (RSS 2.0 item pubDate, else the channel pubDate;
 * RDF: the channel's dc:date), read in the feed's own time zone. RSS carries no submission time, so `published` and
 * `updated` are that announcement time in UTC. Replacements keep the version the feed names (> 1) so the archive
 * treats them as updates; `announceTypes` says how each paper was announced. Malformed XML yields a warning and the
 * papers of every complete item before the damage.
 */
export function parseRss(text: string, opts: { file: string }): FeedParseResult {
  const { file } = opts;
  const warnings: ParseWarning[] = [];
  const root = rootElement(text);
  const rdf = root === 'rdf:RDF' || root === 'RDF';
  const kind = rdf ? 'rss1-rdf' : 'rss2';
  if (root !== 'rss' && !rdf) {
    warnings.push({ file, line: 1, message: `not an RSS feed (root element ${root ? `<${root}>` : 'missing'}; expected <rss> or <rdf:RDF>)` });
    return { kind: 'unknown', papers: [], warnings, announceTypes: {} };
  }
  const parser = createFeedParser();
  const problem = xmlProblem(text);
  let header: Header;
  let items: RawItem[] = [];
  if (!problem) {
    const doc = parser.parse(text) as XmlNode;
    const top = doc[root] as XmlNode | undefined;
    const channel = isNode(top?.channel) ? top.channel : {};
    header = headerOf(textOf(channel.title), textOf(rdf ? channel['dc:date'] : channel.pubDate ?? channel.lastBuildDate) || undefined);
    // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    const nodes = asArray(rdf ? top?.item : channel.item).filter(isNode);
    const lineOf = lineIndex(text);
    const offsets = openingOffsets(text, 'item');
    items = nodes.map((node, i) => ({ node, line: offsets.length === nodes.length ? lineOf(offsets[i]!) : 0 }));
  } else {
    const salvaged = salvageBlocks(text, 'item', parser, file, warnings);
    items = salvaged.nodes;
    header = headerOf(firstElementText(salvaged.headText, 'title') ?? '', firstElementText(salvaged.headText, rdf ? 'dc:date' : 'pubDate'));
    warnings.unshift({
      file,
      line: problem.line,
      message: `malformed XML (${problem.message}); kept the ${items.length} complete item(s) before the damage`,
    });
  }
  const papers: Paper[] = [];
  const announceTypes: Record<string, AnnounceType> = {};
  for (const { node, line } of items) {
    const got = rdf ? rdfPaper(node, header, file, line, warnings) : rss2Paper(node, header, file, line, warnings);
    if (!got) continue;
    papers.push(got.paper);
    announceTypes[got.paper.id] ??= got.type;
  }
  const result: FeedParseResult = { kind, papers, warnings, announceTypes };
  if (header.day) result.date = header.day;
  if (!items.length && !problem) {
    result.notice = `no announcement (weekend/holiday): "${header.title || 'the feed'}" has no items${header.day ? ` for ${header.day}` : ''}`;
  } else if (!papers.length && problem) {
    result.notice = 'feed is malformed and holds no complete item: nothing ingested';
  }
  return result;
}
