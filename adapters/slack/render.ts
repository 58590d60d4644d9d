// Renders the reply model as Block Kit messages within Slack's limits; every piece of paper text is escaped.
import type { DigestReply, DigestSection, ErrorReply, MessageReply, PaperItem, PapersReply, Reply } from '../../src/reply.js';
import { absUrl, pdfUrl } from '../../src/paper.js';
import type { Match } from '../../src/ranking.js';
import {
  LIMITS, blockChars, clip, escapedLength, escapeText, fitPrefix, mrkdwn, oneLine, plain,
  type Block, type Button, type SlackMessage,
} from './blocks.js';

export interface RenderOptions {
  /** Characters of abstract shown under each paper. */
  snippetChars?: number;
  /** Papers in a digest's channel post; the rest go to its thread. */
  headline?: number;
  /** Authors listed before "et al.". */
  authors?: number;
}

const DEFAULTS: Required<RenderOptions> = { snippetChars: 300, headline: 3, authors: 3 };

/** Prefix of action_ids whose button value is a command to run. */
export const COMMAND_ACTION = 'paperboy_cmd';
/** Prefix of action_ids of link buttons (Slack still sends a click for them; it only needs an ack). */
export const LINK_ACTION = 'paperboy_link';

export function shortAuthors(authors: string[], max: number): string {
  const names = authors.map((a) => oneLine(a)).filter(Boolean);
  if (names.length === 0) return 'unknown authors';
  return names.length > max ? `${names.slice(0, max).join(', ')} et al.` : names.join(', ');
}

