// The rank pool's worker thread. Two jobs: stemming the day's words ahead, while the ranking thread resolves the
// profiles' terms; and selection: taking chunks of profiles off a counter it shares with the ranking thread,
// selecting each profile's best papers from the day's postings (plain typed arrays), posting each chunk back.
import { parentPort } from 'node:worker_threads';
import { wordsToStem } from '../text/analyzer.js';
import { porterStem } from '../text/natural.js';
import { BITS, Selector, type Day } from './select.js';

/** Texts whose words to stem (the same stemmer the analyzer uses). */
export interface StemJob {
  kind: 'stem';
  id: number;
  texts: string[];
}

export interface Stems {
  kind: 'stems';
  id: number;
  words: string[];
  stems: string[];
}

export function stemWords(job: StemJob): Stems {
  const words = new Set<string>();
  for (const text of job.texts) wordsToStem(text, words);
  const list = [...words];
  return { kind: 'stems', id: job.id, words: list, stems: list.map((w) => porterStem(w)) };
}

/**
 * A day to select on: the request id, the day, each profile's threshold and limit, the chunk size, and the shared
 * counter both threads take chunk numbers from (Atomics.add), so no chunk is selected twice.
 */
export interface SelectJob {
  kind: 'select';
  id: number;
  day: Day;
  thresholds: Float64Array;
  limits: Float64Array;
  chunk: number;
  claims: Int32Array;
}

/**
 * The winners of profiles from..to: counts[p - from] winners each, in order; per winner its paper and score, and
 * (for each of the profile's first 31 terms) where the paper sits in that term's posting, or -1.
 */
export interface SelectChunk {
  kind: 'chunk';
  id: number;
  from: number;
  to: number;
  counts: Int32Array;
  papers: Int32Array;
  scores: Float64Array;
  entries: Int32Array;
}

/** How many chunks a job has. */
export function chunkCount(job: Pick<SelectJob, 'thresholds' | 'chunk'>): number {
  return Math.ceil(job.thresholds.length / job.chunk);
}

/** Selects one chunk's profiles. */
export function selectChunk(job: SelectJob, selector: Selector, c: number): SelectChunk {
  const { termStart } = job.day;
  const from = c * job.chunk;
  const to = Math.min(job.thresholds.length, from + job.chunk);
  const counts = new Int32Array(to - from);
  const papers: number[] = [];
  const scores: number[] = [];
  const entries: number[] = [];
  for (let p = from; p < to; p++) {
    const m = selector.select(p, job.thresholds[p]!, job.limits[p]!);
    counts[p - from] = m;
    const terms = Math.min(termStart[p + 1]! - termStart[p]!, BITS);
    for (let k = 0; k < m; k++) {
      papers.push(selector.topPaper[k]!);
      scores.push(selector.topScore[k]!);
      for (let t = 0; t < terms; t++) entries.push(selector.winnerEntry(k, t));
    }
  }
  return { kind: 'chunk', id: job.id, from, to, counts, papers: Int32Array.from(papers), scores: Float64Array.from(scores), entries: Int32Array.from(entries) };
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (job: SelectJob | StemJob) => {
    if (job.kind === 'stem') {
      port.postMessage(stemWords(job));
      return;
    }
    const selector = new Selector(job.day);
    const chunks = chunkCount(job);
    for (let c = Atomics.add(job.claims, 0, 1); c < chunks; c = Atomics.add(job.claims, 0, 1)) {
      const chunk = selectChunk(job, selector, c);
      const buffers = [chunk.counts.buffer, chunk.papers.buffer, chunk.scores.buffer, chunk.entries.buffer] as ArrayBuffer[];
      port.postMessage(chunk, buffers);
    }
  });
}
