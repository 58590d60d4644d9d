// A local fake of Slack's Web API and response_url endpoints: records every call and refuses what Slack refuses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface ResponseCall {
  /** The id in the response_url path (`/response/<id>`). */
  id: string;
  body: Record<string, unknown>;
  at: number;
  /** The HTTP status the fake answered (400 when the message broke Slack's limits). */
  status: number;
}

export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
}

/** A one-off failure: the next call of `method` (to `channel`, if given) gets this answer. */
export interface Failure {
  method: string;
  channel?: string;
  /** Slack's `{ok: false, error}`. */
  error?: string;
  /** HTTP status instead (429 with retryAfter, 500, ...). */
  status?: number;
  retryAfter?: number;
  /** Times it applies (default 1). */
  times?: number;
  /** Matching calls let through before it applies (to fail a thread reply after its head). */
  skip?: number;
}

const MENTION = /<(?:!channel|!here|!everyone|!subteam\^[^>]*|@[UW][A-Z0-9]*)[^>]*>/g;

/** Every mention Slack would turn into a ping in a message's mrkdwn and fallback text (plain_text is never parsed). */
export function pingsIn(message: { text?: unknown; blocks?: unknown }): string[] {
  const texts: string[] = [];
  if (typeof message.text === 'string') texts.push(message.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') texts.push(o.text);
      for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v === 'object') walk(v);
    }
  };
  walk(message.blocks);
  return texts.flatMap((t) => t.match(MENTION) ?? []);
}

/** What Slack would refuse in a message: null when it is fine. */
export function checkMessage(message: Record<string, unknown>): string | null {
  const text = message.text;
  const blocks = message.blocks as Array<Record<string, unknown>> | undefined;
  if ((typeof text !== 'string' || text.trim() === '') && !blocks?.length) return 'no_text';
  if (typeof text === 'string' && text.length > 4000) return 'msg_too_long';
  if (!blocks) return null;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const b of blocks) {
    const t = b.text as { text?: string; type?: string } | undefined;
    if (b.type === 'section' && (!t?.text || t.text.length > 3000)) return 'invalid_blocks';
    if (b.type === 'header' && (t?.type !== 'plain_text' || !t.text || t.text.length > 150)) return 'invalid_blocks';
    if (b.type === 'context') {
      const els = b.elements as Array<{ text?: string }>;
      if (!els?.length || els.length > 10 || els.some((e) => !e.text || e.text.length > 3000)) return 'invalid_blocks';
    }
    if (b.type === 'actions') {
      const els = b.elements as Array<{ text?: { text?: string }; value?: string; url?: string; action_id?: string }>;
      if (!els?.length || els.length > 25) return 'invalid_blocks';
      const ids = new Set(els.map((e) => e.action_id));
      if (ids.size !== els.length) return 'invalid_blocks';
      if (els.some((e) => !e.text?.text || e.text.text.length > 75 || (e.value?.length ?? 0) > 2000 || (e.url?.length ?? 0) > 3000)) return 'invalid_blocks';
    }
  }
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form fields as Slack's WebClient sends them: nested values (blocks) arrive JSON-encoded. */
function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    args[k] = (k === 'blocks' || k === 'attachments' || k === 'metadata') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return args;
}

