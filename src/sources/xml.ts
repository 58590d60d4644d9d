// fast-xml-parser set up for arXiv feeds, plus helpers to read its loose output and salvage truncated XML.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParseWarning } from '../parse-result.js';
import { lineIndex } from './text.js';

/** fast-xml-parser's output: elements are objects, repeated elements arrays, text strings (`#text` beside attributes). */
export type XmlNode = { [key: string]: unknown };

const ALWAYS_ARRAYS = new Set(['item', 'entry', 'author', 'category', 'link', 'arxiv:doi', 'arxiv:DOI']);

export function createFeedParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Ids such as 0704.0001 must stay strings, never become numbers.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ALWAYS_ARRAYS.has(name),
  });
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an element however the parser shaped it (plain string, `{#text, @_attr}`, or a one-element array). */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? textOf(value[0]) : '';
  if (isNode(value)) return textOf(value['#text']);
  return '';
}

export function attrOf(value: unknown, name: string): string | undefined {
  const node = Array.isArray(value) ? value[0] : value;
  if (!isNode(node)) return undefined;
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** Null when `text` is well-formed XML, else where and why it is not. */
export function xmlProblem(text: string): { line: number; message: string } | null {
  const result = XMLValidator.validate(text);
  if (result === true) return null;
  return { line: result.err.line, message: result.err.msg };
}

/** Every complete `<tag ...>...</tag>` block with its character offset: what survives of a truncated feed. */
export function completeBlocks(text: string, tag: string): { xml: string; offset: number }[] {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`<${escaped}(?:\\s[^>]*)?>[\\s\\S]*?</${escaped}>`, 'g');
  const blocks: { xml: string; offset: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) blocks.push({ xml: m[0], offset: m.index });
  return blocks;
}

/** Character offsets of every opening `<tag` (for pointing warnings at lines of a well-formed document). */
export function openingOffsets(text: string, tag: string): number[] {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`<${escaped}[\\s>/]`, 'g');
  const offsets: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) offsets.push(m.index);
  return offsets;
}

/** The text of the first `<tag>...</tag>` found by pattern, for headers of documents too broken to parse. */
export function firstElementText(text: string, tag: string): string | undefined {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<${escaped}(?:\\s[^>]*)?>([^<]*)</${escaped}>`).exec(text);
  return m?.[1];
}

/** Name of the document's root element (`rss`, `rdf:RDF`, `feed`), skipping the prolog, comments and DOCTYPE. */
export function rootElement(text: string): string | null {
  const re = /<(!--[\s\S]*?--|\?[\s\S]*?\?|![A-Za-z][^>]*|[A-Za-z_][\w.:-]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1]!;
    if (name.startsWith('!') || name.startsWith('?')) continue;
    return name;
  }
  return null;
}

/** An element of a salvaged document, with the 1-based line it starts on. */
export interface LocatedNode {
  node: XmlNode;
  line: number;
}

/**
 * What can be saved from a malformed feed: every complete `<tag>` block that parses on its own (the others become
 * warnings), and the text before the first block (for the feed's header fields).
 */
export function salvageBlocks(
  text: string,
  tag: string,
  parser: XMLParser,
  file: string,
  warnings: ParseWarning[],
): { nodes: LocatedNode[]; headText: string } {
  const lineOf = lineIndex(text);
  const blocks = completeBlocks(text, tag);
  const nodes: LocatedNode[] = [];
  for (const block of blocks) {
    const line = lineOf(block.offset);
    const bad = xmlProblem(block.xml);
    if (bad) {
      warnings.push({ file, line: line + bad.line - 1, message: `malformed ${tag} skipped: ${bad.message}` });
      continue;
    }
    const node = asArray((parser.parse(block.xml) as XmlNode)[tag])[0];
    if (isNode(node)) nodes.push({ node, line });
  }
  return { nodes, headText: blocks.length ? text.slice(0, blocks[0]!.offset) : text };
}
