// The daily digest Markdown parser: one pass over lines, entries repaired or skipped with warnings, never throws.
import { dayOf, parseArxivId, type Paper } from '../paper.js';
import type { ParseResult, ParseWarning } from '../parse-result.js';
import { isDay, isoTimestamp, linkTarget, readAuthors, readCategories, readDois, readOptional } from './fields.js';

export const DIGEST_KIND = 'digest-markdown';

/** Past this many warnings a file's further warnings are counted, not listed: a binary file must not flood a report. */
export const MAX_WARNINGS_PER_FILE = 200;

export interface DigestOptions {
  /** Named in every warning. */
  file?: string;
}

// Field slots, in the order the publisher writes them.
const ID = 0;
const DOI = 1;
const CATEGORIES = 2;
const LINKS = 3;
const PUBLISHED = 4;
const UPDATED = 5;
const AUTHORS = 6;
const COMMENT = 7;
const JOURNAL = 8;
const SUMMARY = 9;
const TITLE = 10;
const FIELD_NAMES = ['Arxiv ID', 'DOI', 'Categories', 'Links', 'Published', 'Updated', 'Authors', 'Comment', 'Journal', 'Summary'];
/** Fields an entry can lack and still be stored (with a warning). */
const OPTIONAL = [DOI, COMMENT, JOURNAL, LINKS];
const FIELD_SLOT = new Map(FIELD_NAMES.map((name, i) => [name, i]));

const HEADER = /^# Arxiv Papers in (\S+) on (\S+)\s*$/;
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;
// DEL occurs in real publisher data inside author names (`Micha\x7Fel`): a known artifact, removed without a warning.
const DEL = /\x7F/g;
/** Control characters (not tab, LF, CR), DEL and U+FFFD; written as a negated class, which V8 scans about twice as fast. */
export const SUSPECT = /[^\t\n\r\x20-\x7E\x80-\uFFFC\uFFFE\uFFFF]/;

interface Entry {
  /** The `### ` line. */
  line: number;
  values: (string | undefined)[];
  lines: number[];
}

/** What the line reader has gathered so far; papers are handed out in order, each id once, newest version kept. */
export interface DigestSink {
  paper(p: Paper, line: number): void;
}

/**
 * The line-by-line state machine shared by the whole-text and streaming forms. Feed it lines (without their `\n`)
 * with 1-based numbers, then call `end()`.
 */
export class DigestLineParser {
  readonly file: string;
  readonly warnings: ParseWarning[] = [];
  /** The first header's listing day. */
  date: string | undefined;
  /**
   * Whether the input may hold control characters or U+FFFD. The driver clears it after one scan of a clean text, so
   * the common case skips a per-value check.
   */
  suspect = true;
  /** Entries dropped (each has a warning ending in "skipped"). */
  skipped = 0;
  entries = 0;
  private suppressed = 0;
  private headerCategory: string | undefined;
  /** The listing day for entries from here on: the latest valid header's. */
  private listed: string | undefined;
  private sawHeader = false;
  private sawContent = false;
  /** Digest structure (a header, an entry, a field) has been seen; until then stray lines are held back. */
  private recognised = false;
  /** Stray lines before any digest structure: warned one by one if a digest follows, summed up if none does. */
  private preamble: ParseWarning[] = [];
  private preambleLines = 0;
  private fellBack = false;
  private warnedCrlf = false;
  private entry: Entry | null = null;
  /** Slot a two-space continuation line joins, or -1 after a blank or unexpected line. */
  private last = -1;
  private lastLine = 0;

  constructor(
    private readonly sink: DigestSink,
    opts: DigestOptions = {},
  ) {
    this.file = opts.file ?? '(text)';
  }

  warn(line: number, message: string): void {
    if (this.warnings.length >= MAX_WARNINGS_PER_FILE) {
      this.suppressed++;
      return;
    }
    this.warnings.push({ file: this.file, line, message });
  }

