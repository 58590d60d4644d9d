// One bot-like scheduler process for the two-process test: schedules the same jobs as its twin over a shared Redis.
// Usage: node bin/run-ts.js test/schedule/instance.ts --id A --redis redis://127.0.0.1:6379 --prefix P --list KEY --jobs 3
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { createClient } from '@keyv/redis';
import { openStore } from '../../src/state/open.js';
import { createScheduler, type SchedulerLogger } from '../../src/schedule/scheduler.js';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    redis: { type: 'string' },
    prefix: { type: 'string' },
    list: { type: 'string' },
    jobs: { type: 'string', default: '3' },
  },
});
const { id, redis, prefix, list } = values;
if (!id || !redis || !prefix || !list) {
  process.stderr.write('usage: instance.ts --id ID --redis URL --prefix PREFIX --list KEY [--jobs N]\n');
  process.exit(2);
}

const logger: SchedulerLogger = {
  info: () => undefined,
  warn: (obj, msg) => process.stderr.write(`[${id}] warn ${msg ?? ''} ${JSON.stringify(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`[${id}] error ${msg ?? ''} ${String((obj as { err?: unknown }).err ?? '')} ${JSON.stringify(obj)}\n`),
};

const store = await openStore(redis, { dataDir: tmpdir(), prefix, connectTimeoutMs: 3000, logger });
// The "chat platform": a Redis list the post appends to, outside the scheduler's own store.
const platform = createClient({ url: redis });
platform.on('error', (err: unknown) => process.stderr.write(`[${id}] platform client error ${String(err)}\n`));
await platform.connect();

const zones = ['UTC', 'Europe/Berlin', 'America/New_York'];
const jobs = Array.from({ length: Number(values.jobs) }, (_, i) => ({
  key: `job-${i}`,
  cron: '* * * * * *', // every second: the compressed clock
  timezone: zones[i % zones.length]!,
}));

const scheduler = createScheduler({
  store,
  logger,
  instanceId: id,
  catchUpWindowMs: 5000,
  leaseMs: 30_000, // longer than any run, even on a starved CI machine
  retryAfterMs: 1000,
  recheckEveryMs: 1000, // periodic catch-up races the live ticks on purpose
  keepDoneMs: 10 * 60_000,
  runSlot: async (job, slot) => {
    await platform.rPush(list, `${job}@${slot.toISOString()}#${id}`);
    return 'posted';
  },
});
await scheduler.setJobs(jobs);
await scheduler.catchUp();
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    await scheduler.stop();
    await store.close();
    platform.destroy();
    process.exit(0);
  })();
});
