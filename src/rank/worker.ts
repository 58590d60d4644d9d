// The rank pool's worker thread. Two jobs: analysing the day's papers ahead (tokenize, stem), while the ranking
// thread resolves the profiles' terms; and selection: taking chunks of profiles off a counter it shares with the
// ranking thread, selecting each profile's best papers from the day's postings (plain typed arrays), posting each
// chunk back.
import { parentPort } from 'node:worker_threads';
import { createAnalyzer, type AnalyzedText } from '../text/analyzer.js';
import { packTexts, type PackedTexts } from '../text/packed.js';
import { BITS, Selector, type Day } from './select.js';

/**
 * Papers to analyse: their titles and abstracts (two texts each), taken `block` papers at a time off a counter
 * shared with the ranking thread, which analyses the rest itself once it is free.
 */
export interface AnalyseJob {
  kind: 'analyse';
  id: number;
  texts: string[];
  claims: Int32Array;
  block: number;
}

export interface Analysed {
  kind: 'analysed';
  id: number;
  /** The papers analysed here (ascending), and their title and abstract, two texts each, in that order. */
  papers: Int32Array;
  packed: PackedTexts;
}

/**
 * Analyses papers off the job's counter with an analyzer of its own (no stem kept from one job to the next) and
 * packs them with its key names. Paper analysis needs no synonyms (only profile terms do): any analyzer's texts are
 * the same but for key ids.
 */
export function analyseTexts(job: AnalyseJob): Analysed {
  const analyzer = createAnalyzer();
  const count = job.texts.length / 2;
  const papers: number[] = [];
  const texts: AnalyzedText[] = [];
  for (let b = Atomics.add(job.claims, 0, job.block); b < count; b = Atomics.add(job.claims, 0, job.block)) {
    for (let i = b; i < Math.min(count, b + job.block); i++) {
      papers.push(i);
      texts.push(analyzer.analyze(job.texts[2 * i]!), analyzer.analyze(job.texts[2 * i + 1]!));
    }
  }
  return { kind: 'analysed', id: job.id, papers: Int32Array.from(papers), packed: packTexts(texts, analyzer) };
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
  port.on('message', (job: SelectJob | AnalyseJob) => {
    if (job.kind === 'analyse') {
      const done = analyseTexts(job);
      const { ids, at, from, lengths } = done.packed;
      port.postMessage(done, [done.papers.buffer, ids.buffer, at.buffer, from.buffer, lengths.buffer] as ArrayBuffer[]);
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
  port.postMessage({ kind: 'ready' });
}