/** A message the app sent back over the Socket Mode websocket (the ack of an envelope). */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
  at: number;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseCall[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly failures: Failure[] = [];
  /** Tokens the fake accepts; anything else gets `invalid_auth`. */
  readonly tokens = new Set<string>();
  readonly revoked = new Set<string>();
  /** Channels that do not exist / the bot is not in. */
  readonly missingChannels = new Set<string>();
  readonly notInChannels = new Set<string>();
  /** App-level tokens (xapp-) accepted by apps.connections.open, for Socket Mode. */
  readonly appTokens = new Set<string>();
  readonly socketAcks: SocketAck[] = [];
  private readonly sockets: WebSocket[] = [];
  private wss: WebSocketServer | undefined;
  private envelopes = 0;
  private server: Server | undefined;
  private port = 0;
  private nextTs = 1_700_000_000_000_100;
  private waiters: Array<() => void> = [];

  constructor(tokens: string[] = ['xoxb-test-token']) {
    for (const t of tokens) this.tokens.add(t);
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${encodeURIComponent(id)}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    // Socket Mode: apps.connections.open hands out ws://.../socket; Slack says hello, then sends envelopes to ack.
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.push(ws);
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as SocketAck;
          this.socketAcks.push({ envelope_id: msg.envelope_id, payload: msg.payload, at: performance.now() });
          this.notify();
        });
        ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws), 1));
        ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.length, connection_info: { app_id: 'A0PAPERBOY' }, debug_info: { host: 'fake' } }));
        this.notify();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Open Socket Mode connections. */
  get socketCount(): number {
    return this.sockets.length;
  }

  /** Sends a Socket Mode envelope (`slash_commands`, `interactive`, `events_api`) to the newest connection; returns its id. */
  sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): string {
    const ws = this.sockets.at(-1);
    if (!ws) throw new Error('fake Slack: no Socket Mode connection');
    const envelope_id = `env-${++this.envelopes}`;
    ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return envelope_id;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesFor(id: string): ResponseCall[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolves when `pred` holds (checked on every recorded call), rejects after `ms`. */
  async waitFor(pred: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    if (pred()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private takeFailure(method: string, channel: unknown): Failure | undefined {
    const i = this.failures.findIndex((f) => f.method === method && (f.channel === undefined || f.channel === channel));
    if (i < 0) return undefined;
    const f = this.failures[i]!;
    if (f.skip) {
      f.skip--;
      return undefined;
    }
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.failures.splice(i, 1);
    return f;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const body = await readBody(req);
    const url = req.url ?? '';
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };

    if (url.startsWith('/response/')) {
      const args = parseArgs(body, req.headers['content-type']);
      const problem = checkMessage(args);
      this.responses.push({ id: decodeURIComponent(url.slice('/response/'.length)), body: args, at, status: problem ? 400 : 200 });
      this.notify();
      if (problem) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(problem);
      } else json(200, { ok: true });
      return;
    }
    if (!url.startsWith('/api/')) return json(404, { ok: false, error: 'unknown_method' });

    const method = url.slice('/api/'.length).split('?')[0]!;
    const args = parseArgs(body, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    this.calls.push({ method, token, args, at });
    this.notify();

    const failure = this.takeFailure(method, args.channel);
    if (failure?.status) {
      return json(failure.status, { ok: false, error: failure.error ?? 'ratelimited' }, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    }
    if (failure?.error) return json(200, { ok: false, error: failure.error });
    if (!token) return json(200, { ok: false, error: 'not_authed' });
    if (method === 'apps.connections.open') {
      if (!this.appTokens.has(token)) return json(200, { ok: false, error: 'invalid_auth' });
      return json(200, { ok: true, url: `ws://127.0.0.1:${this.port}/socket` });
    }
    if (this.revoked.has(token)) return json(200, { ok: false, error: 'token_revoked' });
    if (!this.tokens.has(token)) return json(200, { ok: false, error: 'invalid_auth' });

    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'paperboy', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' });
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (this.missingChannels.has(channel)) return json(200, { ok: false, error: 'channel_not_found' });
        if (this.notInChannels.has(channel)) return json(200, { ok: false, error: 'not_in_channel' });
        const problem = checkMessage(args);
        if (problem) return json(200, { ok: false, error: problem });
        const ts = `${Math.floor(this.nextTs / 1e6)}.${String(this.nextTs++ % 1e6).padStart(6, '0')}`;
        return json(200, { ok: true, channel, ts, message: { text: args.text, ts } });
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const u = this.users.get(id);
        if (!u) return json(200, { ok: false, error: 'user_not_found' });
        return json(200, { ok: true, user: { id, name: u.name ?? id.toLowerCase(), is_admin: u.is_admin ?? false, is_owner: u.is_owner ?? false } });
      }
      default:
        return json(200, { ok: false, error: 'unknown_method' });
    }
  }
}
