// Slash-command latency: signed /papers search requests to a real Bolt App on 127.0.0.1 (fake Slack Web API),
// timed to the HTTP ack and to the reply arriving on response_url.
import { Worker } from 'node:worker_threads';
import type { Bot } from '../src/adapter.js';
import { readSlackConfig } from '../adapters/slack/config.js';
import { createSlackAdapter } from '../adapters/slack/adapter.js';
import type { SlackLogger } from '../adapters/slack/log.js';
import { FakeSlack } from '../test/slack/fake-slack.js';
import { BOT_TOKEN, FakeBot, SIGNING_SECRET, signedHeaders, slashBody } from '../test/slack/helpers.js';
import { percentile, table } from './lib.js';

/** The issue's floors, in milliseconds. */
const FLOOR = { ack: 100, reply: 300 };
const LABEL = { ack: 'ack (HTTP 200)', reply: 'reply (response_url)', handle: '  of which bot.handle' };
const REQUESTS = 240;
const WARMUP = 10;

/** What people search for in cs.CV, with the filters they use. */
const QUERIES = [
  'gaussian splatting', '"neural radiance field"', 'diffusion models image editing', 'vision transformer', 'self-supervised learning',
  'object detection', 'semantic segmentation', 'point cloud registration', 'monocular depth estimation', 'visual question answering',
  'contrastive learning', 'domain adaptation', 'few-shot learning', 'human pose estimation', 'optical flow', 'image super-resolution',
  'medical image segmentation', 'adversarial attacks', 'knowledge distillation', 'video action recognition', '3D reconstruction', 'SLAM',
  'lidar autonomous driving', 'face recognition', 'image captioning', 'GAN', 'zero-shot', 'text-to-image', 'neural architecture search',
  'anomaly detection', 'remote sensing', 'person re-identification', 'multi-object tracking', 'image inpainting', 'scene graph generation',
  'event camera', '"masked autoencoder"', 'author:"Kaiming He"', 'transformer cat:cs.CV since:2021-01-01', 'segmentation page:2',
  'nerf cat:cs.GR', 'crowd counting', 'weakly supervised localization', 'camouflaged object detection', 'long-tailed recognition',
];

interface Sample {
  ack: number;
  reply: number;
  /** Time inside bot.handle alone: the rest of `reply` is Bolt, rendering and HTTP. */
  handle: number;
}

function quietLogger(errors: string[]): SlackLogger {
  return {
    debug: () => {},
    info: () => {},
    warn: (_o, msg) => errors.push(`warn: ${msg}`),
    error: (_o, msg) => errors.push(`error: ${msg}`),
  };
}

/**
 * Slack's side of the request runs in a worker thread, as Slack runs outside our process: the ack is timed when its
 * headers arrive there, not when our busy event loop gets round to reading them. Times are absolute
 * (timeOrigin + now) so both threads share one clock.
 */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', async ({ id, url, headers, body }) => {
  const t0 = now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body });
    const tAck = now();
    await res.text();
    parentPort.postMessage({ id, t0, tAck, status: res.status });
  } catch (err) {
    parentPort.postMessage({ id, t0, tAck: NaN, status: 0, error: String(err) });
  }
});`;

interface Sent {
  id: number;
  t0: number;
  tAck: number;
  status: number;
  error?: string;
}

function slackClient(): { send(url: string, headers: Record<string, string>, body: string): Promise<Sent>; close(): Promise<number> } {
  const worker = new Worker(CLIENT, { eval: true });
  const pending = new Map<number, (s: Sent) => void>();
  let next = 0;
  worker.on('message', (s: Sent) => {
    pending.get(s.id)?.(s);
    pending.delete(s.id);
  });
  return {
    send(url, headers, body) {
      const id = ++next;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ id, url, headers, body });
      });
    },
    close: () => worker.terminate(),
  };
}

async function measure(label: string, bot: Bot, fake: FakeSlack): Promise<{ samples: Sample[]; failures: string[] }> {
  const failures: string[] = [];
  const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl })!;
  const adapter = createSlackAdapter({ config, logger: quietLogger(failures), host: '127.0.0.1' });
  let handleMs = 0;
  const timed: Bot = {
    async handle(request) {
      const t = performance.now();
      try {
        return await bot.handle(request);
      } finally {
        handleMs = performance.now() - t;
      }
    },
    complete: (request) => bot.complete(request),
  };
  await adapter.start(timed);
  const url = `http://127.0.0.1:${adapter.port()}/slack/events`;
  const samples: Sample[] = [];
  const client = slackClient();
  try {
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const text = `search ${QUERIES[i % QUERIES.length]}`;
      const { body, responseId } = slashBody(fake, text, { responseId: `${label}-${i}`, user: `U0USER${i % 7}` });
      const sent = await client.send(url, signedHeaders(body), body);
      if (sent.status !== 200) failures.push(`${text}: HTTP ${sent.status}${sent.error ? ` ${sent.error}` : ''}`);
      await fake.waitFor(() => fake.responsesFor(responseId).length > 0, 10_000, `the reply to "${text}"`);
      const [reply] = fake.responsesFor(responseId);
      if (reply!.status !== 200) failures.push(`${text}: the fake Slack refused the reply (${reply!.status})`);
      const replyAt = performance.timeOrigin + reply!.at;
      if (i >= WARMUP) samples.push({ ack: sent.tAck - sent.t0, reply: replyAt - sent.t0, handle: handleMs });
    }
  } finally {
    await client.close();
    await adapter.stop();
  }
  return { samples, failures };
}

export async function run(makeBot?: () => Promise<Bot>): Promise<void> {
  const fake = await new FakeSlack([BOT_TOKEN]).start();
  try {
    const runs: Array<{ name: string; samples: Sample[]; failures: string[] }> = [];
    runs.push({ name: 'trivial bot (64 papers)', ...(await measure('trivial', new FakeBot(), fake)) });
    if (makeBot) {
      runs.push({ name: 'real bot (full corpus)', ...(await measure('real', await makeBot(), fake)) });
    } else {
      console.log('(the real bot over the full corpus was not given: only the trivial bot is measured, i.e. the adapter\'s own overhead)');
    }
    const base = runs[0]!;
    const rows: (string | number)[][] = [];
    for (const r of runs) {
      for (const kind of ['ack', 'reply', 'handle'] as const) {
        const values = r.samples.map((s) => s[kind]);
        const p50 = percentile(values, 50);
        const p99 = percentile(values, 99);
        const baseP99 = percentile(base.samples.map((s) => s[kind]), 99);
        rows.push([
          r.name, LABEL[kind], values.length, p50, p99, Math.max(...values),
          kind === 'handle' ? '' : `< ${FLOOR[kind]}`, kind === 'handle' ? '' : p99 < FLOOR[kind] ? 'ok' : 'OVER',
          r === base ? '1.00' : `${(p99 / baseP99).toFixed(2)}x`,
        ]);
      }
    }
    table(
      `Slack /papers search latency, ${REQUESTS} signed requests one at a time from a worker thread playing Slack (ms)`,
      ['bot', 'measured to', 'n', 'p50', 'p99', 'max', 'floor p99', 'meets', 'p99 vs trivial'],
      rows,
    );
    for (const r of runs) {
      if (r.failures.length) console.log(`${r.name}: ${r.failures.length} problems, e.g. ${r.failures.slice(0, 3).join('; ')}`);
    }
  } finally {
    await fake.close();
  }
}
