// The archive contract: papers stored by version-less id, with full-text search and day listings.
import type { Paper } from '../paper.js';

export interface SearchQuery {
  /** What the user typed: words and "quoted phrases". Never passed to a query engine raw. */
  text: string;
  /** Papers in any of these categories (primary or cross-list). */
  categories?: string[];
  /** Listed on or after / on or before, `YYYY-MM-DD`. */
  since?: string;
  until?: string;
  /** Case-insensitive substring of an author's name. */
  author?: string;
  /** Defaults to 10. */
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  paper: Paper;
  /** Higher is better. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Papers matching at least one word (may be capped; see `totalCapped`). */
  total: number;
  totalCapped?: boolean;
  /** A message for the user about the query itself (e.g. "ignored: NEAR, *"; "query is empty"). */
  notice?: string;
}

export interface UpsertCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface Archive {
  /** Inserts or updates on the version-less id, keeping the newest version; identical papers change nothing. */
  upsert(papers: Paper[]): Promise<UpsertCounts>;
  get(id: string): Promise<Paper | undefined>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Papers first listed on a day. */
  listedOn(day: string): Promise<Paper[]>;
  /** Papers first listed between two days, inclusive. */
  listedBetween(from: string, to: string): Promise<Paper[]>;
  /** Papers listed before `day` whose newest version was updated on `day` (UTC). */
  updatedOn(day: string): Promise<Paper[]>;
  /** Distinct listing days, newest first. */
  days(limit?: number): Promise<string[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}
