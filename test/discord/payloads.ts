// INTERACTION_CREATE payloads shaped like Discord's own (chat input, autocomplete, button), for the fake gateway.
import { FAKE_APP_ID, FAKE_BOT_ID } from './fake-discord.js';

export const GUILD = '400000000000000004';
export const CHANNEL = '500000000000000005';
export const ALICE = '600000000000000006';
/** Permission bit strings as Discord sends them: View Channel + Send Messages, and with Manage Channels. */
export const MEMBER_PERMS = String((1n << 10n) | (1n << 11n));
export const MANAGER_PERMS = String((1n << 10n) | (1n << 11n) | (1n << 4n));
export const ADMIN_PERMS = String(1n << 3n);

let counter = 0;

export interface Who {
  user?: string;
  permissions?: string;
  channel?: string;
}

type Option = { type: number; name: string; value?: string | number | boolean; focused?: boolean; options?: Option[] };

function base(type: number, who: Who) {
  const n = ++counter;
  const user = who.user ?? ALICE;
  const channel = who.channel ?? CHANNEL;
  return {
    id: String(300000000000000000n + BigInt(n)),
    token: `interaction-token-${n}`,
    application_id: FAKE_APP_ID, type, version: 1,
    guild_id: GUILD, channel_id: channel,
    channel: { id: channel, type: 0, guild_id: GUILD, name: 'papers' },
    member: {
      user: { id: user, username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null },
      roles: [], joined_at: '2021-11-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: who.permissions ?? MEMBER_PERMS,
    },
    app_permissions: MEMBER_PERMS, locale: 'en-US', guild_locale: 'en-US', entitlements: [],
    authorizing_integration_owners: { '0': GUILD }, context: 0,
  };
}

/** `path` is `['search']` or `['channel', 'limit']`; values become typed options (3 string, 4 integer, 5 boolean). */
function optionTree(path: string[], values: Record<string, string | number | boolean>, focused?: string): Option[] {
  const leaf: Option[] = Object.entries(values).map(([name, value]) => ({
    type: typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3, name, value, ...(name === focused ? { focused: true } : {}),
  }));
  if (path.length === 2) return [{ type: 2, name: path[0]!, options: [{ type: 1, name: path[1]!, options: leaf }] }];
  return [{ type: 1, name: path[0]!, options: leaf }];
}

export function chatInput(path: string[], values: Record<string, string | number | boolean> = {}, who: Who = {}) {
  return { ...base(2, who), data: { id: '700000000000000007', name: 'papers', type: 1, guild_id: GUILD, options: optionTree(path, values) } };
}

export function autocomplete(path: string[], values: Record<string, string>, focused: string, who: Who = {}) {
  return { ...base(4, who), data: { id: '700000000000000007', name: 'papers', type: 1, guild_id: GUILD, options: optionTree(path, values, focused) } };
}

export function buttonClick(customId: string, who: Who = {}) {
  const b = base(3, who);
  return {
    ...b,
    data: { custom_id: customId, component_type: 2 },
    message: {
      id: '800000000000000008', channel_id: b.channel_id, type: 0, content: 'a digest', embeds: [], components: [],
      author: { id: FAKE_BOT_ID, username: 'paperboy', discriminator: '0', avatar: null, global_name: null, bot: true },
      timestamp: '2021-11-24T09:00:00.000Z', edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
      attachments: [], pinned: false, flags: 0,
    },
  };
}
