// Digest composition: a channel's ranked papers of one day, then each subscriber's own section; deduped across days.
import type { Archive } from '../archive/archive.js';
import type { ChannelTarget } from '../adapter.js';
import type { ChannelSettings } from '../config.js';
import type { Paper } from '../paper.js';
import type { RankedPaper } from '../ranking.js';
import { paperActions, type DigestReply, type DigestSection, type PaperItem } from '../reply.js';
import type { BotState, PersonRecord } from './state.js';

/** What digest composition needs from ranking: the same profile language everywhere. */
export interface Ranking {
  rank(profileLine: string, papers: Paper[], opts: { limit: number }): RankedPaper[];
  /** Scores many profiles against the same papers in one pass. */
  rankMany(profiles: Map<string, string>, papers: Paper[], opts: { limit: number }): Promise<Map<string, RankedPaper[]>>;
  /** One profile line holding the terms of several (a person's subscriptions). */
  combine(profileLines: string[]): string;
  /** A short human form of a profile line, for headings. */
  describe(profileLine: string): string;
}

export interface DigestDeps {
  archive: Archive;
  state: BotState;
  ranking: Ranking;
  personalLimit: number;
}

export interface ComposedDigest {
  reply: DigestReply;
  /** Papers the digest shows (to mark as posted when it is posted). */
  shown: Paper[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function weekdayOf(day: string): string {
  return WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()]!;
}

/** Why a day has no papers, in words a user will not take for a bug. */
export function noAnnouncementNotice(day: string, categories: string[]): string {
  const weekday = weekdayOf(day);
  const why = weekday === 'Saturday' || weekday === 'Sunday' ? 'weekend' : 'holiday, or not announced yet';
  return `No new arXiv announcement in ${categories.join(', ')} on ${weekday} ${day} (${why}).`;
}

function inChannel(paper: Paper, settings: ChannelSettings): 'new' | 'cross-list' | null {
  if (settings.categories.includes(paper.primaryCategory)) return 'new';
  if (paper.categories.some((c) => settings.categories.includes(c))) return settings.crossLists ? 'cross-list' : null;
  return null;
}

function item(paper: Paper, status: PaperItem['status'], ranked?: RankedPaper): PaperItem {
  return { paper, status, score: ranked?.score, matched: ranked?.matched, actions: paperActions(paper) };
}

/**
 * Composes the digest of `date` for a channel. Papers already posted to the channel on another day are left out;
 * a newer version of one comes back as "updated" only where the channel asks for updates.
 */
export async function composeDigest(
  deps: DigestDeps,
  target: ChannelTarget,
  settings: ChannelSettings,
  date: string,
): Promise<ComposedDigest> {
  const title = `arXiv ${settings.categories.join(', ')}: ${weekdayOf(date)} ${date}`;
  const listed = await deps.archive.listedOn(date);
  const updated = settings.updates ? await deps.archive.updatedOn(date) : [];

  const status = new Map<string, PaperItem['status']>();
  const candidates: Paper[] = [];
  for (const paper of listed) {
    const s = inChannel(paper, settings);
    if (s) {
      status.set(paper.id, s);
      candidates.push(paper);
    }
  }
  const newCount = candidates.length;
  let updatedCount = 0;
  for (const paper of updated) {
    if (!status.has(paper.id) && inChannel(paper, settings)) {
      status.set(paper.id, 'updated');
      candidates.push(paper);
      updatedCount++;
    }
  }

  const empty = (notice: string, summary: string): ComposedDigest => ({
    reply: { kind: 'digest', date, title, sections: [], notice, summary, visibility: 'channel' },
    shown: [],
  });
  if (candidates.length === 0) return empty(noAnnouncementNotice(date, settings.categories), 'no new papers');

  // Dedup across days: a paper posted on another day is shown again only as a newer version, and only with updates on.
  const marks = await deps.state.postedMarks(target, candidates.map((p) => p.id));
  const fresh = candidates.filter((p) => {
    const mark = marks.get(p.id);
    if (!mark || mark.date === date) return true;
    if (settings.updates && p.version > mark.version) {
      status.set(p.id, 'updated');
      return true;
    }
    return false;
  });
  const counts = `${newCount} new${settings.updates ? `, ${updatedCount} updated` : ''}`;
  if (fresh.length === 0) return empty(`All ${candidates.length} papers of ${date} were already posted here.`, counts);

  const sections: DigestSection[] = [];
  const shown = new Map<string, Paper>();
  const channelItems = settings.profile.trim()
    ? deps.ranking.rank(settings.profile, fresh, { limit: settings.limit }).map((r) => item(r.paper, status.get(r.paper.id), r))
    : fresh.slice(0, settings.limit).map((p) => item(p, status.get(p.id)));
  if (channelItems.length > 0) {
    sections.push({ heading: settings.profile.trim() ? `Top papers for ${deps.ranking.describe(settings.profile)}` : 'New papers', items: channelItems });
    for (const i of channelItems) shown.set(i.paper.id, i.paper);
  }

  const people = await deps.state.subscribers(target);
  if (people.length > 0) {
    const remaining = fresh.filter((p) => !shown.has(p.id));
    const byPerson = new Map<string, PersonRecord>(people.map((p) => [p.user, p]));
    const profiles = new Map(people.map((p) => [p.user, deps.ranking.combine(p.profiles)]));
    const ranked = await deps.ranking.rankMany(profiles, remaining, { limit: deps.personalLimit });
    for (const [user, results] of [...ranked].sort(([a], [b]) => a.localeCompare(b))) {
      if (results.length === 0) continue;
      const person = byPerson.get(user)!;
      const who = person.name ?? user;
      sections.push({
        heading: `@${who}: ${results.length} paper${results.length === 1 ? '' : 's'} for ${deps.ranking.describe(profiles.get(user)!)}`,
        mention: { userId: user, name: person.name },
        items: results.map((r) => item(r.paper, status.get(r.paper.id), r)),
      });
      for (const r of results) shown.set(r.paper.id, r.paper);
    }
  }

  const summary = `${counts} in ${settings.categories.join(', ')}; ${shown.size} shown`;
  if (shown.size === 0) return empty(`${fresh.length} new papers on ${date}, none matched this channel's profile or its subscribers.`, counts);
  return { reply: { kind: 'digest', date, title, sections, summary, visibility: 'channel' }, shown: [...shown.values()] };
}
