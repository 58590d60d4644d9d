// Reusable end-to-end helpers: a real Slack adapter on 127.0.0.1 against FakeSlack, signed requests, a fake Bot.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Bot, CommandRequest } from '../../src/adapter.js';
import type { Paper } from '../../src/paper.js';
import { error, message, paperActions, type PaperItem, type Reply } from '../../src/reply.js';
import type { Match } from '../../src/ranking.js';
import { readSlackConfig } from '../../adapters/slack/config.js';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/adapter.js';
import type { SlackLogger } from '../../adapters/slack/log.js';
import { FakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';

const FIXTURES = new URL('../fixtures/slack/', import.meta.url);

/** 64 real cs.CV papers announced 2021-11-16 (copied from the corpus). */
export function loadPapers(): Paper[] {
  return JSON.parse(readFileSync(new URL('cs.CV-2021-11-16-papers.json', FIXTURES), 'utf8')) as Paper[];
}

/** Real papers whose title or abstract holds `&`, `<` or `>`. */
export function loadMarkupPapers(): Paper[] {
  return JSON.parse(readFileSync(new URL('markup-papers.json', FIXTURES), 'utf8')) as Paper[];
}

export function itemOf(paper: Paper, matched?: Match[], score?: number): PaperItem {
  return { paper, matched, score, status: 'new', actions: paperActions(paper) };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export class CapturingLogger implements SlackLogger {
  readonly lines: LogLine[] = [];
  debug(obj: object, msg: string) {
    this.lines.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg: string) {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string) {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string) {
    this.lines.push({ level: 'error', obj, msg });
  }
  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((l) => l.level === level);
  }
}

/**
 * A Bot that answers every /papers command with real reply-model objects built from real papers, the way the
 * command layer shapes them, and records what it was asked.
 */
export class FakeBot implements Bot {
  readonly requests: CommandRequest[] = [];
  constructor(readonly papers: Paper[] = loadPapers()) {}

  async handle(request: CommandRequest): Promise<Reply> {
    this.requests.push(request);
    const [name = '', sub = ''] = request.text.trim().split(/\s+/);
    const rest = request.text.trim().split(/\s+/).slice(1).join(' ');
    const byId = (id: string) => this.papers.find((p) => p.id === id);
    switch (name) {
      case '':
      case 'help':
        return message(['/papers search QUERY', '/papers subscribe PROFILE-LINE', '/papers list', '/papers digest [date]'], { title: 'Paperboy help' });
      case 'search':
      case 'similar': {
        const words = rest.toLowerCase().split(/\s+/).filter((w) => w.length > 2 && !w.includes(':'));
        const hits = this.papers
          .map((paper) => ({ paper, matched: words.filter((w) => `${paper.title} ${paper.abstract}`.toLowerCase().includes(w)).map((w): Match => ({ term: w, field: 'abstract', score: 1 })) }))
          .filter((h) => name === 'similar' || h.matched.length > 0);
        const page = hits.slice(0, 5);
        return {
          kind: 'papers', title: name === 'similar' ? `More like ${sub}` : `Papers for "${rest}"`, items: page.map((h) => itemOf(h.paper, h.matched, h.matched.length)),
          page: 1, pageSize: 5, total: hits.length, next: hits.length > 5 ? `search ${rest} page:2` : undefined,
          notice: hits.length === 0 ? 'No papers match that query.' : undefined, visibility: 'ephemeral',
        };
      }
      case 'show': {
        const p = byId(sub);
        if (!p) return error('not_found', `Paper ${sub} is not in the archive.`);
        return message([p.authors.join(', '), p.categories.join(', '), p.abstract], { title: p.title });
      }
      case 'subscribe':
      case 'subscribe-like':
      case 'unsubscribe':
      case 'follow':
        return message([`Done: ${name} ${rest}`]);
      case 'list':
        return message(['Your subscriptions: diffusion "image editing"', 'Channel profile: (none)']);
      case 'digest':
        return this.digest(this.papers.slice(0, 8), sub === 'here' ? 'channel' : 'ephemeral');
      case 'channel':
        if (sub === 'show') return message(['Profile: (none)', 'Categories: cs.CV'], { title: 'Channel settings' });
        if (!request.isAdmin) return error('forbidden', 'Only channel admins can change channel settings.');
        return message(['Saved.'], { title: 'Channel settings', visibility: 'channel' });
      default:
        return error('unknown_command', `There is no command "${name}".`, 'Try /papers help');
    }
  }

  digest(papers: Paper[], visibility: 'channel' | 'ephemeral' = 'channel', mention?: { userId: string; name?: string }): Reply {
    const half = Math.ceil(papers.length / 2);
    return {
      kind: 'digest', date: '2021-11-16', title: 'arXiv cs.CV: Tuesday 2021-11-16', summary: `${papers.length} new in cs.CV; ${papers.length} shown`, visibility,
      sections: [
        { heading: 'New papers', items: papers.slice(0, half).map((p) => itemOf(p)) },
        { heading: `@${mention?.name ?? 'alice'}: ${papers.length - half} papers for diffusion`, mention: mention ?? { userId: 'U0ALICE', name: 'alice' }, items: papers.slice(half).map((p) => itemOf(p, [{ term: 'diffusion', field: 'abstract', score: 1 }], 1.5)) },
      ],
    };
  }

  async complete(): Promise<string[]> {
    return [];
  }
}

/** Slack's v0 request signature over `v0:<timestamp>:<body>`. */
export function signedHeaders(body: string, opts: { timestamp?: number; secret?: string } = {}): Record<string, string> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}