  line(raw: string, n: number): void {
    this.lastLine = n;
    let text = raw;
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) {
      text = text.slice(0, -1);
      if (!this.warnedCrlf) {
        this.warnedCrlf = true;
        this.warn(n, 'CRLF line endings: read as LF');
      }
    }
    if (text.length === 0) {
      this.last = -1;
      return;
    }
    const c0 = text.charCodeAt(0);
    if (c0 === 35 /* # */) {
      if (text.startsWith('### ')) return this.startEntry(text.slice(4).trim(), n);
      if (text.startsWith('# ')) return this.header(text, n);
    } else if (c0 === 45 /* - */) {
      if (text.startsWith('- **')) {
        const close = text.indexOf('**:', 4);
        if (close > 4) return this.field(text.slice(4, close), text.slice(close + 3).trim(), n);
      }
    } else if (c0 === 32 /* space */) {
      if (text.charCodeAt(1) === 32 && this.last >= 0 && this.entry) return this.continuation(text);
      if (text.trim() === '') {
        this.last = -1;
        return;
      }
    } else if (n === 1 && c0 === 0xfeff) {
      return this.line(text.slice(1), n);
    }
    this.unexpected(text, n);
  }

  /** Finishes the last entry and returns the file-level facts. Call once. */
  end(opts: { endsMidLine?: boolean } = {}): void {
    const open = this.entry !== null;
    this.finishEntry();
    if (opts.endsMidLine && open) this.warn(this.lastLine, 'the file ends without a newline: the last entry may be truncated');
    if (!this.sawContent) this.warn(0, 'empty file: no digest header and no entries');
    else if (!this.recognised) {
      this.warn(1, `not a digest: no "# Arxiv Papers in <category> on YYYY-MM-DD" header and no "### " entries (${this.preambleLines} lines of other text)`);
    }
    if (this.suppressed > 0) {
      this.warnings.push({ file: this.file, line: this.lastLine, message: `${this.suppressed} more warnings not listed` });
      this.suppressed = 0;
    }
  }

  private header(text: string, n: number): void {
    // A header closes the entry before it: concatenated digests list each entry on its own header's day.
    this.finishEntry();
    this.sawContent = true;
    this.last = -1;
    const m = HEADER.exec(text);
    if (!m) {
      if (!text.startsWith('# Arxiv Papers')) return this.unexpected(text, n);
      this.recognise();
      this.warn(n, `malformed digest header ${JSON.stringify(clip(text))}: expected "# Arxiv Papers in <category> on YYYY-MM-DD"`);
      return;
    }
    this.recognise();
    this.sawHeader = true;
    if (!isDay(m[2]!)) {
      this.warn(n, `digest header has no valid date ("${m[2]}"): each entry's Published day is used as its listing day`);
      this.listed = undefined;
      return;
    }
    this.headerCategory = m[1];
    this.listed = m[2];
    this.date ??= m[2];
  }

  private startEntry(title: string, n: number): void {
    this.finishEntry();
    this.sawContent = true;
    this.recognise();
    this.entries++;
    if (!this.sawHeader && !this.fellBack) {
      this.fellBack = true;
      this.warn(n, `no "# Arxiv Papers in <category> on YYYY-MM-DD" header before the first entry: each entry's Published day is used as its listing day`);
    }
    const values: (string | undefined)[] = new Array(11);
    values[TITLE] = title;
    this.entry = { line: n, values, lines: new Array(11).fill(n) };
    this.last = TITLE;
  }

  private field(name: string, value: string, n: number): void {
    this.sawContent = true;
    this.recognise();
    const slot = FIELD_SLOT.get(name);
    if (slot === undefined) {
      this.last = -1;
      this.warn(n, `unknown field "${clip(name)}": ignored`);
      return;
    }
    let entry = this.entry;
    if (entry && entry.values[slot] !== undefined) {
      if (slot !== ID) {
        this.last = -1;
        this.warn(n, `repeated ${name} field in the entry at line ${entry.line}: ignored`);
        return;
      }
      // A second Arxiv ID means a `### ` title line was lost: close the entry rather than mixing two papers.
      this.finishEntry();
      entry = null;
    }
    if (!entry) {
      this.warn(n, `${name} field outside an entry (no "### " title line before it)`);
      this.entries++;
      const values: (string | undefined)[] = new Array(11);
      entry = this.entry = { line: n, values, lines: new Array(11).fill(n) };
    }
    entry.values[slot] = value;
    entry.lines[slot] = n;
    this.last = slot;
  }

  private continuation(text: string): void {
    const entry = this.entry!;
    const more = text.trim();
    if (more) entry.values[this.last] = `${entry.values[this.last] ?? ''} ${more}`;
  }

  private unexpected(text: string, n: number): void {
    this.sawContent = true;
    this.last = -1;
    const message = `unexpected line ignored: ${JSON.stringify(clip(text))}`;
    if (this.recognised) return this.warn(n, message);
    this.preambleLines++;
    if (this.preamble.length < MAX_WARNINGS_PER_FILE) this.preamble.push({ file: this.file, line: n, message });
  }

  private recognise(): void {
    if (this.recognised) return;
    this.recognised = true;
    for (const w of this.preamble) this.warn(w.line, w.message);
    this.suppressed += this.preambleLines - this.preamble.length;
    this.preamble = [];
  }

  private finishEntry(): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = null;
    this.last = -1;
    const paper = this.build(entry);
    if (paper) this.sink.paper(paper, entry.line);
    else this.skipped++;
  }

  private skip(entry: Entry, why: string): null {
    const title = entry.values[TITLE];
    this.warn(entry.line, `entry${title ? ` "${clip(title)}"` : ''} ${why}: skipped`);
    return null;
  }

  private clean(entry: Entry, slot: number): string | undefined {
    const value = entry.values[slot];
    if (value === undefined || !this.suspect || !SUSPECT.test(value)) return value;
    const name = slot === TITLE ? 'title' : FIELD_NAMES[slot];
    if (value.includes('\uFFFD')) this.warn(entry.lines[slot]!, `${name} holds bytes that are not UTF-8 (shown as U+FFFD)`);
    const stripped = value.replace(CONTROL, '');
    if (stripped !== value) this.warn(entry.lines[slot]!, `${name} holds control characters: removed`);
    return stripped.replace(DEL, '').trim();
  }

  private build(entry: Entry): Paper | null {
    const v = entry.values;
    const lines = entry.lines;
    const title = this.clean(entry, TITLE);
    // Field values read on their own line first, so a damaged id does not hide a good PDF link.
    const links = v[LINKS];
    let parsed = v[ID] !== undefined ? parseArxivId(v[ID]!) : null;
    if (!parsed) {
      const fromLink = links !== undefined ? parseArxivId(linkTarget(links)) : null;
      if (!fromLink) {
        return this.skip(entry, v[ID] === undefined ? 'has no Arxiv ID field' : `has an unreadable Arxiv ID ${JSON.stringify(clip(v[ID]!))}`);
      }
      this.warn(lines[ID]!, `Arxiv ID ${v[ID] === undefined ? 'missing' : 'unreadable'}: the id ${fromLink.id} is taken from the PDF link`);
      parsed = fromLink;
    }
    const id = parsed.id;
    if (!title) return this.skip(entry, `${id} has no title`);
    const summary = this.clean(entry, SUMMARY);
    if (summary === undefined) return this.skip(entry, `${id} has no Summary field`);

    let version = parsed.version;
    if (version === null) {
      const linkVersion = links !== undefined ? parseArxivId(linkTarget(links))?.version ?? null : null;
      version = linkVersion ?? 1;
      this.warn(lines[ID]!, `${id} has no version in its Arxiv ID: v${version} assumed`);
    }

    let published = v[PUBLISHED] !== undefined ? isoTimestamp(v[PUBLISHED]!) : null;
    let updated = v[UPDATED] !== undefined ? isoTimestamp(v[UPDATED]!) : null;
    if (!published && !updated) return this.skip(entry, `${id} has no readable Published or Updated time`);
    if (!published) {
      this.warn(lines[PUBLISHED]!, `${id}: Published ${v[PUBLISHED] === undefined ? 'missing' : `unreadable (${JSON.stringify(clip(v[PUBLISHED]!))})`}: Updated used`);
      published = updated!;
    }
    if (!updated) {
      this.warn(lines[UPDATED]!, `${id}: Updated ${v[UPDATED] === undefined ? 'missing' : `unreadable (${JSON.stringify(clip(v[UPDATED]!))})`}: Published used`);
      updated = published;
    } else if (updated < published) {
      this.warn(lines[UPDATED]!, `${id}: Updated is before Published: Published used`);
      updated = published;
    }

    let categories: string[];
    let primary: string;
    let classifications: string[] = [];
    const catValue = this.clean(entry, CATEGORIES);
    const cats = catValue !== undefined ? readCategories(catValue) : null;
    if (cats && cats.primary) {
      ({ categories, classifications, primary } = cats);
    } else {
      const fallback = this.headerCategory ?? '';
      this.warn(lines[CATEGORIES]!, `${id}: ${catValue === undefined ? 'no Categories field' : 'no category among the Categories'}${fallback ? `: the file's ${fallback} used` : ''}`);
      categories = fallback ? [fallback] : [];
      primary = fallback;
      if (cats) classifications = cats.classifications;
    }

    const authorsValue = this.clean(entry, AUTHORS);
    if (authorsValue === undefined) this.warn(entry.line, `${id}: no Authors field`);
    for (const slot of OPTIONAL) {
      if (v[slot] === undefined) this.warn(entry.line, `${id}: no ${FIELD_NAMES[slot]} field`);
    }
    const doiValue = this.clean(entry, DOI);

    let listed = this.listed;
    if (listed === undefined) listed = dayOf(published);

    return {
      id,
      version,
      title,
      authors: authorsValue ? readAuthors(authorsValue) : [],
      abstract: summary,
      categories,
      primaryCategory: primary,
      classifications,
      published,
      updated,
      dois: doiValue ? readDois(doiValue) : [],
      journalRef: readOptional(this.clean(entry, JOURNAL)),
      comment: readOptional(this.clean(entry, COMMENT)),
      listed,
    };
  }
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** True when `b` should replace `a` for the same id: a newer version, or the same version updated later. */
export function isNewer(b: Paper, a: Paper): boolean {
  return b.version > a.version || (b.version === a.version && b.updated > a.updated);
}

/** Collects papers, each id once, keeping the newest version in the first one's place. */
export class PaperCollector implements DigestSink {
  readonly papers: Paper[] = [];
  private readonly index = new Map<string, number>();

  paper(p: Paper): void {
    const at = this.index.get(p.id);
    if (at === undefined) {
      this.index.set(p.id, this.papers.length);
      this.papers.push(p);
    } else if (isNewer(p, this.papers[at]!)) {
      this.papers[at] = p;
    }
  }
}

/** The result a finished line parser and collector make. */
export function digestResult(parser: DigestLineParser, papers: Paper[]): ParseResult & { skipped: number } {
  const result: ParseResult & { skipped: number } = { kind: DIGEST_KIND, papers, warnings: parser.warnings, skipped: parser.skipped };
  if (parser.date) result.date = parser.date;
  if (papers.length === 0 && parser.entries === 0 && parser.warnings.length === 0) result.notice = 'the digest lists no entries';
  return result;
}

/**
 * Parses one daily digest Markdown file. Pure; never throws on bad content: malformed entries are repaired or
 * skipped with a warning naming the file and 1-based line. Each id appears once (the newest version in the file).
 * The result also carries `skipped`, the number of entries dropped.
 */
export function parseDigest(text: string, opts: DigestOptions = {}): ParseResult & { skipped: number } {
  const collector = new PaperCollector();
  const parser = new DigestLineParser(collector, opts);
  parser.suspect = SUSPECT.test(text);
  let pos = 0;
  let n = 0;
  const len = text.length;
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    parser.line(text.slice(pos, nl), ++n);
    pos = nl + 1;
  }
  parser.end({ endsMidLine: len > 0 && text.charCodeAt(len - 1) !== 10 });
  return digestResult(parser, collector.papers);
}
