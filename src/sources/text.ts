// Text clean-up shared by the feed parsers: whitespace, HTML entities and tags, dates, author lists.
import { isCategory } from '../paper.js';

/** Collapses runs of whitespace (the legacy API wraps titles with newline + two spaces) to single spaces. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the HTML entities left after XML decoding (the legacy RSS escapes its HTML twice). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** HTML to plain text: tags dropped, entities decoded, whitespace squashed. */
export function htmlToText(html: string): string {
  return squash(decodeEntities(html.replace(/<[^>]*>/g, ' ')));
}

/** `2020-11-22T01:11:19Z` from any date string `Date.parse` reads (ISO 8601, RFC 822); null when unreadable. */
export function toIsoUtc(text: string | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text.trim());
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The calendar day a date string names in its own time zone: `Thu, 18 Sep 2025 00:00:00 -0400` -> `2025-09-18`,
 * `2018-08-30T20:30:00-05:00` -> `2018-08-30`. Feeds date their announcement in US Eastern time, and converting to
 * UTC first would move an evening announcement to the next day.
 */
export function literalDay(text: string | undefined): string | null {
  if (!text) return null;
  const s = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const rfc = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(s);
  if (rfc) {
    const month = MONTHS.indexOf(rfc[2]!.toLowerCase());
    if (month >= 0) return `${rfc[3]}-${String(month + 1).padStart(2, '0')}-${rfc[1]!.padStart(2, '0')}`;
  }
  return null;
}

/** `A, B and C` / `A, B, C` -> names; empty parts dropped. */
export function splitAuthors(text: string): string[] {
  return squash(text)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Splits category-like tokens into arXiv categories (primary first, as given) and other classification codes. */
export function splitCategories(tokens: string[]): { categories: string[]; classifications: string[] } {
  const categories: string[] = [];
  const classifications: string[] = [];
  for (const raw of tokens) {
    const token = raw.trim();
    if (!token) continue;
    const into = isCategory(token) ? categories : classifications;
    if (!into.includes(token)) into.push(token);
  }
  return { categories, classifications };
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  return lineIndex(text)(offset);
}

/** A lookup from character offset to 1-based line, built once per text (so many items cost one scan, not one each). */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
