// The Slack ChatAdapter: a real Bolt App (HTTP or Socket Mode) that answers /papers and buttons, and posts digests.
import { App, LogLevel, type AppOptions, type BlockAction, type ButtonAction, type RespondArguments, type RespondFn } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PostError, type Bot, type Caller, type ChannelTarget, type ChatAdapter } from '../../src/adapter.js';
import { error as errorReply, type DigestReply, type Reply } from '../../src/reply.js';
import { findSpec, CHANNEL_GROUP } from '../../src/commands/spec.js';
import type { KeyValueStore } from '../../src/state/kv.js';
import type { SlackConfig } from './config.js';
import { boltLogger, type SlackLogger } from './log.js';
import { createInstallationStore, type SlackInstallationStore } from './installation-store.js';
import { createRoleCache, type RoleCache } from './roles.js';
import { COMMAND_ACTION, LINK_ACTION, limitMessages, renderDigest, renderReply, type RenderOptions } from './render.js';
import { escapeText, type SlackMessage } from './blocks.js';
import { DEAD_TOKEN, adviceFor, retryAfterSeconds, toPostError } from './errors.js';

export interface SlackAdapterOptions {
  config: SlackConfig;
  logger: SlackLogger;
  /** Required for OAuth installs (installations live in it); also keeps admin notices to one a day per problem. */
  store?: KeyValueStore;
  /** Interface to bind in HTTP mode (default: all; tests use 127.0.0.1). */
  host?: string;
  render?: RenderOptions;
  /** How long a users.info admin answer is trusted. */
  roleTtlMs?: number;
  /** Longest Retry-After waited out inside one post before failing with a retryable PostError. */
  maxRetryAfterMs?: number;
  /** Bolt's own log level (its messages go to `logger`). */
  boltLogLevel?: LogLevel;
  /** HTTP client for the Web API and response_url (default: global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SlackAdapter extends ChatAdapter {
  readonly platform: 'slack';
  /** The port Bolt listens on in HTTP mode, once started (useful with PORT=0). */
  port(): number | undefined;
  /** The Bolt App (for the composition root: extra routes, health checks). */
  readonly app: App;
}

const NOTICES_NAMESPACE = 'slack-admin-notices';
const DAY_MS = 24 * 60 * 60_000;

/** True when a `/papers` text is a channel command only channel admins may run (then we look up the caller's role). */
export function needsAdmin(text: string): boolean {
  const [group, sub] = text.trim().split(/\s+/, 2).map((w) => w.toLowerCase());
  return group === CHANNEL_GROUP.name && sub !== undefined && findSpec([group, sub])?.admin === true;
}

/** Slack sends slash-command text with `&`, `<` and `>` escaped; the command layer wants what the user typed. */
export function unescapeCommandText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Bolt's options for a configuration: HTTP or Socket Mode, one bot token or OAuth installs. Pure, for tests. */
export function buildAppOptions(
  config: SlackConfig,
  deps: { logger: SlackLogger; installationStore?: SlackInstallationStore; boltLogLevel?: LogLevel; fetch?: typeof fetch },
): AppOptions {
  const level = deps.boltLogLevel ?? LogLevel.WARN;
  const options: AppOptions = {
    // No I/O in the constructor: auth.test runs in init(), called by start().
    deferInitialization: true,
    logger: boltLogger(deps.logger, level),
    logLevel: level,
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.apiUrl,
      // Bolt's default retries for 30 minutes; a digest run must not hang on one channel, so fail fast and let
      // the caller (post's own Retry-After loop, or the scheduler) decide.
      retryConfig: { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1000 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    },
  };
  if (config.mode === 'socket') {
    options.socketMode = true;
    options.appToken = config.appToken;
  } else {
    options.signingSecret = config.signingSecret;
    options.port = config.port;
  }
  if (config.auth.kind === 'token') {
    options.token = config.auth.botToken;
  } else {
    if (!deps.installationStore) throw new Error('Slack OAuth installs need a store for installations');
    options.clientId = config.auth.clientId;
    options.clientSecret = config.auth.clientSecret;
    options.stateSecret = config.auth.stateSecret;
    options.scopes = config.auth.scopes;
    options.installationStore = deps.installationStore;
    options.installerOptions = { directInstall: true };
  }
  return options;
}

