// Digest composition: cross-day dedup, updates, cross-lists, per-person sections, and days with no announcement.
import { describe, it, expect, beforeEach } from 'vitest';
import { openSqliteArchive } from '../../src/archive/sqlite.js';
import type { Archive } from '../../src/archive/archive.js';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { BotState } from '../../src/bot/state.js';
import { composeDigest, noAnnouncementNotice, type Ranking } from '../../src/bot/digest.js';
import { channelSettings, configSchema } from '../../src/config.js';
import type { Paper } from '../../src/paper.js';
import type { RankedPaper } from '../../src/ranking.js';

const target = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };

function paper(id: string, title: string, over: Partial<Paper> = {}): Paper {
  return {
    id, version: 1, title, authors: ['Ada Lovelace', 'Alan Turing'], abstract: `We study ${title.toLowerCase()}.`,
    categories: ['cs.CV'], primaryCategory: 'cs.CV', classifications: [], published: '2021-11-29T10:00:00Z',
    updated: '2021-11-29T10:00:00Z', dois: [], journalRef: null, comment: null, listed: '2021-11-29', ...over,
  };
}

/** A transparent stand-in ranker: one point per profile word found in the title. */
const ranking: Ranking = {
  rank(line, papers, { limit }) {
    const words = line.toLowerCase().split(/\s+/).filter(Boolean);
    return papers
      .map((p): RankedPaper => {
        const hits = words.filter((w) => p.title.toLowerCase().includes(w));
        return { paper: p, score: hits.length, matched: hits.map((term) => ({ term, field: 'title', score: 1 })) };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.paper.id.localeCompare(b.paper.id))
      .slice(0, limit);
  },
  async rankMany(profiles, papers, opts) {
    return new Map([...profiles].map(([k, line]) => [k, this.rank(line, papers, opts)]));
  },
  combine: (lines) => lines.join(' '),
  describe: (line) => line,
};

let archive: Archive;
let state: BotState;
const deps = () => ({ archive, state, ranking, personalLimit: 5 });
const config = configSchema.parse({});

beforeEach(async () => {
  archive = openSqliteArchive(':memory:');
  state = new BotState(new MemoryStore());
  await archive.upsert([
    paper('2111.00001', 'Point cloud segmentation'),
    paper('2111.00002', 'Diffusion models for images'),
    paper('2111.00003', 'Robot grasping with point cloud', { categories: ['cs.RO', 'cs.CV'], primaryCategory: 'cs.RO' }),
    paper('2111.00004', 'Protein folding', { categories: ['q-bio.BM'], primaryCategory: 'q-bio.BM' }),
  ]);
});

describe('composeDigest', () => {
  it('ranks the channel profile and explains each paper; papers of other categories stay out', async () => {
    const settings = channelSettings(config, { profile: 'point cloud' });
    const { reply, shown } = await composeDigest(deps(), target, settings, '2021-11-29');
    expect(reply.sections[0]!.items.map((i) => [i.paper.id, i.status])).toEqual([['2111.00001', 'new'], ['2111.00003', 'cross-list']]);
    expect(reply.sections[0]!.items[0]!.matched).toEqual([{ term: 'point', field: 'title', score: 1 }, { term: 'cloud', field: 'title', score: 1 }]);
    expect(shown.map((p) => p.id)).not.toContain('2111.00004');
  });

  it('cross-lists can be turned off per channel', async () => {
    const settings = channelSettings(config, { profile: 'point cloud', crossLists: false });
    const { reply } = await composeDigest(deps(), target, settings, '2021-11-29');
    expect(reply.sections[0]!.items.map((i) => i.paper.id)).toEqual(['2111.00001']);
  });

  it('adds a section per subscriber, without repeating the channel\'s papers', async () => {
    await state.savePerson({ platform: 'slack', workspace: 'T1', user: 'U1', name: 'alice', profiles: ['diffusion', 'point'], channels: ['C1'], updatedAt: '' });
    await state.savePerson({ platform: 'slack', workspace: 'T1', user: 'U2', name: 'bob', profiles: ['diffusion'], channels: ['C_OTHER'], updatedAt: '' });
    const settings = channelSettings(config, { profile: 'segmentation' });
    const { reply } = await composeDigest(deps(), target, settings, '2021-11-29');
    expect(reply.sections.map((s) => s.heading)).toEqual(['Top papers for segmentation', '@alice: 2 papers for diffusion point']);
    expect(reply.sections[1]!.mention).toEqual({ userId: 'U1', name: 'alice' });
    expect(reply.sections[1]!.items.map((i) => i.paper.id)).toEqual(['2111.00002', '2111.00003']);
  });

  it('never posts a paper twice across days; a new version comes back only where updates are on', async () => {
    const settings = channelSettings(config, {});
    await state.markPosted(target, '2021-11-29', [{ id: '2111.00001', version: 1 }]);
    // The next day lists a new paper, and 2111.00001 gets a v2.
    await archive.upsert([
      paper('2111.00010', 'Video transformers', { listed: '2021-11-30', published: '2021-11-30T09:00:00Z', updated: '2021-11-30T09:00:00Z' }),
      paper('2111.00001', 'Point cloud segmentation', { version: 2, updated: '2021-11-30T08:00:00Z' }),
    ]);
    const plain = await composeDigest(deps(), target, settings, '2021-11-30');
    expect(plain.shown.map((p) => p.id)).toEqual(['2111.00010']);
    const withUpdates = await composeDigest(deps(), target, { ...settings, updates: true }, '2021-11-30');
    expect(withUpdates.reply.sections[0]!.items.map((i) => [i.paper.id, i.status])).toEqual([['2111.00010', 'new'], ['2111.00001', 'updated']]);
    // The same day shown again (a re-run after a crash) still shows what that day posted.
    const again = await composeDigest(deps(), target, settings, '2021-11-29');
    expect(again.shown.map((p) => p.id)).toContain('2111.00001');
  });

  it('a weekend or holiday gives a notice, never an empty digest', async () => {
    const settings = channelSettings(config, {});
    const saturday = await composeDigest(deps(), target, settings, '2021-12-04');
    expect(saturday.reply).toMatchObject({ sections: [], notice: 'No new arXiv announcement in cs.CV on Saturday 2021-12-04 (weekend).' });
    expect(noAnnouncementNotice('2021-11-25', ['cs.CV'])).toMatch(/Thursday 2021-11-25 \(holiday, or not announced yet\)/);
  });

  it('says so when the day had papers but none matched, or all were posted already', async () => {
    const none = await composeDigest(deps(), target, channelSettings(config, { profile: 'quantum' }), '2021-11-29');
    expect(none.reply.notice).toMatch(/none matched/);
    await state.markPosted(target, '2021-11-28', ['2111.00001', '2111.00002', '2111.00003'].map((id) => ({ id, version: 1 })));
    const posted = await composeDigest(deps(), target, channelSettings(config, {}), '2021-11-29');
    expect(posted.reply.notice).toMatch(/already posted/);
  });
});
