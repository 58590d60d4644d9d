// A ChatAdapter contract harness over the Discord adapter: a real discord.js Client against the local fake Discord.
import type { ChannelTarget } from '../../src/adapter.js';
import { createDiscordAdapter } from '../../adapters/discord/adapter.js';
import { FAKE_APP_ID, startFakeDiscord, type InteractionLog } from '../discord/fake-discord.js';
import { ALICE, CHANNEL, chatInput, GUILD, MANAGER_PERMS, MEMBER_PERMS } from '../discord/payloads.js';
import type { Harness } from './contract.js';

const ADMIN = '600000000000000009';
const OTHER = '510000000000000005';
const GONE = '510000000000000001';
const EPHEMERAL = 64;

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };

/** Discord markdown as a reader sees it: escaping backslashes gone. */
function readMarkdown(text: string): string {
  return text.replace(/\\([^\w\s])/g, '$1');
}

/** The visible text of one message body: content, then each embed's title, description, fields and footer. */
function flatten(body: Json): string {
  const parts: string[] = [];
  if (typeof body.content === 'string') parts.push(body.content);
  for (const e of (body.embeds ?? []) as Embed[]) {
    parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return readMarkdown(parts.filter(Boolean).join('\n'));
}

/**
 * Who a posted message may ping: every `allowed_mentions.parse` entry (Discord would ping whatever the text names),
 * allowed users the content names, allowed users it does not (`allowed-unused:`), and allowed roles.
 */
function pingsOf(body: Json): string[] {
  const allowed = body.allowed_mentions as { parse?: string[]; users?: string[]; roles?: string[] } | undefined;
  if (!allowed) return ['no allowed_mentions: Discord parses every mention'];
  const content = typeof body.content === 'string' ? body.content : '';
  return [
    ...(allowed.parse ?? []).map((p) => `parse:${p}`),
    ...(allowed.users ?? []).map((u) => (content.includes(`<@${u}>`) || content.includes(`<@!${u}>`) ? u : `allowed-unused:${u}`)),
    ...(allowed.roles ?? []).map((r) => `role:${r}`),
  ];
}

/** The messages that answered an interaction, and whether they are the caller's alone. */
function answerOf(log: InteractionLog): { bodies: Json[]; private: boolean } {
  const direct = log.callbacks.filter((c) => c.type === 4).map((c) => c.data ?? {});
  const deferral = log.callbacks.find((c) => c.type === 5);
  const first = direct[0] ?? (deferral ? { flags: deferral.data?.flags ?? 0 } : undefined);
  const bodies = [...direct, ...log.edits, ...log.followUps] as Json[];
  const flagsOf = (b: Json | undefined) => Number(b?.flags ?? 0);
  const isPrivate = (log.originalDeleted || (flagsOf(first) & EPHEMERAL) !== 0) && log.followUps.every((f) => (flagsOf(f as Json) & EPHEMERAL) !== 0);
  return { bodies, private: isPrivate };
}

export async function discordHarness(): Promise<Harness> {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 1000, failChannels: { [GONE]: 404 } });
  const logger = { info: () => {}, warn: () => {}, error: () => {} };
  const adapter = createDiscordAdapter({ token: 'fake.bot.token', applicationId: FAKE_APP_ID, apiUrl: fake.api, logger, deferAfterMs: 300, completeTimeoutMs: 300, restRetries: 0 });

  return {
    adapter,
    caller: { workspace: GUILD, channel: CHANNEL, users: { member: ALICE, admin: ADMIN } },
    channels: { main: CHANNEL, other: OTHER, failing: GONE },
    mentionUser: ALICE,
    target: (channel: string): ChannelTarget => ({ platform: 'discord', workspace: GUILD, channel }),
    async invoke(command, role) {
      const payload = chatInput(command.path, command.values ?? {}, role === 'admin' ? { user: ADMIN, permissions: MANAGER_PERMS } : { user: ALICE, permissions: MEMBER_PERMS });
      fake.dispatch('INTERACTION_CREATE', payload);
      const log = fake.interaction(payload.token);
      await fake.waitFor(() => log.callbacks.some((c) => c.type === 4) || log.edits.length > 0 || log.followUps.length > 0, `an answer to ${payload.token}`);
      const answer = answerOf(log);
      return { text: answer.bodies.map(flatten).join('\n'), private: answer.private };
    },
    async posted(channel) {
      return fake.channelMessages(channel).map(flatten);
    },
    async pings(channel) {
      return fake.channelMessages(channel).flatMap(pingsOf);
    },
    async close() {
      await fake.close();
    },
  };
}
