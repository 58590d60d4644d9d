// The ChatAdapter contract: one shared suite every adapter (console, Slack, Discord) must pass over its real library.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostError, type Bot, type ChannelTarget, type ChatAdapter, type CommandRequest, type CompletionRequest } from '../../src/adapter.js';
import type { Paper } from '../../src/paper.js';
import { error, message, paperActions, type DigestReply, type PaperItem, type PapersReply, type Reply } from '../../src/reply.js';

/** A `/papers` command as the user enters it: the path and option values (Discord sends these; others type the text). */
export interface Command {
  path: string[];
  values?: Record<string, string | number | boolean>;
}

export type Role = 'admin' | 'member';

/** What one command's caller got back, flattened to the text a reader sees. */
export interface Answer {
  text: string;
  /** Shown to the caller alone; undefined where the platform has no such notion (the console). */
  private?: boolean;
}

/** One adapter over its real library and a local fake of its platform, as the contract drives it. */
export interface Harness {
  /** Created but not started: the contract starts it with its own recording Bot. */
  adapter: ChatAdapter;
  /** Where commands come from: the caller's workspace, channel and user ids per role the platform can produce. */
  caller: { workspace: string; channel: string; users: Partial<Record<Role, string>> };
  /** Channels to post to: `main` and `other` accept posts; `failing` does not exist on the platform (none on the console). */
  channels: { main: string; other: string; failing?: string };
  /** A user id the platform can ping, for a digest section's own subscriber. */
  mentionUser: string;
  target(channel: string): ChannelTarget;
  /** Runs a command as a user of `role` and resolves with what the platform received as the answer. */
  invoke(command: Command, role: Role): Promise<Answer>;
  /** Texts of the messages accepted by the platform in `channel`, in order, flattened the way a reader sees them. */
  posted(channel: string): Promise<string[]>;
  /**
   * Who the messages posted to `channel` would ping (ids, `@everyone`, or permissions to ping, like `parse:users`);
   * undefined on a platform without pings (the console).
   */
  pings?(channel: string): Promise<string[]>;
  /** Shuts the fake platform down (the contract stops the adapter itself). */
  close(): Promise<void>;
}

/** The Bot the contract hands to start(): answers with `answer` and records every request it got. */
export interface RecordingBot extends Bot {
  readonly requests: CommandRequest[];
  answer: (request: CommandRequest) => Reply | Promise<Reply>;
}

export function recordingBot(): RecordingBot {
  const requests: CommandRequest[] = [];
  const bot: RecordingBot = {
    requests,
    answer: () => message('ok'),
    async handle(request) {
      requests.push(request);
      return bot.answer(request);
    },
    async complete(_request: CompletionRequest) {
      return [];
    },
  };
  return bot;
}

/** 64 real cs.CV papers announced 2021-11-16 (the Slack adapter's fixture, copied from the corpus). */
export function loadPapers(): Paper[] {
  return JSON.parse(readFileSync(new URL('../fixtures/slack/cs.CV-2021-11-16-papers.json', import.meta.url), 'utf8')) as Paper[];
}

export function itemOf(paper: Paper): PaperItem {
  return { paper, status: 'new', actions: paperActions(paper) };
}

/** Whitespace-insensitive text, so line wrapping and padding never decide a case. */
export function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function digest(sections: DigestReply['sections'], extra: Partial<DigestReply> = {}): DigestReply {
  const count = sections.reduce((n, s) => n + s.items.length, 0);
  return {
    kind: 'digest', date: '2021-11-16', title: 'arXiv cs.CV: Tuesday 2021-11-16', sections,
    summary: `${count} new in cs.CV; ${count} shown`, visibility: 'channel', ...extra,
  };
}

/** A paper whose title tries every way to ping a channel: Slack's and Discord's broadcast and user mentions. */
export const HOSTILE_TITLE = '<!channel> @everyone @here <@U123> <@123456789012345678>';

/** Contract cases an adapter may be registered without, each with the reason (a known, reported defect). */
export type OmittableCase = 'command-text' | 'throwing-bot';

/**
 * Registers the shared ChatAdapter suite for one implementation. Every case runs against a fresh harness, started
 * with a recording Bot, so what the adapter passed to the Bot and what reached the platform are both checked.
 * `omit` leaves out cases the adapter is known to fail (the reason says why), so the suite stays green and honest.
 */
