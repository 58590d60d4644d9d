// The small part of Slack's Block Kit JSON we send, Slack's documented limits, and mrkdwn escaping.

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does no auto-linking or mention parsing of its own; only our explicit `<...>` markup counts. */
  verbatim?: boolean;
}

export interface Button {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'header'; text: PlainText; block_id?: string }
  | { type: 'section'; text: Mrkdwn; block_id?: string }
  | { type: 'context'; elements: Mrkdwn[]; block_id?: string }
  | { type: 'actions'; elements: Button[]; block_id?: string }
  | { type: 'divider'; block_id?: string };

/** One Slack message: blocks plus the plain `text` Slack shows in notifications and where blocks cannot render. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits (api.slack.com/reference/block-kit), with the text fallback kept well under its ~4000. */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  fallbackText: 3000,
  /** Our own cap on all block text of one message, so a message's JSON stays far from Slack's size refusal. */
  messageChars: 12_000,
  /** Messages one slash command may send on its response_url. */
  responsesPerCommand: 5,
} as const;

/** Escapes the three characters Slack treats as markup, so paper text can never form a link or a mention. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The escaped length of `text` without building it. */
export function escapedLength(text: string): number {
  let n = text.length;
  for (const ch of text) if (ch === '&') n += 4;
  else if (ch === '<' || ch === '>') n += 3;
  return n;
}

/** Collapses whitespace (line breaks, double spaces marking lost paragraphs) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to at most `max` characters at a word boundary when one is near, marking the cut with `…`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.7) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Length of the longest prefix of `text` whose escaped form fits `max`, cut at a space when one is near. */
export function fitPrefix(text: string, max: number): number {
  let n = 0;
  let size = 0;
  for (const ch of text) {
    const add = ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
    if (size + add > max) break;
    size += add;
    n += ch.length;
  }
  if (n >= text.length) return n;
  const space = text.lastIndexOf(' ', n);
  return space > n * 0.7 ? space : Math.max(1, n);
}

export function plain(text: string, max: number = LIMITS.headerText): PlainText {
  // Control characters would make Slack refuse the block.
  return { type: 'plain_text', text: clip(oneLine(text.replace(/[\u0000-\u001f\u007f]/g, ' ')) || ' ', max), emoji: true };
}

export function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Characters of text a block carries (what the per-message budget counts). */
export function blockChars(block: Block): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length + (e.value?.length ?? 0) + (e.url?.length ?? 0), 0);
    case 'divider':
      return 0;
  }
}
