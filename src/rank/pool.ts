// The rank pool: rankMany on two threads. The worker analyses the day's papers while this thread resolves the
// profiles' terms, which then joins it (both take papers off a shared counter); this thread pools the postings; then
// both threads take chunks of profiles off another shared counter and select their winners from those typed
// arrays, the worker posting its chunks back, and this thread explains every chunk (Match objects live here).
// Between chunks this thread's event loop keeps answering, so a slash command is not held up by a ranking. Results
// are rankMany's, to the last bit.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../paper.js';
import type { Profile } from '../profile/profile.js';
import type { RankedPaper } from '../ranking.js';
import { analyzePeople, type AnalyzedPaper, type Analyzer } from '../text/analyzer.js';
import { moveText, unpackTexts } from '../text/packed.js';
import { explainWinner, finishDay, resolveTerms, type AnalysedDay, type PreparedDay, type RankManyOptions } from './many.js';
import { BITS, Selector } from './select.js';
import { chunkCount, selectChunk, type AnalyseJob, type Analysed, type SelectChunk, type SelectJob } from './worker.js';

export interface RankPool {
  /** rankMany's results, identical to it, profile order kept. */
  rankMany(profiles: Map<string, Profile>, papers: Paper[], opts: RankManyOptions): Promise<Map<string, RankedPaper[]>>;
  /** Starts the worker now (it loads in the background otherwise, during the first ranking); resolves once it listens. */
  warm(): Promise<void>;
  /** Waits for the rankings under way, then stops the worker. */
  close(): Promise<void>;
}

export interface RankPoolOptions {
  /** Profiles per chunk. */
  chunk?: number;
  /** Told when the worker fails; its chunks are then selected in this thread, so nothing is lost. */
  onError?: (error: Error) => void;
  /** Starts the worker thread (tests start one that fails). */
  startWorker?: () => Worker;
}

const DEFAULT_CHUNK = 200;

export function startRankWorker(): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url));
}

/** Explains one chunk's winners into `results` (by profile). */
function explainChunk(prepared: PreparedDay, chunk: SelectChunk, results: RankedPaper[][]): void {
  const { termStart } = prepared.day;
  let w = 0;
  let base = 0;
  for (let p = chunk.from; p < chunk.to; p++) {
    const m = chunk.counts[p - chunk.from]!;
    const terms = Math.min(termStart[p + 1]! - termStart[p]!, BITS);
    const ranked: RankedPaper[] = new Array<RankedPaper>(m);
    for (let k = 0; k < m; k++, w++, base += terms) ranked[k] = explainWinner(prepared, p, chunk.papers[w]!, chunk.scores[w]!, chunk.entries, base);
    results[p] = ranked;
  }
}

/** Papers the threads take off the analysis counter at a time. */
const ANALYSIS_BLOCK = 8;

/** An analysis under way in the worker: the counter it takes papers off, and its answer (undefined if it failed). */
interface Ahead {
  claims: Int32Array;
  done: Promise<Analysed | undefined>;
}

/**
 * This thread analyses papers off the shared counter too, until none is left; then every paper is put in the
 * worker's key space (this thread's texts moved there). Undefined if the worker failed: rankMany's own analysis
 * then does the rest (this thread's papers are in its analyzer's cache).
 */
async function joinAnalysis(ahead: Ahead, papers: Paper[], analyzer: Analyzer): Promise<AnalysedDay | undefined> {
  const mine: number[] = [];
  for (let b = Atomics.add(ahead.claims, 0, ANALYSIS_BLOCK); b < papers.length; b = Atomics.add(ahead.claims, 0, ANALYSIS_BLOCK)) {
    for (let i = b; i < Math.min(papers.length, b + ANALYSIS_BLOCK); i++) {
      analyzer.analyzePaper(papers[i]!);
      mine.push(i);
    }
  }
  const theirs = await ahead.done;
  if (theirs === undefined) return undefined;
  const { texts, keys } = unpackTexts(theirs.packed);
  const out = new Array<AnalyzedPaper>(papers.length);
  theirs.papers.forEach((i, k) => (out[i] = { title: texts[2 * k]!, abstract: texts[2 * k + 1]!, ...analyzePeople(papers[i]!) }));
  const nameOf = (id: number): string => analyzer.keyName(id);
  for (const i of mine) {
    const a = analyzer.analyzePaper(papers[i]!);
    out[i] = { ...a, title: moveText(a.title, nameOf, keys), abstract: moveText(a.abstract, nameOf, keys) };
  }
  return { papers: out, keys };
}

