// The whole bot, started as `paperboy start` in its own process with SLACK_API_URL pointing at the local fake Slack:
// real command layer and archive behind signed /papers commands, a button click, a scheduled digest, and SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMessage, FakeSlack, type ResponseCall } from './fake-slack.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { BOT_TOKEN, buttonBody, SIGNING_SECRET, signedHeaders, slashBody } from './helpers.js';

const TEAM = 'T0001';
const CHANNEL = 'C0PAPERS';


let fake: FakeSlack;
let bot: BotProcess;
let eventsUrl = '';

async function send(body: string): Promise<number> {
  const res = await fetch(eventsUrl, { method: 'POST', headers: signedHeaders(body), body });
  await res.text();
  return res.status;
}

async function replyTo(responseId: string, what: string): Promise<ResponseCall> {
  try {
    await fake.waitFor(() => fake.responsesFor(responseId).length > 0, 15_000, what);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${bot.output().slice(-4000)}`);
  }
  return fake.responsesFor(responseId)[0]!;
}

async function command(text: string, user = 'U0ALICE'): Promise<ResponseCall> {
  const { body, responseId } = slashBody(fake, text, { team: TEAM, channel: CHANNEL, user });
  expect(await send(body)).toBe(200);
  return replyTo(responseId, `a reply to /papers ${text}`);
}

beforeAll(async () => {
  fake = await new FakeSlack([BOT_TOKEN]).start();
  fake.users.set('U0ALICE', { is_admin: true });
  fake.users.set('U0CAROL', {});
  // A schedule firing once, about 12 s from now (6-field cron: second minute hour ...), in UTC.
  const at = new Date(Date.now() + 12_000);
  const schedule = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
  bot = spawnBot({
    label: 'slack',
    channels: [{ platform: 'slack', workspace: TEAM, channel: CHANNEL, profile: 'segmentation "gaussian splatting"', categories: ['cs.CV'], schedule, timezone: 'UTC', limit: 10 }],
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' },
  });
  const listening = new Promise<number>((resolvePort) => {
    const check = () => {
      const m = /"port":(\d+)[^\n]*slack: listening|slack: listening[^\n]*"port":(\d+)/.exec(bot.output());
      if (m) resolvePort(Number(m[1] ?? m[2]));
    };
    bot.child.stdout?.on('data', check);
    bot.child.stderr?.on('data', check);
  });
  const port = await Promise.race([listening, bot.exited.then((code) => Promise.reject(new Error(`paperboy exited (${code})\n${bot.output().slice(-4000)}`)))]);
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;
}, 90_000);

afterAll(async () => {
  bot?.close();
  await fake?.close();
});

describe('paperboy start with Slack', () => {
  it('answers /papers search from the real archive with papers and buttons, then a button shows the abstract', async () => {
    const search = await command('search point cloud segmentation');
    expect(search.status).toBe(200);
    expect(checkMessage(search.body)).toBeNull();
    expect(search.body.response_type).toBe('ephemeral');
    const json = JSON.stringify(search.body.blocks);
    expect(json).toMatch(/<https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}\|/);
    const show = /"value":"(show [^"]+)"/.exec(json)?.[1];
    expect(show).toBeDefined();
    const { body, responseId } = buttonBody(fake, { action_id: 'paperboy_cmd_abstract_0', value: show! }, { team: TEAM, channel: CHANNEL });
    expect(await send(body)).toBe(200);
    const abstract = await replyTo(responseId, 'the abstract');
    expect(abstract.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(abstract.body.text).length).toBeGreaterThan(10);
  }, 30_000);

  it('answers digest, help and list; channel settings only for a workspace admin', async () => {
    expect(JSON.stringify((await command('digest 2021-11-30')).body)).toContain('2021-11-30');
    expect(checkMessage((await command('help')).body)).toBeNull();
    expect(checkMessage((await command('list')).body)).toBeNull();
    const refused = await command('channel limit 5', 'U0CAROL');
    const allowed = await command('channel limit 5', 'U0ALICE');
    expect(JSON.stringify(refused.body)).not.toBe(JSON.stringify(allowed.body));
    expect(fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0CAROL', 'U0ALICE']);
  }, 30_000);

  it('posts the scheduled digest to the configured channel, within Slack limits', async () => {
    const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
    try {
      await fake.waitFor(() => posts().length > 0, 30_000, 'the scheduled digest');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${bot.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500)); // let the thread replies follow
    const [head, ...thread] = posts();
    expect(head!.args.thread_ts).toBeUndefined();
    expect(head!.token).toBe(BOT_TOKEN);
    for (const p of posts()) expect(checkMessage(p.args)).toBeNull();
    for (const t of thread) expect(t.args.thread_ts).toBeDefined();
    // Today has no announcement in the bundled samples: the digest is the one-message notice, never an empty list.
    expect(JSON.stringify(head!.args)).toMatch(/No new arXiv announcement|arxiv\.org\/abs\//);
  }, 40_000);

  it('shuts down cleanly on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 30_000);
});
