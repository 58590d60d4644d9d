// Block Kit rendering: layout of a paper, escaping (no pings from paper text), and splitting within Slack's limits.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/paper.js';
import { error, message, type DigestReply, type PapersReply } from '../../src/reply.js';
import { escapeText, LIMITS, type SlackMessage } from '../../adapters/slack/blocks.js';
import { boldTerms, highlightTerms, limitMessages, paperBlocks, paperText, renderDigest, renderReply, shortAuthors, snippet } from '../../adapters/slack/render.js';
import { checkMessage, pingsIn } from './fake-slack.js';
import { FakeBot, itemOf, loadMarkupPapers, loadPapers } from './helpers.js';

const papers = loadPapers();
const bot = new FakeBot(papers);

function withTitle(p: Paper, title: string): Paper {
  return { ...p, title };
}

/** Every arXiv abs link in the section texts of some messages, in order. */
function linkedIds(messages: SlackMessage[]): string[] {
  return messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' ? [...b.text.text.matchAll(/<https:\/\/arxiv\.org\/abs\/([^|>]+)\|/g)].map((x) => x[1]!) : [])));
}

function expectWithinLimits(messages: SlackMessage[]): void {
  for (const m of messages) {
    expect(checkMessage(m as unknown as Record<string, unknown>)).toBeNull();
    expect(m.text.trim().length).toBeGreaterThan(0);
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  }
}

describe('escaping', () => {
  it('escapes &, < and > (and nothing else)', () => {
    expect(escapeText('S&CNet <b> a>b "q" *x*')).toBe('S&amp;CNet &lt;b&gt; a&gt;b "q" *x*');
  });

  it('real titles with & and abstracts with < come out escaped', () => {
    const [pointnet, scnet, rnn] = loadMarkupPapers();
    expect(paperText(itemOf(pointnet!))).toContain('PointNetLK: Robust &amp; Efficient');
    expect(paperText(itemOf(scnet!))).toContain('S&amp;CNet');
    const rendered = renderReply(message([rnn!.abstract], { title: rnn!.title }));
    expect(JSON.stringify(rendered)).toContain('p &lt; 0.05');
    expect(JSON.stringify(rendered)).not.toMatch(/p < 0\.05/);
  });

  it('a title, author or abstract holding <!channel>, <!here> or <@U123> pings nobody', () => {
    const evil = {
      ...withTitle(papers[0]!, 'Attention <!channel> is all <!here> you need <@U0123ABCD> <!subteam^S123|@team> <!everyone>'),
      authors: ['<@U0EVIL>', 'Eve <!channel>'],
      abstract: 'We ping <!here> and <@W0EVIL|eve> and <https://evil.example|click>.',
    };
    const digest = bot.digest([evil, ...papers.slice(1, 4)]) as DigestReply;
    const { head, thread } = renderDigest(digest);
    const all = [head, ...thread];
    // The only mention is the subscriber the second section is for.
    expect(all.flatMap(pingsIn)).toEqual(['<@U0ALICE>', '<@U0ALICE>']);
    expect(JSON.stringify(all)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(all)).not.toContain('<https://evil.example');
    for (const kind of [renderReply(message([evil.title, evil.abstract], { title: evil.title })), renderReply(error('bad_argument', evil.title, `search ${evil.title}`))]) {
      expect(kind.flatMap(pingsIn)).toEqual([]);
    }
  });

  it('mrkdwn is verbatim so Slack does no mention or link parsing of its own', () => {
    const blocks = paperBlocks(itemOf(papers[0]!));
    const section = blocks[0]!;
    expect(section.type === 'section' && section.text.verbatim).toBe(true);
  });

  it('plain "@channel" text stays plain (Slack only pings on <!channel>)', () => {
    const p = withTitle(papers[0]!, 'Why @channel and @here are not mentions');
    const rendered = renderReply({ kind: 'papers', title: 'x', items: [itemOf(p)], page: 1, pageSize: 5, total: 1, visibility: 'ephemeral' });
    expect(rendered.flatMap(pingsIn)).toEqual([]);
    expect(JSON.stringify(rendered)).toContain('Why @channel and @here are not mentions');
  });
});

