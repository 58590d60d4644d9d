// Checks a Paper before it is stored and gives it one canonical shape, so identical papers serialise identically.
import { parseArxivId, type Paper } from '../paper.js';

/** A paper handed to `upsert` that cannot be stored; names the paper and the field. Nothing was written. */
export class InvalidPaperError extends Error {
  readonly code = 'invalid_paper';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPaperError';
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** Returns the paper when it is storable; throws InvalidPaperError naming the first bad field otherwise. */
export function validatePaper(p: Paper, index: number): Paper {
  const where = `paper #${index}${p && typeof p.id === 'string' ? ` (${p.id})` : ''}`;
  const fail = (field: string, expected: string): never => {
    throw new InvalidPaperError(`${where}: ${field} must be ${expected}`);
  };
  if (!p || typeof p !== 'object') fail('the paper', 'an object');
  if (typeof p.id !== 'string' || parseArxivId(p.id)?.id !== p.id) {
    fail('id', 'a version-less arXiv id like 2011.10904 or cs/9901001');
  }
  if (!Number.isInteger(p.version) || p.version < 1) fail('version', 'an integer >= 1');
  if (typeof p.title !== 'string') fail('title', 'a string');
  if (typeof p.abstract !== 'string') fail('abstract', 'a string');
  for (const f of ['authors', 'categories', 'classifications', 'dois'] as const) {
    if (!Array.isArray(p[f]) || !p[f].every((x) => typeof x === 'string')) fail(f, 'a list of strings');
  }
  if (typeof p.primaryCategory !== 'string') fail('primaryCategory', 'a string');
  if (typeof p.published !== 'string' || !TIMESTAMP.test(p.published)) fail('published', 'an ISO UTC timestamp');
  if (typeof p.updated !== 'string' || !TIMESTAMP.test(p.updated)) fail('updated', 'an ISO UTC timestamp');
  if (p.journalRef !== null && typeof p.journalRef !== 'string') fail('journalRef', 'a string or null');
  if (p.comment !== null && typeof p.comment !== 'string') fail('comment', 'a string or null');
  if (typeof p.listed !== 'string' || !DAY.test(p.listed) || Number.isNaN(Date.parse(p.listed))) {
    fail('listed', 'a day YYYY-MM-DD');
  }
  return p;
}

/** The same fields in a fixed order and nothing else, so `JSON.stringify` compares papers by value. */
export function canonicalPaper(p: Paper): Paper {
  return {
    id: p.id,
    version: p.version,
    title: p.title,
    authors: [...p.authors],
    abstract: p.abstract,
    categories: [...p.categories],
    primaryCategory: p.primaryCategory,
    classifications: [...p.classifications],
    published: p.published,
    updated: p.updated,
    dois: [...p.dois],
    journalRef: p.journalRef,
    comment: p.comment,
    listed: p.listed,
  };
}

/** Names folded for substring search: lower case, accents removed, one per line so a match never spans two names. */
export function authorsKey(authors: string[]): string {
  return authors.map(foldName).join('\n');
}

export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
