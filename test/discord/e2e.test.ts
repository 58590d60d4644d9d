// End to end: a real discord.js Client (through the adapter) against the local fake Discord REST API and gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostError } from '../../src/adapter.js';
import { toCommandText } from '../../src/commands/spec.js';
import type { Paper } from '../../src/paper.js';
import type { Reply } from '../../src/reply.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/adapter.js';
import { buildCommandDefinitions } from '../../adapters/discord/commands.js';
import { LIMITS } from '../../adapters/discord/render.js';
import { registerFromEnv } from '../../adapters/discord/register.js';
import { createFakeBot, digestOf, loadPapers, type FakeBotOptions } from './fake-bot.js';
import { FAKE_APP_ID, FAKE_BOT_ID, startFakeDiscord, type FakeDiscord, type InteractionLog } from './fake-discord.js';
import { ADMIN_PERMS, ALICE, autocomplete, buttonClick, CHANNEL, chatInput, GUILD, MANAGER_PERMS, MEMBER_PERMS } from './payloads.js';

const GONE = '510000000000000001';
const LOCKED = '510000000000000002';
const BUSY = '510000000000000003';
const BROKEN = '510000000000000004';
const OTHER = '510000000000000005';
const EPHEMERAL = 64;

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };

const papers: Paper[] = loadPapers();
const botOptions: FakeBotOptions = {};
const logs: { level: string; msg?: string; obj: object }[] = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg?: string) => logs.push({ level: 'error', obj, msg }),
};
let fake: FakeDiscord;
let adapter: DiscordAdapter;
let fb: ReturnType<typeof createFakeBot>;

function embedChars(embeds: Embed[]): number {
  return embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
}

