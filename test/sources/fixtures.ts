// Reads the saved arXiv responses under test/fixtures/feeds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));

export function feed(path: string): string {
  return readFileSync(`${FEEDS}${path}`, 'utf8');
}

export const RSS2_BUILT = 'rss/rss2.0_cs.CV_2021-11-18.built_from_corpus.xml';
export const RSS2_TRUNCATED = 'rss/rss2.0_cs.CV_2025-09-18.TRUNCATED_fragment.txt';
export const RSS2_EMPTY = 'rss/rss2.0_cs_2025-04-27_empty_weekend.xml';
export const RSS1_RDF = 'rss/legacy_rss1.0_rdf_cs_2018-08-30.rdf';
export const API_LEGACY = 'arxiv_api/api2016_legacy_search_au_del_maestro.xml';
export const API_2026 = 'arxiv_api/api2026_search_q_testing_100.xml';
export const API_EMPTY = 'arxiv_api/api2026_empty_result_id_0000.0000.xml';
export const API_ERROR = 'arxiv_api/api2026_http400_error_feed_id_abc.xml';
export const KAGGLE = 'kaggle/arxiv-metadata-oai-snapshot.sample_lines1-5_and_9.jsonl';
export const OAI_RAW = 'oai_pmh/arxivRaw_GetRecord_1304.4214_2013.xml';
export const DIGEST_DIR = 'digest/cs.CV';
export const DIGEST_NEWEST = 'digest/cs.CV/2021/12/20211225.md';
export const DIGEST_OLDER = 'digest/cs.CV/2021/03/20210306.md';
