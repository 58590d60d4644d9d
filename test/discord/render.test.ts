// Rendering the reply model as Discord messages: limits, splitting, escaping, mentions and button ids.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/paper.js';
import type { PapersReply } from '../../src/reply.js';
import { allowedMentionsOf, buttonId, embedLength, LIMITS, parseButtonId, renderReply, type DiscordMessage } from '../../adapters/discord/render.js';
import { digestOf, item, loadPapers } from './fake-bot.js';

const papers: Paper[] = loadPapers();

function expectWithinLimits(messages: DiscordMessage[]): void {
  for (const m of messages) {
    expect((m.content ?? '').length + m.embeds.length).toBeGreaterThan(0);
    expect((m.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
    expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
    expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedCharsPerMessage);
    expect(m.components.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    }
    const ids = m.components.flatMap((r) => r.components.map((c) => c.custom_id));
    expect(new Set(ids).size).toBe(ids.length);
  }
}

function papersReply(items: Paper[], extra: Partial<PapersReply> = {}): PapersReply {
  return { kind: 'papers', title: 'Search: segmentation', items: items.map((p) => item(p)), page: 1, pageSize: items.length, total: 40, visibility: 'ephemeral', ...extra };
}

describe('renderReply', () => {
  it('splits a 60-paper digest within every limit, keeping order and per-section numbering', () => {
    const messages = renderReply(digestOf(papers.slice(0, 60)));
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.embeds.map((e) => e.url))).toEqual(papers.slice(0, 60).map((p) => `https://arxiv.org/abs/${p.id}`));
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title ?? ''));
    expect(titles[0]).toMatch(/^1\. /);
    expect(titles[30]).toMatch(/^1\. /);
    expect(titles[29]).toMatch(/^30\. /);
    // Only the first message of each section carries text; the digest title only the very first.
    expect(messages.filter((m) => m.content).length).toBe(2);
    expect(messages[0]?.content).toContain('**Paperboy digest for #papers — 2021-11-24**');
  });

  it('splits on 6000 characters even when the embed count allows more', () => {
    // Without buttons the 5-row limit does not apply, so only the character budget splits these long abstracts.
    const reply = papersReply(papers.slice(0, 10), { pageSize: 10 });
    for (const i of reply.items) i.actions = [];
    reply.items.forEach((i) => (i.matched = [{ term: 'x'.repeat(700), field: 'title', score: 1 }]));
    const messages = renderReply(reply);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
  });

  it('labels buttons with the paper number and gives a repeated paper distinct ids in one message', () => {
    const p = papers[0]!;
    const reply = digestOf([p, p]);
    reply.sections = [{ heading: 'twice', items: [item(p), item(p)] }];
    const [message] = renderReply(reply);
    const buttons = message!.components.flatMap((r) => r.components);
    expect(buttons.map((b) => b.label)).toEqual(['1 · Abstract', '1 · More like this', '1 · Subscribe', '2 · Abstract', '2 · More like this', '2 · Subscribe']);
    expect(buttons.map((b) => b.custom_id)).toEqual([`pb:show ${p.id}`, `pb:similar ${p.id}`, `pb:subscribe-like ${p.id}`, `pb1:show ${p.id}`, `pb1:similar ${p.id}`, `pb1:subscribe-like ${p.id}`]);
    expect(buttons.map((b) => parseButtonId(b.custom_id))).toEqual([`show ${p.id}`, `similar ${p.id}`, `subscribe-like ${p.id}`, `show ${p.id}`, `similar ${p.id}`, `subscribe-like ${p.id}`]);
  });

  it('never cuts a command to fit a custom_id: a long next page becomes text instead of a button', () => {
    const longNext = `search ${'gaussian '.repeat(20)}page:2`;
    expect(buttonId(longNext)).toBeUndefined();
    const [message] = renderReply(papersReply(papers.slice(0, 2), { next: longNext }));
    expect(message!.components.flatMap((r) => r.components).map((b) => b.label)).not.toContain('Next page');
    expect(message!.content).toContain(`/papers ${longNext}`);
    const short = renderReply(papersReply(papers.slice(0, 5), { next: 'search segmentation page:2' }));
    expectWithinLimits(short);
    const last = short.at(-1)!.components.at(-1)!.components[0]!;
    expect(last).toMatchObject({ label: 'Next page', custom_id: 'pb:search segmentation page:2' });
  });

  it('ignores button ids that are not ours or carry no command', () => {
    expect(parseButtonId('other:thing')).toBeUndefined();
    expect(parseButtonId('pb:   ')).toBeUndefined();
    expect(parseButtonId('pb12:show 2111.12215')).toBe('show 2111.12215');
  });

  it('escapes markdown from paper text and cuts long titles, authors lists and abstracts', () => {
    const p = papers.find((x) => x.title.includes('$AIR^2$'))!;
    const [heading] = renderReply(papersReply([{ ...p, abstract: '# Not a heading\n- not a list' }]));
    expect(heading!.embeds[0]!.description).toContain('\\# Not a heading - not a list');
    const weird: Paper = { ...p, title: `**bold** _it_ \`code\` [link](http://x) ${'long '.repeat(80)}`, authors: Array.from({ length: 942 }, (_, i) => `Author ${i}`), published: 'not a date' };
    const [message] = renderReply(papersReply([p, weird]));
    const [first, second] = message!.embeds;
    expect(first!.title).toBe('1. $AIR^2$ for Interaction Prediction');
    expect(second!.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(second!.title).toMatch(/^2\. \\\*\\\*bold\\\*\\\* \\_it\\_ \\`code\\` \\\[link\]\(http:\/\/x\)/);
    expect(second!.description).toContain('and 934 more');
    expect(second!.timestamp).toBeUndefined();
    expect(first!.timestamp).toBe(new Date(p.published).toISOString());
    // Lists show a snippet; the single-paper answer (the Abstract button) shows the whole abstract.
    const long = papers.find((x) => x.abstract.length > 1500)!;
    expect(renderReply(papersReply([long, p]))[0]!.embeds[0]!.description!.length).toBeLessThan(800);
    expect(renderReply(papersReply([long]))[0]!.embeds[0]!.description).toContain(long.abstract.slice(-40));
  });

  it('mentions a section subscriber only with a real user id, and pings nothing else', () => {
    const reply = digestOf(papers.slice(0, 4), { mention: { userId: '600000000000000006' } });
    const messages = renderReply(reply);
    expect(messages.map(allowedMentionsOf)).toEqual([{ parse: [] }, { parse: [], users: ['600000000000000006'] }]);
    const forged = digestOf(papers.slice(0, 4), { mention: { userId: '@everyone', name: '@everyone' } });
    const forgedMessages = renderReply(forged);
    expect(forgedMessages.map(allowedMentionsOf)).toEqual([{ parse: [] }, { parse: [] }]);
    expect(forgedMessages[1]?.content).toMatch(/^@everyone: /);
  });

  it('says why a digest is empty instead of posting an empty list', () => {
    const empty = { ...digestOf([]), notice: 'No new arXiv announcement on Saturday 2021-11-20 (weekend).' };
    expect(renderReply(empty)).toEqual([{ content: expect.stringContaining('(weekend)') as unknown, embeds: [], components: [], mentionUsers: [] }]);
    expect(renderReply(digestOf([]))[0]?.content).toContain('No papers to show.');
    expect(renderReply(papersReply([]))[0]?.content).toContain('No results.');
  });

  it('splits a long message over embeds of at most 4096 characters, and renders errors with usage', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'word '.repeat(10)}`);
    lines.push('y'.repeat(5000));
    const messages = renderReply({ kind: 'message', title: 'Help', lines, visibility: 'ephemeral' });
    expectWithinLimits(messages);
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('\n');
    expect(text.replace(/\n/g, '')).toBe(lines.join('').replace(/\n/g, ''));
    expect(messages[0]?.embeds[0]?.title).toBe('Help');
    const [err] = renderReply({ kind: 'error', code: 'bad_argument', message: 'Unknown option *x*', usage: 'search QUERY', visibility: 'ephemeral' });
    expect(err?.content).toBe('⚠️ Unknown option \\*x\\*\nUsage: `/papers search QUERY`');
  });
});
