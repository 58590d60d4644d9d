// The platform-neutral reply model: what the engine answers; the console, Slack and Discord only render it.
import type { Paper } from './paper.js';
import type { Match } from './ranking.js';

/** Who sees a reply: only the caller, or the whole channel. */
export type Visibility = 'ephemeral' | 'channel';

/** A button under a paper; clicking it runs `command` (text after `/papers`) as the clicking user. */
export interface PaperAction {
  kind: 'abstract' | 'similar' | 'subscribe';
  label: string;
  command: string;
}

export interface PaperItem {
  paper: Paper;
  /** Present when ranked. */
  score?: number;
  matched?: Match[];
  /** new: first announced that day; updated: a new version of an older paper; cross-list: primary elsewhere. */
  status?: 'new' | 'updated' | 'cross-list';
  actions: PaperAction[];
}

export interface DigestSection {
  /** `Top papers for #vision`, `@alice: 3 papers for diffusion`. */
  heading: string;
  /** The person this section is for (mentioned by the adapter in its own syntax). */
  mention?: { userId: string; name?: string };
  items: PaperItem[];
}

export interface DigestReply {
  kind: 'digest';
  /** The announcement day, `YYYY-MM-DD`. */
  date: string;
  title: string;
  sections: DigestSection[];
  /** Set when there is nothing to show and why ("no new arXiv announcement on Saturday 2020-11-21 (weekend)"). */
  notice?: string;
  /** One-line counts ("41 new, 3 updated; 12 shown"). */
  summary: string;
  visibility: Visibility;
}

export interface PapersReply {
  kind: 'papers';
  title: string;
  items: PaperItem[];
  /** 1-based page, results per page and total hits. */
  page: number;
  pageSize: number;
  total: number;
  /** The command that shows the next page, when there is one. */
  next?: string;
  notice?: string;
  visibility: Visibility;
}

export interface MessageReply {
  kind: 'message';
  title?: string;
  /** Plain text lines: adapters escape them; nothing in them is markup. */
  lines: string[];
  visibility: Visibility;
}

export interface ErrorReply {
  kind: 'error';
  /** Stable machine code: `unknown_command`, `bad_argument`, `forbidden`, `too_long`, `limit`, `not_found`, `internal`. */
  code: string;
  message: string;
  /** The right usage, when the error is about how a command was written. */
  usage?: string;
  visibility: Visibility;
}

export type Reply = DigestReply | PapersReply | MessageReply | ErrorReply;

export function message(lines: string[] | string, opts: { title?: string; visibility?: Visibility } = {}): MessageReply {
  return { kind: 'message', lines: Array.isArray(lines) ? lines : [lines], title: opts.title, visibility: opts.visibility ?? 'ephemeral' };
}

export function error(code: string, messageText: string, usage?: string): ErrorReply {
  return { kind: 'error', code, message: messageText, usage, visibility: 'ephemeral' };
}

/** The default buttons for a paper. */
export function paperActions(paper: Paper): PaperAction[] {
  return [
    { kind: 'abstract', label: 'Abstract', command: `show ${paper.id}` },
    { kind: 'similar', label: 'More like this', command: `similar ${paper.id}` },
    { kind: 'subscribe', label: 'Subscribe', command: `subscribe-like ${paper.id}` },
  ];
}