export interface CommandOptions {
  team?: string;
  channel?: string;
  user?: string;
  userName?: string;
  /** The response_url id (default: a fresh one). */
  responseId?: string;
  timestamp?: number;
  secret?: string;
}

let counter = 0;

/** A slash-command POST body as Slack sends it. */
export function slashBody(fake: FakeSlack, text: string, o: CommandOptions = {}): { body: string; responseId: string } {
  const responseId = o.responseId ?? `r${++counter}`;
  const body = new URLSearchParams({
    token: 'deprecated-verification-token', team_id: o.team ?? 'T0001', team_domain: 'acme', channel_id: o.channel ?? 'C0PAPERS', channel_name: 'papers',
    user_id: o.user ?? 'U0ALICE', user_name: o.userName ?? 'alice', command: '/papers', text, api_app_id: 'A0PAPERBOY', is_enterprise_install: 'false',
    response_url: fake.responseUrl(responseId), trigger_id: `${counter}.123.abc`,
  }).toString();
  return { body, responseId };
}

/** A block_actions POST body (a button click) as Slack sends it. */
export function buttonBody(fake: FakeSlack, button: { action_id: string; value?: string }, o: CommandOptions & { ephemeral?: boolean } = {}): { body: string; responseId: string } {
  const responseId = o.responseId ?? `a${++counter}`;
  const payload = {
    type: 'block_actions', api_app_id: 'A0PAPERBOY', token: 'deprecated-verification-token', trigger_id: `${counter}.456.def`,
    user: { id: o.user ?? 'U0BOB', username: o.userName ?? 'bob', name: o.userName ?? 'bob', team_id: o.team ?? 'T0001' },
    team: { id: o.team ?? 'T0001', domain: 'acme' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: o.channel ?? 'C0PAPERS', is_ephemeral: o.ephemeral ?? false },
    channel: { id: o.channel ?? 'C0PAPERS', name: 'papers' },
    response_url: fake.responseUrl(responseId),
    actions: [{ type: 'button', block_id: 'b1', action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1700000001.000200' }],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), responseId };
}

export interface SlackHarness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  logger: CapturingLogger;
  /** http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  /** Signs and POSTs a body to /slack/events; returns the HTTP status and the time to the ack. */
  send(body: string, o?: { timestamp?: number; secret?: string }): Promise<{ status: number; ackMs: number; text: string }>;
  command(text: string, o?: CommandOptions): Promise<{ status: number; ackMs: number; responseId: string }>;
  click(button: { action_id: string; value?: string }, o?: CommandOptions & { ephemeral?: boolean }): Promise<{ status: number; responseId: string }>;
  close(): Promise<void>;
}

/**
 * Starts FakeSlack and a real Slack adapter (Bolt HTTP mode on 127.0.0.1, port 0) configured from env vars the way
 * `npm start` would be, with SLACK_API_URL pointing at the fake.
 */
export async function startSlack(opts: { bot?: Bot; fake?: FakeSlack; env?: Record<string, string>; adapter?: Partial<SlackAdapterOptions> } = {}): Promise<SlackHarness> {
  const fake = opts.fake ?? (await new FakeSlack().start());
  const logger = new CapturingLogger();
  const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl, ...opts.env })!;
  const adapter = createSlackAdapter({ config, logger, host: '127.0.0.1', sleep: async () => {}, ...opts.adapter });
  await adapter.start(opts.bot ?? new FakeBot());
  const eventsUrl = `http://127.0.0.1:${adapter.port()}/slack/events`;
  const send = async (body: string, o: { timestamp?: number; secret?: string } = {}) => {
    const t0 = performance.now();
    const res = await fetch(eventsUrl, { method: 'POST', headers: signedHeaders(body, o), body });
    const ackMs = performance.now() - t0;
    return { status: res.status, ackMs, text: await res.text() };
  };
  return {
    fake, adapter, logger, eventsUrl, send,
    async command(text, o = {}) {
      const { body, responseId } = slashBody(fake, text, o);
      const r = await send(body, o);
      return { status: r.status, ackMs: r.ackMs, responseId };
    },
    async click(button, o = {}) {
      const { body, responseId } = buttonBody(fake, button, o);
      const r = await send(body, o);
      return { status: r.status, responseId };
    },
    async close() {
      await adapter.stop();
      if (!opts.fake) await fake.close();
    },
  };
}