export function createRankPool(opts: RankPoolOptions = {}): RankPool {
  const size = opts.chunk ?? DEFAULT_CHUNK;
  let worker: Worker | undefined;
  let nextId = 0;
  // One ranking at a time: the worker's messages then belong to the ranking under way.
  let queue: Promise<unknown> = Promise.resolve();

  let closing = false;
  /** Resolves once the current worker listens for jobs (or has stopped). */
  let online: Promise<void> = Promise.resolve();
  /** Workers that listen for jobs. */
  const running = new WeakSet<Worker>();

  function started(): Worker {
    if (worker === undefined) {
      const w = (opts.startWorker ?? startRankWorker)();
      online = new Promise((resolve) => {
        // Once it says so, it listens for jobs (its code loaded).
        const onReady = (m: { kind: string }): void => {
          if (m.kind !== 'ready') return;
          w.off('message', onReady);
          running.add(w);
          resolve();
        };
        w.on('message', onReady);
        w.once('exit', () => resolve());
      });
      // An idle worker never keeps the process alive, and one that stopped is replaced at the next ranking.
      w.unref();
      w.on('error', (error) => opts.onError?.(error));
      w.on('exit', (code) => {
        if (worker === w) worker = undefined;
        if (!closing) opts.onError?.(new Error(`the rank worker stopped (exit code ${code})`));
      });
      worker = w;
    }
    return worker;
  }

  /**
   * Jobs each worker owes an answer to: while it owes any, it keeps the process alive (a CLI ranking must not end
   * half done); an idle worker does not.
   */
  const owed = new WeakMap<Worker, number>();
  function owe(w: Worker): () => void {
    const n = owed.get(w) ?? 0;
    owed.set(w, n + 1);
    if (n === 0) w.ref();
    let paid = false;
    return () => {
      if (paid) return;
      paid = true;
      const left = owed.get(w)! - 1;
      owed.set(w, left);
      if (left === 0) w.unref();
    };
  }

  /**
   * Listens to the worker for one job: its messages, and its failure (an error or its exit). The worker keeps the
   * process alive until the returned stop() is called.
   */
  function attend(w: Worker, onMessage: (m: SelectChunk | Analysed) => void, onFailure: () => void): () => void {
    const pay = owe(w);
    w.on('message', onMessage);
    w.on('error', onFailure);
    w.on('exit', onFailure);
    return () => {
      pay();
      w.off('message', onMessage);
      w.off('error', onFailure);
      w.off('exit', onFailure);
    };
  }

  /**
   * Asks the worker to analyse the papers, taking them off a counter this thread shares once it is free (join);
   * none if the worker is not running yet (one still starting would be slower than this thread).
   */
  function analyseAhead(papers: Paper[]): Ahead | undefined {
    const w = started();
    if (!running.has(w)) return undefined;
    const claims = new Int32Array(new SharedArrayBuffer(4));
    const job: AnalyseJob = { kind: 'analyse', id: ++nextId, texts: papers.flatMap((p) => [p.title, p.abstract]), claims, block: ANALYSIS_BLOCK };
    const done = new Promise<Analysed | undefined>((resolve) => {
      const stop = attend(
        w,
        (m) => {
          if (m.kind !== 'analysed' || m.id !== job.id) return;
          stop();
          resolve(m);
        },
        () => {
          stop();
          resolve(undefined);
        },
      );
    });
    w.postMessage(job);
    return { claims, done };
  }

  async function rank(prepared: PreparedDay): Promise<Map<string, RankedPaper[]>> {
    const job: SelectJob = {
      kind: 'select',
      id: ++nextId,
      day: prepared.day,
      thresholds: prepared.thresholds,
      limits: prepared.limits,
      chunk: size,
      claims: new Int32Array(new SharedArrayBuffer(4)),
    };
    const chunks = chunkCount(job);
    const done = new Uint8Array(chunks);
    const results: RankedPaper[][] = new Array<RankedPaper[]>(prepared.names.length);
    let finished = 0;
    let failed = false;
    let wake: (() => void) | undefined;
    const w = chunks > 1 ? started() : undefined;
    const onMessage = (c: SelectChunk | Analysed): void => {
      if (c.kind !== 'chunk' || c.id !== job.id) return;
      explainChunk(prepared, c, results);
      done[c.from / size] = 1;
      finished++;
      wake?.();
    };
    // A failed worker is reported by its own listeners; this ranking only stops waiting for it.
    const onFailure = (): void => {
      if (failed) return;
      failed = true;
      if (worker === w) worker = undefined;
      void w?.terminate();
      wake?.();
    };
    const stop = w === undefined ? undefined : attend(w, onMessage, onFailure);
    w?.postMessage(job);
    try {
      const selector = new Selector(prepared.day);
      const own = (c: number): void => {
        explainChunk(prepared, selectChunk(job, selector, c), results);
        done[c] = 1;
        finished++;
      };
      // Take chunks while there are any; between two, let the worker's finished chunks in.
      for (let c = Atomics.add(job.claims, 0, 1); c < chunks; c = Atomics.add(job.claims, 0, 1)) {
        own(c);
        if (w !== undefined) await yieldToLoop();
      }
      // The rest are the worker's: wait for them, or select them here if it failed.
      while (finished < chunks && !failed) await new Promise<void>((resolve) => (wake = resolve));
      for (let c = 0; c < chunks; c++) if (done[c] === 0) own(c);
    } finally {
      stop?.();
    }
    const out = new Map<string, RankedPaper[]>();
    prepared.names.forEach((name, p) => out.set(name, results[p]!));
    return out;
  }

  return {
    rankMany(profiles, papers, rankOpts) {
      const run = queue.then(async () => {
        // The worker analyses the papers while this thread resolves the profiles' terms (if it fails, or was not
        // running yet, this thread analyses them, as rankMany does).
        const ahead = analyseAhead(papers);
        const index = resolveTerms(profiles, rankOpts);
        const analysed = ahead === undefined ? undefined : await joinAnalysis(ahead, papers, rankOpts.analyzer);
        return rank(finishDay(index, profiles, papers, rankOpts, analysed));
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async warm() {
      const w = started();
      const pay = owe(w);
      await online;
      pay();
    },
    async close() {
      await queue;
      const w = worker;
      worker = undefined;
      if (w !== undefined) {
        closing = true;
        await w.terminate();
        closing = false;
      }
    },
  };
}
