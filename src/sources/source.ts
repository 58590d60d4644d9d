// The Source interface every live listing source implements, and the stale-batch check they share.
import type { ParseResult } from '../parse-result.js';
import type { AnnounceType } from './rss.js';

/** A fetched listing: its parse result, whether it repeats the last ingested batch, and what failed on the way. */
export interface SourceBatch extends ParseResult {
  /** True when the batch holds exactly the papers of the last ingested batch (arXiv served yesterday's feed again). */
  stale: boolean;
  /** What failed while the rest succeeded (a page of the API, a truncated feed): the batch is incomplete. */
  partial?: string[];
  /** How each paper was announced, when the source says (RSS). */
  announceTypes?: Record<string, AnnounceType>;
}

export interface Source {
  name: string;
  /** Fetches the newest listing. Rejects with a FetchError when nothing usable came back. */
  fetchLatest(): Promise<SourceBatch>;
}

/** The digest status of an announced paper: replacements are updates, cross-lists are listed from another primary. */
export function statusOf(type: AnnounceType): 'new' | 'updated' | 'cross-list' {
  if (type === 'replace' || type === 'replace-cross') return 'updated';
  return type === 'cross' ? 'cross-list' : 'new';
}

/** The ids of the batch ingested last from a source, to tell a stale feed from a new one. */
export type LastBatch = () => Promise<string[] | undefined>;

/** True when `ids` is non-empty and the same set as `last`. */
export function sameIdSet(ids: string[], last: string[] | undefined): boolean {
  if (!last || !ids.length) return false;
  const a = new Set(ids);
  const b = new Set(last);
  return a.size === b.size && [...a].every((id) => b.has(id));
}

/** Marks a batch stale (with a notice saying so) when it repeats the last ingested one. */
export async function withStaleness(result: ParseResult & { partial?: string[] }, where: string, lastBatch?: LastBatch): Promise<SourceBatch> {
  const ids = result.papers.map((p) => p.id);
  const stale = sameIdSet(ids, lastBatch ? await lastBatch() : undefined);
  const batch: SourceBatch = { ...result, stale };
  if (stale) {
    batch.notice = `stale feed: ${where} serves the same ${new Set(ids).size} papers as the last ingested batch (arXiv has not published a new announcement yet)`;
  }
  return batch;
}

/** The first characters of a body, for error messages about what came back instead of a feed. */
export function snippet(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 60)}...` : s || '(empty body)';
}
