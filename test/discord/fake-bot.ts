// A small Bot for adapter tests: answers with real reply-model objects built from real corpus papers, and records calls.
import { readFileSync } from 'node:fs';
import type { Bot, CommandRequest, CompletionRequest } from '../../src/adapter.js';
import type { Paper } from '../../src/paper.js';
import { error, message, paperActions, type DigestReply, type PaperItem, type PapersReply, type Reply } from '../../src/reply.js';

export function loadPapers(): Paper[] {
  return JSON.parse(readFileSync(new URL('../fixtures/discord/cs.CV-2021-11-papers.json', import.meta.url), 'utf8')) as Paper[];
}

export function item(paper: Paper, score?: number): PaperItem {
  return {
    paper, status: 'new', actions: paperActions(paper),
    ...(score === undefined ? {} : { score, matched: [{ term: 'segmentation', field: 'abstract' as const, score }] }),
  };
}

export function digestOf(papers: Paper[], opts: { mention?: { userId: string; name?: string } } = {}): DigestReply {
  const half = Math.ceil(papers.length / 2);
  return {
    kind: 'digest', date: '2021-11-24', title: 'Paperboy digest for #papers — 2021-11-24',
    sections: [
      { heading: 'Top papers for #papers', items: papers.slice(0, half).map((p, i) => item(p, 1 - i / 100)) },
      { heading: '@Alice: papers for segmentation', mention: opts.mention, items: papers.slice(half).map((p, i) => item(p, 0.5 - i / 1000)) },
    ],
    summary: `${papers.length} new; ${papers.length} shown`, visibility: 'channel',
  };
}

export interface FakeBotOptions {
  /** Delay before every answer, to exercise deferReply. */
  delayMs?: number;
  /** Replaces the answer for one command name. */
  override?: Record<string, Reply>;
  /** Commands that throw. */
  failing?: string[];
}

export function createFakeBot(papers: Paper[], options: FakeBotOptions = {}) {
  const handled: CommandRequest[] = [];
  const completed: CompletionRequest[] = [];
  const byId = new Map(papers.map((p) => [p.id, p]));

  function answer(req: CommandRequest): Reply {
    const [name = '', ...rest] = req.text.split(' ');
    const arg = rest.join(' ');
    if (options.failing?.includes(name)) throw new Error(`fake bot: ${name} failed`);
    const override = options.override?.[name];
    if (override) return override;
    switch (name) {
      case 'search': {
        const words = arg.toLowerCase().split(/\s+/).filter((w) => !w.includes(':'));
        const hits = papers.filter((p) => words.every((w) => `${p.title} ${p.abstract}`.toLowerCase().includes(w)));
        const page: PapersReply = {
          kind: 'papers', title: `Search: ${arg}`, items: hits.slice(0, 5).map((p) => item(p)), page: 1, pageSize: 5, total: hits.length,
          visibility: 'ephemeral', ...(hits.length > 5 ? { next: `search ${arg} page:2` } : {}),
        };
        return page;
      }
      case 'digest':
        return digestOf(papers.slice(0, 10));
      case 'show':
      case 'similar': {
        const paper = byId.get(arg);
        if (!paper) return error('not_found', `No paper ${arg} in the archive.`);
        const items = name === 'show' ? [item(paper)] : papers.filter((p) => p.id !== arg).slice(0, 3).map((p) => item(p));
        return { kind: 'papers', title: name === 'show' ? paper.title : `Like ${arg}`, items, page: 1, pageSize: 5, total: items.length, visibility: 'ephemeral' };
      }
      case 'subscribe-like':
        return message(`Subscribed to the key terms of ${arg}.`);
      case 'channel': {
        const sub = rest[0] ?? '';
        if (sub !== 'show' && !req.isAdmin) return error('forbidden', 'Only channel admins (Manage Channels) can change channel settings.');
        return message([`channel ${rest.join(' ')}`, 'Saved.'], { visibility: 'channel' });
      }
      case 'help':
        return message(['/papers search QUERY', '/papers subscribe PROFILE-LINE', arg ? `help for ${arg}` : 'all commands'], { title: 'Paperboy help' });
      case 'list':
      case 'subscribe':
      case 'unsubscribe':
      case 'follow':
        return message(`${name}: ${arg || '(nothing)'}`);
      default:
        return error('unknown_command', `Unknown command "${name}".`, 'help');
    }
  }

  const bot: Bot = {
    async handle(req) {
      handled.push(req);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      return answer(req);
    },
    async complete(req) {
      completed.push(req);
      const pool = req.option === 'categories' ? ['cs.CV', 'cs.RO', 'cs.LG', 'cs.GR', 'eess.IV'] : ['diffusion', 'gaussian splatting', 'segmentation', 'x'.repeat(120)];
      return pool.filter((s) => s.toLowerCase().startsWith(req.partial.toLowerCase()));
    },
  };
  return { bot, handled, completed };
}
