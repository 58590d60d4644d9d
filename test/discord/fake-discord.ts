// A local fake Discord for tests: REST v10 (HTTP) and gateway v10 (JSON over ws) on one port, recording everything.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_BOT_ID = '100000000000000001';
export const FAKE_APP_ID = '200000000000000002';

export interface RestCall {
  method: string;
  /** Path without the query string, e.g. `/api/v10/channels/5000/messages`. */
  path: string;
  query: string;
  auth?: string;
  body: unknown;
  status: number;
}

/** What the fake knows about one interaction token: its callback, the original response, follow-ups. */
export interface InteractionLog {
  callbacks: { type: number; data?: Record<string, unknown> }[];
  original?: Record<string, unknown>;
  originalDeleted: boolean;
  edits: Record<string, unknown>[];
  followUps: Record<string, unknown>[];
}

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
  /** Channels whose message posts always fail with this status (403 Missing Access, 404 Unknown Channel, 500...). */
  failChannels?: Record<string, number>;
  /** Channels whose next message post gets a 429 with this retry_after (seconds), once. */
  rateLimitOnce?: Record<string, number>;
}

type Json = Record<string, unknown>;

const DISCORD_ERRORS: Record<number, { message: string; code: number }> = {
  403: { message: 'Missing Access', code: 50001 },
  404: { message: 'Unknown Channel', code: 10003 },
  500: { message: '500: Internal Server Error', code: 0 },
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}) {
  const rest: RestCall[] = [];
  const interactions = new Map<string, InteractionLog>();
  const commands: { route: string; body: unknown }[] = [];
  /** IDENTIFY payloads received (token removed). */
  const identifies: Json[] = [];
  const gatewayLog: { dir: 'in' | 'out' | 'connect' | 'close'; op?: number; t?: string | null; code?: number }[] = [];
  const failChannels = new Map(Object.entries(options.failChannels ?? {}));
  const rateLimitOnce = new Map(Object.entries(options.rateLimitOnce ?? {}));
  let socket: WebSocket | undefined;
  let refuseResume = false;
  let seq = 0;
  let nextId = 900000000000000000n;
  const waiters: { test: () => boolean; resolve: () => void }[] = [];

  const snowflake = () => String(++nextId);
  const logOf = (token: string): InteractionLog => {
    let log = interactions.get(token);
    if (!log) interactions.set(token, (log = { callbacks: [], originalDeleted: false, edits: [], followUps: [] }));
    return log;
  };
  const message = (channelId: string, body: Json): Json => ({
    id: snowflake(), channel_id: channelId, type: 0, content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [],
    author: { id: FAKE_BOT_ID, username: 'paperboy', discriminator: '0', avatar: null, global_name: null, bot: true },
    timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
    attachments: [], pinned: false, flags: body.flags ?? 0, webhook_id: FAKE_APP_ID, application_id: FAKE_APP_ID,
  });
  const notify = () => {
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const route = (method: string, path: string, auth: string | undefined, body: Json, res: ServerResponse): number => {
    // Discord answers 204 with no body and no content-type; @discordjs/rest JSON-parses any application/json body.
    const json = (status: number, obj?: unknown, headers: Record<string, string> = {}) => {
      if (obj === undefined) res.writeHead(status, headers);
      else res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(obj === undefined ? undefined : JSON.stringify(obj));
      return status;
    };
    let m: RegExpMatchArray | null;
    // The token `invalid` stands for a revoked one; interaction callbacks and webhooks carry no Authorization.
    if (auth === 'Bot invalid') return json(401, { message: '401: Unauthorized', code: 0 });
    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      return json(200, { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'POST' && (m = path.match(/^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const log = logOf(m[2]!);
      const data = body.data as Json | undefined;
      log.callbacks.push({ type: Number(body.type), data });
      // 4: message, 5: deferred ("thinking..."), 7: update the clicked message; they become the original response.
      if (body.type === 4 || body.type === 7) log.original = data ?? {};
      if (body.type === 5) log.original = { deferred: true, flags: data?.flags ?? 0 };
      return json(204);
    }
    if ((m = path.match(/^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      const log = logOf(m[2]!);
      if (!log.original || log.originalDeleted) return json(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'PATCH') {
        log.edits.push(body);
        log.original = { ...log.original, ...body, deferred: false };
        return json(200, message('500000000000000005', { ...log.original }));
      }
      if (method === 'DELETE') {
        log.originalDeleted = true;
        return json(204);
      }
      if (method === 'GET') return json(200, message('500000000000000005', log.original));
    }
    if (method === 'POST' && (m = path.match(/^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/))) {
      const log = logOf(m[2]!);
      // A follow-up needs an answered interaction, as on Discord.
      if (log.callbacks.length === 0) return json(404, { message: 'Unknown Webhook', code: 10015 });
      log.followUps.push(body);
      return json(200, message('500000000000000005', body));
    }
    if (method === 'POST' && (m = path.match(/^\/api\/v10\/channels\/(\d+)\/messages$/))) {
      const channel = m[1]!;
      const failing = failChannels.get(channel);
      if (failing) return json(failing, DISCORD_ERRORS[failing] ?? { message: `fake failure ${failing}`, code: 0 });
      const retryAfter = rateLimitOnce.get(channel);
      if (retryAfter !== undefined) {
        rateLimitOnce.delete(channel);
        return json(429, { message: 'You are being rate limited.', retry_after: retryAfter, global: false }, { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' });
      }
      return json(200, message(channel, body));
    }
    if (method === 'PUT' && (m = path.match(/^\/api\/v10\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      commands.push({ route: path, body });
      const list = Array.isArray(body) ? (body as Json[]) : [];
      return json(200, list.map((c) => ({ ...c, id: snowflake(), application_id: m![1], guild_id: m![2], version: snowflake() })));
    }
    return json(404, { message: `Unknown route (fake): ${method} ${path}`, code: 0 });
  };

  const server = createServer((req, res) => {
    readBody(req).then((raw) => {
      let body: Json = {};
      if (raw) body = JSON.parse(raw) as Json;
      const [rawPath = '', query = ''] = (req.url ?? '').split('?');
      // discord.js encodes `@original` as `%40original`.
      const path = decodeURIComponent(rawPath);
      const call: RestCall = { method: req.method ?? 'GET', path, query, auth: req.headers.authorization, body, status: 0 };
      call.status = route(call.method, path, call.auth, body, res);
      rest.push(call);
      notify();
    }).catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake could not read the request: ${String(err)}`, code: 50109 }));
    });
  });

  const wss = new WebSocketServer({ server, path: '/gateway' });
  const send = (payload: { op: number; d?: unknown; s?: number | null; t?: string | null }) => {
    gatewayLog.push({ dir: 'out', op: payload.op, t: payload.t ?? null });
    socket?.send(JSON.stringify(payload));
  };
  wss.on('connection', (ws) => {
    socket = ws;
    gatewayLog.push({ dir: 'connect' });
    notify();
    send({ op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 1000 }, s: null, t: null });
    ws.on('message', (data) => {
      const p = JSON.parse(String(data)) as { op: number; d: Json };
      gatewayLog.push({ dir: 'in', op: p.op });
      if (p.op === 1) send({ op: 11 });
      if (p.op === 2) {
        identifies.push({ ...p.d, token: '<redacted>' });
        send({ op: 0, s: ++seq, t: 'READY', d: {
          v: 10, user: { id: FAKE_BOT_ID, username: 'paperboy', discriminator: '0', global_name: null, avatar: null, bot: true },
          guilds: [], session_id: 'fake-session', resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
          application: { id: FAKE_APP_ID, flags: 0 }, shard: [0, 1],
        } });
      }
      if (p.op === 6) {
        // A resume with our session continues the sequence; anything else must identify again (op 9, not resumable).
        if (p.d.session_id === 'fake-session' && !refuseResume) send({ op: 0, s: ++seq, t: 'RESUMED', d: {} });
        else {
          refuseResume = false;
          send({ op: 9, d: false });
        }
      }
      notify();
    });
    ws.on('close', (code) => {
      gatewayLog.push({ dir: 'close', code });
      notify();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    api: `http://127.0.0.1:${port}/api`,
    rest,
    commands,
    identifies,
    interactions,
    gatewayLog,
    /** Messages posted to a channel (bodies as sent), in order. */
    channelMessages(channel: string): Json[] {
      return rest.filter((c) => c.method === 'POST' && c.status === 200 && c.path === `/api/v10/channels/${channel}/messages`).map((c) => c.body as Json);
    },
    interaction(token: string): InteractionLog {
      return logOf(token);
    },
    opsReceived(op: number): number {
      return gatewayLog.filter((g) => g.dir === 'in' && g.op === op).length;
    },
    /** Resolves when `test` holds after some request or gateway frame; rejects after `timeoutMs`. */
    waitFor(test: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake discord: timed out waiting for ${what}`)), timeoutMs);
        waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    dispatch(t: string, d: object): void {
      send({ op: 0, s: ++seq, t, d });
    },
    /** The next post to `channel` gets a 429 asking to wait `seconds`. */
    rateLimitNext(channel: string, seconds: number): void {
      rateLimitOnce.set(channel, seconds);
    },
    /** The next RESUME gets an invalid session (op 9, not resumable), as after a long outage. */
    refuseNextResume(): void {
      refuseResume = true;
    },
    /** Drops the gateway connection the way Discord does on trouble; 4000 (unknown error) is resumable. */
    dropConnection(code = 4000): void {
      socket?.close(code, 'fake: dropped');
    },
    async close(): Promise<void> {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
