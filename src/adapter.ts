// The contract between the engine and a chat platform: adapters get a Bot to call and post replies; nothing more.
import type { Reply } from './reply.js';
import type { KeyValueStore } from './state/kv.js';

export type Platform = 'console' | 'slack' | 'discord';

/** Who is asking, and where. `isAdmin` comes from the platform (Slack admin/owner, Discord Manage Channels). */
export interface Caller {
  platform: Platform;
  /** Slack team id, Discord guild id, `local` for the console. */
  workspace: string;
  channel: string;
  user: string;
  userName?: string;
  isAdmin: boolean;
}

export interface CommandRequest extends Caller {
  /** Everything after `/papers`, e.g. `search "gaussian splatting" cat:cs.GR`. */
  text: string;
}

export interface CompletionRequest extends Caller {
  /** `['unsubscribe']` or `['channel', 'timezone']`. */
  path: string[];
  option: string;
  partial: string;
}

/** What an adapter may call. Implemented by the engine's command layer. */
export interface Bot {
  handle(request: CommandRequest): Promise<Reply>;
  /** Up to 25 suggestions for an option being typed. */
  complete(request: CompletionRequest): Promise<string[]>;
}

export interface ChannelTarget {
  platform: Platform;
  workspace: string;
  channel: string;
}

export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects and starts answering commands with `bot`. */
  start(bot: Bot): Promise<void>;
  /** Posts a reply (usually a digest) to a channel; rejects with a PostError when the platform refuses. */
  post(target: ChannelTarget, reply: Reply): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the adapter ends by itself (the console, at the end of its input). */
  readonly done?: Promise<void>;
}

/** A platform refused a post. `retryable` for rate limits and outages; not for a missing channel or revoked token. */
export class PostError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

/** How the entry point hands adapters to the engine: by platform, each built from the environment when configured. */
export interface AdapterFactory {
  /** True when the environment holds this platform's credentials. */
  configured(env: Record<string, string | undefined>): boolean;
  create(env: Record<string, string | undefined>, deps: AdapterDeps): ChatAdapter | Promise<ChatAdapter>;
  /** Extra CLI verbs (`paperboy discord register`). */
  cli?(args: string[], io: { env: Record<string, string | undefined>; stdout: NodeJS.WritableStream }): Promise<number>;
}

export interface AdapterDeps {
  /** The shared state store (Slack keeps its OAuth installations there). */
  store: KeyValueStore;
  logger: AdapterLogger;
  /** The process's terminal, for the console adapter. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The slice of pino adapters use. */
export interface AdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type AdapterRegistry = Partial<Record<Platform, AdapterFactory>>;
