// Posts one channel's digest for one scheduled slot, and records what was posted so no paper goes out twice.
import type { ChannelTarget, ChatAdapter, Platform } from '../adapter.js';
import type { ChannelSettings } from '../config.js';
import type { ComposedDigest } from './digest.js';
import type { BotState } from './state.js';
import { localDate } from '../schedule/when.js';

export interface PosterDeps {
  adapters: Map<Platform, ChatAdapter>;
  state: BotState;
  settings(target: ChannelTarget): Promise<ChannelSettings>;
  compose(target: ChannelTarget, date: string, settings: ChannelSettings): Promise<ComposedDigest>;
  now(): Date;
}

export function targetFromKey(key: string): ChannelTarget {
  const [platform, workspace, ...channel] = key.split(':');
  return { platform: platform as Platform, workspace: workspace!, channel: channel.join(':') };
}

/**
 * Runs one slot: the digest of the slot's local day. `nothing` when there is nothing to say (paused, or a quiet
 * channel on a day with no announcement); `posted` once the platform has it and it is recorded.
 */
export async function postDigest(deps: PosterDeps, target: ChannelTarget, slot: Date): Promise<'posted' | 'nothing' | 'skipped'> {
  const adapter = deps.adapters.get(target.platform);
  if (!adapter) return 'skipped';
  const settings = await deps.settings(target);
  if (settings.paused) return 'nothing';
  const date = localDate(slot, settings.timezone);
  const already = await deps.state.digestRecord(target, date);
  if (already) return 'nothing';
  const { reply, shown } = await deps.compose(target, date, settings);
  if (shown.length === 0 && settings.quietOnEmpty) return 'nothing';
  await adapter.post(target, reply);
  // Recorded after the platform accepted the post: a crash in between may repeat this one post, never skip it.
  await deps.state.markPosted(target, date, shown);
  await deps.state.saveDigestRecord(target, { date, postedAt: deps.now().toISOString(), ids: shown.map((p) => p.id), notice: reply.kind === 'digest' ? reply.notice : undefined });
  return 'posted';
}
