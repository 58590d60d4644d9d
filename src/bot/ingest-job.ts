// The scheduled ingest: each configured source's newest listing into the archive, stale feeds refused, not taken for empty days.
import type { Archive } from '../archive/archive.js';
import type { Config } from '../config.js';
import type { KeyValueStore } from '../state/kv.js';
import {
  arxivApiSource,
  arxivRssSource,
  createPoliteFetcher,
  createSharedThrottle,
  digestSource,
  paperboyUserAgent,
  systemClock,
  type Source,
} from '../sources/index.js';

export interface IngestJobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface IngestJobDeps {
  config: Config;
  /** Resolves config paths (`samples/digests`) against the project root. */
  resolvePath(path: string): string;
  archive: Archive;
  store: KeyValueStore;
  logger: IngestJobLogger;
  /** Called after papers were added or changed (the ranker re-reads document frequencies). */
  onIngested(): Promise<void>;
  fetch?: typeof fetch;
}

/** Builds the configured sources; arXiv requests share one polite fetcher, spaced across instances through the store. */
export function buildSources(deps: IngestJobDeps): Source[] {
  const { config, store } = deps;
  const clock = systemClock();
  const fetcher = createPoliteFetcher({
    fetch: deps.fetch ?? fetch,
    clock,
    userAgent: paperboyUserAgent(config.arxiv.contact),
    throttle: createSharedThrottle(store, 'arxiv', config.arxiv.minIntervalMs, clock),
    logger: deps.logger,
  });
  return config.sources.map((source) => {
    // The last batch is kept under the source's own name, known once the source is made.
    let name = '';
    const lastBatch = async () => (await store.get<string[]>('sources', name)) ?? undefined;
    const made = ((): Source => {
      switch (source.type) {
        case 'arxiv-rss':
          return arxivRssSource({ baseUrl: config.arxiv.rssUrl, categories: source.categories, fetcher, lastBatch });
        case 'arxiv-api':
          return arxivApiSource({ baseUrl: config.arxiv.apiUrl, categories: source.categories, maxResults: source.maxResults, fetcher, lastBatch });
        case 'digest-dir':
          return digestSource({ dirOrUrl: /^https?:/.test(source.path) ? source.path : deps.resolvePath(source.path), fetcher, lastBatch });
      }
    })();
    name = made.name;
    return made;
  });
}

/**
 * Runs every source once. `posted` when something was ingested, `nothing` on an empty day; throws (so the slot is
 * retried later) when a source failed, served a stale batch, or came back partial.
 */
export async function runIngest(deps: IngestJobDeps, sources: Source[]): Promise<'posted' | 'nothing'> {
  let changed = 0;
  const problems: string[] = [];
  for (const source of sources) {
    try {
      const batch = await source.fetchLatest();
      if (batch.stale) {
        problems.push(`${source.name}: the feed repeats the last batch (stale); will retry`);
        continue;
      }
      const counts = await deps.archive.upsert(batch.papers);
      changed += counts.added + counts.updated;
      if (batch.papers.length > 0) await deps.store.set('sources', source.name, batch.papers.map((p) => p.id));
      deps.logger.info({ source: source.name, ...counts, notice: batch.notice, warnings: batch.warnings.length }, 'ingested');
      if (batch.partial?.length) problems.push(`${source.name}: partial (${batch.partial.join('; ')})`);
    } catch (err) {
      problems.push(`${source.name}: ${(err as Error).message}`);
    }
  }
  if (changed > 0) await deps.onIngested();
  if (problems.length) throw new Error(`ingest incomplete: ${problems.join(' | ')}`);
  return changed > 0 ? 'posted' : 'nothing';
}
