import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../src/profile/index.js';
import { buildCorpusStats, rankMany } from '../../src/rank/index.js';
import { createRankPool } from '../../src/rank/pool.js';
import { createAnalyzer } from '../../src/text/analyzer.js';
import { papers, profile } from './helpers.js';

/** An analyzer with nothing cached, configured as every ranking here is. */
const fresh = () => createAnalyzer({ synonyms: { nerf: '"neural radiance field"' } });
const analyzer = fresh();
const stats = buildCorpusStats(papers, analyzer);

/** 400 profiles from the fixture papers' title words, phrases, authors and categories, with weights and exclusions. */
function profiles(): Map<string, Profile> {
  const out = new Map<string, Profile>();
  const words = [...new Set(papers.flatMap((p) => p.title.toLowerCase().split(/[^a-z0-9-]+/)))].filter((w) => w.length > 3);
  for (let i = 0; out.size < 400; i++) {
    const p = papers[i % papers.length]!;
    const terms = new Set([words[(i * 7) % words.length]!, `${words[(i * 13 + 5) % words.length]!}^2`, `cat:${p.categories[0]!}`]);
    if (i % 3 === 0) terms.add(`author:"${p.authors[0]!.replace(/["()]/g, '')}"`);
    if (i % 4 === 0) terms.add(`-${words[(i * 3 + 1) % words.length]!}`);
    if (i % 5 === 0) terms.add('"neural network"');
    try {
      out.set(`p${i}`, profile([...terms].join(' ')));
    } catch {
      // A draw that repeats a term: skip it (the parser's errors are tested elsewhere).
    }
  }
  return out;
}

const all = profiles();
const opts = { analyzer, stats, limit: 5 };

describe('rank pool (selection on two threads)', () => {
  const pool = createRankPool({ chunk: 7 });
  afterAll(() => pool.close());

  it('gives exactly rankMany\'s results, in profile order, with many small chunks shared between the threads', async () => {
    const expected = rankMany(all, papers, opts);
    const got = await pool.rankMany(all, papers, opts);
    expect(got).toStrictEqual(expected);
    expect([...got.keys()]).toEqual([...all.keys()]);
    expect([...got.values()].filter((r) => r.length > 0).length).toBeGreaterThan(300);
  });

  it('identical with thresholds, no limit and per-profile limits; rankings in a row share the worker', async () => {
    const perProfile = new Map([...all.keys()].filter((_, i) => i % 10 === 0).map((k) => [k, { limit: 1, threshold: 2 }]));
    for (const o of [{ threshold: 4 }, {}, { limit: 3, perProfile }]) {
      expect(await pool.rankMany(all, papers, { analyzer, stats, ...o })).toStrictEqual(rankMany(all, papers, { analyzer, stats, ...o }));
    }
  });

  it('identical with a fresh analyzer, the papers analysed by the worker', async () => {
    await pool.warm();
    const got = await pool.rankMany(all, papers, { analyzer: fresh(), stats, limit: 5 });
    expect(got).toStrictEqual(rankMany(all, papers, { analyzer: fresh(), stats, limit: 5 }));
  });

  it('no profiles, one profile, no papers', async () => {
    expect(await pool.rankMany(new Map(), papers, opts)).toEqual(new Map());
    await pool.warm();
    const none = await pool.rankMany(all, [], opts);
    expect([...none.keys()]).toEqual([...all.keys()]);
    expect([...none.values()].every((r) => r.length === 0)).toBe(true);
    const one = new Map([['nerf', profile('nerf^2 "view synthesis" -survey')]]);
    expect(await pool.rankMany(one, papers, opts)).toStrictEqual(rankMany(one, papers, opts));
  });
});

/** Waits until `check` holds (a worker's failure is reported asynchronously). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('rank pool when the worker fails: nothing is lost', () => {
  it('a worker that cannot start: everything is selected in this thread, and the failure is reported', async () => {
    const errors: Error[] = [];
    const pool = createRankPool({ chunk: 10, onError: (e) => errors.push(e), startWorker: () => new Worker('throw new Error("no worker today")', { eval: true }) });
    await pool.warm();
    expect(await pool.rankMany(all, papers, opts)).toStrictEqual(rankMany(all, papers, opts));
    await eventually(() => errors.some((e) => e.message === 'no worker today'));
    await pool.close();
  });

  /** A worker that fails as `how` says (failing-worker.mjs); counts how many were started. */
  function failing(how: 'analyse' | 'idle' | 'select'): { start: () => Worker; started: () => number } {
    let n = 0;
    return {
      start: () => {
        n++;
        return new Worker(new URL('./failing-worker.mjs', import.meta.url), { workerData: how });
      },
      started: () => n,
    };
  }

  it('a worker that dies while analysing the papers: they are analysed here', async () => {
    const errors: Error[] = [];
    const worker = failing('analyse');
    const pool = createRankPool({ chunk: 10, onError: (e) => errors.push(e), startWorker: worker.start });
    await pool.warm();
    expect(await pool.rankMany(all, papers, opts)).toStrictEqual(rankMany(all, papers, opts));
    await eventually(() => errors.some((e) => e.message === 'the rank worker stopped (exit code 4)'));
    await pool.close();
  });

  it('a worker that analyses no paper: this thread analyses them all, in the worker\'s key space', async () => {
    const pool = createRankPool({ chunk: 10, startWorker: failing('idle').start });
    await pool.warm();
    expect(await pool.rankMany(all, papers, { ...opts, analyzer: fresh() })).toStrictEqual(rankMany(all, papers, { ...opts, analyzer: fresh() }));
    await pool.close();
  });

  it('a worker that takes every chunk and dies without posting them: they are selected here', async () => {
    const errors: Error[] = [];
    const worker = failing('select');
    const pool = createRankPool({ chunk: 1, onError: (e) => errors.push(e), startWorker: worker.start });
    await pool.warm();
    expect(await pool.rankMany(all, papers, opts)).toStrictEqual(rankMany(all, papers, opts));
    await eventually(() => errors.some((e) => e.message === 'the rank worker stopped (exit code 3)'));
    // The next ranking starts a new worker (which dies the same way) and is still complete.
    await pool.warm();
    expect(await pool.rankMany(all, papers, opts)).toStrictEqual(rankMany(all, papers, opts));
    expect(worker.started()).toBe(2);
    await pool.close();
  });

  it('close() stops the worker without reporting a failure; the pool starts a new one when used again', async () => {
    const errors: Error[] = [];
    const pool = createRankPool({ onError: (e) => errors.push(e) });
    await pool.warm();
    await pool.close();
    expect(await pool.rankMany(all, papers, opts)).toStrictEqual(rankMany(all, papers, opts));
    await pool.close();
    expect(errors).toEqual([]);
  });
});

describe('rank pool in a process with nothing else to do', () => {
  it('the ranking finishes: the worker keeps the process alive while it owes chunks (an idle one does not)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script = new URL('./pool-exit.script.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx/esm', script], { timeout: 20_000 });
    // The process also ended by itself once done: an idle worker does not hold it.
    const [, ranked, of] = /^ranked (\d+) of (\d+)\n$/.exec(stdout) ?? [];
    expect(Number(ranked)).toBeGreaterThan(50);
    expect(ranked).toBe(of);
  });
});
