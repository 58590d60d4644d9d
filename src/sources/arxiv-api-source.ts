// The arXiv API source: the newest submissions in the configured categories, paged politely.
import type { Paper } from '../paper.js';
import type { ParseWarning } from '../parse-result.js';
import { parseAtom, type AtomParseResult } from './atom.js';
import { detectKind } from './detect.js';
import { FetchError, isFetchError, type PoliteFetcher } from './fetcher.js';
import { snippet, withStaleness, type LastBatch, type Source, type SourceBatch } from './source.js';

export interface ArxivApiSourceOptions {
  /** `http://export.arxiv.org/api/query` (config `arxiv.apiUrl`; tests point it at a local server). */
  baseUrl?: string;
  categories: string[];
  /** Results per request (arXiv suggests at most 2000; smaller pages fail less). */
  pageSize?: number;
  /** Results in all. */
  maxResults?: number;
  fetcher: PoliteFetcher;
  lastBatch?: LastBatch;
}

/** The query URL of one page: newest submissions first. */
export function apiQueryUrl(baseUrl: string, categories: string[], start: number, count: number): string {
  const query = categories.map((c) => `cat:${c}`).join('+OR+');
  return `${baseUrl}?search_query=${query}&sortBy=submittedDate&sortOrder=descending&start=${start}&max_results=${count}`;
}

/** The parsed page, or why it is unusable. */
function readPage(url: string, status: number, text: string): AtomParseResult {
  if (detectKind(text) !== 'atom-api') {
    throw new FetchError('garbage', `${url} answered HTTP ${status} but not with an Atom feed ("${snippet(text)}"); check arxiv.apiUrl in the config`, {
      url,
      status,
      body: text,
    });
  }
  const page = parseAtom(text, { file: url });
  if (page.error !== undefined) {
    throw new FetchError('http', `the arXiv API rejected the query: ${page.error} (${url})`, { url, status, body: text });
  }
  return page;
}

export function arxivApiSource(opts: ArxivApiSourceOptions): Source {
  const base = opts.baseUrl ?? 'http://export.arxiv.org/api/query';
  const pageSize = opts.pageSize ?? 100;
  const maxResults = opts.maxResults ?? 200;
  return {
    name: `arxiv-api:${opts.categories.join('+')}`,
    async fetchLatest(): Promise<SourceBatch> {
      const papers = new Map<string, Paper>();
      const warnings: ParseWarning[] = [];
      const partial: string[] = [];
      let total: number | null = null;
      for (let start = 0; start < maxResults && (total === null || start < total); ) {
        const count = Math.min(pageSize, maxResults - start);
        const url = apiQueryUrl(base, opts.categories, start, count);
        let page: AtomParseResult;
        try {
          const res = await opts.fetcher.get(url);
          page = readPage(url, res.status, res.text);
        } catch (err) {
          // arXiv explains a bad query in the Atom body of its HTTP 400.
          if (isFetchError(err) && err.status === 400 && err.body && detectKind(err.body) === 'atom-api') {
            const message = parseAtom(err.body, { file: url }).error;
            if (message) throw new FetchError('http', `the arXiv API rejected the query: ${message} (HTTP 400, ${url})`, { url, status: 400, body: err.body, cause: err });
          }
          if (start === 0) throw err;
          partial.push(`results from ${start} on are missing: ${(err as Error).message}`);
          break;
        }
        warnings.push(...page.warnings);
        total = page.paging.totalResults ?? total;
        for (const p of page.papers) if (!papers.has(p.id)) papers.set(p.id, p);
        if (page.warnings.some((w) => w.message.startsWith('malformed'))) {
          partial.push(`page from ${start} was truncated: ${page.warnings[0]!.message}`);
          break;
        }
        if (page.papers.length === 0) {
          // The API sometimes answers an empty page in the middle of a result set: a hiccup, not the end.
          if (total !== null && start < total) partial.push(`page from ${start} came back empty though the query has ${total} results`);
          break;
        }
        start += count;
      }
      const result: SourceBatch & { partial?: string[] } = { kind: 'atom-api', papers: [...papers.values()], warnings, stale: false };
      if (!papers.size && !partial.length) result.notice = 'no results: the arXiv API found nothing for these categories';
      const batch = await withStaleness(result, `the arXiv API (${opts.categories.join(', ')})`, opts.lastBatch);
      if (partial.length) batch.partial = partial;
      return batch;
    },
  };
}
