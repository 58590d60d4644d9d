// /papers search and similar: the user's query split into words and filters, answered from the archive.
import { paperActions, error, type PapersReply, type Reply } from '../reply.js';
import { isCategory, parseArxivId } from '../paper.js';
import type { CommandContext } from './context.js';
import { tokenize } from './tokens.js';

const SINCE_RELATIVE = /^(\d{1,4})([dwmy])$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ParsedSearch {
  text: string;
  categories: string[];
  author?: string;
  since?: string;
  until?: string;
  page: number;
  exclude: string[];
}

/** `since:7d` / `since:2021-11-01` -> `YYYY-MM-DD`, or null when malformed. */
export function resolveSince(value: string, now: Date): string | null {
  if (DATE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const m = SINCE_RELATIVE.exec(value);
  if (!m) return null;
  const days = Number(m[1]) * ({ d: 1, w: 7, m: 30, y: 365 } as const)[m[2]!.toLowerCase() as 'd' | 'w' | 'm' | 'y'];
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Splits filters (cat:, author:, since:, until:, page:, -exclusions) from the words; errors name the bad filter. */
export function parseSearch(text: string, now: Date): ParsedSearch | { error: string } {
  const out: ParsedSearch = { text: '', categories: [], page: 1, exclude: [] };
  const words: string[] = [];
  for (const token of tokenize(text)) {
    const m = /^(cat|author|since|until|page):(.*)$/i.exec(token.quoted ? token.raw.replace(/["\u201c\u201d]/g, '') : token.value);
    if (m) {
      const key = m[1]!.toLowerCase();
      const value = m[2]!.trim();
      if (!value) return { error: `"${key}:" needs a value, e.g. ${key === 'cat' ? 'cat:cs.RO' : key === 'author' ? 'author:"Kaiming He"' : key === 'page' ? 'page:2' : `${key}:7d`}` };
      if (key === 'cat') {
        if (!isCategory(value)) return { error: `"${value}" is not an arXiv category (e.g. cat:cs.RO)` };
        out.categories.push(value);
      } else if (key === 'author') out.author = value;
      else if (key === 'page') {
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1) return { error: `page must be a number from 1, e.g. page:2` };
        out.page = Number(value);
      } else {
        const day = resolveSince(value, now);
        if (!day) return { error: `"${value}" is not a date: use ${key}:7d, ${key}:4w or ${key}:YYYY-MM-DD` };
        if (key === 'since') out.since = day;
        else out.until = day;
      }
    } else if (token.value.startsWith('-') && token.value.length > 1 && !token.quoted) {
      out.exclude.push(token.value.slice(1).toLowerCase());
    } else if (token.quoted && token.raw.startsWith('-"')) {
      out.exclude.push(token.value.replace(/^-/, '').toLowerCase());
    } else {
      words.push(token.quoted ? `"${token.value}"` : token.value);
    }
  }
  out.text = words.join(' ');
  return out;
}

function queryCommand(parsed: ParsedSearch, page: number): string {
  const parts = [parsed.text];
  for (const c of parsed.categories) parts.push(`cat:${c}`);
  if (parsed.author) parts.push(`author:"${parsed.author}"`);
  if (parsed.since) parts.push(`since:${parsed.since}`);
  if (parsed.until) parts.push(`until:${parsed.until}`);
  for (const e of parsed.exclude) parts.push(/\s/.test(e) ? `-"${e}"` : `-${e}`);
  parts.push(`page:${page}`);
  return `search ${parts.filter(Boolean).join(' ')}`;
}

export async function search(ctx: CommandContext, text = ctx.rest, title?: string, excludeId?: string): Promise<Reply> {
  const { deps } = ctx;
  if (!text.trim()) return error('bad_argument', 'What should I search for?', '/papers search QUERY [cat:CATEGORY] [author:"NAME"] [since:7d] [page:N]');
  if (text.length > deps.config.limits.queryLength) {
    return error('too_long', `That query is ${text.length} characters; the limit is ${deps.config.limits.queryLength}.`, '/papers search QUERY');
  }
  const parsed = parseSearch(text, deps.now());
  if ('error' in parsed) return error('bad_argument', parsed.error, '/papers search QUERY [cat:CATEGORY] [author:"NAME"] [since:7d] [page:N]');
  if (!parsed.text && !parsed.author && parsed.categories.length === 0) {
    return error('bad_argument', 'Give at least one word, a category or an author to search for.', '/papers search QUERY');
  }
  const pageSize = deps.config.limits.pageSize;
  // Exclusions are applied after the search, so ask for a few more rows than a page.
  const extra = parsed.exclude.length > 0 || excludeId ? pageSize * 4 : 0;
  const result = await deps.archive.search({
    text: parsed.text,
    categories: parsed.categories.length ? parsed.categories : undefined,
    author: parsed.author,
    since: parsed.since,
    until: parsed.until,
    limit: pageSize + extra,
    offset: (parsed.page - 1) * pageSize,
  });
  const hits = result.hits
    .filter((h) => h.paper.id !== excludeId)
    .filter((h) => {
      const hay = `${h.paper.title} ${h.paper.abstract}`.toLowerCase();
      return !parsed.exclude.some((e) => hay.includes(e));
    })
    .slice(0, pageSize);
  const shownTo = (parsed.page - 1) * pageSize + hits.length;
  const reply: PapersReply = {
    kind: 'papers',
    title: title ?? `Papers for "${text.length > 80 ? `${text.slice(0, 80)}...` : text}"`,
    items: hits.map((h) => ({ paper: h.paper, score: h.score, actions: paperActions(h.paper) })),
    page: parsed.page,
    pageSize,
    total: result.total,
    visibility: 'ephemeral',
  };
  if (result.total > shownTo && hits.length > 0) reply.next = queryCommand(parsed, parsed.page + 1);
  const notices = [result.notice];
  if (hits.length === 0) notices.push(parsed.page > 1 ? `No more results (page ${parsed.page}).` : 'No papers match that query.');
  reply.notice = notices.filter(Boolean).join(' ') || undefined;
  return reply;
}

/** Papers like a given one: its distinctive terms as a query, itself left out. */
export async function similar(ctx: CommandContext): Promise<Reply> {
  const id = parseArxivId(ctx.args[0]?.value ?? '');
  if (!id) return error('bad_argument', 'Give an arXiv id, e.g. 2111.15047.', '/papers similar ARXIV-ID');
  const paper = await ctx.deps.archive.get(id.id);
  if (!paper) return error('not_found', `Paper ${id.id} is not in the archive.`);
  const suggested = ctx.deps.profiles.normalize(ctx.deps.profiles.suggest(paper));
  // Only the words and phrases: authors and categories would narrow "more like this" to the same group's papers.
  const terms = suggested.ok ? suggested.terms.filter((t) => !t.includes(':') && !t.startsWith('-')) : [];
  const query = (terms.length ? terms : [paper.title]).map((t) => t.replace(/\^[\d.]+$/, '')).join(' ');
  return search(ctx, query, `More like "${paper.title.slice(0, 80)}"`, paper.id);
}
