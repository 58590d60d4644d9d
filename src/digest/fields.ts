// Readers for the values of digest Markdown fields: timestamps, categories, authors, DOIs, optional texts.
import { isCategory } from '../paper.js';

const DIGEST_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\+00:00|Z)$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Numbers of `YYYY-MM-DD` (already shaped so) name a real day: cheaper than a round trip through Date per entry. */
function realDay(day: string): boolean {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/**
 * `2020-11-22 01:11:19+00:00` -> `2020-11-22T01:11:19Z`; other offsets are converted to UTC.
 * Returns null for anything that is not a real date-time.
 */
export function isoTimestamp(raw: string): string | null {
  const m = DIGEST_TIME.exec(raw);
  if (m) {
    const time = m[2]!;
    if (!realDay(m[1]!) || time > '23:59:59' || time.charCodeAt(3) > 53 || time.charCodeAt(6) > 53) return null;
    return `${m[1]}T${time}Z`;
  }
  if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(raw) || !realDay(raw.slice(0, 10))) return null;
  const ms = Date.parse(raw.replace(' ', 'T'));
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True for a real calendar day `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && realDay(text);
}

export interface CategoryField {
  /** The bold token when it is a category, else the first category; '' when there is none. */
  primary: string;
  categories: string[];
  classifications: string[];
}

/**
 * `**cs.CV**, cs.LG, 68T45, I.2.10; I.4.8` -> primary cs.CV, categories [cs.CV, cs.LG], classifications
 * [68T45, I.2.10, I.4.8]. MSC and ACM codes are mixed in by authors and separated by `,` or `;` (sometimes `,,`).
 */
export function readCategories(value: string): CategoryField {
  let bold = '';
  const open = value.indexOf('**');
  if (open >= 0) {
    const close = value.indexOf('**', open + 2);
    if (close > open) bold = value.slice(open + 2, close).trim();
  }
  const categories: string[] = [];
  const classifications: string[] = [];
  for (const raw of value.replaceAll('**', '').split(/[,;]/)) {
    const token = raw.trim();
    if (!token) continue;
    if (isCategory(token)) {
      if (!categories.includes(token)) categories.push(token);
    } else if (!classifications.includes(token)) {
      classifications.push(token);
    }
  }
  let primary = categories[0] ?? '';
  if (bold && isCategory(bold) && bold !== primary) {
    primary = bold;
    categories.splice(categories.indexOf(bold), 1);
    categories.unshift(bold);
  }
  return { primary, categories, classifications };
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/;
const LETTER = /\p{L}/u;

/**
 * `A, B, and C` -> [A, B, C]. Tokens without a letter (affiliation debris such as `)` or an empty `,,` slot) are
 * dropped; a lone `Jr.` rejoins the name before it; stray parentheses left at a token's edge by a split are trimmed.
 */
export function readAuthors(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.split(',')) {
    let name = raw.trim();
    if (name.startsWith('and ')) name = name.slice(4).trimStart();
    if (name.startsWith(')')) name = name.replace(/^[)\s]+/, '');
    if (name.endsWith('(')) name = name.replace(/[(\s]+$/, '');
    if (!name || !(isAsciiLetter(name.charCodeAt(0)) || LETTER.test(name))) continue;
    if (SUFFIX.test(name) && out.length > 0) {
      out[out.length - 1] = `${out[out.length - 1]}, ${name}`;
      continue;
    }
    out.push(name);
  }
  return out;
}

/** `None` -> []; otherwise every whitespace-separated DOI once (wrapped DOI fields list several). */
export function readDois(value: string): string[] {
  if (value === '' || value === 'None') return [];
  const out: string[] = [];
  for (const raw of value.split(/\s+/)) {
    const doi = raw.replace(/[,;]+$/, '');
    if (doi && !out.includes(doi)) out.push(doi);
  }
  return out;
}

/** `None` (or nothing) -> null; any other text, `N/A` included, is a real value. */
export function readOptional(value: string | undefined): string | null {
  return value === undefined || value === '' || value === 'None' ? null : value;
}

/** The URL inside `[PDF](http://arxiv.org/pdf/2011.10904v2)`, or the value itself when it is not a link. */
export function linkTarget(value: string): string {
  const open = value.indexOf('](');
  if (open < 0) return value.trim();
  const close = value.indexOf(')', open + 2);
  return value.slice(open + 2, close < 0 ? undefined : close).trim();
}
