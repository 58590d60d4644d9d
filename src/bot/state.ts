// The bot's own records over a KeyValueStore: channel settings, people's subscriptions, and what was posted where.
// Each record is one value under one key, so every change is a single atomic write.
import type { Json, KeyValueStore } from '../state/kv.js';
import type { ChannelTarget, Caller, Platform } from '../adapter.js';
import type { ChannelSettings } from '../config.js';

export const NAMESPACES = ['channels', 'people', 'posted', 'digests'] as const;

export interface ChannelRecord {
  target: ChannelTarget;
  settings: ChannelSettings;
  updatedAt: string;
  updatedBy?: string;
}

/** One person's interests in one workspace; their section appears in the channels where they subscribed. */
export interface PersonRecord {
  platform: Platform;
  workspace: string;
  user: string;
  name?: string;
  /** Canonical profile lines, one per subscribe. */
  profiles: string[];
  channels: string[];
  updatedAt: string;
}

/** What a channel's digest of one day posted. */
export interface DigestRecord {
  date: string;
  postedAt: string;
  ids: string[];
  notice?: string;
}

export interface PostedMark {
  date: string;
  version: number;
}

export function channelKey(t: ChannelTarget): string {
  return `${t.platform}:${t.workspace}:${t.channel}`;
}

export function personKey(c: Pick<Caller, 'platform' | 'workspace' | 'user'>): string {
  return `${c.platform}:${c.workspace}:${c.user}`;
}

export class BotState {
  constructor(readonly store: KeyValueStore) {}

  async channel(target: ChannelTarget): Promise<ChannelRecord | undefined> {
    return (await this.store.get('channels', channelKey(target))) as ChannelRecord | undefined;
  }

  async saveChannel(record: ChannelRecord): Promise<void> {
    await this.store.set('channels', channelKey(record.target), record as unknown as Json);
  }

  async channels(): Promise<ChannelRecord[]> {
    const out: ChannelRecord[] = [];
    for await (const [, value] of this.store.entries('channels')) out.push(value as unknown as ChannelRecord);
    return out;
  }

  async person(caller: Pick<Caller, 'platform' | 'workspace' | 'user'>): Promise<PersonRecord | undefined> {
    return (await this.store.get('people', personKey(caller))) as PersonRecord | undefined;
  }

  async savePerson(record: PersonRecord): Promise<void> {
    if (record.profiles.length === 0) await this.store.delete('people', personKey(record));
    else await this.store.set('people', personKey(record), record as unknown as Json);
  }

  /** People with a section in this channel's digest. */
  async subscribers(target: ChannelTarget): Promise<PersonRecord[]> {
    const out: PersonRecord[] = [];
    for await (const [, value] of this.store.entries('people')) {
      const p = value as unknown as PersonRecord;
      if (p.platform === target.platform && p.workspace === target.workspace && p.channels.includes(target.channel)) out.push(p);
    }
    return out;
  }

  /** Which of these papers were already posted to the channel, and as which version. */
  async postedMarks(target: ChannelTarget, ids: string[]): Promise<Map<string, PostedMark>> {
    const key = channelKey(target);
    const marks = await Promise.all(ids.map((id) => this.store.get('posted', `${key}|${id}`)));
    const out = new Map<string, PostedMark>();
    marks.forEach((m, i) => {
      if (m) out.set(ids[i]!, m as unknown as PostedMark);
    });
    return out;
  }

  async markPosted(target: ChannelTarget, date: string, papers: { id: string; version: number }[]): Promise<void> {
    const key = channelKey(target);
    await Promise.all(papers.map((p) => this.store.set('posted', `${key}|${p.id}`, { date, version: p.version })));
  }

  async digestRecord(target: ChannelTarget, date: string): Promise<DigestRecord | undefined> {
    return (await this.store.get('digests', `${channelKey(target)}@${date}`)) as DigestRecord | undefined;
  }

  async saveDigestRecord(target: ChannelTarget, record: DigestRecord): Promise<void> {
    await this.store.set('digests', `${channelKey(target)}@${record.date}`, record as unknown as Json);
  }
}
