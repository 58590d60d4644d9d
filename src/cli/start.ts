// `paperboy start`: the bot. Chat adapters when their tokens are set (with schedules and health endpoints), else the console.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChatAdapter, ChannelTarget, Platform, AdapterDeps } from '../adapter.js';
import { openEngine, type Engine } from '../engine.js';
import { resolve, join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { channelKey, type ChannelRecord } from '../bot/state.js';
import { postDigest, type PosterDeps } from '../bot/poster.js';
import { buildSources, runIngest, type IngestJobDeps } from '../bot/ingest-job.js';
import { createScheduler, digestJob, ingestJob, INGEST_JOB_KEY, type ScheduledJob } from '../schedule/scheduler.js';
import { startHealthServer } from '../health.js';
import { parse } from './args.js';
import { UserError } from '../errors.js';
import type { CliIo } from './main.js';

/** A stable id of this data directory's archive, made on first use. */
function archiveId(dataDir: string): string {
  const file = join(dataDir, 'archive-id');
  if (!existsSync(file)) writeFileSync(file, `${randomUUID()}\n`);
  return readFileSync(file, 'utf8').trim();
}

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
  const configured = engine.loaded.config.channels.find((c) => c.platform === 'console');
  const target: ChannelTarget = { platform: 'console', workspace: 'local', channel: configured?.channel ?? 'general' };
  const [latest] = await engine.archive.days(1);
  if (latest) await adapter.post(target, (await engine.composeDigest(target, latest)).reply);
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
  // Health first: a taken port fails the start before anything connects.
  let started = false;
  const healthPort = Number(io.env.PAPERBOY_HEALTH_PORT ?? loaded.config.http.port);
  const health = await startHealthServer(healthPort, {
    archive: () => engine.archive.count(),
    state: () => store.get('health', 'probe'),
    adapters: async () => {
      if (!started) throw new Error('starting');
    },
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new UserError('port_in_use', `port ${healthPort} for /healthz is taken (another Paperboy?): set PAPERBOY_HEALTH_PORT or http.port`);
  });
  const adapters = new Map<Platform, ChatAdapter>();
  for (const platform of platforms) adapters.set(platform, await io.adapters[platform]!.create(io.env, deps));

  const ingestDeps: IngestJobDeps = {
    config: loaded.config,
    resolvePath: (p) => resolve(loaded.root, p),
    archive: engine.archive,
    store,
    logger,
    onIngested: async () => (await engine.ranking()).refresh(),
  };
  const sources = buildSources(ingestDeps);
  // Each instance fills its own archive, so the ingest slot is claimed per archive, not once for all instances.
  const ingestKey = `${INGEST_JOB_KEY}:${archiveId(loaded.dataDir)}`;
  const targets = new Map<string, ChannelTarget>();
  const poster: PosterDeps = { adapters, state, settings: engine.settings, compose: engine.composeDigest, now: () => new Date() };

  const scheduler = createScheduler({
    store,
    logger,
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    catchUpWindowMs: loaded.config.schedule.catchUpHours * 3_600_000,
    async runSlot(key, slot) {
      if (key === ingestKey) return runIngest(ingestDeps, sources);
      const target = targets.get(key);
      if (!target) return 'skipped';
      return postDigest(poster, target, slot);
    },
  });

  /** Every channel with a schedule (configured ones, then those set up with /papers channel), and the ingest job. */
  async function reschedule(): Promise<void> {
    const jobs = new Map<string, ScheduledJob>();
    const channels = [...loaded.config.channels.map((c) => ({ platform: c.platform, workspace: c.workspace, channel: c.channel })), ...(await state.channels()).map((r) => r.target)];
    for (const target of channels) {
      if (!adapters.has(target.platform)) continue;
      const made = digestJob(target, await engine.settings(target));
      if (!made.ok) {
        logger.warn({ channel: channelKey(target) }, `not scheduled: ${made.message}`);
        continue;
      }
      jobs.set(made.job.key, made.job);
      targets.set(made.job.key, target);
    }
    if (sources.length > 0) jobs.set(ingestKey, { ...ingestJob({ cron: loaded.config.schedule.ingest, timezone: loaded.config.schedule.ingestTimezone }), key: ingestKey });
    const { rejected } = await scheduler.setJobs([...jobs.values()]);
    for (const r of rejected) logger.warn({ job: r.key }, `not scheduled: ${r.message}`);
  }

  const bot = await engine.bot({
    onChannelChange: (record: ChannelRecord) => {
      logger.info({ channel: channelKey(record.target) }, 'channel settings changed: re-scheduling');
      reschedule().catch((err) => logger.error({ err }, 're-scheduling failed'));
    },
  });
  // The rank worker loads while the adapters connect: the first scheduled digest then ranks on two threads.
  void engine.warmRanking();
  const running: ChatAdapter[] = [];
  try {
    for (const [platform, adapter] of adapters) {
      await adapter.start(bot);
      running.push(adapter);
      logger.info({ platform }, 'adapter started');
    }
    await reschedule();
    await scheduler.catchUp();
    started = true;
    logger.info({ port: health.port, platforms, state: store.backend }, 'paperboy is running');
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
  } finally {
    // Stop scheduling first and let in-flight posts finish, then disconnect the platforms; the caller closes the stores.
    await scheduler.stop();
    for (const adapter of running) await adapter.stop().catch((err) => logger.error({ err, platform: adapter.platform }, 'adapter did not stop cleanly'));
    await health.close();
  }
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