/**
 * Lets the event loop run its I/O phase once: the ack's bytes go out (and are read, when the caller shares this
 * process, as in tests and the benchmark) before the command's CPU work holds the thread.
 */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function responseType(reply: Reply): RespondArguments['response_type'] {
  return reply.visibility === 'channel' ? 'in_channel' : 'ephemeral';
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const installations = config.auth.kind === 'oauth' ? createInstallationStoreOrThrow(options.store) : undefined;
  const app = new App(buildAppOptions(config, { logger, installationStore: installations, boltLogLevel: options.boltLogLevel, fetch: options.fetch }));
  const notified = new Map<string, number>();
  let server: Server | undefined;
  let started = false;

  async function tokenFor(workspace: string): Promise<string> {
    if (config.auth.kind === 'token') return config.auth.botToken;
    const installation = await installations!.find(workspace);
    const token = installation?.bot?.token;
    if (!token) throw new PostError('not_installed', `Slack app is not installed in workspace ${workspace}`, false);
    return token;
  }

  const roles: RoleCache = createRoleCache({
    logger,
    ttlMs: options.roleTtlMs,
    now,
    lookup: async (workspace, user) => {
      const result = await app.client.users.info({ token: await tokenFor(workspace), user });
      return Boolean(result.user?.is_admin || result.user?.is_owner || result.user?.is_primary_owner);
    },
  });

  /** One chat.postMessage, waiting out a short Retry-After a few times before giving up. */
  async function postOne(token: string, channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await app.client.chat.postMessage({
          token,
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
        return result.ts ?? threadTs ?? '';
      } catch (err) {
        const wait = retryAfterSeconds(err);
        if (wait === undefined || attempt >= 3 || wait * 1000 > maxRetryAfterMs) throw err;
        logger.warn({ channel, retryAfterS: wait, attempt }, 'slack: rate-limited, waiting before retrying the post');
        await sleep(wait * 1000);
      }
    }
  }

  /** Posts messages as one thread: the first in the channel, the rest as its replies. Returns the head's ts. */
  async function postThread(token: string, target: ChannelTarget, head: SlackMessage, rest: SlackMessage[]): Promise<string> {
    const ts = await postOne(token, target.channel, head);
    let failed = 0;
    for (const message of rest) {
      try {
        await postOne(token, target.channel, message, ts);
      } catch (err) {
        // The head is posted: failing the whole post now would make a retry post it twice, so log and go on.
        failed++;
        const pe = toPostError(err, target.channel);
        logger.error({ workspace: target.workspace, channel: target.channel, code: pe.code, threadTs: ts }, `slack: a thread reply of the digest failed: ${pe.message}`);
      }
    }
    if (failed > 0) logger.error({ workspace: target.workspace, channel: target.channel, failed, of: rest.length }, 'slack: digest posted with missing thread replies');
    return ts;
  }

  async function tellAdmin(target: ChannelTarget, err: PostError): Promise<void> {
    if (err.retryable || DEAD_TOKEN.has(err.code)) return; // transient, or no token left to say it with
    let admin = config.adminUser;
    if (config.auth.kind === 'oauth') admin = (await installations!.find(target.workspace))?.user.id ?? admin;
    if (!admin) {
      logger.info({ workspace: target.workspace, channel: target.channel, code: err.code }, 'slack: no admin to tell about the failed post (set SLACK_ADMIN_USER)');
      return;
    }
    const key = `${target.workspace}:${target.channel}:${err.code}`;
    let first: boolean;
    if (options.store) {
      // Shared across instances and restarts: one notice a day per channel and problem, not one per retry.
      first = await options.store.setIfAbsent(NOTICES_NAMESPACE, key, now(), DAY_MS);
    } else {
      const last = notified.get(key);
      first = last === undefined || last + DAY_MS <= now();
      if (first) notified.set(key, now());
    }
    if (!first) return;
    const where = /^[CGD][A-Z0-9]+$/.test(target.channel) ? `<#${target.channel}>` : escapeText(target.channel);
    const text = `Paperboy could not post the digest to ${where}: ${adviceFor(err.code)}.`;
    try {
      await app.client.chat.postMessage({ token: await tokenFor(target.workspace), channel: admin, text });
    } catch (notifyErr) {
      logger.warn({ workspace: target.workspace, admin, err: notifyErr }, 'slack: could not tell the admin about a failed post');
    }
  }

  /** `notify`: tell the admin about a refused scheduled post (not when a user asked and sees the error). */
  async function post(target: ChannelTarget, reply: Reply, notify = true): Promise<void> {
    const where = `${target.workspace}/${target.channel}`;
    try {
      const token = await tokenFor(target.workspace);
      if (reply.kind === 'digest') {
        const { head, thread } = renderDigest(reply, options.render);
        await postThread(token, target, head, thread);
      } else {
        const [head, ...rest] = renderReply(reply, options.render);
        await postThread(token, target, head!, rest);
      }
    } catch (err) {
      const pe = toPostError(err, where);
      logger.error({ workspace: target.workspace, channel: target.channel, code: pe.code, retryable: pe.retryable }, `slack: post failed: ${pe.message}`);
      if (notify) {
        await tellAdmin(target, pe).catch((notifyErr: unknown) => {
          // The post's own error matters more: report this one and still throw that.
          logger.warn({ workspace: target.workspace, channel: target.channel, err: notifyErr }, 'slack: could not tell the admin about a failed post');
        });
      }
      throw pe;
    }
  }

  /** Runs one command for a caller and answers on the response_url (or posts a channel digest as a thread). */
  async function run(bot: Bot, caller: Omit<Caller, 'isAdmin'>, text: string, respond: RespondFn, replaceOriginal: boolean): Promise<void> {
    const isAdmin = needsAdmin(text) ? await roles.isAdmin(caller.workspace, caller.user) : false;
    let reply: Reply;
    try {
      reply = await bot.handle({ ...caller, isAdmin, text });
    } catch (err) {
      logger.error({ err, workspace: caller.workspace, channel: caller.channel, user: caller.user, text }, 'slack: command failed');
      reply = errorReply('internal', 'Something went wrong on our side; the error was logged. Please try again.');
    }
    if (reply.kind === 'digest' && reply.visibility === 'channel') {
      try {
        await post(caller, reply as DigestReply, false);
        return;
      } catch (err) {
        reply = errorReply((err as PostError).code ?? 'internal', err instanceof Error ? err.message : String(err));
      }
    }
    const messages = limitMessages(renderReply(reply, options.render));
    for (const [i, m] of messages.entries()) {
      try {
        await respond({ response_type: responseType(reply), replace_original: replaceOriginal && i === 0, text: m.text, blocks: m.blocks });
      } catch (err) {
        logger.warn({ err, workspace: caller.workspace, channel: caller.channel, user: caller.user }, 'slack: response_url refused the reply (expired after 30 minutes, or 5 replies used)');
        return;
      }
    }
  }

  function listen(bot: Bot): void {
    app.command(config.command, async ({ command, ack, respond }) => {
      await ack(); // at once and empty: Slack gives 3 seconds; the answer follows on response_url
      await yieldToIo();
      const caller = { platform: 'slack' as const, workspace: command.team_id, channel: command.channel_id, user: command.user_id, userName: command.user_name };
      await run(bot, caller, unescapeCommandText(command.text ?? ''), respond, false);
    });
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: new RegExp(`^${COMMAND_ACTION}_`) }, async ({ ack, body, action, respond }) => {
      await ack();
      await yieldToIo();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const workspace = body.team?.id ?? body.user.team_id;
      if (!action.value || !channel || !workspace) {
        logger.warn({ actionId: action.action_id, channel, workspace }, 'slack: button click without a command, channel or team; ignored');
        return;
      }
      const caller = { platform: 'slack' as const, workspace, channel, user: body.user.id, userName: body.user.username ?? body.user.name };
      // "Next page" in an ephemeral result replaces it; anything else adds a new (usually ephemeral) message.
      const replace = action.action_id === `${COMMAND_ACTION}_next` && body.container?.is_ephemeral === true;
      await run(bot, caller, action.value, respond, replace);
    });
    // Link buttons open their URL in the browser; Slack still sends the click, which only needs an ack.
    app.action({ type: 'block_actions', action_id: new RegExp(`^${LINK_ACTION}_`) }, async ({ ack }) => {
      await ack();
    });
    if (installations) {
      app.event('app_uninstalled', async ({ body }) => {
        const teamId = body.team_id;
        await installations.deleteInstallation?.({ teamId, enterpriseId: body.enterprise_id, isEnterpriseInstall: false });
        logger.info({ workspace: teamId }, 'slack: app uninstalled; installation removed');
      });
      app.event('tokens_revoked', async ({ body, event }) => {
        if ((event.tokens.bot ?? []).length === 0) return;
        await installations.deleteInstallation?.({ teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: false });
        logger.warn({ workspace: body.team_id }, 'slack: bot token revoked; installation removed');
      });
    }
    app.error(async (err) => {
      logger.error({ err, code: err.code }, 'slack: unhandled error in a Bolt listener');
    });
  }

  return {
    platform: 'slack',
    app,
    port: () => (server?.address() as AddressInfo | null)?.port,
    async start(bot) {
      if (started) throw new Error('Slack adapter already started');
      listen(bot);
      try {
        await app.init();
      } catch (err) {
        const pe = toPostError(err, 'auth.test');
        throw new PostError(pe.code, `Slack refused the bot token at start: ${adviceFor(pe.code)}`, pe.retryable);
      }
      if (config.mode === 'http') {
        server = (await app.start(options.host ? { port: config.port, host: options.host } : config.port)) as Server;
        logger.info({ port: (server.address() as AddressInfo).port, mode: 'http' }, 'slack: listening for events at /slack/events');
      } else {
        try {
          await app.start();
        } catch (err) {
          // Stop the socket client's reconnect attempts before reporting.
          await app.stop().catch((stopErr: unknown) => logger.warn({ err: stopErr }, 'slack: stopping the Socket Mode client failed'));
          const pe = toPostError(err, 'apps.connections.open');
          throw new PostError(pe.code, `Slack Socket Mode connection failed (check SLACK_APP_TOKEN, an xapp- token with connections:write): ${pe.message}`, pe.retryable);
        }
        logger.info({ mode: 'socket' }, 'slack: connected in Socket Mode');
      }
      started = true;
    },
    post: (target, reply) => post(target, reply),
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      server = undefined;
    },
  };
}

function createInstallationStoreOrThrow(store: KeyValueStore | undefined): SlackInstallationStore {
  if (!store) throw new Error('Slack OAuth installs (SLACK_CLIENT_ID) need a state store to keep installations in');
  return createInstallationStore(store);
}
