// The Discord ChatAdapter: a discord.js Client answering /papers interactions, and REST posts of digests to channels.
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  MessageFlags,
  PermissionFlagsBits,
  RateLimitError,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { PostError, type AdapterLogger, type Bot, type Caller, type ChannelTarget, type ChatAdapter } from '../../src/adapter.js';
import { findSpec, toCommandText } from '../../src/commands/spec.js';
import { error as errorReply, type Reply } from '../../src/reply.js';
import { COMMAND_NAME } from './commands.js';
import { DEFAULT_DISCORD_API_URL } from './config.js';
import { allowedMentionsOf, parseButtonId, renderReply, type DiscordMessage } from './render.js';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base without version; default Discord's own. The gateway URL comes from its `/gateway/bot`. */
  apiUrl?: string;
  logger: AdapterLogger;
  /** A command still unanswered after this long gets a deferReply (Discord drops interactions unanswered for 3 s). */
  deferAfterMs?: number;
  /** Autocomplete suggestions slower than this are answered with none (Discord's deadline is 3 s). */
  completeTimeoutMs?: number;
  /** Rate-limit waits longer than this fail the post as retryable instead of blocking the poster. */
  maxRateLimitWaitMs?: number;
  /** REST retries on 5xx and network errors, and the per-request timeout. */
  restRetries?: number;
  restTimeoutMs?: number;
}

export interface DiscordAdapter extends ChatAdapter {
  /** The underlying client, for tests and diagnostics. */
  readonly client: Client;
}

/** Commands that may need more than ~2 s (full-text search, ranking a day, similarity): deferred at once. */
const SLOW = new Set(['search', 'digest', 'similar', 'subscribe-like']);
const MAX_CHOICES = 25;
const CHOICE_MAX = 100;
const SNOWFLAKE = /^\d{17,20}$/;

type Answerable = ChatInputCommandInteraction | ButtonInteraction;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Maps what REST threw to a PostError: retryable for rate limits, outages and network trouble only. */
export function toPostError(err: unknown, channel: string): PostError {
  if (err instanceof PostError) return err;
  if (err instanceof RateLimitError) {
    return new PostError('rate_limited', `Discord rate-limited posting to channel ${channel}; retry after ${err.retryAfter} ms`, true);
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    const status = err.status;
    const detail = `Discord answered ${status} for channel ${channel}: ${err.message}`;
    if (status === 404) return new PostError('not_found', `${detail} (the channel was deleted or the bot cannot see it)`, false);
    if (status === 403) return new PostError('forbidden', `${detail} (give the bot View Channel, Send Messages and Embed Links there)`, false);
    if (status === 401) return new PostError('unauthorized', `${detail} (DISCORD_TOKEN was revoked or is wrong)`, false);
    if (status === 429) return new PostError('rate_limited', detail, true);
    if (status >= 500) return new PostError('unavailable', detail, true);
    return new PostError('rejected', detail, false);
  }
  return new PostError('network', `Could not reach Discord posting to channel ${channel}: ${describe(err)}`, true);
}

/** Who clicked or typed: guild, channel, user, and whether they may change channel settings. */
function callerOf(i: Interaction): Caller {
  return {
    platform: 'discord',
    // Commands are registered for guilds only; `@me` is Discord's own name for the DM space, should one arrive.
    workspace: i.guildId ?? '@me',
    channel: i.channelId ?? '',
    user: i.user.id,
    userName: i.user.globalName ?? i.user.username,
    // has() counts Administrator as every permission.
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
  };
}

function pathOf(i: ChatInputCommandInteraction | AutocompleteInteraction): string[] {
  const group = i.options.getSubcommandGroup(false);
  const sub = i.options.getSubcommand(false);
  return [group, sub].filter((s): s is string => Boolean(s));
}

