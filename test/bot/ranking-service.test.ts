import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteArchive } from '../../src/archive/sqlite.js';
import type { Archive } from '../../src/archive/archive.js';
import { createRankingService, POOL_MIN_PROFILES, type RankingService } from '../../src/bot/ranking-service.js';
import { createRankPool, type RankPool } from '../../src/rank/index.js';
import { papers } from '../rank/helpers.js';

/** Profile lines from the fixture papers' title words: as many as asked, each different. */
function lines(n: number): Map<string, string> {
  const words = [...new Set(papers.flatMap((p) => p.title.toLowerCase().split(/[^a-z]+/)))].filter((w) => w.length > 4);
  const out = new Map<string, string>();
  for (let i = 0; out.size < n; i++) {
    const [a, b, c] = [words[i % words.length]!, words[(i * 7 + 3) % words.length]!, words[(i * 11 + 1) % words.length]!];
    if (new Set([a, b, c]).size === 3) out.set(`U${i}`, `${a} ${b}^2 -${c}`);
  }
  return out;
}

describe('ranking service: many profiles go to the rank pool, with the same results', () => {
  let archive: Archive;
  let plain: RankingService;
  let pooled: RankingService;
  const calls: number[] = [];
  const pool = createRankPool();
  // The pool as the service sees it, counting the rankings it is given.
  const counted: RankPool = { ...pool, rankMany: (profiles, day, opts) => (calls.push(profiles.size), pool.rankMany(profiles, day, opts)) };

  beforeAll(async () => {
    archive = openSqliteArchive(':memory:');
    await archive.upsert(papers);
    plain = await createRankingService({ archive, synonyms: {}, now: () => new Date('2021-11-30T00:00:00Z') });
    pooled = await createRankingService({ archive, synonyms: {}, now: () => new Date('2021-11-30T00:00:00Z'), pool: counted });
  });
  afterAll(async () => {
    await pool.close();
    await archive.close();
  });

  it(`${POOL_MIN_PROFILES} profiles and more: ranked by the pool, identical to one thread`, async () => {
    const many = lines(POOL_MIN_PROFILES + 50);
    const expected = await plain.rankMany(many, papers, { limit: 3 });
    expect(await pooled.rankMany(many, papers, { limit: 3 })).toStrictEqual(expected);
    expect(calls).toEqual([POOL_MIN_PROFILES + 50]);
    expect([...expected.values()].filter((r) => r.length > 0).length).toBeGreaterThan(POOL_MIN_PROFILES / 2);
  });

  it('fewer profiles: ranked in this thread', async () => {
    const few = lines(10);
    expect(await pooled.rankMany(few, papers, { limit: 3 })).toStrictEqual(await plain.rankMany(few, papers, { limit: 3 }));
    expect(calls).toHaveLength(1);
  });
});
