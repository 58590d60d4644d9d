// Renders the reply model as Discord messages (embeds + button rows) that always fit Discord's message limits.
import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import { absUrl } from '../../src/paper.js';
import type { DigestReply, ErrorReply, MessageReply, PaperAction, PaperItem, PapersReply, Reply } from '../../src/reply.js';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedCharsPerMessage: 6000,
  title: 256,
  description: 4096,
  footer: 2048,
  fieldName: 256,
  fieldValue: 1024,
  rowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Users this one message may ping: only a digest section's own subscriber, never anything found in paper text. */
  mentionUsers: string[];
}

/** What every message is sent with: nothing in the text is parsed as a ping; only `mentionUsers` may be. */
export function allowedMentionsOf(message: DiscordMessage): { parse: []; users?: string[] } {
  return message.mentionUsers.length > 0 ? { parse: [], users: message.mentionUsers } : { parse: [] };
}

const SNOWFLAKE = /^\d{17,20}$/;
const BUTTON_ID = /^pb(\d*):([\s\S]+)$/;
const ABSTRACT_SNIPPET = 300;
const AUTHORS_SHOWN = 8;
const COLORS = { new: 0x2e7d32, updated: 0xf9a825, 'cross-list': 0x757575 } as const;

/**
 * A button's custom_id: `pb:` + the command it runs. Discord refuses two equal ids in one message (the same paper can
 * be in two digest sections), so the n-th repeat becomes `pbN:`. Undefined when the command does not fit in 100 chars:
 * cutting it would run a different command.
 */
export function buttonId(command: string, repeat = 0): string | undefined {
  const id = `pb${repeat > 0 ? repeat : ''}:${command}`;
  return id.length <= LIMITS.customId ? id : undefined;
}

/** The command a button runs, or undefined for ids that are not ours. */
export function parseButtonId(customId: string): string | undefined {
  const m = BUTTON_ID.exec(customId);
  const command = m?.[2]?.trim();
  return command ? command : undefined;
}

/** Characters Discord counts towards a message's 6000 (title, description, fields, footer, author). */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Text from papers and users is never markup: `*`, `_`, `` ` ``, `>` and friends are shown as typed. */
function esc(text: string): string {
  return escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true });
}

/** Cuts to `max` characters with an ellipsis, without leaving a lone escaping backslash at the cut. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/\\+$/, '')}…`;
}

function authorsLine(authors: string[]): string {
  const shown = authors.slice(0, AUTHORS_SHOWN).join(', ');
  return authors.length > AUTHORS_SHOWN ? `${shown} and ${authors.length - AUTHORS_SHOWN} more` : shown;
}

function paperEmbed(item: PaperItem, n: number, fullAbstract: boolean): APIEmbed {
  const p = item.paper;
  const head: string[] = [];
  if (p.authors.length > 0) head.push(`*${esc(authorsLine(p.authors))}*`);
  if (item.matched && item.matched.length > 0) {
    const why = [...item.matched].sort((a, b) => b.score - a.score).slice(0, 6).map((m) => `${esc(m.term)} (${m.field})`);
    head.push(`**Matched:** ${why.join(', ')}`);
  }
  const headText = fit(head.join('\n'), 1500);
  const room = LIMITS.description - headText.length - 2;
  const abstract = esc(p.abstract.replace(/\s+/g, ' ').trim());
  const description = [headText, fit(abstract, fullAbstract ? room : ABSTRACT_SNIPPET)].filter(Boolean).join('\n\n');
  const footer = [`arXiv:${p.id}v${p.version}`, p.categories.slice(0, 5).join(' '), item.status, item.score !== undefined ? `score ${item.score.toFixed(2)}` : undefined]
    .filter(Boolean)
    .join(' · ');
  const embed: APIEmbed = { title: fit(`${n}. ${esc(p.title)}`, LIMITS.title), url: absUrl(p.id), footer: { text: fit(footer, 300) } };
  if (description) embed.description = fit(description, LIMITS.description);
  if (item.status) embed.color = COLORS[item.status];
  // Discord rejects the whole message for a malformed timestamp, so only well-formed ones are sent.
  if (!Number.isNaN(Date.parse(p.published))) embed.timestamp = new Date(p.published).toISOString();
  return embed;
}

interface Block {
  embed: APIEmbed;
  actions: { label: string; command: string; style: ButtonStyle }[];
}

/** A run of blocks that starts a new message (a reply, a digest section). */
interface Part {
  content?: string;
  mention?: string;
  blocks: Block[];
  /** A row under the last message of the part (the Next page button). */
  trailing?: Block['actions'];
}

function itemBlock(item: PaperItem, n: number, fullAbstract: boolean): Block {
  return {
    embed: paperEmbed(item, n, fullAbstract),
    actions: item.actions.map((a: PaperAction) => ({ label: `${n} · ${a.label}`, command: a.command, style: a.kind === 'subscribe' ? ButtonStyle.Primary : ButtonStyle.Secondary })),
  };
}

/** Turns actions into rows, giving repeated commands in the same message distinct ids; drops ones that cannot fit. */
function rowsFor(actions: Block['actions'], used: Map<string, number>): ButtonRow[] {
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const a of actions) {
    const repeat = used.get(a.command) ?? 0;
    const id = buttonId(a.command, repeat);
    if (!id) continue;
    used.set(a.command, repeat + 1);
    buttons.push({ type: ComponentType.Button, style: a.style as ButtonStyle.Primary, label: fit(a.label, LIMITS.buttonLabel), custom_id: id });
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
}

