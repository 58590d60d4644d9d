// The Archive contract suite: every archive implementation (SQLite, PostgreSQL, ...) must pass these tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive, SearchResult } from '../../src/archive/archive.js';
import type { Paper } from '../../src/paper.js';
import { fixturePapers, paperById } from './fixtures.js';

const ids = (r: SearchResult): string[] => r.hits.map((h) => h.paper.id);
const text = (p: Paper): string => `${p.title} ${p.authors.join(' ')} ${p.abstract}`.toLowerCase();

export function archiveContract(name: string, make: () => Promise<Archive>): void {
  describe(`Archive contract: ${name}`, () => {
    let archive: Archive;
    const { day1, day2, all } = fixturePapers();

    beforeEach(async () => {
      archive = await make();
    });
    afterEach(async () => {
      await archive.close();
    });

    describe('upsert', () => {
      it('adds new papers, then re-ingesting the same data changes nothing', async () => {
        expect(await archive.upsert(all)).toEqual({ added: all.length, updated: 0, unchanged: 0 });
        expect(await archive.count()).toBe(all.length);
        expect(await archive.upsert(all)).toEqual({ added: 0, updated: 0, unchanged: all.length });
        expect(await archive.upsert(day2)).toEqual({ added: 0, updated: 0, unchanged: day2.length });
        expect(await archive.count()).toBe(all.length);
      });

      it('stores every field and returns it unchanged from get', async () => {
        await archive.upsert(all);
        for (const p of [day1[0]!, day2[3]!]) expect(await archive.get(p.id)).toEqual(p);
        expect(await archive.get('2111.99999')).toBeUndefined();
      });

      it('takes a newer version, keeps the earliest listed day', async () => {
        const v1 = { ...paperById(all, '2111.10531'), version: 1 };
        await archive.upsert([v1]);
        const v2: Paper = { ...v1, version: 2, title: 'FAMINet v2 retitled', updated: '2021-12-01T10:00:00Z', listed: '2021-12-02' };
        expect(await archive.upsert([v2])).toEqual({ added: 0, updated: 1, unchanged: 0 });
        const got = await archive.get(v1.id);
        expect(got?.version).toBe(2);
        expect(got?.title).toBe('FAMINet v2 retitled');
        expect(got?.listed).toBe('2021-11-20');
        expect(await archive.count()).toBe(1);
      });

      it('ignores an older version than the one stored', async () => {
        const stored = paperById(all, '2111.10502'); // v4
        await archive.upsert([stored]);
        const older: Paper = { ...stored, version: 2, title: 'An older title' };
        expect(await archive.upsert([older])).toEqual({ added: 0, updated: 0, unchanged: 1 });
        expect(await archive.get(stored.id)).toEqual(stored);
      });

      it('ignores the same version with an earlier Updated stamp, in whichever order files arrive', async () => {
        const newer = paperById(all, '2111.10502');
        const stale: Paper = { ...newer, updated: '2021-11-20T00:00:00Z', comment: 'an older comment' };
        await archive.upsert([newer]);
        expect(await archive.upsert([stale])).toEqual({ added: 0, updated: 0, unchanged: 1 });
        expect(await archive.get(newer.id)).toEqual(newer);
        const other = await make();
        try {
          expect(await other.upsert([stale])).toEqual({ added: 1, updated: 0, unchanged: 0 });
          expect(await other.upsert([newer])).toEqual({ added: 0, updated: 1, unchanged: 0 });
          expect(await other.get(newer.id)).toEqual(newer);
          expect(await other.upsert([stale, newer])).toEqual({ added: 0, updated: 0, unchanged: 2 });
        } finally {
          await other.close();
        }
      });

      it('moves listed earlier when an older version turns up from an earlier day, keeping the newest content', async () => {
        const newest = { ...paperById(all, '2111.10502'), listed: '2021-11-25' };
        await archive.upsert([newest]);
        const older: Paper = { ...newest, version: 1, title: 'Old title', listed: '2021-11-20' };
        expect(await archive.upsert([older])).toEqual({ added: 0, updated: 1, unchanged: 0 });
        expect(await archive.get(newest.id)).toEqual({ ...newest, listed: '2021-11-20' });
      });

      it('updates a same-version paper whose fields changed', async () => {
        const p = paperById(all, '2111.10563');
        await archive.upsert([p]);
        const changed = { ...p, comment: 'Accepted at CVPR 2022', categories: [...p.categories, 'cs.LG'] };
        expect(await archive.upsert([changed])).toEqual({ added: 0, updated: 1, unchanged: 0 });
        expect(await archive.get(p.id)).toEqual(changed);
        expect(ids(await archive.search({ text: 'DeepCap', categories: ['cs.LG'] }))).toEqual([p.id]);
      });

      it('counts a paper given twice in one batch once', async () => {
        const p = paperById(all, '2111.10563');
        expect(await archive.upsert([p, structuredClone(p)])).toEqual({ added: 1, updated: 0, unchanged: 1 });
        expect(await archive.count()).toBe(1);
      });

      it('re-indexes changed text: new words are found, old ones are not', async () => {
        const p = paperById(all, '2111.10563');
        await archive.upsert([p]);
        expect(ids(await archive.search({ text: 'DeepCap' }))).toEqual([p.id]);
        await archive.upsert([{ ...p, version: p.version + 1, title: 'A Closer Look at Zygomorphic Capture' }]);
        expect(ids(await archive.search({ text: 'DeepCap' }))).toEqual(
          p.abstract.toLowerCase().includes('deepcap') ? [p.id] : [],
        );
        expect(ids(await archive.search({ text: 'zygomorphic' }))).toEqual([p.id]);
      });

      it('rejects a batch holding an invalid paper and writes nothing of it', async () => {
        await archive.upsert(day1);
        const bad = [...day2.slice(0, 3), { ...day2[3]!, version: 0 }];
        await expect(archive.upsert(bad)).rejects.toThrow(/version/);
        const badId = [{ ...day2[0]!, id: '2111.10701v1' }];
        await expect(archive.upsert(badId)).rejects.toThrow(/id/);
        const badDay = [{ ...day2[0]!, listed: '21 Nov 2021' }];
        await expect(archive.upsert(badDay)).rejects.toThrow(/listed/);
        const badAuthors = [{ ...day2[0]!, authors: 'A. Person' as unknown as string[] }];
        await expect(archive.upsert(badAuthors)).rejects.toThrow(/authors/);
        expect(await archive.count()).toBe(day1.length);
        expect(await archive.get(day2[0]!.id)).toBeUndefined();
      });

      it('keeps old-style ids such as cs/9901001', async () => {
        const old: Paper = { ...paperById(all, '2111.10563'), id: 'cs/9901001', title: 'Quaternion wavelets for old archives' };
        expect(await archive.upsert([old])).toEqual({ added: 1, updated: 0, unchanged: 0 });
        expect(await archive.get('cs/9901001')).toEqual(old);
        expect(ids(await archive.search({ text: 'quaternion wavelets' }))).toEqual(['cs/9901001']);
        expect(await archive.upsert([old])).toEqual({ added: 0, updated: 0, unchanged: 1 });
      });
    });

    describe('search ranking', () => {
      beforeEach(async () => {
        await archive.upsert(all);
      });

      it('stems: "segmenting" finds papers about segmentation', async () => {
        const r = await archive.search({ text: 'segmenting', limit: 50 });
        const expected = all.filter((p) => /segment/i.test(text(p))).map((p) => p.id);
        expect(new Set(ids(r))).toEqual(new Set(expected));
        expect(r.total).toBe(expected.length);
      });

      it('ranks title matches above abstract-only matches', async () => {
        const r = await archive.search({ text: 'segmentation', limit: 50 });
        const inTitle = r.hits.map((h) => /segment/i.test(h.paper.title));
        expect(inTitle.filter(Boolean).length).toBeGreaterThan(1);
        expect(inTitle).toContain(false);
        // All title matches come before the first abstract-only one.
        expect(inTitle.indexOf(false)).toBe(inTitle.filter(Boolean).length);
      });

      it('ranks papers with all the words first, then papers with only some', async () => {
        const r = await archive.search({ text: 'point cloud transformer', limit: 50 });
        expect(r.hits[0]?.paper.id).toBe('2111.10866');
        const all3 = (p: Paper) => ['point', 'cloud', 'transformer'].every((w) => text(p).includes(w));
        const flags = r.hits.map((h) => all3(h.paper));
        expect(flags.indexOf(false)).toBe(flags.filter(Boolean).length);
        // Partial matches are there too: vision transformers, point cloud papers without transformers.
        expect(ids(r)).toContain('2111.10659');
        expect(ids(r)).toContain('2111.10650');
        expect(r.total).toBe(r.hits.length);
        const scores = r.hits.map((h) => h.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      });

      it('finds papers holding two of three words', async () => {
        const r = await archive.search({ text: 'zebra point cloud' });
        expect(r.hits.length).toBeGreaterThan(0);
        expect(ids(r)).toContain('2111.10866');
      });

      it('matches a quoted phrase only as a phrase', async () => {
        const phrase = await archive.search({ text: '"point cloud"', limit: 50 });
        const expected = all.filter((p) => text(p).includes('point cloud')).map((p) => p.id);
        expect(new Set(ids(phrase))).toEqual(new Set(expected));
        const reversed = await archive.search({ text: '"cloud point"', limit: 50 });
        expect(ids(reversed)).not.toContain('2111.10866');
      });

      it('ignores diacritics and case', async () => {
        const a = await archive.search({ text: 'pal halvorsen' });
        const b = await archive.search({ text: 'PÅL Halvorsen' });
        expect(ids(a)[0]).toBe('2111.10618');
        expect(ids(b)[0]).toBe('2111.10618');
      });

      it('drops stop words instead of letting them match everything', async () => {
        const plain = await archive.search({ text: 'segmentation', limit: 50 });
        const noisy = await archive.search({ text: 'the segmentation of a', limit: 50 });
        expect(ids(noisy)).toEqual(ids(plain));
        expect(noisy.total).toBe(plain.total);
      });
    });

    describe('hostile queries', () => {
      beforeEach(async () => {
        await archive.upsert(all);
      });

      const findsSegmentation = [
        '"unbalanced segmentation',
        'segmentation"',
        'NEAR(segmentation medical)',
        'segmentation NEAR medical',
        'segmentation*',
        '-segmentation',
        'title:segmentation',
        '^segmentation',
        '(segmentation',
        'segmentation AND medical',
        'segmentation OR medical',
        'NOT segmentation',
        '+segmentation',
        '{title}: segmentation',
        '\u0000segmentation\u0007',
        'segmentation 🚀🙂',
        '“segmentation”',
        "segmentation'; DROP TABLE papers; --",
      ];
      for (const q of findsSegmentation) {
        it(`reads ${JSON.stringify(q)} as plain words`, async () => {
          const r = await archive.search({ text: q });
          expect(ids(r)).toContain('2111.10618');
          expect(r.total).toBeGreaterThan(0);
          expect(await archive.count()).toBe(all.length);
        });
      }

      it('names the operators it ignored', async () => {
        const r = await archive.search({ text: 'NEAR(segmentation medical) OR image*' });
        expect(r.notice).toMatch(/ignored/);
        expect(r.notice).toMatch(/NEAR/);
        expect(r.notice).toMatch(/\*/);
      });

      const nothingToSearch = ['', '   ', '"', '""', '((((', '*', 'AND OR NOT', '🙂🚀', '\u0000\u0001', '- : ^ * ( )'];
      for (const q of nothingToSearch) {
        it(`answers ${JSON.stringify(q)} with a notice, not an error`, async () => {
          const r = await archive.search({ text: q });
          expect(r.hits).toEqual([]);
          expect(r.total).toBe(0);
          expect(r.notice).toMatch(/query is empty|no searchable words/);
        });
      }

      it('cuts a 10 kB query down and says so', async () => {
        const words = ['segmentation', 'medical', 'image', 'lidar', 'fusion', 'transformer', 'face', 'point'];
        const long = Array.from({ length: 2000 }, (_, i) => `${words[i % words.length]}${i}`).join(' ');
        expect(long.length).toBeGreaterThan(10_000);
        const r = await archive.search({ text: long });
        expect(r.notice).toMatch(/too long/);
        const r2 = await archive.search({ text: `segmentation ${'x'.repeat(10_000)}` });
        expect(ids(r2)).toContain('2111.10618');
      });

      it('searches all-stop-word queries without error', async () => {
        const r = await archive.search({ text: 'the of a' });
        expect(r.total).toBeGreaterThan(0);
        expect(r.hits.length).toBe(10);
      });
    });

    describe('filters and paging', () => {
      beforeEach(async () => {
        await archive.upsert(all);
      });

      it('filters by category, primary or cross-listed', async () => {
        const r = await archive.search({ text: 'image', categories: ['eess.IV'], limit: 50 });
        expect(r.hits.length).toBeGreaterThan(0);
        for (const h of r.hits) expect(h.paper.categories).toContain('eess.IV');
        const kinds = new Set(r.hits.map((h) => h.paper.primaryCategory === 'eess.IV'));
        expect(kinds).toEqual(new Set([true, false]));
        const either = await archive.search({ text: 'image', categories: ['cs.GR', 'physics.med-ph'], limit: 50 });
        expect(new Set(either.hits.flatMap((h) => h.paper.categories.filter((c) => c === 'cs.GR' || c === 'physics.med-ph')))).toEqual(
          new Set(['cs.GR', 'physics.med-ph']),
        );
        expect((await archive.search({ text: 'image', categories: ['astro-ph'] })).hits).toEqual([]);
      });

      it('filters by listed day range', async () => {
        const r = await archive.search({ text: 'segmentation', since: '2021-11-21', limit: 50 });
        expect(r.hits.length).toBeGreaterThan(0);
        for (const h of r.hits) expect(h.paper.listed).toBe('2021-11-21');
        const u = await archive.search({ text: 'segmentation', until: '2021-11-20', limit: 50 });
        for (const h of u.hits) expect(h.paper.listed).toBe('2021-11-20');
        expect(r.total + u.total).toBe((await archive.search({ text: 'segmentation' })).total);
      });

      it('filters by author substring, case- and accent-insensitive', async () => {
        for (const author of ['halvorsen', 'PÅL HALVORSEN', 'pal halv']) {
          const r = await archive.search({ text: 'segmentation', author });
          expect(ids(r)).toEqual(['2111.10618']);
        }
        expect((await archive.search({ text: 'segmentation', author: 'nobody-at-all' })).hits).toEqual([]);
      });

      it('keeps similar categories apart (cs.SY is not cs.SI)', async () => {
        const p = { ...paperById(all, '2111.10563'), categories: ['cs.SY', 'eess.SY'], primaryCategory: 'cs.SY' };
        await archive.upsert([p]);
        expect(ids(await archive.search({ text: 'DeepCap', categories: ['cs.SY'] }))).toEqual([p.id]);
        expect(ids(await archive.search({ text: 'DeepCap', categories: ['cs.SI'] }))).toEqual([]);
        expect(ids(await archive.search({ text: 'DeepCap', categories: ['cs.CV'] }))).toEqual([]);
      });

      it('filters day ranges across month and year boundaries', async () => {
        const days = ['2020-12-31', '2021-01-01', '2021-02-28', '2021-03-01', '2022-01-01'];
        const tagged = days.map((listed, i) => ({ ...day1[i]!, id: `2199.0000${i}`, title: `Zebrafish tracking ${i}`, listed }));
        await archive.upsert(tagged);
        const found = async (since?: string, until?: string) =>
          (await archive.search({ text: 'zebrafish', since, until, limit: 50 })).hits.map((h) => h.paper.listed).sort();
        expect(await found('2021-01-01')).toEqual(days.slice(1));
        expect(await found(undefined, '2021-02-28')).toEqual(days.slice(0, 3));
        expect(await found('2020-12-31', '2021-03-01')).toEqual(days.slice(0, 4));
        expect(await found('2021-02-01', '2021-02-28')).toEqual(['2021-02-28']);
        expect(await found('2021-03-02', '2021-12-31')).toEqual([]);
        expect(await found('2021-03-01', '2021-01-01')).toEqual([]);
        expect(await found('1990-01-01', '2030-01-01')).toEqual(days);
      });

      it('follows a paper whose listed day moved earlier', async () => {
        const p = { ...paperById(all, '2111.10563') };
        expect(ids(await archive.search({ text: 'DeepCap', until: '2021-11-19' }))).toEqual([]);
        await archive.upsert([{ ...p, version: 1, listed: '2021-11-10' }]);
        expect(ids(await archive.search({ text: 'DeepCap', until: '2021-11-19' }))).toEqual([p.id]);
        expect((await archive.listedOn('2021-11-10')).map((x) => x.id)).toEqual([p.id]);
      });

      it('answers a malformed day filter with a notice, not an error or a wider search', async () => {
        for (const since of ['yesterday', '2021-13-45', '2021/11/20']) {
          const r = await archive.search({ text: 'segmentation', since });
          expect(r.hits).toEqual([]);
          expect(r.notice).toMatch(/since must be a day YYYY-MM-DD/);
        }
        const u = await archive.search({ text: 'segmentation', until: 'soon' });
        expect(u.notice).toMatch(/until must be a day/);
      });

      it('treats odd paging values safely', async () => {
        expect((await archive.search({ text: 'segmentation', limit: 0 })).hits).toEqual([]);
        expect((await archive.search({ text: 'segmentation', limit: 3, offset: -5 })).hits.length).toBe(3);
        expect((await archive.search({ text: 'segmentation', limit: Number.NaN })).hits.length).toBe(8);
      });

      it('counts at least the papers it can page to under an author filter', async () => {
        const r = await archive.search({ text: 'image segmentation', author: 'halvorsen' });
        expect(r.total).toBeGreaterThanOrEqual(r.hits.length);
        expect(r.hits.length).toBe(1);
      });

      it('lists papers matching the filters alone when the text is empty', async () => {
        const r = await archive.search({ text: '', author: 'halvorsen' });
        expect(ids(r)).toEqual(['2111.10618']);
        expect(r.notice).toBeUndefined();
        const day2Only = await archive.search({ text: '', since: '2021-11-21', limit: 50 });
        expect(new Set(ids(day2Only))).toEqual(new Set(day2.map((p) => p.id)));
        expect(day2Only.total).toBe(day2.length);
        const everything = await archive.search({ text: '', since: '2021-11-20', limit: 100 });
        expect(everything.hits.length).toBe(all.length);
        expect(everything.total).toBe(all.length);
        const graphics = await archive.search({ text: '', categories: ['cs.GR'] });
        expect(ids(graphics)).toEqual(['2111.10520']);
      });

      it('pages without gaps or repeats, across the all-words/partial boundary', async () => {
        const full = ids(await archive.search({ text: 'point cloud transformer', limit: 40 }));
        expect(full.length).toBeGreaterThan(6);
        const paged: string[] = [];
        for (let offset = 0; offset < full.length; offset += 3) {
          paged.push(...ids(await archive.search({ text: 'point cloud transformer', limit: 3, offset })));
        }
        expect(paged).toEqual(full);
        expect((await archive.search({ text: 'point cloud transformer', offset: 500 })).hits).toEqual([]);
        // The same with every kind of filter on.
        const q = { text: 'image learning network', author: 'a', categories: ['cs.CV', 'eess.IV'], since: '2021-11-20' };
        const fullFiltered = ids(await archive.search({ ...q, limit: 40 }));
        expect(fullFiltered.length).toBeGreaterThan(6);
        const pagedFiltered: string[] = [];
        for (let offset = 0; offset < fullFiltered.length; offset += 4) {
          pagedFiltered.push(...ids(await archive.search({ ...q, limit: 4, offset })));
        }
        expect(pagedFiltered).toEqual(fullFiltered);
      });

      it('defaults to 10 hits', async () => {
        const r = await archive.search({ text: 'learning' });
        expect(r.hits.length).toBe(10);
        expect(r.total).toBeGreaterThan(10);
      });
    });

    describe('day listings', () => {
      beforeEach(async () => {
        await archive.upsert(all);
      });

      it('lists papers by listed day and range', async () => {
        expect(new Set((await archive.listedOn('2021-11-20')).map((p) => p.id))).toEqual(new Set(day1.map((p) => p.id)));
        expect(await archive.listedOn('2021-11-22')).toEqual([]);
        expect((await archive.listedBetween('2021-11-19', '2021-11-21')).length).toBe(all.length);
        expect((await archive.listedBetween('2021-11-21', '2021-11-30')).length).toBe(day2.length);
      });

      it('lists days newest first', async () => {
        expect(await archive.days()).toEqual(['2021-11-21', '2021-11-20']);
        expect(await archive.days(1)).toEqual(['2021-11-21']);
      });

      it('lists papers updated on a day but listed before it', async () => {
        // 2111.10546 (listed 11-20) was updated 2021-11-23; 2111.10747 (listed 11-21) on 2021-11-25.
        expect((await archive.updatedOn('2021-11-23')).map((p) => p.id)).toEqual(['2111.10546']);
        expect((await archive.updatedOn('2021-11-25')).map((p) => p.id)).toContain('2111.10747');
        // v1 papers updated on their listing day are new, not updates.
        expect(await archive.updatedOn('2021-11-20')).toEqual([]);
      });
    });
  });
}
