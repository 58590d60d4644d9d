// End to end: a real Bolt App on 127.0.0.1 (from env config, as `npm start` builds it) against the local fake Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { COMMANDS, CHANNEL_GROUP } from '../../src/commands/spec.js';
import { PostError, type Bot, type ChannelTarget } from '../../src/adapter.js';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { createInstallationStore } from '../../adapters/slack/installation-store.js';
import { checkMessage, FakeSlack, pingsIn, type ApiCall } from './fake-slack.js';
import { BOT_TOKEN, FakeBot, loadPapers, slashBody, startSlack, type SlackHarness } from './helpers.js';

const papers = loadPapers();
const target: ChannelTarget = { platform: 'slack', workspace: 'T0001', channel: 'C0PAPERS' };

function idsIn(calls: ApiCall[]): string[] {
  return calls.flatMap((c) => [...JSON.stringify(c.args.blocks ?? []).matchAll(/<https:\/\/arxiv\.org\/abs\/([^|>]+)\|/g)].map((m) => m[1]!));
}

describe('Slack adapter end to end (HTTP mode, one bot token)', () => {
  let h: SlackHarness;
  let bot: FakeBot;

  beforeAll(async () => {
    bot = new FakeBot(papers);
    const fake = await new FakeSlack([BOT_TOKEN]).start();
    fake.users.set('U0ALICE', { is_owner: true });
    fake.users.set('U0ADMIN2', { is_admin: true });
    fake.users.set('U0CAROL', {});
    h = await startSlack({ bot, fake, env: { SLACK_ADMIN_USER: 'U0ADMIN' } });
  });
  afterAll(async () => {
    await h.close();
    await h.fake.close();
  });

  async function answer(text: string, user = 'U0ALICE') {
    const before = bot.requests.length;
    const start = h.fake.calls.length;
    const r = await h.command(text, { user });
    expect(r.status).toBe(200);
    // The reply comes on response_url, or (a channel digest) as a post to the channel.
    await h.fake.waitFor(() => h.fake.responsesFor(r.responseId).length > 0 || h.fake.calls.slice(start).some((c) => c.method === 'chat.postMessage'), 5000, `a reply to "${text}"`);
    return { request: bot.requests[before]!, responses: h.fake.responsesFor(r.responseId) };
  }

  it('Bolt checked the token once at start (auth.test), not per request', async () => {
    await answer('help');
    await answer('list');
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  const examples = [
    ...COMMANDS.flatMap((c) => c.examples),
    ...CHANNEL_GROUP.subcommands.flatMap((c) => c.examples),
  ];

  it.each(examples)('signed /papers %s: ack at once, the command reaches the bot, the reply comes on response_url', async (text) => {
    const { request, responses } = await answer(text);
    expect(request).toMatchObject({ platform: 'slack', workspace: 'T0001', channel: 'C0PAPERS', user: 'U0ALICE', userName: 'alice', text });
    expect(responses).not.toHaveLength(0);
    for (const r of responses) {
      expect(r.status).toBe(200); // the fake refuses what Slack would refuse
      expect(checkMessage(r.body)).toBeNull();
      expect(r.body.replace_original).toBe(false);
    }
    const name = text.split(' ')[0];
    const expected = name === 'channel' && text.split(' ')[1] !== 'show' ? 'in_channel' : 'ephemeral';
    expect(responses[0]!.body.response_type).toBe(expected);
  });

  it('Slack\'s escaping of &, < and > in command text is undone before the bot sees it', async () => {
    const { request } = await answer('search S&amp;CNet &lt;depth&gt;');
    expect(request.text).toBe('search S&CNet <depth>');
  });

  it('a digest asked for in a channel the bot cannot post to: the caller gets the reason, no admin notice', async () => {
    h.fake.notInChannels.add('C0NOBOT');
    const dms = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN').length;
    const r = await h.command('digest here', { channel: 'C0NOBOT' });
    await h.fake.waitFor(() => h.fake.responsesFor(r.responseId).length > 0);
    const reply = h.fake.responsesFor(r.responseId)[0]!.body;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).toContain('/invite @Paperboy');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN').length).toBe(dms);
  });

  it('the ack is an empty 200 (Slack shows nothing until the reply)', async () => {
    const { body } = slashBody(h.fake, 'help');
    const r = await h.send(body);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
  });

  it('admin commands look up the caller with users.info (is_admin or is_owner), cached; others do not', async () => {
    const before = h.fake.callsTo('users.info').length;
    expect((await answer('channel show', 'U0CAROL')).request.isAdmin).toBe(false);
    expect(h.fake.callsTo('users.info').length).toBe(before);
    const carol = await answer('channel limit 5', 'U0CAROL');
    expect(carol.request.isAdmin).toBe(false);
    expect(JSON.stringify(carol.responses[0]!.body)).toContain('Only channel admins');
    expect((await answer('channel pause', 'U0ADMIN2')).request.isAdmin).toBe(true);
    expect((await answer('channel resume', 'U0ADMIN2')).request.isAdmin).toBe(true);
    const lookups = h.fake.callsTo('users.info').slice(before).map((c) => c.args.user);
    expect(lookups).toEqual(['U0CAROL', 'U0ADMIN2']);
  });

  it('a button click (block_actions) runs its command as the clicking user and answers ephemerally', async () => {
    const p = papers[5]!;
    const before = bot.requests.length;
    const r = await h.click({ action_id: 'paperboy_cmd_abstract_0', value: `show ${p.id}` }, { user: 'U0BOB', userName: 'bob' });
    expect(r.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responsesFor(r.responseId).length > 0);
    expect(bot.requests[before]).toMatchObject({ user: 'U0BOB', userName: 'bob', workspace: 'T0001', channel: 'C0PAPERS', text: `show ${p.id}`, isAdmin: false });
    const [reply] = h.fake.responsesFor(r.responseId);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(reply!.body)).toContain(p.abstract.slice(0, 60).replace(/&/g, '&amp;'));
  });

  it('"Next page" in an ephemeral result replaces it; link buttons are only acknowledged', async () => {
    const next = await h.click({ action_id: 'paperboy_cmd_next', value: 'search image page:2' }, { ephemeral: true });
    await h.fake.waitFor(() => h.fake.responsesFor(next.responseId).length > 0);
    expect(h.fake.responsesFor(next.responseId)[0]!.body.replace_original).toBe(true);
    const before = bot.requests.length;
    const link = await h.click({ action_id: 'paperboy_link_pdf' });
    expect(link.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(bot.requests.length).toBe(before);
    expect(h.fake.responsesFor(link.responseId)).toHaveLength(0);
  });

  it('a wrong signature and a stale timestamp get 401 and never reach the bot', async () => {
    const before = bot.requests.length;
    const { body } = slashBody(h.fake, 'search secrets');
    expect((await h.send(body, { secret: 'not-the-signing-secret' })).status).toBe(401);
    expect((await h.send(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(bot.requests.length).toBe(before);
  });

  it('a digest is a short channel post with the rest of its 60 papers in its thread, within Slack limits', async () => {
    const start = h.fake.calls.length;
    await h.adapter.post(target, bot.digest(papers.slice(0, 60)));
    const posts = h.fake.calls.slice(start).filter((c) => c.method === 'chat.postMessage');
    const [head, ...thread] = posts;
    expect(head!.args.thread_ts).toBeUndefined();
    expect(thread.length).toBeGreaterThanOrEqual(4);
    const ts = thread[0]!.args.thread_ts;
    expect(typeof ts).toBe('string');
    for (const t of thread) expect(t.args.thread_ts).toBe(ts);
    for (const p of posts) {
      expect(checkMessage(p.args)).toBeNull();
      expect(p.token).toBe(BOT_TOKEN);
      expect(p.args.channel).toBe('C0PAPERS');
      expect(p.args.unfurl_links).toBe('false');
    }
    expect(idsIn([head!])).toHaveLength(3);
    expect(idsIn(posts)).toEqual(papers.slice(0, 60).map((p) => p.id));
  });

  it('mention injection from paper text is neutralised in a posted digest', async () => {
    const evil = { ...papers[0]!, title: 'Ping <!channel> and <!here> and <@U0123ABCD>', authors: ['<!everyone>', 'Mallory'], abstract: 'See <@U0EVIL> & <!subteam^S1> now.' };
    const start = h.fake.calls.length;
    await h.adapter.post(target, bot.digest([evil, papers[1]!, papers[2]!, papers[3]!], 'channel', { userId: 'U0BOB', name: 'bob' }));
    const posts = h.fake.calls.slice(start).filter((c) => c.method === 'chat.postMessage');
    const pings = posts.flatMap((p) => pingsIn(p.args));
    expect(new Set(pings)).toEqual(new Set(['<@U0BOB>']));
    expect(JSON.stringify(posts.map((p) => p.args))).toContain('Ping &lt;!channel&gt; and &lt;!here&gt; and &lt;@U0123ABCD&gt;');
  });

  it('a channel digest asked for in a command is posted as a thread, not on response_url', async () => {
    const start = h.fake.calls.length;
    const r = await h.command('digest here');
    await h.fake.waitFor(() => h.fake.calls.slice(start).some((c) => c.method === 'chat.postMessage'));
    const posts = h.fake.calls.slice(start).filter((c) => c.method === 'chat.postMessage');
    expect(posts[0]!.args.channel).toBe('C0PAPERS');
    expect(posts.slice(1).every((p) => p.args.thread_ts === posts[1]!.args.thread_ts)).toBe(true);
    expect(h.fake.responsesFor(r.responseId)).toHaveLength(0);
  });

  it('a channel whose post fails does not stop the next; the admin is told once a day; the error is logged with context', async () => {
    h.fake.missingChannels.add('C0GONE');
    const targets = ['C0GONE', 'C0PAPERS'].map((channel) => ({ ...target, channel }));
    const outcome: string[] = [];
    const digest = bot.digest(papers.slice(0, 6));
    // What the scheduler does: every channel gets its post, whatever happened to the one before.
    for (const t of targets) {
      try {
        await h.adapter.post(t, digest);
        outcome.push(`${t.channel}:ok`);
      } catch (err) {
        expect(err).toBeInstanceOf(PostError);
        expect(err).toMatchObject({ code: 'channel_not_found', retryable: false });
        outcome.push(`${t.channel}:${(err as PostError).code}`);
      }
    }
    expect(outcome).toEqual(['C0GONE:channel_not_found', 'C0PAPERS:ok']);
    const logged = h.logger.at('error').find((l) => (l.obj as { code?: string }).code === 'channel_not_found');
    expect(logged?.obj).toMatchObject({ workspace: 'T0001', channel: 'C0GONE', retryable: false });
    const dms = () => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ADMIN');
    expect(dms()).toHaveLength(1);
    expect(String(dms()[0]!.args.text)).toContain('<#C0GONE>');
    await expect(h.adapter.post(targets[0]!, digest)).rejects.toMatchObject({ code: 'channel_not_found' });
    expect(dms()).toHaveLength(1);
  });

  it('not_in_channel says to invite the bot', async () => {
    h.fake.notInChannels.add('C0PRIVATE');
    await expect(h.adapter.post({ ...target, channel: 'C0PRIVATE' }, bot.digest(papers.slice(0, 2)))).rejects.toMatchObject({ code: 'not_in_channel', retryable: false, message: expect.stringContaining('/invite') });
  });

  it('a short rate limit is waited out; a long one fails as retryable', async () => {
    h.fake.failures.push({ method: 'chat.postMessage', channel: 'C0RATE', status: 429, retryAfter: 1 });
    h.fake.notInChannels.delete('C0RATE');
    await h.adapter.post({ ...target, channel: 'C0RATE' }, bot.digest(papers.slice(0, 2)));
    expect(h.logger.at('warn').some((l) => l.msg.includes('rate-limited') && (l.obj as { channel?: string }).channel === 'C0RATE')).toBe(true);
    h.fake.failures.push({ method: 'chat.postMessage', channel: 'C0RATE', status: 429, retryAfter: 600 });
    await expect(h.adapter.post({ ...target, channel: 'C0RATE' }, bot.digest(papers.slice(0, 2)))).rejects.toMatchObject({ code: 'ratelimited', retryable: true });
  });

  it('Slack outages (HTTP 500) fail as retryable after a few quick retries', async () => {
    h.fake.failures.push({ method: 'chat.postMessage', channel: 'C0DOWN', status: 500, error: 'internal_error', times: 5 });
    await expect(h.adapter.post({ ...target, channel: 'C0DOWN' }, bot.digest(papers.slice(0, 2)))).rejects.toMatchObject({ code: 'http_500', retryable: true });
  });

  it('a failed thread reply is logged; the rest of the thread is still posted and the post is not repeated', async () => {
    h.fake.failures.push({ method: 'chat.postMessage', channel: 'C0HALF', error: 'msg_too_long', skip: 1 });
    const start = h.fake.calls.length;
    await h.adapter.post({ ...target, channel: 'C0HALF' }, bot.digest(papers.slice(0, 40)));
    const posts = h.fake.calls.slice(start).filter((c) => c.method === 'chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(h.logger.at('error').some((l) => l.msg.includes('missing thread replies') && (l.obj as { failed?: number }).failed === 1)).toBe(true);
  });

  it('when the notice store fails, the post still rejects with Slack\'s own error and the notice failure is logged', async () => {
    class BrokenStore extends MemoryStore {
      override async setIfAbsent(): Promise<boolean> {
        throw new Error('redis down');
      }
    }
    const other = await startSlack({ fake: h.fake, env: { SLACK_ADMIN_USER: 'U0ADMIN' }, adapter: { store: new BrokenStore() } });
    try {
      h.fake.missingChannels.add('C0GONE2');
      await expect(other.adapter.post({ ...target, channel: 'C0GONE2' }, bot.digest(papers.slice(0, 1)))).rejects.toMatchObject({ code: 'channel_not_found' });
      expect(other.logger.at('warn').some((l) => l.msg.includes('could not tell the admin'))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('a bot that throws gives the caller an internal error reply and a log line, not silence', async () => {
    const angry: Bot = { handle: async () => { throw new Error('boom'); }, complete: async () => [] };
    const other = await startSlack({ bot: angry, fake: h.fake });
    try {
      const r = await other.command('search anything');
      await h.fake.waitFor(() => h.fake.responsesFor(r.responseId).length > 0);
      expect(JSON.stringify(h.fake.responsesFor(r.responseId)[0]!.body)).toContain('Something went wrong');
      expect(other.logger.at('error')[0]).toMatchObject({ msg: 'slack: command failed', obj: { text: 'search anything', user: 'U0ALICE' } });
    } finally {
      await other.close();
    }
  });
});

describe('Slack adapter: tokens and OAuth installs', () => {
  it('a revoked token fails start with advice to reinstall', async () => {
    const fake = await new FakeSlack([BOT_TOKEN]).start();
    fake.revoked.add(BOT_TOKEN);
    try {
      await expect(startSlack({ fake })).rejects.toMatchObject({ code: 'token_revoked', message: expect.stringContaining('reinstall') });
    } finally {
      await fake.close();
    }
  });

  it('a token revoked while running: the post fails as not retryable and no admin notice is attempted', async () => {
    const h = await startSlack({ env: { SLACK_ADMIN_USER: 'U0ADMIN' } });
    try {
      h.fake.revoked.add(BOT_TOKEN);
      const before = h.fake.callsTo('chat.postMessage').length;
      await expect(h.adapter.post(target, new FakeBot(papers).digest(papers.slice(0, 2)))).rejects.toMatchObject({ code: 'token_revoked', retryable: false });
      expect(h.fake.callsTo('chat.postMessage').length).toBe(before + 1);
    } finally {
      await h.close();
    }
  });

  it('OAuth: commands and posts use the workspace installation from our store; uninstalled workspaces fail clearly', async () => {
    const store = new MemoryStore();
    const installs = createInstallationStore(store);
    const installation: Installation<'v2', false> = {
      team: { id: 'T0001', name: 'Acme' }, enterprise: undefined, user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
      bot: { id: 'BBOT', userId: 'UBOT', token: 'xoxb-installed', scopes: ['commands', 'chat:write'] }, tokenType: 'bot', isEnterpriseInstall: false, appId: 'A0PAPERBOY', authVersion: 'v2',
    };
    await installs.storeInstallation(installation);
    const fake = await new FakeSlack(['xoxb-installed']).start();
    const bot = new FakeBot(papers);
    const h = await startSlack({
      bot, fake,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret-x', SLACK_STATE_SECRET: 'state-secret-0123456789' },
      adapter: { store },
    });
    try {
      // Bolt serves the install link; it sends the browser to Slack's consent page with our client id and scopes.
      const install = await fetch(h.eventsUrl.replace('/slack/events', '/slack/install'), { redirect: 'manual' });
      expect(install.status).toBe(302);
      const to = new URL(install.headers.get('location')!);
      expect(to.origin + to.pathname).toBe('https://slack.com/oauth/v2/authorize');
      expect(to.searchParams.get('client_id')).toBe('123.456');
      expect(to.searchParams.get('scope')).toBe('commands,chat:write,chat:write.public,users:read');
      const r = await h.command('search depth');
      await fake.waitFor(() => fake.responsesFor(r.responseId).length > 0);
      expect(bot.requests.at(-1)).toMatchObject({ workspace: 'T0001', text: 'search depth' });
      await h.adapter.post(target, bot.digest(papers.slice(0, 4)));
      expect(fake.callsTo('chat.postMessage').every((c) => c.token === 'xoxb-installed')).toBe(true);
      await expect(h.adapter.post({ ...target, workspace: 'T0OTHER' }, bot.digest(papers.slice(0, 1)))).rejects.toMatchObject({ code: 'not_installed', retryable: false });
      // The installing user hears about a channel that cannot be posted to.
      fake.missingChannels.add('C0GONE');
      await expect(h.adapter.post({ ...target, channel: 'C0GONE' }, bot.digest(papers.slice(0, 1)))).rejects.toMatchObject({ code: 'channel_not_found' });
      expect(fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'U0INSTALLER')).toBe(true);
    } finally {
      await h.close();
      await fake.close();
    }
  });

  it('OAuth: a command from a workspace without an installation is refused by Bolt and never reaches the bot', async () => {
    const fake = await new FakeSlack(['xoxb-installed']).start();
    const bot = new FakeBot(papers);
    const h = await startSlack({
      bot, fake,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret-x', SLACK_STATE_SECRET: 'state-secret-0123456789' },
      adapter: { store: new MemoryStore() },
    });
    try {
      await h.command('search depth', { team: 'T0NOBODY' });
      await new Promise((r) => setTimeout(r, 100));
      expect(bot.requests).toHaveLength(0);
    } finally {
      await h.close();
      await fake.close();
    }
  });
});