/** The first words of a command text that name it (`channel limit`, `show`). */
function pathOfText(text: string): string[] {
  const words = text.trim().split(/\s+/);
  return words[0] === 'channel' ? words.slice(0, 2) : words.slice(0, 1);
}

/** Creates the adapter; nothing connects until start(). */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 2000;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;
  const completeTimeoutMs = options.completeTimeoutMs ?? 2500;
  const client = new Client({
    // Interactions arrive without any intent; Guilds keeps guild and channel caches so interactions resolve them.
    intents: [GatewayIntentBits.Guilds],
    // Discord's recommended shard count from /gateway/bot: one process serves past the 2,500-server single-shard limit.
    shards: 'auto',
    allowedMentions: { parse: [] },
    rest: {
      api: options.apiUrl ?? DEFAULT_DISCORD_API_URL,
      retries: options.restRetries ?? 3,
      timeout: options.restTimeoutMs ?? 15_000,
      rejectOnRateLimit: (info) => info.retryAfter > maxRateLimitWaitMs,
    },
  });
  // Posting needs only REST: set the token now so digests can go out before (or without) the gateway.
  client.rest.setToken(options.token);
  let bot: Bot | undefined;

  async function send(i: Answerable, messages: DiscordMessage[], how: { deferred: boolean; ephemeral: boolean }): Promise<void> {
    const flags = how.ephemeral ? MessageFlags.Ephemeral : undefined;
    for (const [index, m] of messages.entries()) {
      const payload = { content: m.content ?? '', embeds: m.embeds, components: m.components, allowedMentions: allowedMentionsOf(m) };
      if (index > 0) await i.followUp({ ...payload, flags });
      else if (how.deferred) await i.editReply(payload);
      else await i.reply({ ...payload, flags });
    }
  }

  /** Runs one command text for a typed command or a button click and answers within Discord's deadlines. */
  async function run(i: Answerable, text: string, forceEphemeral: boolean): Promise<void> {
    if (!bot) throw new Error('Discord adapter used before start()');
    const path = pathOfText(text);
    // The engine decides visibility, but a deferral must pick one before the answer exists. Everything is answered to
    // the caller alone except a change of channel settings, which the channel should see.
    const ephemeralGuess = forceEphemeral || !(path[0] === 'channel' && path[1] !== undefined && path[1] !== 'show');
    let deferral: Promise<unknown> | undefined;
    const defer = () => (deferral ??= i.deferReply({ flags: ephemeralGuess ? MessageFlags.Ephemeral : undefined }));
    let timer: NodeJS.Timeout | undefined;
    if (SLOW.has(path[0] ?? '')) await defer();
    else {
      timer = setTimeout(() => {
        defer().catch((err: unknown) => logger.warn({ err: describe(err), command: text }, 'discord: deferReply failed'));
      }, deferAfterMs);
    }
    let reply: Reply;
    try {
      reply = await bot.handle({ ...callerOf(i), text });
    } catch (err) {
      logger.error({ err: describe(err), command: text }, 'discord: command failed');
      reply = errorReply('internal', 'Something went wrong answering that command; it was logged.');
    } finally {
      clearTimeout(timer);
    }
    const messages = renderReply(reply);
    if (!deferral) {
      await send(i, messages, { deferred: false, ephemeral: forceEphemeral || reply.visibility === 'ephemeral' });
      return;
    }
    await deferral;
    if (ephemeralGuess || reply.visibility === 'channel') {
      // A deferred ephemeral reply cannot become public; showing a channel answer only to its caller is the safe side.
      await send(i, messages, { deferred: true, ephemeral: ephemeralGuess });
      return;
    }
    // Deferred in public but the answer is private: remove the public placeholder and answer privately.
    await i.deleteReply();
    for (const m of messages) {
      await i.followUp({ content: m.content ?? '', embeds: m.embeds, components: m.components, allowedMentions: allowedMentionsOf(m), flags: MessageFlags.Ephemeral });
    }
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const path = pathOf(i);
    const values: Record<string, string | number | boolean | undefined> = {};
    for (const option of findSpec(path)?.options ?? []) {
      const value = i.options.get(option.name)?.value;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[option.name] = value;
    }
    await run(i, toCommandText(path, values), false);
  }

  async function onButton(i: ButtonInteraction, command: string): Promise<void> {
    // A click acts for the clicking user, and the answer is theirs alone.
    await run(i, command, true);
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    if (!bot) return;
    const focused = i.options.getFocused(true);
    let suggestions: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    // Discord drops an autocomplete answer after 3 s; an empty list in time beats a late full one.
    const late = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => {
        logger.warn({ option: focused.name, afterMs: completeTimeoutMs }, 'discord: autocomplete too slow; answered with no choices');
        resolve([]);
      }, completeTimeoutMs);
    });
    try {
      suggestions = await Promise.race([bot.complete({ ...callerOf(i), path: pathOf(i), option: focused.name, partial: String(focused.value) }), late]);
    } catch (err) {
      logger.warn({ err: describe(err), option: focused.name }, 'discord: autocomplete failed');
    } finally {
      clearTimeout(timer);
    }
    // A choice's value is what the user's command will carry; one longer than Discord allows cannot be offered at all.
    const unique = [...new Set(suggestions.map((s) => s.trim()))].filter((s) => s.length > 0 && s.length <= CHOICE_MAX);
    await i.respond(unique.slice(0, MAX_CHOICES).map((s) => ({ name: s, value: s })));
  }

  async function onInteraction(i: Interaction): Promise<void> {
    try {
      if (i.isAutocomplete() && i.commandName === COMMAND_NAME) await onAutocomplete(i);
      else if (i.isChatInputCommand() && i.commandName === COMMAND_NAME) await onCommand(i);
      else if (i.isButton()) {
        const command = parseButtonId(i.customId);
        if (command) await onButton(i, command);
      }
    } catch (err) {
      logger.error({ err: describe(err), interaction: i.id }, 'discord: could not answer an interaction');
    }
  }

  const listener = (i: Interaction) => void onInteraction(i);

  return {
    platform: 'discord',
    client,
    async start(handler: Bot): Promise<void> {
      bot = handler;
      client.on(Events.InteractionCreate, listener);
      client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'discord: gateway connection lost; reconnecting'));
      client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'discord: gateway resumed'));
      // discord.js emits this only when it gives up (bad token, disallowed intents): commands stop; posts still work.
      client.on(Events.ShardDisconnect, (event, shard) => logger.error({ code: event.code, shard }, 'discord: gateway closed for good; restart Paperboy after fixing the cause'));
      client.on(Events.Error, (err) => logger.error({ err: describe(err) }, 'discord: client error'));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
      logger.info({ user: client.user?.tag, application: options.applicationId }, 'discord: connected');
    },
    async post(target: ChannelTarget, reply: Reply): Promise<void> {
      if (target.platform !== 'discord') throw new PostError('wrong_platform', `Cannot post a ${target.platform} target through Discord`, false);
      if (!SNOWFLAKE.test(target.channel)) throw new PostError('bad_channel', `"${target.channel}" is not a Discord channel id (17 to 20 digits)`, false);
      const messages = renderReply(reply);
      for (const [index, m] of messages.entries()) {
        try {
          await client.rest.post(Routes.channelMessages(target.channel), {
            body: { content: m.content ?? '', embeds: m.embeds, components: m.components, allowed_mentions: allowedMentionsOf(m) },
          });
        } catch (err) {
          const mapped = toPostError(err, target.channel);
          const partial = index > 0 ? ` after ${index} of ${messages.length} messages were posted` : '';
          throw new PostError(mapped.code, `${mapped.message}${partial}`, mapped.retryable);
        }
      }
    },
    async stop(): Promise<void> {
      client.off(Events.InteractionCreate, listener);
      await client.destroy();
    },
  };
}