describe('a paper', () => {
  it('has a linked title, short authors, a snippet, context and buttons', () => {
    const p = papers.find((x) => x.authors.length > 3)!;
    const blocks = paperBlocks(itemOf(p, [{ term: 'image', field: 'abstract', score: 1 }], 2.5));
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    const text = blocks[0]!.type === 'section' ? blocks[0]!.text.text : '';
    expect(text.startsWith(`*<https://arxiv.org/abs/${p.id}|`)).toBe(true);
    expect(text).toContain(`${p.authors.slice(0, 3).join(', ')} et al.`);
    const ctx = blocks[1]!.type === 'context' ? blocks[1]!.elements[0]!.text : '';
    expect(ctx).toContain(`arXiv:${p.id}`);
    expect(ctx).toContain('matched image (abstract)');
    expect(ctx).toContain('score 2.50');
    const actions = blocks[2]!.type === 'actions' ? blocks[2]!.elements : [];
    expect(actions.map((b) => b.text.text)).toEqual(['Abstract', 'arXiv', 'PDF', 'More like this', 'Subscribe']);
    expect(actions.map((b) => b.value ?? b.url)).toEqual([`show ${p.id}`, `https://arxiv.org/abs/${p.id}`, `https://arxiv.org/pdf/${p.id}v${p.version}`, `similar ${p.id}`, `subscribe-like ${p.id}`]);
  });

  it('authors: up to three, then et al.', () => {
    expect(shortAuthors(['A', 'B', 'C'], 3)).toBe('A, B, C');
    expect(shortAuthors(['A', 'B', 'C', 'D'], 3)).toBe('A, B, C et al.');
    expect(shortAuthors([], 3)).toBe('unknown authors');
  });

  it('matched terms are bold in the snippet, stems included; profile syntax is stripped', () => {
    expect(highlightTerms([
      { term: '"gaussian splatting"', field: 'title', score: 1 },
      { term: 'nerf^2', field: 'abstract', score: 1 },
      { term: 'author:"Kaiming He"', field: 'authors', score: 1 },
      { term: 'cat:cs.RO', field: 'categories', score: 1 },
    ])).toEqual(['gaussian splatting', 'nerf']);
    expect(boldTerms('NeRF models & a model <x>', ['models'])).toBe('NeRF *models* &amp; a *model* &lt;x&gt;');
    expect(boldTerms('Gaussian  splatting for SLAM', ['gaussian splatting'])).toBe('*Gaussian  splatting* for SLAM');
    expect(boldTerms('renerf is not nerf', ['nerf'])).toBe('renerf is not *nerf*');
  });

  it('the snippet moves to the first match when it lies beyond the opening', () => {
    const abstract = `${'word '.repeat(200)}the key term appears here ${'tail '.repeat(100)}`;
    const s = snippet(abstract, ['key term'], 200);
    expect(s.startsWith('…')).toBe(true);
    expect(s).toContain('key term appears here');
    expect(s.length).toBeLessThanOrEqual(200);
    expect(snippet('short abstract', ['x'], 200)).toBe('short abstract');
  });

  it('a huge title, author list and an abstract full of & still fit one section', () => {
    const p: Paper = { ...papers[0]!, title: '&'.repeat(2000), authors: Array.from({ length: 900 }, (_, i) => `Author & ${i}`), abstract: '& <> '.repeat(1000) };
    const text = paperText(itemOf(p, [{ term: 'amp', field: 'abstract', score: 1 }]), { snippetChars: 3000, headline: 3, authors: 900 });
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(text).not.toMatch(/<(?!https:\/\/arxiv)/);
  });
});

