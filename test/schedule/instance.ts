// One bot-like scheduler process for the two-process test: schedules the same jobs as its twin over a shared Redis.
// Usage: node bin/run-ts.js test/schedule/instance.ts --id A --redis redis://127.0.0.1:6379 --prefix P --list KEY [--jobs 3]
//        [--cron '* * * * * *'] [--lease MS] [--window MS] [--crash-on-run N] [--claim-delay-ms MS]
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
    cron: { type: 'string', default: '* * * * * *' }, // every second: the compressed clock
    lease: { type: 'string', default: '30000' }, // longer than any run, even on a starved CI machine
    window: { type: 'string', default: '5000' },
    // Crash (exit without posting) inside the Nth run this instance wins: a crash after the claim, before the post.
    'crash-on-run': { type: 'string' },
    // Claim slots this much later than the twin, so the twin wins the live ones.
    'claim-delay-ms': { type: 'string', default: '0' },
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
const claimDelayMs = Number(values['claim-delay-ms']);
if (claimDelayMs > 0) {
  const setIfAbsent = store.setIfAbsent.bind(store);
  store.setIfAbsent = async (...args: Parameters<typeof setIfAbsent>) => {
    await new Promise((r) => setTimeout(r, claimDelayMs));
    return setIfAbsent(...args);
  };
}
const crashOnRun = values['crash-on-run'] === undefined ? undefined : Number(values['crash-on-run']);
let runs = 0;
// The "chat platform": a Redis list the post appends to, outside the scheduler's own store.
const platform = createClient({ url: redis });
platform.on('error', (err: unknown) => process.stderr.write(`[${id}] platform client error ${String(err)}\n`));
await platform.connect();

const zones = ['UTC', 'Europe/Berlin', 'America/New_York'];
const jobs = Array.from({ length: Number(values.jobs) }, (_, i) => ({
  key: `job-${i}`,
  cron: values.cron,
  timezone: zones[i % zones.length]!,
}));

const scheduler = createScheduler({
  store,
  logger,
  instanceId: id,
  catchUpWindowMs: Number(values.window),
  leaseMs: Number(values.lease),
  retryAfterMs: 1000,
  recheckEveryMs: 1000, // periodic catch-up races the live ticks on purpose
  keepDoneMs: 10 * 60_000,
  runSlot: async (job, slot) => {
    if (++runs === crashOnRun) {
      process.stdout.write(`crash ${job}@${slot.toISOString()}\n`);
      process.exit(137);
    }
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
