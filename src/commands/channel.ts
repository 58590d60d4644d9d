// /papers channel ... (settings, channel admins only) and /papers digest for the channel.
import { error, message, type Reply } from '../reply.js';
import { channelSettingsSchema, type ChannelSettings } from '../config.js';
import { isCategory } from '../paper.js';
import type { ChannelTarget } from '../adapter.js';
import { composeDigest } from '../bot/digest.js';
import { CHANNEL_GROUP } from './spec.js';
import { isValidTimeZone, localDate } from '../schedule/when.js';
import type { CommandContext } from './context.js';

export function targetOf(ctx: CommandContext): ChannelTarget {
  const { platform, workspace, channel } = ctx.request;
  return { platform, workspace, channel };
}

export async function settingsOf(ctx: CommandContext): Promise<ChannelSettings> {
  const record = await ctx.deps.state.channel(targetOf(ctx));
  return record?.settings ?? ctx.deps.defaultSettings(targetOf(ctx));
}

function describe(s: ChannelSettings): string[] {
  return [
    `Profile: ${s.profile || '(none: all papers of its categories)'}`,
    `Categories: ${s.categories.join(' ')}`,
    `Posted: ${s.schedule} (${s.timezone})${s.paused ? ' (paused)' : ''}`,
    `Papers per digest: ${s.limit}; cross-lists ${s.crossLists ? 'on' : 'off'}; updates ${s.updates ? 'on' : 'off'}`,
  ];
}

function usage(sub: string): string {
  const spec = CHANNEL_GROUP.subcommands.find((c) => c.name === sub);
  return spec ? `/papers ${spec.usage}` : '/papers help channel';
}

function onOff(value: string | undefined): boolean | null {
  const v = value?.toLowerCase();
  return v === 'on' || v === 'true' || v === 'yes' ? true : v === 'off' || v === 'false' || v === 'no' ? false : null;
}

/** Validates one setting change; returns the changed field or an error reply. */
function change(ctx: CommandContext, sub: string): Partial<ChannelSettings> | Reply {
  const value = ctx.rest.trim();
  const bad = (text: string) => error('bad_argument', text, usage(sub));
  switch (sub) {
    case 'profile': {
      if (!value) return bad('Give the channel\'s profile line.');
      if (value.length > ctx.deps.config.limits.queryLength) return error('too_long', `That profile is ${value.length} characters; the limit is ${ctx.deps.config.limits.queryLength}.`);
      if (value.toLowerCase() === 'none') return { profile: '' };
      const parsed = ctx.deps.profiles.normalize(value);
      return parsed.ok ? { profile: parsed.line } : error('bad_argument', parsed.message, parsed.hint);
    }
    case 'categories': {
      const cats = value.split(/[\s,]+/).filter(Boolean);
      const wrong = cats.find((c) => !isCategory(c));
      if (cats.length === 0 || cats.length > 20) return bad('Give 1 to 20 categories, e.g. cs.CV cs.RO.');
      if (wrong) return bad(`"${wrong.slice(0, 40)}" is not an arXiv category (e.g. cs.CV, eess.IV).`);
      return { categories: [...new Set(cats)] };
    }
    case 'time': {
      const checked = ctx.deps.validateSchedule(value);
      return checked.ok ? { schedule: value } : bad(checked.message);
    }
    case 'timezone':
      return isValidTimeZone(value) ? { timezone: value } : bad(`"${value.slice(0, 60)}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`);
    case 'limit': {
      const n = Number(value);
      return /^\d+$/.test(value) && n >= 1 && n <= 50 ? { limit: n } : bad('Give a number from 1 to 50.');
    }
    case 'crosslists':
    case 'updates': {
      const v = onOff(ctx.args[0]?.value);
      if (v === null || ctx.args.length !== 1) return bad('Say on or off.');
      return sub === 'crosslists' ? { crossLists: v } : { updates: v };
    }
    case 'pause':
    case 'resume':
      if (value) return bad(`"channel ${sub}" takes no arguments.`);
      return { paused: sub === 'pause' };
    default:
      return error('unknown_command', `There is no setting "${sub.slice(0, 40)}".`, '/papers help channel');
  }
}

export async function channel(ctx: CommandContext, sub: string | undefined): Promise<Reply> {
  const settings = await settingsOf(ctx);
  if (!sub || sub === 'show') {
    if (ctx.rest.trim()) return error('bad_argument', '"channel show" takes no arguments.', usage('show'));
    return message(describe(settings), { title: 'Channel settings' });
  }
  const spec = CHANNEL_GROUP.subcommands.find((c) => c.name === sub);
  if (!spec) return error('unknown_command', `There is no setting "${sub.slice(0, 40)}".`, '/papers help channel');
  if (!ctx.request.isAdmin) {
    return error('forbidden', 'Sorry, only channel admins can change this channel\'s settings. Ask one of them, or use /papers subscribe for your own topics.');
  }
  const changed = change(ctx, sub);
  if ('kind' in changed) return changed;
  const next = channelSettingsSchema.parse({ ...settings, ...changed });
  const record = { target: targetOf(ctx), settings: next, updatedAt: ctx.deps.now().toISOString(), updatedBy: ctx.request.user };
  await ctx.deps.state.saveChannel(record);
  ctx.deps.onChannelChange?.(record);
  return message(['Saved.', ...describe(next)], { title: 'Channel settings', visibility: 'channel' });
}

/** `today`/`yesterday` in the channel's time zone, a date, or (no argument) the newest day in the archive. */
async function resolveDay(ctx: CommandContext, settings: ChannelSettings): Promise<string | Reply> {
  const arg = ctx.args[0]?.value.toLowerCase();
  if (ctx.args.length > 1) return error('bad_argument', 'Give one day.', '/papers digest [today|yesterday|YYYY-MM-DD]');
  const local = (offsetDays: number) => localDate(new Date(ctx.deps.now().getTime() - offsetDays * 86_400_000), settings.timezone);
  if (!arg) {
    const [latest] = await ctx.deps.archive.days(1);
    return latest ?? local(0);
  }
  if (arg === 'today') return local(0);
  if (arg === 'yesterday') return local(1);
  if (/^\d{4}-\d{2}-\d{2}$/.test(arg) && !Number.isNaN(Date.parse(arg))) return arg;
  return error('bad_argument', `"${arg.slice(0, 40)}" is not a day.`, '/papers digest [today|yesterday|YYYY-MM-DD]');
}

export async function digest(ctx: CommandContext): Promise<Reply> {
  const settings = await settingsOf(ctx);
  const day = await resolveDay(ctx, settings);
  if (typeof day !== 'string') return day;
  const { archive, state, ranking, config } = ctx.deps;
  const composed = await composeDigest({ archive, state, ranking, personalLimit: config.limits.personalPapers }, targetOf(ctx), settings, day);
  return { ...composed.reply, visibility: 'ephemeral' };
}
