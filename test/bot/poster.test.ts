// Posting one scheduled digest: posted once per channel and day, recorded only after the platform took it.
import { describe, it, expect } from 'vitest';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { BotState } from '../../src/bot/state.js';
import { postDigest, targetFromKey, type PosterDeps } from '../../src/bot/poster.js';
import { localDate } from '../../src/schedule/when.js';
import { channelSettings, configSchema, type ChannelSettings } from '../../src/config.js';
import { PostError, type ChatAdapter, type ChannelTarget } from '../../src/adapter.js';
import type { Reply } from '../../src/reply.js';
import type { Paper } from '../../src/paper.js';

const target: ChannelTarget = { platform: 'discord', workspace: 'G1', channel: '42' };
const paper = { id: '2111.15047', version: 2 } as Paper;

function setup(settings: Partial<ChannelSettings> = {}, opts: { fail?: boolean; empty?: boolean } = {}) {
  const posts: { target: ChannelTarget; reply: Reply }[] = [];
  const adapter: ChatAdapter = {
    platform: 'discord',
    async start() {},
    async stop() {},
    async post(t, reply) {
      if (opts.fail) throw new PostError('missing_access', 'cannot post in 42', false);
      posts.push({ target: t, reply });
    },
  };
  const state = new BotState(new MemoryStore());
  const deps: PosterDeps = {
    adapters: new Map([['discord', adapter]]),
    state,
    settings: async () => channelSettings(configSchema.parse({}), { timezone: 'Europe/Berlin', ...settings }),
    compose: async (_t, date) => ({
      reply: { kind: 'digest', date, title: `digest ${date}`, sections: [], summary: '', visibility: 'channel', notice: opts.empty ? 'No new arXiv announcement' : undefined },
      shown: opts.empty ? [] : [paper],
    }),
    now: () => new Date('2021-11-30T08:00:00Z'),
  };
  return { posts, state, deps };
}

describe('postDigest', () => {
  it('posts the slot\'s local day once and records it', async () => {
    const { posts, state, deps } = setup();
    // 23:30 UTC on the 29th is already the 30th in Berlin.
    expect(await postDigest(deps, target, new Date('2021-11-29T23:30:00Z'))).toBe('posted');
    expect(posts.map((p) => p.reply.kind === 'digest' && p.reply.date)).toEqual(['2021-11-30']);
    expect(await state.postedMarks(target, ['2111.15047'])).toEqual(new Map([['2111.15047', { date: '2021-11-30', version: 2 }]]));
    expect(await postDigest(deps, target, new Date('2021-11-30T06:00:00Z'))).toBe('nothing');
    expect(posts).toHaveLength(1);
  });

  it('a paused channel, or a quiet one on an empty day, posts nothing', async () => {
    const paused = setup({ paused: true });
    expect(await postDigest(paused.deps, target, new Date())).toBe('nothing');
    const quiet = setup({ quietOnEmpty: true }, { empty: true });
    expect(await postDigest(quiet.deps, target, new Date())).toBe('nothing');
    const loud = setup({}, { empty: true });
    expect(await postDigest(loud.deps, target, new Date())).toBe('posted');
    expect(loud.posts[0]!.reply).toMatchObject({ notice: 'No new arXiv announcement' });
  });

  it('a refused post throws and records nothing, so the slot is retried', async () => {
    const { state, deps } = setup({}, { fail: true });
    await expect(postDigest(deps, target, new Date('2021-11-30T08:00:00Z'))).rejects.toThrow(PostError);
    expect(await state.digestRecord(target, '2021-11-30')).toBeUndefined();
    expect((await state.postedMarks(target, ['2111.15047'])).size).toBe(0);
  });

  it('channel keys round-trip, even with colons in a channel id', () => {
    expect(targetFromKey('slack:T1:C:odd')).toEqual({ platform: 'slack', workspace: 'T1', channel: 'C:odd' });
    expect(localDate(new Date('2021-03-28T22:30:00Z'), 'America/New_York')).toBe('2021-03-28');
  });
});