describe('digest', () => {
  it('a 60-paper digest: a short channel post, the rest in thread messages, every paper once, all within limits', () => {
    const digest = bot.digest(papers.slice(0, 60)) as DigestReply;
    const { head, thread } = renderDigest(digest);
    expectWithinLimits([head, ...thread]);
    expect(linkedIds([head])).toEqual(papers.slice(0, 3).map((p) => p.id));
    expect(thread.length).toBeGreaterThanOrEqual(4); // 57 papers x 3 blocks do not fit 50 blocks a message
    expect(linkedIds([head, ...thread])).toEqual(papers.slice(0, 60).map((p) => p.id));
    expect(JSON.stringify(head)).toContain('57 more papers in the thread');
    expect(head.blocks[0]).toMatchObject({ type: 'header', text: { text: 'arXiv cs.CV: Tuesday 2021-11-16' } });
  });

  it('section headings: the subscriber is mentioned once, a split section says (continued)', () => {
    const digest = bot.digest(papers.slice(0, 10), 'channel', { userId: 'U0BOB', name: 'bob' }) as DigestReply;
    const { head, thread } = renderDigest(digest, { headline: 2 });
    const sections = [head, ...thread].flatMap((m) => m.blocks.filter((b) => b.type === 'section').map((b) => (b.type === 'section' ? b.text.text : '')));
    expect(sections).toContain('*New papers*');
    expect(sections).toContain('*New papers* _(continued)_');
    expect(sections).toContain('<@U0BOB> *5 papers for diffusion*');
    expect([head, ...thread].flatMap(pingsIn).filter((p) => p === '<@U0BOB>').length).toBeLessThanOrEqual(2); // block + fallback of one message
  });

  it('a notice-only digest is one short message', () => {
    const digest: DigestReply = { kind: 'digest', date: '2021-11-20', title: 'arXiv cs.CV: Saturday 2021-11-20', sections: [], summary: 'no new papers', notice: 'No new arXiv announcement in cs.CV on Saturday 2021-11-20 (weekend).', visibility: 'channel' };
    const { head, thread } = renderDigest(digest);
    expect(thread).toEqual([]);
    expectWithinLimits([head]);
    expect(JSON.stringify(head)).toContain('No new arXiv announcement');
    expect(head.text).toContain('arXiv cs.CV: Saturday 2021-11-20');
  });

  it('a digest with fewer papers than the headline has no thread', () => {
    const { head, thread } = renderDigest(bot.digest(papers.slice(0, 2)) as DigestReply);
    expect(thread).toEqual([]);
    expect(linkedIds([head])).toHaveLength(2);
    expect(JSON.stringify(head)).not.toContain('in the thread');
  });
});

describe('other replies', () => {
  it('a papers page: header, range, papers and a Next page button carrying the next command', () => {
    const reply: PapersReply = { kind: 'papers', title: 'Papers for "depth"', items: papers.slice(0, 5).map((p) => itemOf(p)), page: 1, pageSize: 5, total: 12, next: 'search depth page:2', visibility: 'ephemeral' };
    const [m, ...more] = renderReply(reply);
    expect(more).toEqual([]);
    expectWithinLimits([m!]);
    expect(JSON.stringify(m!.blocks[1])).toContain('1-5 of 12');
    expect(m!.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ text: { text: 'Next page' }, value: 'search depth page:2', action_id: 'paperboy_cmd_next' }] });
  });

  it('a message longer than a section (an abstract full of &) is spread over sections within limits', () => {
    const long = '& '.repeat(4000);
    const out = renderReply(message(['first line', long, 'last line'], { title: 'Long' }));
    expectWithinLimits(out);
    const text = out.flatMap((m) => m.blocks.map((b) => (b.type === 'section' ? b.text.text : ''))).join('');
    expect((text.match(/&amp;/g) ?? []).length).toBe(4000);
    expect(text).toContain('last line');
  });

  it('an error shows the message and the usage', () => {
    const [m] = renderReply(error('bad_argument', 'Give an arXiv id.', '/papers show ARXIV-ID'));
    expect(JSON.stringify(m)).toContain(':warning: Give an arXiv id.');
    expect(JSON.stringify(m)).toContain('Usage: `/papers show ARXIV-ID`');
    expect(m!.text).toBe(':warning: Give an arXiv id.');
  });

  it('limitMessages keeps 5 messages and says how many papers were left out', () => {
    const all = renderReply(bot.digest([...papers, ...papers]) as DigestReply);
    expect(all.length).toBeGreaterThan(5);
    const kept = limitMessages(all);
    expect(kept).toHaveLength(5);
    expectWithinLimits(kept);
    const shown = linkedIds(kept).length;
    const note = JSON.stringify(kept[4]!.blocks.at(-1));
    expect(note).toContain(`and ${128 - shown} more papers not shown here`);
    expect(limitMessages(all.slice(0, 2))).toEqual(all.slice(0, 2));
  });
});