/** The words to highlight for the matches of a paper: profile syntax (`"..."`, `^2`, `author:`) stripped. */
export function highlightTerms(matched: Match[] | undefined): string[] {
  const terms = new Set<string>();
  for (const m of matched ?? []) {
    if (m.field !== 'title' && m.field !== 'abstract') continue;
    const t = m.term.replace(/^[+]/, '').replace(/\^\d+(\.\d+)?$/, '').replace(/"/g, '').trim();
    if (t.length >= 2 && !t.startsWith('-') && !/^[a-z]+:/i.test(t)) terms.add(t.toLowerCase());
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

function termPattern(terms: string[]): RegExp | null {
  if (terms.length === 0) return null;
  const alternatives = terms.map((term) => {
    const words = term.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // The ranker stems words, so "models" matched "model": highlight the stem and whatever follows it.
    const last = words.pop()!;
    const stem = last.length > 5 ? last.replace(/(ing|ed|es|s)$/i, '') : last;
    return [...words, `${stem}[\\p{L}\\p{N}]*`].join('\\s+');
  });
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu');
}

/** Escapes `text` and wraps the matched terms in mrkdwn bold. */
export function boldTerms(text: string, terms: string[]): string {
  const pattern = termPattern(terms);
  if (!pattern) return escapeText(text);
  let out = '';
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    out += escapeText(text.slice(at, m.index)) + `*${escapeText(m[0])}*`;
    at = m.index + m[0].length;
  }
  return out + escapeText(text.slice(at));
}

/** A window of the abstract: its start, or around the first matched term when that lies further in. */
export function snippet(abstract: string, terms: string[], max: number): string {
  const text = oneLine(abstract);
  if (text.length <= max) return text;
  const pattern = termPattern(terms);
  const first = pattern ? text.search(new RegExp(pattern.source, 'iu')) : -1;
  if (first < 0 || first + 40 < max) return clip(text, max);
  const start = text.lastIndexOf(' ', Math.max(0, first - 60)) + 1;
  return `…${clip(text.slice(start), max - 1)}`;
}

const STATUS: Record<NonNullable<PaperItem['status']>, string> = { new: '', updated: ' _(updated)_', 'cross-list': ' _(cross-list)_' };

function explain(item: PaperItem): string {
  const p = item.paper;
  const parts = [`arXiv:${escapeText(p.id)}${p.version > 1 ? `v${p.version}` : ''}`, escapeText(p.categories.slice(0, 3).join(', ')), escapeText(p.listed)];
  if (item.matched?.length) {
    const why = [...new Set(item.matched.map((m) => (m.field === 'authors' || m.field === 'categories' ? m.term : `${m.term} (${m.field})`)))];
    parts.push(`matched ${escapeText(clip(why.join(', '), 300))}`);
  }
  if (item.score !== undefined && Number.isFinite(item.score)) parts.push(`score ${item.score.toFixed(2)}`);
  return parts.join(' · ');
}

function actionId(kind: string, index: number): string {
  return `${COMMAND_ACTION}_${kind}_${index}`;
}

/** Abstract, arXiv and PDF links, then the paper's other actions. */
export function paperButtons(item: PaperItem): Button[] {
  const buttons: Button[] = [];
  const command = (a: PaperItem['actions'][number], i: number): Button | null =>
    a.command.length > LIMITS.buttonValue ? null : { type: 'button', text: plain(a.label, LIMITS.buttonText), action_id: actionId(a.kind, i), value: a.command };
  const abstract = item.actions.findIndex((a) => a.kind === 'abstract');
  if (abstract >= 0) buttons.push(command(item.actions[abstract]!, abstract)!);
  buttons.push(
    { type: 'button', text: plain('arXiv', LIMITS.buttonText), action_id: `${LINK_ACTION}_abs`, url: absUrl(item.paper.id) },
    { type: 'button', text: plain('PDF', LIMITS.buttonText), action_id: `${LINK_ACTION}_pdf`, url: pdfUrl(item.paper.id, item.paper.version) },
  );
  item.actions.forEach((a, i) => {
    if (i === abstract) return;
    const b = command(a, i);
    if (b) buttons.push(b);
  });
  return buttons.filter(Boolean).slice(0, LIMITS.actionsElements);
}

/** Section text of one paper: linked title, authors, abstract snippet with the matched terms in bold. */
export function paperText(item: PaperItem, opts: Required<RenderOptions> = DEFAULTS): string {
  const p = item.paper;
  const title = escapeText(clip(oneLine(p.title), 300));
  const head = `*<${absUrl(p.id)}|${title}>*${item.status ? STATUS[item.status] : ''}\n${escapeText(clip(shortAuthors(p.authors, opts.authors), 300))}`;
  const terms = highlightTerms(item.matched);
  let chars = opts.snippetChars;
  for (;;) {
    const body = boldTerms(snippet(p.abstract, terms, chars), terms);
    const text = body ? `${head}\n${body}` : head;
    if (text.length <= LIMITS.sectionText || chars < 20) return text.length <= LIMITS.sectionText ? text : head.slice(0, LIMITS.sectionText);
    chars = Math.floor(chars / 2);
  }
}

export function paperBlocks(item: PaperItem, opts: Required<RenderOptions> = DEFAULTS): Block[] {
  return [
    { type: 'section', text: mrkdwn(paperText(item, opts)) },
    { type: 'context', elements: [mrkdwn(explain(item))] },
    { type: 'actions', elements: paperButtons(item) },
  ];
}

/** A section heading; the one intentional mention is the subscriber the section is for. */
export function headingText(section: DigestSection, continued = false): string {
  let heading = oneLine(section.heading);
  let mention = '';
  // A continued heading names the person without pinging them a second time.
  if (section.mention && /^[UW][A-Z0-9]+$/.test(section.mention.userId)) {
    mention = continued ? `@${escapeText(section.mention.name ?? section.mention.userId)} ` : `<@${section.mention.userId}> `;
    for (const prefix of [`@${section.mention.name ?? ''}`, `@${section.mention.userId}`]) {
      if (prefix.length > 1 && heading.startsWith(prefix)) {
        heading = heading.slice(prefix.length).replace(/^[:\s]+/, '');
        break;
      }
    }
  }
  return `${mention}*${escapeText(clip(heading, 500))}*${continued ? ' _(continued)_' : ''}`;
}

/** A group of blocks that must stay in one message (a paper with its buttons), with the text it adds to the fallback. */
interface Unit {
  blocks: Block[];
  fallback: string;
}

function itemUnit(item: PaperItem, opts: Required<RenderOptions>): Unit {
  return { blocks: paperBlocks(item, opts), fallback: `• ${escapeText(clip(oneLine(item.paper.title), 200))}` };
}

function headingUnit(section: DigestSection, continued = false): Unit {
  const text = headingText(section, continued);
  return { blocks: [{ type: 'section', text: mrkdwn(text) }], fallback: text.replace(/\*/g, '') };
}

function textUnits(lines: string[]): Unit[] {
  const units: Unit[] = [];
  let current = '';
  const flush = () => {
    if (current) units.push({ blocks: [{ type: 'section', text: mrkdwn(current) }], fallback: current });
    current = '';
  };
  for (const line of lines) {
    let rest = line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
    while (rest.length > 0) {
      const room = current ? LIMITS.sectionText - current.length - 1 : LIMITS.sectionText;
      if (escapedLength(rest) <= room) {
        current = current ? `${current}\n${escapeText(rest)}` : escapeText(rest);
        break;
      }
      if (current) {
        flush();
        continue;
      }
      // One line longer than a section (a long abstract full of `&`) is spread over several sections.
      const n = fitPrefix(rest, LIMITS.sectionText);
      current = escapeText(rest.slice(0, n));
      flush();
      rest = rest.slice(n).trimStart();
    }
  }
  flush();
  return units;
}

/** Packs units into messages of at most 50 blocks and LIMITS.messageChars of text; `lead` opens the first message. */
function pack(lead: Unit[], units: Unit[], fallbackTitle: string): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let blocks: Block[] = [];
  let fallback: string[] = [];
  let chars = 0;
  const flush = () => {
    if (blocks.length === 0) return;
    const part = messages.length === 0 ? fallbackTitle : `${fallbackTitle} (continued)`;
    messages.push({ text: clip([part, ...fallback].filter(Boolean).join('\n'), LIMITS.fallbackText), blocks });
    blocks = [];
    fallback = [];
    chars = 0;
  };
  for (const unit of [...lead, ...units]) {
    const size = unit.blocks.reduce((n, b) => n + blockChars(b), 0);
    if (blocks.length + unit.blocks.length > LIMITS.blocksPerMessage || (chars + size > LIMITS.messageChars && blocks.length > 0)) flush();
    blocks.push(...unit.blocks);
    fallback.push(unit.fallback);
    chars += size;
  }
  flush();
  return messages;
}

function titleUnit(title: string, context: string[]): Unit {
  const blocks: Block[] = [{ type: 'header', text: plain(title) }];
  const ctx = context.filter(Boolean);
  if (ctx.length) blocks.push({ type: 'context', elements: ctx.map((c) => mrkdwn(escapeText(clip(oneLine(c), LIMITS.contextText)))) });
  return { blocks, fallback: escapeText(ctx.join(' · ')) };
}

function noticeUnit(notice: string | undefined): Unit[] {
  return notice ? textUnits([notice]) : [];
}

function sectionUnits(sections: DigestSection[], opts: Required<RenderOptions>, continuedFirst = false): Unit[] {
  return sections.flatMap((s, i) => [headingUnit(s, continuedFirst && i === 0), ...s.items.map((item) => itemUnit(item, opts))]);
}

export interface RenderedDigest {
  /** The short channel post: title, summary, notice and the first papers. */
  head: SlackMessage;
  /** The rest of the papers, as replies in the head's thread. */
  thread: SlackMessage[];
}

/** Splits a digest into its channel post (the first `headline` papers) and thread replies (the rest). */
export function renderDigest(reply: DigestReply, options: RenderOptions = {}): RenderedDigest {
  const opts = { ...DEFAULTS, ...options };
  const fallbackTitle = escapeText(oneLine(reply.title));
  const total = reply.sections.reduce((n, s) => n + s.items.length, 0);
  const headSections: DigestSection[] = [];
  const restSections: DigestSection[] = [];
  let room = opts.headline;
  for (const s of reply.sections) {
    const take = Math.max(0, Math.min(room, s.items.length));
    room -= take;
    if (take > 0) headSections.push({ ...s, items: s.items.slice(0, take) });
    if (take < s.items.length) restSections.push({ ...s, items: s.items.slice(take) });
  }
  const shownInHead = total - restSections.reduce((n, s) => n + s.items.length, 0);
  const lead = [titleUnit(reply.title, [reply.summary]), ...noticeUnit(reply.notice)];
  const headUnits = sectionUnits(headSections, opts);
  if (shownInHead < total) {
    const more = total - shownInHead;
    headUnits.push({ blocks: [{ type: 'context', elements: [mrkdwn(`:thread: ${more} more paper${more === 1 ? '' : 's'} in the thread`)] }], fallback: '' });
  }
  // The head must be one message: with a small `headline` it always is; if not, its overflow opens the thread.
  const [head, ...overflow] = pack(lead, headUnits, fallbackTitle);
  const continued = headSections.at(-1) !== undefined && restSections[0]?.heading === headSections.at(-1)!.heading;
  const threadUnits = sectionUnits(restSections, opts, continued);
  const thread = [...overflow, ...(threadUnits.length ? pack([], threadUnits, `${fallbackTitle} (continued)`) : [])];
  return { head: head!, thread };
}

function renderPapers(reply: PapersReply, opts: Required<RenderOptions>): SlackMessage[] {
  const first = (reply.page - 1) * reply.pageSize;
  const range = reply.items.length ? `${first + 1}-${first + reply.items.length} of ${reply.total}` : `${reply.total} results`;
  const lead = [titleUnit(reply.title, [range]), ...noticeUnit(reply.notice)];
  const units = reply.items.map((item) => itemUnit(item, opts));
  if (reply.next && reply.next.length <= LIMITS.buttonValue) {
    units.push({
      blocks: [{ type: 'actions', elements: [{ type: 'button', text: plain('Next page', LIMITS.buttonText), action_id: `${COMMAND_ACTION}_next`, value: reply.next }] }],
      fallback: '',
    });
  }
  return pack(lead, units, escapeText(oneLine(reply.title)));
}

function renderMessage(reply: MessageReply): SlackMessage[] {
  const lead: Unit[] = reply.title ? [titleUnit(reply.title, [])] : [];
  const units = textUnits(reply.lines.length ? reply.lines : [' ']);
  return pack(lead, units, reply.title ? escapeText(clip(oneLine(reply.title), 200)) : '');
}

function renderError(reply: ErrorReply): SlackMessage[] {
  const units = textUnits([`:warning: ${reply.message}`]);
  if (reply.usage) {
    units.push({ blocks: [{ type: 'context', elements: [mrkdwn(`Usage: \`${escapeText(clip(oneLine(reply.usage), 2000))}\``)] }], fallback: '' });
  }
  return pack([], units, '');
}

/** Every message a reply becomes, in order (a digest's head first, then its thread). */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const opts = { ...DEFAULTS, ...options };
  switch (reply.kind) {
    case 'digest': {
      const { head, thread } = renderDigest(reply, opts);
      return [head, ...thread];
    }
    case 'papers':
      return renderPapers(reply, opts);
    case 'message':
      return renderMessage(reply);
    case 'error':
      return renderError(reply);
  }
}

