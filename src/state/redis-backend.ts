// The Redis state backend: a keyv store on @keyv/redis, with SET NX PX, GETDEL and SCAN for the atomic parts.
import KeyvRedis, { createClient } from '@keyv/redis';
import { StateConnectError, redactUrl } from './errors.js';
import { KeyvStore, createKeyv, type Logger, type RawBackend } from './keyv-store.js';

const BATCH = 500;

export interface RedisOptions {
  url: string;
  prefix: string;
  logger: Logger;
  connectTimeoutMs: number;
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * keyv calls the adapter's delete() only to drop a record it just read as expired (we delete through take()). Redis
 * drops it itself (PX), and a DEL here could remove a claim another instance won since: so delete nothing.
 */
class NoLazyDeleteRedis extends KeyvRedis<string> {
  override async delete(): Promise<boolean> {
    return false;
  }
}

/** SCAN's MATCH is a glob: escape its special characters so the prefix matches literally. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

class RedisRaw implements RawBackend {
  readonly name = 'redis';
  constructor(private readonly client: RedisClient) {}

  async insertIfAbsent(key: string, raw: string, ttlMs: number | undefined): Promise<boolean> {
    // Redis drops expired keys itself, so NX alone is "absent or expired".
    const reply = await this.client.set(key, raw, ttlMs === undefined ? { condition: 'NX' } : { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    return reply === 'OK';
  }

  async take(key: string): Promise<string | undefined> {
    return (await this.client.getDel(key)) ?? undefined;
  }

  private async *scanKeys(prefix: string): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const page = await this.client.scan(cursor, { MATCH: `${globEscape(prefix)}*`, COUNT: BATCH, TYPE: 'string' });
      cursor = String(page.cursor);
      const keys = page.keys.filter((k) => k.startsWith(prefix));
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }

  async *scan(prefix: string): AsyncIterable<[string, string]> {
    for await (const keys of this.scanKeys(prefix)) {
      const values = await this.client.mGet(keys);
      for (const [i, key] of keys.entries()) {
        const value = values[i];
        if (typeof value === 'string') yield [key, value]; // null: deleted or expired since the SCAN
      }
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    for await (const keys of this.scanKeys(prefix)) await this.client.unlink(keys);
  }

  async sweepExpired(): Promise<number> {
    return 0; // keys carry PX: Redis removes them itself
  }
}

export async function openRedisStore(opts: RedisOptions): Promise<KeyvStore> {
  const where = redactUrl(opts.url);
  let ready = false;
  const client: RedisClient = createClient({
    url: opts.url,
    // Fail fast instead of queueing commands forever while the server is away.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: opts.connectTimeoutMs,
      // Before the first connect succeeds, give up at once (openStore reports it); afterwards, keep reconnecting.
      reconnectStrategy: (retries: number, cause: Error) => (ready ? Math.min(100 * 2 ** retries, 5000) : cause),
    },
  });
  // node-redis throws 'error' events nobody listens to; once keyv's adapter is attached, keyv's listener logs them.
  client.on('error', (err: unknown) => {
    if (!ready) opts.logger.warn({ err, url: where }, 'Redis state store: connecting failed');
  });
  try {
    await withTimeout(client.connect().then(() => client.ping()), opts.connectTimeoutMs);
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw new StateConnectError(
      `cannot reach Redis at ${where} for the bot's state (${describe(err)}); start it, e.g. ` +
        `redis-server --daemonize yes --bind 127.0.0.1 --port 6379, or set another state URL`,
      err,
    );
  }
  ready = true;
  const adapter = new NoLazyDeleteRedis(client as never, { throwOnErrors: true, throwOnConnectError: true }); // @keyv/redis types its client param for its own re-exported client type
  const keyv = createKeyv(adapter, opts.logger, { url: where }, 'redis');
  return new KeyvStore(keyv, new RedisRaw(client), opts.prefix, async () => {
    ready = false;
    await keyv.disconnect();
  });
}

function describe(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map((e: unknown) => describe(e)).join('; ');
  return err instanceof Error ? err.message || err.name : String(err);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
