// The paper model: one arXiv paper keyed by its version-less id, plus the id and category helpers.

export interface Paper {
  /** Version-less arXiv id: `2011.10904`, `0704.0001`, or old-style `cs/9901001`. The key everywhere. */
  id: string;
  /** Newest version seen (1 for `v1`). */
  version: number;
  title: string;
  authors: string[];
  abstract: string;
  /** arXiv categories, primary first (`cs.CV`, `cs.LG`, `eess.IV`, ...). */
  categories: string[];
  primaryCategory: string;
  /** Non-category classification codes found among the categories (MSC `68T45`, ACM `I.2.10`). */
  classifications: string[];
  /** ISO 8601 UTC timestamps (`2020-11-22T01:11:19Z`). */
  published: string;
  updated: string;
  dois: string[];
  journalRef: string | null;
  comment: string | null;
  /** The announcement (listing) day this paper was first seen in, `YYYY-MM-DD`. */
  listed: string;
}

export interface ArxivId {
  id: string;
  version: number | null;
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

/**
 * Parses an arXiv identifier in any of the forms users and feeds write it:
 * `2011.10904v2`, `arXiv:2011.10904`, `http(s)://arxiv.org/abs/2011.10904v2`, `.../pdf/...`,
 * `oai:arXiv.org:2011.10904v2`, `cs/9901001v1`. Returns null for anything else.
 */
export function parseArxivId(text: string): ArxivId | null {
  let s = text.trim();
  s = s.replace(/^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\//i, '');
  s = s.replace(/^oai:arxiv\.org:/i, '').replace(/^arxiv:/i, '');
  s = s.replace(/\.pdf$/i, '');
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m) return null;
  return { id: m[1]!, version: m[2] ? Number(m[2]) : null };
}

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** True for tokens shaped like an arXiv category (`cs.CV`, `hep-th`, `physics.med-ph`). */
export function isCategory(token: string): boolean {
  return CATEGORY.test(token);
}

export function absUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function pdfUrl(id: string, version?: number): string {
  return `https://arxiv.org/pdf/${id}${version ? `v${version}` : ''}`;
}

/** `YYYY-MM-DD` of an ISO timestamp, in UTC. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
