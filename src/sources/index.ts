// The sources area's public surface: parsers, content detection, the polite fetcher, throttles and live sources.
export { parseRss, ANNOUNCE_TYPES, type AnnounceType, type FeedParseResult } from './rss.js';
export { parseAtom, type AtomParseResult, type Paging } from './atom.js';
export { parseKaggleJsonl, parseKaggleLine, streamKaggleJsonl, type KaggleBatch } from './kaggle.js';
export { detectKind, parseAny, EXPECTED_INPUTS, type SourceKind } from './detect.js';
export { systemClock, type Clock } from './clock.js';
export { createThrottle, createSharedThrottle, type Throttle } from './throttle.js';
export {
  createPoliteFetcher,
  paperboyUserAgent,
  parseRetryAfter,
  FetchError,
  isFetchError,
  type FetchErrorCode,
  type FetchResponse,
  type FetchLogger,
  type PoliteFetcher,
  type PoliteFetcherOptions,
} from './fetcher.js';
export { sameIdSet, statusOf, type Source, type SourceBatch, type LastBatch } from './source.js';
export { arxivRssSource, type ArxivRssSourceOptions } from './arxiv-rss-source.js';
export { arxivApiSource, apiQueryUrl, type ArxivApiSourceOptions } from './arxiv-api-source.js';
export { digestSource, newestDigestFile, type DigestSourceOptions } from './digest-source.js';
export { sniffFile, parseListingFile } from './files.js';