function rowCount(actions: Block['actions']): number {
  return Math.ceil(actions.length / LIMITS.buttonsPerRow);
}

/** Packs parts into messages: at most 10 embeds, 6000 embed characters and 5 button rows each. */
function pack(parts: Part[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  for (const part of parts) {
    let current: DiscordMessage = { embeds: [], components: [], mentionUsers: [] };
    if (part.content) current.content = fit(part.content, LIMITS.content);
    if (part.mention) current.mentionUsers = [part.mention];
    let chars = 0;
    let rows = 0;
    let used = new Map<string, number>();
    const trailingRows = part.trailing ? rowCount(part.trailing) : 0;
    part.blocks.forEach((block, index) => {
      const last = index === part.blocks.length - 1;
      const needRows = rowCount(block.actions) + (last ? trailingRows : 0);
      const length = embedLength(block.embed);
      const full = current.embeds.length + 1 > LIMITS.embedsPerMessage || chars + length > LIMITS.embedCharsPerMessage || rows + needRows > LIMITS.rowsPerMessage;
      if (full && current.embeds.length > 0) {
        messages.push(current);
        current = { embeds: [], components: [], mentionUsers: [] };
        chars = 0;
        rows = 0;
        used = new Map();
      }
      current.embeds.push(block.embed);
      const blockRows = rowsFor(block.actions, used);
      current.components.push(...blockRows);
      chars += length;
      rows += blockRows.length;
    });
    if (part.trailing) current.components.push(...rowsFor(part.trailing, used));
    messages.push(current);
  }
  return messages;
}

function digestParts(reply: DigestReply): Part[] {
  const intro = [`**${esc(reply.title)}**`, reply.summary ? esc(reply.summary) : '', reply.notice ? esc(reply.notice) : ''].filter(Boolean).join('\n');
  const sections = reply.sections.filter((s) => s.items.length > 0);
  // An empty digest must say so: a silent empty post reads as a broken bot.
  if (sections.length === 0) return [{ content: reply.notice ? intro : `${intro}\nNo papers to show.`, blocks: [] }];
  return sections.map((section, i) => {
    const mention = section.mention && SNOWFLAKE.test(section.mention.userId) ? section.mention.userId : undefined;
    const who = mention ? `<@${mention}> ` : section.mention?.name ? `${esc(section.mention.name)}: ` : '';
    const heading = `${who}__${esc(section.heading)}__`;
    return {
      content: i === 0 ? `${intro}\n\n${heading}` : heading,
      mention,
      blocks: section.items.map((item, n) => itemBlock(item, n + 1, false)),
    };
  });
}

function papersParts(reply: PapersReply): Part[] {
  const first = (reply.page - 1) * reply.pageSize + 1;
  const last = first + reply.items.length - 1;
  const lines = [`**${esc(reply.title)}**`];
  if (reply.items.length > 0) lines.push(`Results ${first}–${last} of ${reply.total}`);
  if (reply.notice) lines.push(esc(reply.notice));
  if (reply.items.length === 0 && !reply.notice) lines.push('No results.');
  let trailing: Block['actions'] | undefined;
  if (reply.next) {
    if (buttonId(reply.next)) trailing = [{ label: 'Next page', command: reply.next, style: ButtonStyle.Secondary }];
    else lines.push(`Next page: \`/papers ${reply.next.replace(/`/g, "'")}\``);
  }
  // A single paper (the Abstract button) gets its whole abstract; lists get snippets so five fit in a message.
  const full = reply.items.length === 1;
  return [{ content: lines.join('\n'), blocks: reply.items.map((item, i) => itemBlock(item, first + i, full)), trailing }];
}

/** Splits text into pieces of at most `max` characters, at line breaks when it can. */
function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) pieces.push(current);
      current = '';
      pieces.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    const joined = current ? `${current}\n${rest}` : rest;
    if (joined.length > max) {
      pieces.push(current);
      current = rest;
    } else current = joined;
  }
  if (current) pieces.push(current);
  return pieces;
}

function messageParts(reply: MessageReply): Part[] {
  const text = reply.lines.map(esc).join('\n').trim();
  const title = reply.title ? fit(esc(reply.title), LIMITS.title) : undefined;
  if (!text) return [{ content: title ? `**${title}**` : '(empty)', blocks: [] }];
  const blocks = splitText(text, LIMITS.description).map((description, i): Block => ({
    embed: i === 0 && title ? { title, description } : { description },
    actions: [],
  }));
  return [{ blocks }];
}

function errorParts(reply: ErrorReply): Part[] {
  const lines = [`⚠️ ${esc(reply.message)}`];
  if (reply.usage) lines.push(`Usage: \`/papers ${reply.usage.replace(/`/g, "'")}\``);
  return [{ content: lines.join('\n'), blocks: [] }];
}

/** The messages that show `reply`, in order; each within Discord's limits, none empty. */
export function renderReply(reply: Reply): DiscordMessage[] {
  switch (reply.kind) {
    case 'digest':
      return pack(digestParts(reply));
    case 'papers':
      return pack(papersParts(reply));
    case 'message':
      return pack(messageParts(reply));
    case 'error':
      return pack(errorParts(reply));
  }
}