export function chatAdapterContract(name: string, makeHarness: () => Promise<Harness>, options: { omit?: Partial<Record<OmittableCase, string>> } = {}): void {
  const omitted = new Set(Object.keys(options.omit ?? {}));
  describe(`ChatAdapter contract: ${name}`, () => {
    const papers = loadPapers();
    let h: Harness;
    let bot: RecordingBot;
    let stopped: boolean;

    beforeEach(async () => {
      h = await makeHarness();
      bot = recordingBot();
      stopped = false;
      await h.adapter.start(bot);
    });

    afterEach(async () => {
      if (!stopped) await h.adapter.stop();
      await h.close();
    });

    const someRole = (): Role => (h.caller.users.member ? 'member' : 'admin');

    it('passes a command to the Bot with the caller, and returns its message reply to the caller', async () => {
      bot.answer = () => message(['Your subscriptions: diffusion', 'Channel profile: (none)'], { title: 'Paperboy help' });
      const role = someRole();
      const answer = await h.invoke({ path: ['list'] }, role);

      expect(bot.requests).toHaveLength(1);
      const req = bot.requests[0]!;
      expect(req.platform).toBe(h.adapter.platform);
      expect(req.workspace).toBe(h.caller.workspace);
      expect(req.channel).toBe(h.caller.channel);
      expect(req.user).toBe(h.caller.users[role]);
      expect(typeof req.isAdmin).toBe('boolean');

      const text = norm(answer.text);
      expect(text).toContain('Paperboy help');
      expect(text).toContain('Your subscriptions: diffusion');
      expect(text).toContain('Channel profile: (none)');
      // An ephemeral reply (the default) is the caller's alone wherever the platform can say so.
      if (answer.private !== undefined) expect(answer.private).toBe(true);
    });

    if (!omitted.has('command-text')) {
      it('passes the Bot exactly the text after /papers, as the user entered it', async () => {
        // `&` and `<>` are what Slack escapes in slash-command text; quotes and `cat:` are the search grammar's.
        const command: Command = { path: ['search'], values: { query: '"R&D <fast>" diffusion cat:cs.CV' } };
        await h.invoke(command, someRole());
        expect(bot.requests.map((r) => r.text)).toEqual(['search "R&D <fast>" diffusion cat:cs.CV']);
      });
    }

    it('tells the Bot whether the caller may run a channel-admin command', async () => {
      const command: Command = { path: ['channel', 'limit'], values: { n: 5 } };
      bot.answer = (req) => (req.isAdmin ? message(['Saved: 5 papers per digest.'], { visibility: 'channel' }) : error('forbidden', 'Only channel admins can change channel settings.'));

      const asAdmin = await h.invoke(command, 'admin');
      expect(bot.requests.at(-1)).toMatchObject({ user: h.caller.users.admin, isAdmin: true });
      expect(norm(asAdmin.text)).toContain('Saved: 5 papers per digest.');
      // A channel-visibility answer to a settings change is shown to the channel.
      if (asAdmin.private !== undefined) expect(asAdmin.private).toBe(false);

      if (h.caller.users.member) {
        const asMember = await h.invoke(command, 'member');
        expect(bot.requests.at(-1)).toMatchObject({ user: h.caller.users.member, isAdmin: false });
        expect(norm(asMember.text)).toContain('Only channel admins can change channel settings.');
      }
    });

    it('renders a papers reply with its title and every paper title, and an error reply with its message', async () => {
      const shown = papers.slice(0, 3);
      const page: PapersReply = {
        kind: 'papers', title: 'Papers for "diffusion"', items: shown.map(itemOf), page: 1, pageSize: 5, total: 3, visibility: 'ephemeral',
      };
      bot.answer = () => page;
      const found = norm((await h.invoke({ path: ['search'], values: { query: 'diffusion' } }, someRole())).text);
      expect(found).toContain('Papers for "diffusion"');
      for (const p of shown) expect(found).toContain(norm(p.title));

      bot.answer = () => error('not_found', 'Paper 2111.99999 is not in the archive.', 'show ARXIV-ID');
      const failed = norm((await h.invoke({ path: ['show'], values: { id: '2111.99999' } }, someRole())).text);
      expect(failed).toContain('Paper 2111.99999 is not in the archive.');
      expect(failed).not.toContain(norm(shown[0]!.title));
    });

    if (!omitted.has('throwing-bot')) {
      it('keeps answering after the Bot throws, and tells that caller something went wrong', async () => {
        bot.answer = () => {
          throw new Error('the archive is locked');
        };
        const broken = norm((await h.invoke({ path: ['list'] }, someRole())).text);
        expect(broken.length).toBeGreaterThan(0);
        // The internal error is logged, not shown: its text may hold paths and secrets.
        expect(broken).not.toContain('the archive is locked');

        bot.answer = () => message('Your subscriptions: (none)');
        expect(norm((await h.invoke({ path: ['list'] }, someRole())).text)).toContain('Your subscriptions: (none)');
        expect(bot.requests).toHaveLength(2);
      });
    }

    it('posts a 60-paper digest with every paper title in the channel', async () => {
      const sixty = papers.slice(0, 60);
      expect(new Set(sixty.map((p) => p.title)).size).toBe(60);
      const reply = digest([
        { heading: 'Top papers for #vision', items: sixty.slice(0, 35).map(itemOf) },
        { heading: 'alice: papers for diffusion', mention: { userId: h.mentionUser, name: 'alice' }, items: sixty.slice(35).map(itemOf) },
      ]);
      await h.adapter.post(h.target(h.channels.main), reply);

      const texts = await h.posted(h.channels.main);
      const all = norm(texts.join('\n'));
      const missing = sixty.filter((p) => !all.includes(norm(p.title))).map((p) => p.id);
      expect(missing).toEqual([]);
      expect(all).toContain(reply.title);
      expect(all).toContain('Top papers for #vision');
      expect(await h.posted(h.channels.other)).toEqual([]);
    });

    it('posts a hostile paper title verbatim and pings only the section subscriber', async () => {
      const [first, second] = papers;
      const hostile: Paper = { ...first!, title: HOSTILE_TITLE };
      const reply = digest([
        { heading: 'Top papers for #vision', items: [itemOf(hostile)] },
        { heading: 'alice: papers for diffusion', mention: { userId: h.mentionUser, name: 'alice' }, items: [itemOf(second!)] },
      ]);
      await h.adapter.post(h.target(h.channels.main), reply);

      expect(norm((await h.posted(h.channels.main)).join('\n'))).toContain(HOSTILE_TITLE);
      if (h.pings) {
        const pinged = await h.pings(h.channels.main);
        expect(pinged.filter((p) => p !== h.mentionUser)).toEqual([]);
        // The section's own mention is the one intended ping.
        expect(pinged).toContain(h.mentionUser);
      }
    });

    it('posts a digest with only a notice as one short message with the notice', async () => {
      const notice = 'No new arXiv announcement on Saturday 2020-11-21 (weekend).';
      await h.adapter.post(h.target(h.channels.main), digest([], { date: '2020-11-21', title: 'arXiv cs.CV: Saturday 2020-11-21', summary: '', notice }));

      const texts = await h.posted(h.channels.main);
      expect(texts).toHaveLength(1);
      expect(norm(texts[0]!)).toContain(notice);
      expect(texts[0]!.length).toBeLessThan(500);
    });

    it('posts a non-digest reply (a papers page) to a channel', async () => {
      const shown = papers.slice(10, 13);
      await h.adapter.post(h.target(h.channels.main), {
        kind: 'papers', title: 'Most read this week', items: shown.map(itemOf), page: 1, pageSize: 5, total: 3, visibility: 'channel',
      });
      const all = norm((await h.posted(h.channels.main)).join('\n'));
      expect(all).toContain('Most read this week');
      for (const p of shown) expect(all).toContain(norm(p.title));
    });

    it('rejects a post to a missing channel with a non-retryable PostError, then posts elsewhere', async ({ skip }) => {
      const failing = h.channels.failing;
      if (failing === undefined) return skip('this platform has no channel that can refuse a post');
      const reply = digest([{ heading: 'Top papers for #vision', items: papers.slice(0, 4).map(itemOf) }]);

      const err: unknown = await h.adapter.post(h.target(failing), reply).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(PostError);
      expect((err as PostError).retryable).toBe(false);
      expect((err as PostError).code).toMatch(/\S/);
      expect((err as PostError).message).toContain(failing);

      await h.adapter.post(h.target(h.channels.other), reply);
      const all = norm((await h.posted(h.channels.other)).join('\n'));
      for (const p of papers.slice(0, 4)) expect(all).toContain(norm(p.title));
    });

    it('stops, and a second stop() does not throw', async () => {
      stopped = true;
      await expect(h.adapter.stop()).resolves.toBeUndefined();
      await expect(h.adapter.stop()).resolves.toBeUndefined();
    });
  });
}
