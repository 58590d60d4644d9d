// The live rss.arxiv.org source: fetches one feed for the configured categories and parses it.
import { FetchError, type PoliteFetcher } from './fetcher.js';
import { detectKind } from './detect.js';
import { parseRss } from './rss.js';
import { snippet, withStaleness, type LastBatch, type Source, type SourceBatch } from './source.js';

export interface ArxivRssSourceOptions {
  /** `https://rss.arxiv.org/rss` (config `arxiv.rssUrl`; tests point it at a local server). */
  baseUrl?: string;
  categories: string[];
  fetcher: PoliteFetcher;
  /** Ids of the last ingested batch, to detect a stale feed. */
  lastBatch?: LastBatch;
}

export function arxivRssSource(opts: ArxivRssSourceOptions): Source {
  const base = (opts.baseUrl ?? 'https://rss.arxiv.org/rss').replace(/\/+$/, '');
  const joined = opts.categories.join('+');
  const url = `${base}/${joined}`;
  return {
    name: `arxiv-rss:${joined}`,
    async fetchLatest(): Promise<SourceBatch> {
      const res = await opts.fetcher.get(url);
      const kind = detectKind(res.text);
      if (kind !== 'rss2' && kind !== 'rss1-rdf') {
        throw new FetchError('garbage', `${url} answered HTTP ${res.status} but not with an RSS feed ("${snippet(res.text)}"); check arxiv.rssUrl in the config`, {
          url,
          status: res.status,
          body: res.text,
        });
      }
      const result = parseRss(res.text, { file: url });
      const damage = result.warnings.filter((w) => w.message.startsWith('malformed'));
      const batch = await withStaleness(result, url, opts.lastBatch);
      if (damage.length) batch.partial = damage.map((w) => `${url} line ${w.line}: ${w.message}`);
      return batch;
    },
  };
}
