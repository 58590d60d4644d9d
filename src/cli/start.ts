// `paperboy start`: the bot. Chat adapters when their tokens are set (with schedules and health endpoints), else the console.
import { randomUUID } from 'node:crypto';
import type { ChatAdapter, Platform, AdapterDeps } from '../adapter.js';
import { openEngine, type Engine } from '../engine.js';
import { channelKey, type ChannelRecord } from '../bot/state.js';
import { postDigest, targetFromKey } from '../bot/poster.js';
import { createScheduler } from '../schedule/scheduler.js';
import { parseSchedule } from '../schedule/when.js';
import { startHealthServer } from '../health.js';
import { parse } from './args.js';
import type { CliIo } from './main.js';

/** Fills an empty archive from the configured seed paths (the bundled samples), so a fresh install has papers. */
async function seed(engine: Engine): Promise<void> {
  if ((await engine.archive.count()) > 0 || engine.loaded.config.seed.length === 0) return;
  const report = await engine.ingest(engine.loaded.config.seed);
  engine.logger.info({ added: report.added, files: report.files, warnings: report.warnings.length }, 'seeded the archive');
}

async function runConsole(engine: Engine, io: CliIo): Promise<number> {
  const deps: AdapterDeps = { store: await engine.store(), logger: engine.logger, stdin: io.stdin, stdout: io.stdout };
  const adapter = await io.adapters.console!.create(io.env, deps);
  const bot = await engine.bot();
  const target = engine.defaultTarget();
  const [latest] = await engine.archive.days(1);
  if (latest) await adapter.post(target, (await engine.composeDigest({ ...target, platform: 'console' }, latest)).reply);
  else io.stdout.write('The archive is empty: add papers with paperboy ingest PATH.\n');
  await adapter.start(bot);
  await adapter.done;
  await adapter.stop();
  return 0;
}

async function runChat(engine: Engine, io: CliIo, platforms: Platform[]): Promise<number> {
  const { logger, loaded } = engine;
  const store = await engine.store();
  const state = await engine.state();
  const deps: AdapterDeps = { store, logger, stdin: io.stdin, stdout: io.stdout };
  const adapters = new Map<Platform, ChatAdapter>();
  for (const platform of platforms) adapters.set(platform, await io.adapters[platform]!.create(io.env, deps));

  const scheduler = createScheduler({
    store,
    logger,
    instanceId: randomUUID(),
    catchUpWindowMs: loaded.config.schedule.catchUpHours * 3_600_000,
    runSlot: (key, slot) =>
      postDigest({ adapters, state, settings: engine.settings, compose: engine.composeDigest, now: () => new Date() }, targetFromKey(key), slot),
  });

  /** Every channel with a schedule: configured ones, then those set up with /papers channel. */
  async function reschedule(): Promise<void> {
    const byKey = new Map<string, { key: string; cron: string; timezone: string }>();
    const add = (key: string, schedule: string, timezone: string) => {
      const parsed = parseSchedule(schedule);
      if (!parsed.ok) return logger.warn({ channel: key, schedule }, `bad schedule: ${parsed.message}`);
      if (adapters.has(targetFromKey(key).platform)) byKey.set(key, { key, cron: parsed.cron, timezone });
    };
    for (const c of loaded.config.channels) {
      const s = await engine.settings(c);
      add(channelKey(c), s.schedule, s.timezone);
    }
    for (const record of await state.channels()) add(channelKey(record.target), record.settings.schedule, record.settings.timezone);
    scheduler.setJobs([...byKey.values()]);
  }

  const bot = await engine.bot({
    onChannelChange: (record: ChannelRecord) => {
      logger.info({ channel: channelKey(record.target) }, 'channel settings changed: re-scheduling');
      reschedule().catch((err) => logger.error({ err }, 're-scheduling failed'));
    },
  });
  for (const [platform, adapter] of adapters) {
    await adapter.start(bot);
    logger.info({ platform }, 'adapter started');
  }
  await reschedule();
  await scheduler.catchUp();
  const health = await startHealthServer(Number(io.env.PAPERBOY_HEALTH_PORT ?? loaded.config.http.port), {
    archive: () => engine.archive.count(),
    state: () => store.get('health', 'probe'),
  });
  logger.info({ port: health.port, platforms, state: store.backend }, 'paperboy is running');

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // Stop scheduling first and let in-flight posts finish, then disconnect the platforms and close the stores.
  await scheduler.stop();
  for (const adapter of adapters.values()) await adapter.stop();
  await health.close();
  return 0;
}

export async function startCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {});
  const engine = await openEngine(values, io);
  try {
    await seed(engine);
    const platforms = (['slack', 'discord'] as const).filter((p) => io.adapters[p]?.configured(io.env));
    if (platforms.length === 0) return await runConsole(engine, io);
    return await runChat(engine, io, [...platforms]);
  } finally {
    await engine.close();
  }
}
