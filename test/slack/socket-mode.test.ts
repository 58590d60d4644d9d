// Socket Mode end to end: the real Bolt App dials the fake's apps.connections.open, takes envelopes over a websocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../adapters/slack/config.js';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/adapter.js';
import { FakeSlack } from './fake-slack.js';
import { BOT_TOKEN, buttonBody, CapturingLogger, FakeBot, loadPapers, slashBody } from './helpers.js';

const APP_TOKEN = 'xapp-1-A0PAPERBOY-1-test';
const papers = loadPapers();

describe('Slack adapter in Socket Mode', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const bot = new FakeBot(papers);
  const logger = new CapturingLogger();

  beforeAll(async () => {
    fake = await new FakeSlack([BOT_TOKEN]).start();
    fake.appTokens.add(APP_TOKEN);
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl })!;
    expect(config.mode).toBe('socket');
    adapter = createSlackAdapter({ config, logger });
    await adapter.start(bot);
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('connects with the app token and opens no HTTP port', () => {
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    expect(fake.socketCount).toBe(1);
    expect(adapter.port()).toBeUndefined();
  });

  it('a slash command envelope is acked over the socket, then answered on response_url', async () => {
    const { body, responseId } = slashBody(fake, 'search depth estimation');
    const envelope = fake.sendEnvelope('slash_commands', Object.fromEntries(new URLSearchParams(body)));
    await fake.waitFor(() => fake.socketAcks.some((a) => a.envelope_id === envelope), 5000, 'the ack');
    await fake.waitFor(() => fake.responsesFor(responseId).length > 0, 5000, 'the reply');
    expect(bot.requests.at(-1)).toMatchObject({ platform: 'slack', workspace: 'T0001', channel: 'C0PAPERS', text: 'search depth estimation' });
    expect(fake.responsesFor(responseId)[0]!.body.response_type).toBe('ephemeral');
  });

  it('a button click arrives as an interactive envelope and runs its command', async () => {
    const p = papers[3]!;
    const { body, responseId } = buttonBody(fake, { action_id: 'paperboy_cmd_similar_1', value: `similar ${p.id}` });
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, unknown>;
    const envelope = fake.sendEnvelope('interactive', payload);
    await fake.waitFor(() => fake.socketAcks.some((a) => a.envelope_id === envelope), 5000, 'the ack');
    await fake.waitFor(() => fake.responsesFor(responseId).length > 0, 5000, 'the reply');
    expect(bot.requests.at(-1)).toMatchObject({ user: 'U0BOB', text: `similar ${p.id}` });
  });

  it('posts digests through the Web API as in HTTP mode', async () => {
    await adapter.post({ platform: 'slack', workspace: 'T0001', channel: 'C0PAPERS' }, bot.digest(papers.slice(0, 8)));
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.slice(1).every((p) => p.args.thread_ts === posts[1]!.args.thread_ts)).toBe(true);
  });

  it('a wrong app token fails start with Slack\'s error', async () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-wrong', SLACK_API_URL: fake.apiUrl })!;
    const other = createSlackAdapter({ config, logger: new CapturingLogger() });
    await expect(other.start(bot)).rejects.toMatchObject({ code: 'invalid_auth', message: expect.stringContaining('SLACK_APP_TOKEN') });
    await other.stop();
  });
});
