// The composition root of the engine: builds archive, state, ranking and the command layer from config, lazily.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Archive } from './archive/archive.js';
import { openSqliteArchive } from './archive/sqlite.js';
import { loadConfig, channelSettings, type LoadedConfig, type ChannelSettings } from './config.js';
import { createLogger, type Logger } from './log.js';
import { ingestPaths, type IngestReport } from './ingest.js';
import { parseAny } from './sources/detect.js';
import { parseListingFile } from './sources/files.js';
import { openStore } from './state/open.js';
import type { KeyValueStore } from './state/kv.js';
import { BotState, channelKey } from './bot/state.js';
import { composeDigest, type ComposedDigest } from './bot/digest.js';
import { createRankingService, type RankingService } from './bot/ranking-service.js';
import { createRankPool } from './rank/index.js';
import { createCommandHandler } from './commands/handler.js';
import { parseSchedule } from './schedule/when.js';
import type { Bot, ChannelTarget } from './adapter.js';
import type { CommandDeps } from './commands/context.js';
import type { ChannelRecord } from './bot/state.js';

export interface EngineIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Engine {
  loaded: LoadedConfig;
  logger: Logger;
  archive: Archive;
  ingest(paths: string[], onProgress?: Parameters<typeof ingestPaths>[1]['onProgress']): Promise<IngestReport>;
  ranking(): Promise<RankingService>;
  store(): Promise<KeyValueStore>;
  state(): Promise<BotState>;
  bot(hooks?: { onChannelChange?(record: ChannelRecord): void }): Promise<Bot>;
  /** The channel's saved settings, else its entry in config, else the config defaults. */
  settings(target: ChannelTarget): Promise<ChannelSettings>;
  /** `settings` when the caller has already read them (else they are read here). */
  composeDigest(target: ChannelTarget, date: string, settings?: ChannelSettings): Promise<ComposedDigest>;
  /** The channel `paperboy digest` shows by default: the first configured one, else the console's. */
  defaultTarget(): ChannelTarget;
  /** Starts the rank pool's worker now (a running bot), so the first big ranking finds it ready. */
  warmRanking(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the engine for a CLI command from its --data/--config options and the environment. */
export async function openEngine(
  values: Record<string, unknown>,
  io: EngineIo,
  opts: { quiet?: boolean } = {},
): Promise<Engine> {
  const loaded = loadConfig({
    configPath: typeof values.config === 'string' ? values.config : undefined,
    dataDir: typeof values.data === 'string' ? values.data : undefined,
    cwd: io.cwd,
    env: io.env,
  });
  const logger = createLogger({ level: opts.quiet && !io.env.PAPERBOY_LOG_LEVEL ? 'warn' : loaded.logLevel, stream: io.stderr });
  return createEngine(loaded, logger);
}

export function createEngine(loaded: LoadedConfig, logger: Logger, now: () => Date = () => new Date()): Engine {
  const { config } = loaded;
  mkdirSync(loaded.dataDir, { recursive: true });
  const archive = openSqliteArchive(resolve(loaded.dataDir, 'archive.sqlite'));
  let storePromise: Promise<KeyValueStore> | undefined;
  let rankingPromise: Promise<RankingService> | undefined;

  const store = () => (storePromise ??= openStore(loaded.stateUrl, { dataDir: loaded.dataDir, logger }));
  const state = async () => new BotState(await store());
  // Big rankings (a channel with hundreds of subscribers) go to two threads; the worker starts at the first one, or
  // when a running bot calls warmRanking.
  const pool = createRankPool({ onError: (err) => logger.warn({ err }, 'rank worker failed: its share of a ranking under way is ranked in the main thread, and a new worker starts with the next') });
  const ranking = () => (rankingPromise ??= createRankingService({ archive, synonyms: config.synonyms, now, pool }));

  const configured = new Map(config.channels.map((c) => [channelKey(c), c]));
  const defaultSettings = (target: ChannelTarget) => {
    const entry = configured.get(channelKey(target));
    return channelSettings(config, entry ? { ...entry } : {});
  };

  const engine: Engine = {
    loaded,
    logger,
    archive,
    async ingest(paths, onProgress) {
      const report = await ingestPaths(
        paths.map((p) => resolve(loaded.root, p)),
        { archive, parse: (text: string, file: string) => parseAny(text, { file }), streamFile: (file) => parseListingFile(file), onProgress },
      );
      // New papers change the document frequencies the ranker weighs terms by.
      if (rankingPromise && report.added + report.updated > 0) await (await rankingPromise).refresh();
      return report;
    },
    ranking,
    store,
    state,
    async bot(hooks = {}) {
      const [r, s] = await Promise.all([ranking(), state()]);
      const deps: CommandDeps = {
        archive,
        state: s,
        ranking: r,
        profiles: r.profiles,
        config,
        defaultSettings,
        validateSchedule(text) {
          const parsed = parseSchedule(text);
          return parsed.ok ? { ok: true } : { ok: false, message: parsed.message };
        },
        onChannelChange: hooks.onChannelChange,
        now,
      };
      return createCommandHandler(deps, logger);
    },
    async settings(target) {
      const record = await (await state()).channel(target);
      return record?.settings ?? defaultSettings(target);
    },
    async composeDigest(target, date, settings) {
      const [r, s] = await Promise.all([ranking(), state()]);
      return composeDigest({ archive, state: s, ranking: r, personalLimit: config.limits.personalPapers }, target, settings ?? (await engine.settings(target)), date);
    },
    defaultTarget() {
      const first = config.channels[0];
      return first ? { platform: first.platform, workspace: first.workspace, channel: first.channel } : { platform: 'console', workspace: 'local', channel: 'general' };
    },
    warmRanking: () => pool.warm(),
    async close() {
      await pool.close();
      await archive.close();
      if (storePromise) await (await storePromise).close();
    },
  };
  return engine;
}