/** Asserts one message body (REST or interaction data) is within Discord's limits and pings nobody unasked. */
function expectWithinLimits(body: Json): void {
  const embeds = (body.embeds ?? []) as Embed[];
  const content = (body.content ?? '') as string;
  expect(content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(embedChars(embeds)).toBeLessThanOrEqual(LIMITS.embedCharsPerMessage);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
  }
  expect(content.length + embeds.length).toBeGreaterThan(0);
  const rows = (body.components ?? []) as { components: { custom_id: string }[] }[];
  expect(rows.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
  const ids = rows.flatMap((r) => r.components.map((c) => c.custom_id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
  expect((body.allowed_mentions as { parse: string[] }).parse).toEqual([]);
}

/** Dispatches an interaction and waits until it has a final answer (a message, an edit of the deferral, or choices). */
async function interact(payload: { token: string }, done?: (log: InteractionLog) => boolean): Promise<InteractionLog> {
  fake.dispatch('INTERACTION_CREATE', payload);
  const log = fake.interaction(payload.token);
  const answered = done ?? ((l: InteractionLog) => l.callbacks.some((c) => c.type === 4 || c.type === 8) || l.edits.length > 0 || l.followUps.length > 0);
  await fake.waitFor(() => answered(log), `an answer to ${payload.token}`);
  return log;
}

/** The first message of an answer, wherever it went. */
function firstMessage(log: InteractionLog): Json {
  const direct = log.callbacks.find((c) => c.type === 4)?.data;
  return (direct ?? log.edits[0] ?? log.followUps[0]) as Json;
}

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500, failChannels: { [GONE]: 404, [LOCKED]: 403, [BROKEN]: 500 }, rateLimitOnce: { [BUSY]: 0.05 } });
  fb = createFakeBot(papers, botOptions);
  adapter = createDiscordAdapter({ token: 'fake.bot.token', applicationId: FAKE_APP_ID, apiUrl: fake.api, logger, deferAfterMs: 300, completeTimeoutMs: 300, restRetries: 0 });
  await adapter.start(fb.bot);
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

describe('discord adapter end to end', () => {
  it('logs in with the gateway URL from /gateway/bot and only the Guilds intent', () => {
    const gatewayCall = fake.rest.find((c) => c.path === '/api/v10/gateway/bot');
    expect(gatewayCall?.auth).toBe('Bot fake.bot.token');
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]?.intents).toBe(1);
    // shards: 'auto' follows the count /gateway/bot recommends (1 here).
    expect(fake.identifies[0]?.shard).toEqual([0, 1]);
    expect(adapter.client.user?.id).toBe(FAKE_BOT_ID);
  });

  it('answers every registered /papers subcommand, deferring the slow ones, private for personal ones', async () => {
    const [papersCommand] = buildCommandDefinitions();
    type Def = { type: number; name: string; options?: Def[]; required?: boolean; choices?: { value: string | number }[]; min_value?: number };
    const paths: { path: string[]; options: Def[] }[] = [];
    for (const o of (papersCommand?.options ?? []) as Def[]) {
      if (o.type === 1) paths.push({ path: [o.name], options: o.options ?? [] });
      else for (const s of o.options ?? []) paths.push({ path: [o.name, s.name], options: s.options ?? [] });
    }
    expect(paths.length).toBe(17);
    for (const { path, options } of paths) {
      const values: Record<string, string | number> = {};
      for (const o of options) {
        if (!o.required) continue;
        values[o.name] = o.choices?.[0]?.value ?? (o.type === 4 ? (o.min_value ?? 1) : o.name === 'zone' ? 'Europe/Berlin' : 'segmentation');
      }
      const before = fb.handled.length;
      const log = await interact(chatInput(path, values, { permissions: MANAGER_PERMS }));
      expect(fb.handled.length, path.join(' ')).toBe(before + 1);
      const request = fb.handled.at(-1)!;
      expect(request.text).toBe(toCommandText(path, values));
      expect(request).toMatchObject({ platform: 'discord', workspace: GUILD, channel: CHANNEL, user: ALICE, userName: 'Alice', isAdmin: true });
      const first = log.callbacks[0]!;
      const slow = ['search', 'digest'].includes(path[0]!);
      expect(first.type, path.join(' ')).toBe(slow ? 5 : 4);
      // The fake bot, like the engine, answers everything privately but channel settings.
      const personal = path[0] !== 'channel';
      expect(((first.data?.flags as number | undefined) ?? 0) & EPHEMERAL, path.join(' ')).toBe(personal ? EPHEMERAL : 0);
      expectWithinLimits(firstMessage(log));
    }
  });

  it('takes the caller role for channel settings from Manage Channels (or Administrator)', async () => {
    const member = await interact(chatInput(['channel', 'limit'], { n: 10 }, { permissions: MEMBER_PERMS }));
    expect(fb.handled.at(-1)?.isAdmin).toBe(false);
    expect(firstMessage(member).content).toContain('Only channel admins');
    await interact(chatInput(['channel', 'limit'], { n: 10 }, { permissions: ADMIN_PERMS }));
    expect(fb.handled.at(-1)?.isAdmin).toBe(true);
    await interact(chatInput(['channel', 'limit'], { n: 10 }, { permissions: MANAGER_PERMS }));
    expect(fb.handled.at(-1)?.isAdmin).toBe(true);
  });

  it('autocompletes the terms to unsubscribe from and channel categories, dropping values Discord cannot carry', async () => {
    const terms = await interact(autocomplete(['unsubscribe'], { terms: 'di' }, 'terms'));
    expect(terms.callbacks[0]).toEqual({ type: 8, data: { choices: [{ name: 'diffusion', value: 'diffusion' }] } });
    expect(fb.completed.at(-1)).toMatchObject({ path: ['unsubscribe'], option: 'terms', partial: 'di', workspace: GUILD, user: ALICE });
    const cats = await interact(autocomplete(['channel', 'categories'], { categories: 'cs.' }, 'categories'));
    expect((cats.callbacks[0]?.data?.choices as { value: string }[]).map((c) => c.value)).toEqual(['cs.CV', 'cs.RO', 'cs.LG', 'cs.GR']);
    expect(fb.completed.at(-1)?.path).toEqual(['channel', 'categories']);
    const tooLong = await interact(autocomplete(['unsubscribe'], { terms: 'xxx' }, 'terms'));
    expect(tooLong.callbacks[0]?.data?.choices).toEqual([]);
  });

  it('answers a slow autocomplete in time with no choices', async () => {
    const original = fb.bot.complete;
    fb.bot.complete = async (req) => {
      await new Promise((r) => setTimeout(r, 600));
      return original(req);
    };
    try {
      const log = await interact(autocomplete(['unsubscribe'], { terms: 'di' }, 'terms'));
      expect(log.callbacks[0]).toEqual({ type: 8, data: { choices: [] } });
      expect(logs.some((l) => l.msg?.startsWith('discord: autocomplete too slow'))).toBe(true);
    } finally {
      fb.bot.complete = original;
    }
  });

  it('runs a button click as the clicking user and answers only them', async () => {
    const paper = papers[0]!;
    const abstract = await interact(buttonClick(`pb:show ${paper.id}`, { user: '600000000000000099' }));
    expect(fb.handled.at(-1)).toMatchObject({ text: `show ${paper.id}`, user: '600000000000000099' });
    expect(abstract.callbacks[0]?.type).toBe(4);
    expect(abstract.callbacks[0]?.data?.flags).toBe(EPHEMERAL);
    const embed = (firstMessage(abstract).embeds as Embed[])[0]!;
    expect(embed.title).toContain('Explainable multiple abnormality classification');
    // The Abstract button shows the whole abstract, not a snippet.
    expect(embed.description).toContain(paper.abstract.slice(-60).trim());

    const similar = await interact(buttonClick(`pb1:similar ${paper.id}`), (l) => l.edits.length > 0);
    expect(fb.handled.at(-1)?.text).toBe(`similar ${paper.id}`);
    expect(similar.callbacks[0]).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect((similar.edits[0]?.embeds as Embed[]).length).toBe(3);
  });

  it('defers a command that turns out slow, and answers an ephemeral result of a public deferral privately', async () => {
    botOptions.delayMs = 700;
    try {
      const slow = await interact(chatInput(['list']), (l) => l.edits.length > 0);
      expect(slow.callbacks[0]).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
      expect((slow.edits[0]?.embeds as Embed[])[0]?.description).toBe('list: (nothing)');
    } finally {
      delete botOptions.delayMs;
    }
    botOptions.override = { channel: { kind: 'message', lines: ['Only for you'], visibility: 'ephemeral' } };
    botOptions.delayMs = 700;
    try {
      const priv = await interact(chatInput(['channel', 'pause'], {}, { permissions: MANAGER_PERMS }), (l) => l.followUps.length > 0);
      expect(priv.callbacks[0]?.type).toBe(5);
      expect(priv.callbacks[0]?.data?.flags ?? 0).toBe(0);
      expect(priv.originalDeleted).toBe(true);
      expect(priv.followUps[0]?.flags).toBe(EPHEMERAL);
    } finally {
      delete botOptions.override;
      delete botOptions.delayMs;
    }
  });

  it('answers with an error message and logs when the bot throws', async () => {
    botOptions.failing = ['follow'];
    try {
      const log = await interact(chatInput(['follow'], { author: 'Kaiming He' }));
      expect(firstMessage(log).content).toContain('Something went wrong');
      expect(logs.some((l) => l.level === 'error' && l.msg === 'discord: command failed')).toBe(true);
    } finally {
      delete botOptions.failing;
    }
  });

  it('posts a 60-paper digest split into messages within every limit, in order, with buttons', async () => {
    const sixty = papers.slice(0, 60);
    await adapter.post({ platform: 'discord', workspace: GUILD, channel: OTHER }, digestOf(sixty));
    const messages = fake.channelMessages(OTHER);
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) expectWithinLimits(m);
    const ids = messages.flatMap((m) => (m.embeds as { url: string }[]).map((e) => e.url.replace('https://arxiv.org/abs/', '')));
    expect(ids).toEqual(sixty.map((p) => p.id));
    expect(messages[0]?.content).toContain('Paperboy digest for #papers');
    const buttons = messages.flatMap((m) => (m.components as { components: { custom_id: string; label: string }[] }[]).flatMap((r) => r.components));
    expect(buttons.map((b) => b.custom_id)).toContain(`pb:subscribe-like ${sixty[59]!.id}`);
    expect(buttons).toHaveLength(180);
  });

  it('neutralises mentions from paper text and pings only the subscriber of a section', async () => {
    const injected = papers.slice(0, 4).map((p, i) => ({ ...p, title: i === 0 ? '@everyone <@123456789012345678> @here look' : p.title }));
    const digest = digestOf(injected, { mention: { userId: ALICE, name: 'Alice' } });
    digest.sections[0]!.heading = '@here <@&987654321098765432> Top papers';
    await adapter.post({ platform: 'discord', workspace: GUILD, channel: CHANNEL }, digest);
    const messages = fake.channelMessages(CHANNEL).slice(-2);
    expect(messages[0]?.allowed_mentions).toEqual({ parse: [] });
    expect((messages[0]?.embeds as Embed[])[0]?.title).toContain('@everyone');
    expect(messages[1]?.allowed_mentions).toEqual({ parse: [], users: [ALICE] });
    expect(messages[1]?.content).toContain(`<@${ALICE}>`);

    botOptions.override = { show: { kind: 'papers', title: '@everyone', items: [{ paper: injected[0]!, actions: [] }], page: 1, pageSize: 1, total: 1, visibility: 'ephemeral' } };
    try {
      const log = await interact(buttonClick(`pb:show ${injected[0]!.id}`));
      expect(firstMessage(log).allowed_mentions).toEqual({ parse: [] });
    } finally {
      delete botOptions.override;
    }
  });

  it('maps refusals to PostError, waits out a 429, and keeps posting to other channels', async () => {
    const target = (channel: string) => ({ platform: 'discord' as const, workspace: GUILD, channel });
    const reply: Reply = { kind: 'message', lines: ['one message'], visibility: 'channel' };
    await expect(adapter.post(target(GONE), reply)).rejects.toMatchObject({ name: 'PostError', code: 'not_found', retryable: false });
    await expect(adapter.post(target(LOCKED), reply)).rejects.toMatchObject({ code: 'forbidden', retryable: false });
    await expect(adapter.post(target(BROKEN), reply)).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    await expect(adapter.post(target('not-a-channel'), reply)).rejects.toBeInstanceOf(PostError);
    await expect(adapter.post({ ...target(CHANNEL), platform: 'slack' }, reply)).rejects.toMatchObject({ code: 'wrong_platform' });
    await adapter.post(target(BUSY), reply);
    const busy = fake.rest.filter((c) => c.path === `/api/v10/channels/${BUSY}/messages`).map((c) => c.status);
    expect(busy).toEqual([429, 200]);
    const before = fake.channelMessages(OTHER).length;
    await adapter.post(target(OTHER), reply);
    expect(fake.channelMessages(OTHER).length).toBe(before + 1);
  });

  it('survives a gateway disconnect: resumes the session, then answers commands and posts again', async () => {
    const resumed = new Promise<void>((resolve) => adapter.client.once('shardResume', () => resolve()));
    fake.dropConnection(4000);
    await resumed;
    expect(fake.opsReceived(6)).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.gatewayLog.filter((g) => g.dir === 'connect')).toHaveLength(2);
    const log = await interact(chatInput(['help']));
    expect(firstMessage(log).embeds).toBeDefined();
    const before = fake.channelMessages(OTHER).length;
    await adapter.post({ platform: 'discord', workspace: GUILD, channel: OTHER }, digestOf(papers.slice(0, 3)));
    // Two sections, two messages.
    expect(fake.channelMessages(OTHER).length).toBe(before + 2);
    expect(logs.some((l) => l.msg === 'discord: gateway resumed')).toBe(true);
    expect(logs.some((l) => l.msg === 'discord: gateway connection lost; reconnecting')).toBe(true);
  });

  it('identifies again when Discord refuses to resume, and keeps answering', async () => {
    const identified = fake.identifies.length;
    fake.refuseNextResume();
    fake.dropConnection(4000);
    await fake.waitFor(() => fake.identifies.length === identified + 1 && fake.gatewayLog.at(-1)?.t === 'READY', 'a fresh IDENTIFY and READY');
    await fake.waitFor(() => adapter.client.isReady() && adapter.client.ws.status === 0, 'the client ready again');
    const log = await interact(chatInput(['list']));
    expect(firstMessage(log).embeds).toBeDefined();
  });

  it('fails a post fast and retryable when a rate limit is longer than it will wait, without blocking other channels', async () => {
    const patient = createDiscordAdapter({ token: 'fake.bot.token', applicationId: FAKE_APP_ID, apiUrl: fake.api, logger, restRetries: 0, maxRateLimitWaitMs: 100 });
    // Never started: posting needs only REST.
    const slowChannel = '510000000000000006';
    fake.rateLimitNext(slowChannel, 30);
    const reply: Reply = { kind: 'message', lines: ['hello'], visibility: 'channel' };
    await expect(patient.post({ platform: 'discord', workspace: GUILD, channel: slowChannel }, reply)).rejects.toMatchObject({ code: 'rate_limited', retryable: true });
    const before = fake.channelMessages(OTHER).length;
    await patient.post({ platform: 'discord', workspace: GUILD, channel: OTHER }, reply);
    expect(fake.channelMessages(OTHER).length).toBe(before + 1);
    await patient.stop();
  });

  it('registers the command definitions through `discord register`, per guild or globally', async () => {
    const env = { DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.api };
    const summary = await registerFromEnv(env, { guild: GUILD });
    expect(summary).toBe(`Registered /papers with 17 subcommands for application ${FAKE_APP_ID} in server ${GUILD} (available now).`);
    expect(fake.commands.at(-1)).toEqual({ route: `/api/v10/applications/${FAKE_APP_ID}/guilds/${GUILD}/commands`, body: buildCommandDefinitions() });
    await registerFromEnv(env);
    expect(fake.commands.at(-1)?.route).toBe(`/api/v10/applications/${FAKE_APP_ID}/commands`);
    await expect(registerFromEnv(env, { guild: 'general' })).rejects.toThrow('--guild must be a server id');
    await expect(registerFromEnv({ ...env, DISCORD_TOKEN: '' })).rejects.toThrow('DISCORD_TOKEN');
  });
});