/**
 * At most `max` messages (a command's response_url takes 5): when there are more, the last one kept ends with a
 * line saying how many papers were left out, so nothing disappears silently.
 */
export function limitMessages(messages: SlackMessage[], max: number = LIMITS.responsesPerCommand, hint = 'The channel digest\'s thread has them all.'): SlackMessage[] {
  if (messages.length <= max) return messages;
  const isPaper = (b: Block) => b.type === 'actions' && b.elements.some((e) => e.url !== undefined);
  const kept = messages.slice(0, max).map((m) => ({ ...m, blocks: [...m.blocks] }));
  let dropped = messages.slice(max).reduce((n, m) => n + m.blocks.filter(isPaper).length, 0);
  const last = kept[max - 1]!;
  if (last.blocks.length >= LIMITS.blocksPerMessage) {
    // Make room for the note by dropping the last whole paper (section, context, buttons), not half of one.
    const start = last.blocks.findLastIndex((b) => b.type === 'section');
    if (last.blocks.slice(start).some(isPaper)) dropped++;
    last.blocks.splice(Math.max(1, start));
  }
  last.blocks.push({ type: 'context', elements: [mrkdwn(`…and ${dropped} more paper${dropped === 1 ? '' : 's'} not shown here (Slack allows ${max} replies to a command). ${escapeText(hint)}`)] });
  return kept;
}
