// The whole bot, started as `paperboy start` in its own process, against the local fake Discord: commands, a scheduled
// digest, a gateway drop, and a clean shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord, type InteractionLog } from './fake-discord.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { autocomplete, CHANNEL, chatInput, GUILD, MANAGER_PERMS } from './payloads.js';

type Json = Record<string, unknown>;
type Embed = { title?: string; url?: string; description?: string };


let fake: FakeDiscord;
let bot: BotProcess;

async function interact(payload: { token: string }, done: (l: InteractionLog) => boolean): Promise<InteractionLog> {
  fake.dispatch('INTERACTION_CREATE', payload);
  const log = fake.interaction(payload.token);
  try {
    await fake.waitFor(() => done(log), `an answer to ${payload.token}`, 15_000);
  } catch (err) {
    // The bot's own log says why; it is only known now, not when the wait started.
    const calls = fake.rest.filter((c) => c.path.includes(payload.token)).map((c) => `${c.method} ${c.path} ${c.status} ${JSON.stringify(c.body).slice(0, 300)}`);
    throw new Error(`${(err as Error).message}\n${calls.join('\n')}\n${bot.output().slice(-4000)}`);
  }
  return log;
}

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 1000 });
  bot = spawnBot({
    label: 'discord',
    channels: [{ platform: 'discord', workspace: GUILD, channel: CHANNEL, profile: 'segmentation "gaussian splatting"', categories: ['cs.CV'], schedule: 'weekdays 09:00', timezone: 'UTC', limit: 10 }],
    env: { DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.api },
  });
  await fake.waitFor(() => fake.identifies.length === 1, `the bot to IDENTIFY\n${bot.output().slice(-3000)}`, 60_000);
}, 90_000);

afterAll(async () => {
  bot?.close();
  await fake?.close();
});

describe('paperboy start with Discord', () => {
  it('answers /papers search and digest from the real archive, with embeds and buttons', async () => {
    const search = await interact(chatInput(['search'], { query: 'point cloud segmentation' }), (l) => l.edits.length > 0);
    expect(search.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    const embeds = search.edits[0]?.embeds as Embed[];
    expect(embeds.length, JSON.stringify(search.edits[0])).toBeGreaterThan(0);
    expect(embeds[0]?.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
    expect(search.edits[0]?.allowed_mentions).toEqual({ parse: [] });

    const digest = await interact(chatInput(['digest'], { date: '2021-11-30' }), (l) => l.edits.length > 0);
    expect(digest.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(JSON.stringify(digest.edits[0])).toContain('2021-11-30');
  }, 30_000);

  it('autocompletes a time zone and refuses channel settings to members without Manage Channels', async () => {
    const zones = await interact(autocomplete(['channel', 'timezone'], { zone: 'Europe/Be' }, 'zone'), (l) => l.callbacks.length > 0);
    expect(zones.callbacks[0]?.type).toBe(8);
    expect((zones.callbacks[0]?.data?.choices as { value: string }[]).map((c) => c.value)).toContain('Europe/Berlin');
    const refused = await interact(chatInput(['channel', 'limit'], { n: 5 }), (l) => l.callbacks.length > 0);
    const allowed = await interact(chatInput(['channel', 'limit'], { n: 5 }, { permissions: MANAGER_PERMS }), (l) => l.callbacks.length > 0);
    expect(JSON.stringify(refused.callbacks[0])).not.toBe(JSON.stringify(allowed.callbacks[0]));
  }, 30_000);

  it('reschedules from /papers channel time and posts the digest to the channel when it fires', async () => {
    // Once, a few seconds from now (6-field cron: second minute hour ...): set from Discord, so it is in the future
    // however long the start took.
    const at = new Date(Date.now() + 5_000);
    const schedule = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const set = await interact(chatInput(['channel', 'time'], { schedule }, { permissions: MANAGER_PERMS }), (l) => l.callbacks.length > 0);
    expect(set.callbacks[0]?.type).toBe(4);
    expect(set.callbacks[0]?.data?.flags ?? 0).toBe(0);
    expect(JSON.stringify(set.callbacks[0]?.data)).toContain('Saved.');
    await fake.waitFor(() => fake.channelMessages(CHANNEL).length > 0, `the scheduled digest\n${bot.output().slice(-3000)}`, 30_000);
    const [first] = fake.channelMessages(CHANNEL) as Json[];
    expect(first?.allowed_mentions).toEqual({ parse: [] });
    // The slot's day (today, UTC) has no announcement in the bundled samples: the post must say so, never be empty.
    expect(String(first?.content)).toContain(at.toISOString().slice(0, 10));
    expect(String(first?.content)).toMatch(/no new arxiv announcement/i);
  }, 40_000);

  it('resumes after a gateway drop and still answers, then shuts down cleanly on SIGTERM', async () => {
    fake.dropConnection(4000);
    await fake.waitFor(() => fake.opsReceived(6) === 1, 'a RESUME', 15_000);
    const help = await interact(chatInput(['help']), (l) => l.callbacks.length > 0);
    expect(help.callbacks[0]?.type).toBe(4);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 30_000);
});
