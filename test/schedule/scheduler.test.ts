// The scheduler on fake timers: local times across DST, weekday rules, catch-up, re-scheduling, failures, exactly-once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/state/memory-kv.js';
import type { Json, KeyValueStore } from '../../src/state/kv.js';
import {
  createScheduler,
  digestJob,
  digestJobKey,
  ingestJob,
  SLOTS_NAMESPACE,
  slotKey,
  type Scheduler,
  type SchedulerOptions,
  type SlotOutcome,
  type SlotRecord,
} from '../../src/schedule/scheduler.js';
import { parseSchedule } from '../../src/schedule/when.js';

const HOUR = 3600_000;

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLogger(): SchedulerOptions['logger'] & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg?: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const running: Scheduler[] = [];

function scheduler(opts: Partial<SchedulerOptions> & { store: KeyValueStore }) {
  const logger = recordingLogger();
  const runs: { job: string; slot: string }[] = [];
  const s = createScheduler({
    logger,
    catchUpWindowMs: 12 * HOUR,
    instanceId: 'test',
    recheckEveryMs: 0,
    runSlot: async (job, slot) => {
      runs.push({ job, slot: slot.toISOString() });
      return 'posted';
    },
    ...opts,
  });
  running.push(s);
  return { s, logger, runs };
}

afterEach(async () => {
  // Stop every task before leaving fake timers: node-cron would otherwise keep a fake heartbeat around.
  for (const s of running.splice(0)) await s.stop();
  vi.useRealTimers();
});

function at(iso: string): void {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(iso));
}

const berlin = (cron = '0 9 * * 1-5') => ({ key: 'digest:berlin', cron, timezone: 'Europe/Berlin' });

describe('scheduling at local times', () => {
  it('posts weekdays 09:00 Europe/Berlin at 09:00 local across the 2026-03-29 DST switch, not on the weekend', async () => {
    at('2026-03-27T07:59:00Z'); // Fri 08:59 CET
    const store = new MemoryStore();
    const { s, runs } = scheduler({ store });
    const parsed = parseSchedule('weekdays 09:00');
    if (!parsed.ok) throw new Error(parsed.message);
    await s.setJobs([berlin(parsed.cron)]);
    await vi.advanceTimersByTimeAsync(4 * 24 * HOUR); // -> Tue 2026-03-31 07:59Z
    expect(runs.map((r) => r.slot)).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z']);
    const rec = await store.get<SlotRecord>(SLOTS_NAMESPACE, slotKey('digest:berlin', new Date('2026-03-30T07:00:00Z')));
    expect(rec).toMatchObject({ state: 'done', outcome: 'posted', instance: 'test' });
  });

  it('posts daily 09:00 America/New_York at 14:00Z before its 2026-03-08 switch and 13:00Z after', async () => {
    at('2026-03-06T12:00:00Z');
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([{ key: 'digest:ny', cron: '0 9 * * *', timezone: 'America/New_York' }]);
    await vi.advanceTimersByTimeAsync(4 * 24 * HOUR);
    expect(runs.map((r) => r.slot)).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('posts once on the day New York falls back (2026-11-01), at 09:00 EST', async () => {
    at('2026-10-31T12:00:00Z');
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([{ key: 'digest:ny', cron: '0 9 * * *', timezone: 'America/New_York' }]);
    await vi.advanceTimersByTimeAsync(2 * 24 * HOUR);
    expect(runs.map((r) => r.slot)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });

  it('follows a day-list rule: sun-thu 21:00 runs Sunday to Thursday only', async () => {
    at('2026-01-03T00:00:00Z'); // Saturday
    const parsed = parseSchedule('sun-thu 21:00');
    if (!parsed.ok) throw new Error(parsed.message);
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([{ key: 'digest:utc', cron: parsed.cron, timezone: 'UTC' }]);
    await vi.advanceTimersByTimeAsync(7 * 24 * HOUR);
    const weekdays = runs.map((r) => new Date(r.slot).getUTCDay());
    expect(weekdays).toEqual([0, 1, 2, 3, 4]);
    expect(runs.every((r) => r.slot.endsWith('T21:00:00.000Z'))).toBe(true);
  });

  it('times the ingest job at 20:30 New York, Sunday to Thursday', async () => {
    at('2026-01-03T00:00:00Z'); // Saturday
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([ingestJob()]);
    await vi.advanceTimersByTimeAsync(7 * 24 * HOUR);
    expect(runs.map((r) => r.slot)).toEqual([
      '2026-01-05T01:30:00.000Z', // Sun 20:30 EST
      '2026-01-06T01:30:00.000Z',
      '2026-01-07T01:30:00.000Z',
      '2026-01-08T01:30:00.000Z',
      '2026-01-09T01:30:00.000Z', // Thu 20:30 EST
    ]);
    expect(new Set(runs.map((r) => r.job))).toEqual(new Set(['ingest']));
  });
});

describe('catch-up after downtime', () => {
  /** Runs Monday's slot live on instance "a", then stops it, as a bot that went down after Monday's digest. */
  async function mondayDone(store: MemoryStore): Promise<void> {
    at('2026-01-05T07:59:00Z'); // Mon 08:59 CET
    const { s, runs } = scheduler({ store, instanceId: 'a' });
    await s.setJobs([berlin()]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(runs.map((r) => r.slot)).toEqual(['2026-01-05T08:00:00.000Z']);
    await s.stop();
  }

  it('posts exactly one missed digest, the most recent, when back on Wednesday 10:00', async () => {
    const store = new MemoryStore();
    await mondayDone(store);
    vi.setSystemTime(new Date('2026-01-07T09:00:00Z')); // Wed 10:00 CET; Tue and Wed 09:00 were missed
    const { s, runs, logger } = scheduler({ store, instanceId: 'b', catchUpWindowMs: 72 * HOUR });
    await s.setJobs([berlin()]);
    await s.catchUp();
    expect(runs).toEqual([{ job: 'digest:berlin', slot: '2026-01-07T08:00:00.000Z' }]);
    expect(logger.lines.find((l) => l.msg.includes('only the most recent'))?.obj).toMatchObject({ superseded: 1 });
    await s.catchUp(); // a second catch-up finds it done
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(24 * HOUR); // and Thursday runs on time
    expect(runs.map((r) => r.slot)).toEqual(['2026-01-07T08:00:00.000Z', '2026-01-08T08:00:00.000Z']);
  });

  it('posts nothing for a slot older than the window, and logs it', async () => {
    const store = new MemoryStore();
    await mondayDone(store);
    vi.setSystemTime(new Date('2026-01-07T21:00:00Z')); // Wed 22:00 CET: Wed 09:00 is 13 h old
    const { s, runs, logger } = scheduler({ store, instanceId: 'b', catchUpWindowMs: 12 * HOUR });
    await s.setJobs([berlin()]);
    await s.catchUp();
    expect(runs).toEqual([]);
    const warn = logger.lines.find((l) => l.level === 'warn');
    expect(warn?.msg).toMatch(/older than the catch-up window/);
    expect(warn?.obj).toMatchObject({ job: 'digest:berlin', slot: '2026-01-07T08:00:00.000Z', windowHours: 12 });
  });

  it('does not post for a slot before a new job existed', async () => {
    at('2026-01-05T09:00:00Z'); // Mon 10:00 CET: the channel is set up an hour after its 09:00 slot
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([berlin()]);
    await s.catchUp();
    expect(runs).toEqual([]);
  });

  it('records a runner\'s "nothing to post" as done and never retries it', async () => {
    at('2026-01-05T07:59:00Z');
    const store = new MemoryStore();
    const outcomes: SlotOutcome[] = [];
    const { s } = scheduler({
      store,
      runSlot: async () => {
        outcomes.push('nothing');
        return 'nothing';
      },
    });
    await s.setJobs([berlin()]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(await store.get(SLOTS_NAMESPACE, slotKey('digest:berlin', new Date('2026-01-05T08:00:00Z')))).toMatchObject({
      state: 'done',
      outcome: 'nothing',
    });
    await s.catchUp();
    await vi.advanceTimersByTimeAsync(HOUR);
    await s.catchUp();
    expect(outcomes).toHaveLength(1);
  });

  it('leaves a failed slot not done, logs it, keeps other jobs running, and retries it at the next catch-up', async () => {
    at('2026-01-05T07:59:00Z');
    const store = new MemoryStore();
    let failures = 1;
    const ran: string[] = [];
    const { s, logger } = scheduler({
      store,
      retryAfterMs: 10 * 60_000,
      runSlot: async (job) => {
        if (job === 'digest:flaky' && failures-- > 0) throw new Error('platform said 503');
        ran.push(job);
        return 'posted';
      },
    });
    await s.setJobs([
      { key: 'digest:flaky', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      { key: 'digest:fine', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    ]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(ran).toEqual(['digest:fine']);
    const key = slotKey('digest:flaky', new Date('2026-01-05T08:00:00Z'));
    expect(await store.get(SLOTS_NAMESPACE, key)).toMatchObject({ state: 'failed', error: 'platform said 503' });
    const err = logger.lines.find((l) => l.level === 'error');
    expect(err?.obj).toMatchObject({ job: 'digest:flaky', slot: '2026-01-05T08:00:00.000Z' });

    await s.catchUp(); // too soon: the failure holds the slot for retryAfterMs
    expect(ran).toEqual(['digest:fine']);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await s.catchUp();
    expect(ran).toEqual(['digest:fine', 'digest:flaky']);
    expect(await store.get(SLOTS_NAMESPACE, key)).toMatchObject({ state: 'done', outcome: 'posted' });
  });

  it('retries, on a surviving instance, a slot whose instance crashed mid-run once the lease expires', async () => {
    at('2026-01-05T08:00:30Z'); // Mon 09:00:30 CET
    const store = new MemoryStore();
    // What a crashed instance leaves behind: its claim on the 09:00 slot, and no `done`.
    const crashed: SlotRecord = { state: 'running', instance: 'dead', at: Date.now() - 30_000 };
    await store.set('schedules', 'digest:berlin', { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', since: Date.parse('2026-01-01T00:00:00Z') });
    await store.setIfAbsent(SLOTS_NAMESPACE, slotKey('digest:berlin', new Date('2026-01-05T08:00:00Z')), crashed, 10 * 60_000 - 30_000);
    const { s, runs } = scheduler({ store, instanceId: 'survivor', leaseMs: 10 * 60_000, recheckEveryMs: 5 * 60_000 });
    await s.setJobs([berlin()]);
    await s.catchUp();
    expect(runs).toEqual([]); // the claim still holds
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toEqual([]); // first periodic check: still held
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toEqual([{ job: 'digest:berlin', slot: '2026-01-05T08:00:00.000Z' }]);
    expect(await store.get(SLOTS_NAMESPACE, slotKey('digest:berlin', new Date('2026-01-05T08:00:00Z')))).toMatchObject({
      state: 'done',
      instance: 'survivor',
    });
  });

  it('runs a slot whose timer fired a few seconds late (busy event loop)', async () => {
    at('2026-01-05T07:59:58Z');
    const { s, runs, logger } = scheduler({ store: new MemoryStore() });
    await s.setJobs([berlin()]);
    vi.setSystemTime(new Date('2026-01-05T08:00:05Z')); // the clock jumps; the heartbeat timer is still 2 s away
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual([{ job: 'digest:berlin', slot: '2026-01-05T08:00:00.000Z' }]);
    expect(logger.lines.find((l) => l.msg === 'scheduled job ran')?.obj).toMatchObject({ reason: 'late' });
  });

  it('runs a few-seconds-late slot even with catch-up turned off (window 0)', async () => {
    at('2026-01-05T07:59:58Z');
    const { s, runs } = scheduler({ store: new MemoryStore(), catchUpWindowMs: 0 });
    await s.setJobs([berlin()]);
    vi.setSystemTime(new Date('2026-01-05T08:00:05Z'));
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual([{ job: 'digest:berlin', slot: '2026-01-05T08:00:00.000Z' }]);
  });

  it('with catch-up turned off, posts nothing after a long suspend', async () => {
    at('2026-01-05T07:59:58Z');
    const { s, runs } = scheduler({ store: new MemoryStore(), catchUpWindowMs: 0 });
    await s.setJobs([berlin()]);
    vi.setSystemTime(new Date('2026-01-05T09:00:00Z')); // an hour late
    await vi.advanceTimersByTimeAsync(3000);
    await s.catchUp();
    expect(runs).toEqual([]);
  });

  it('after a long suspend, runs only the most recent missed slot within the window', async () => {
    at('2026-01-05T07:59:58Z');
    const { s, runs, logger } = scheduler({ store: new MemoryStore(), catchUpWindowMs: 72 * HOUR });
    await s.setJobs([berlin()]);
    vi.setSystemTime(new Date('2026-01-07T09:00:00Z')); // suspended from Mon 08:59:58 CET to Wed 10:00 CET
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual([{ job: 'digest:berlin', slot: '2026-01-07T08:00:00.000Z' }]);
    expect(logger.lines.find((l) => l.msg === 'scheduled job ran')?.obj).toMatchObject({ reason: 'catch-up' });
  });
});

describe('re-scheduling', () => {
  it('moves a job whose cron changes, keeps an unchanged one, and drops a removed one', async () => {
    at('2026-01-05T06:00:00Z'); // Mon 07:00 CET
    const { s, runs, logger } = scheduler({ store: new MemoryStore() });
    await s.setJobs([berlin('0 9 * * 1-5'), { key: 'digest:keep', cron: '0 9 * * *', timezone: 'UTC' }, { key: 'digest:gone', cron: '0 9 * * *', timezone: 'UTC' }]);
    await s.setJobs([berlin('0 11 * * 1-5'), { key: 'digest:keep', cron: '0 9 * * *', timezone: 'UTC' }]);
    expect(logger.lines.filter((l) => l.msg === 'job re-scheduled').map((l) => l.obj.job)).toEqual(['digest:berlin']);
    expect(logger.lines.filter((l) => l.msg === 'job unscheduled').map((l) => l.obj.job)).toEqual(['digest:gone']);
    expect(s.jobs().map((j) => [j.key, j.next?.toISOString()])).toEqual([
      ['digest:berlin', '2026-01-05T10:00:00.000Z'],
      ['digest:keep', '2026-01-05T09:00:00.000Z'],
    ]);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(runs).toEqual([
      { job: 'digest:keep', slot: '2026-01-05T09:00:00.000Z' },
      { job: 'digest:berlin', slot: '2026-01-05T10:00:00.000Z' },
    ]);
  });

  it('moves a job whose time zone changes', async () => {
    at('2026-01-05T06:00:00Z');
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await s.setJobs([berlin('0 9 * * *')]);
    await s.setJobs([{ key: 'digest:berlin', cron: '0 9 * * *', timezone: 'America/New_York' }]);
    await vi.advanceTimersByTimeAsync(12 * HOUR);
    expect(runs.map((r) => r.slot)).toEqual(['2026-01-05T14:00:00.000Z']);
  });

  it('does not catch up a slot of the old schedule after a change', async () => {
    at('2026-01-05T06:00:00Z'); // Mon 07:00 CET, job scheduled 11:00 for weeks
    const store = new MemoryStore();
    await store.set('schedules', 'digest:berlin', { cron: '0 11 * * 1-5', timezone: 'Europe/Berlin', since: Date.parse('2025-12-01T00:00:00Z') });
    vi.setSystemTime(new Date('2026-01-05T09:00:00Z')); // Mon 10:00 CET: changed to 09:00, which already passed
    const { s, runs } = scheduler({ store });
    await s.setJobs([berlin('0 9 * * 1-5')]);
    await s.catchUp();
    expect(runs).toEqual([]);
  });

  it('rejects a job with a bad cron, time zone or duplicate key and schedules the others', async () => {
    at('2026-01-05T08:59:00Z');
    const { s, runs, logger } = scheduler({ store: new MemoryStore() });
    const { rejected } = await s.setJobs([
      { key: 'a', cron: '0 99 * * *', timezone: 'UTC' },
      { key: 'b', cron: '0 9 * * *', timezone: 'Europe/Atlantis' },
      { key: 'c@x', cron: '0 9 * * *', timezone: 'UTC' },
      { key: 'ok', cron: '0 9 * * *', timezone: 'UTC' },
      { key: 'ok', cron: '0 10 * * *', timezone: 'UTC' },
    ]);
    expect(rejected.map((r) => r.key)).toEqual(['a', 'b', 'c@x', 'ok']);
    expect(rejected[0]!.message).toMatch(/invalid cron "0 99 \* \* \*"/);
    expect(rejected[1]!.message).toMatch(/unknown time zone "Europe\/Atlantis"/);
    expect(rejected[3]!.message).toMatch(/appears twice/);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(runs).toEqual([{ job: 'ok', slot: '2026-01-05T09:00:00.000Z' }]);
  });
});

describe('exactly once', () => {
  it('two scheduler instances over one store run each slot once', async () => {
    at('2026-01-05T08:59:30Z');
    const store = new MemoryStore();
    const posts: string[] = [];
    const jobs = ['x', 'y', 'z'].map((k) => ({ key: `digest:${k}`, cron: '* * * * *', timezone: 'Europe/Berlin' }));
    for (const id of ['a', 'b']) {
      const { s } = scheduler({
        store,
        instanceId: id,
        runSlot: async (job, slot) => {
          await new Promise((r) => setTimeout(r, 1500)); // a slow post: the other instance's timer fires meanwhile
          posts.push(`${job}@${slot.toISOString()}`);
          return 'posted';
        },
      });
      await s.setJobs(jobs);
    }
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(posts).toHaveLength(90);
    expect(new Set(posts).size).toBe(90);
    for (const s of running) await s.catchUp();
    expect(posts).toHaveLength(90);
  });

  it('stop() waits for a run in flight and starts no new one', async () => {
    at('2026-01-05T07:59:59Z');
    let finished = false;
    let started = 0;
    const { s } = scheduler({
      store: new MemoryStore(),
      runSlot: async () => {
        started++;
        await new Promise((r) => setTimeout(r, 5000));
        finished = true;
        return 'posted';
      },
    });
    await s.setJobs([berlin('* * * * *')]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(started).toBe(1);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(4000);
    expect(stopped).toBe(false); // still waiting for the run
    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(started).toBe(1);
  });

  it('stop() gives up on a run that never ends after its timeout, and says so', async () => {
    at('2026-01-05T07:59:59Z');
    const { s, logger } = scheduler({ store: new MemoryStore(), runSlot: () => new Promise<SlotOutcome>(() => undefined) });
    await s.setJobs([berlin('* * * * *')]);
    await vi.advanceTimersByTimeAsync(1500);
    const stopping = s.stop({ timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
    expect(logger.lines.find((l) => l.level === 'warn')).toMatchObject({ obj: { running: 1 }, msg: expect.stringMatching(/still in flight/) });
  });

  it('logs, and does not throw, when the store cannot take the claim', async () => {
    at('2026-01-05T07:59:59Z');
    const store = new MemoryStore();
    const broken: KeyValueStore = Object.assign(Object.create(store) as MemoryStore, {
      setIfAbsent: async (_ns: string, _key: string, _value: Json): Promise<boolean> => {
        throw new Error('ECONNREFUSED 127.0.0.1:6379');
      },
    });
    const { s, runs, logger } = scheduler({ store: broken });
    await s.setJobs([berlin()]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual([]);
    expect(logger.lines.find((l) => l.level === 'error')?.msg).toMatch(/could not claim/);
  });
});

describe('digest jobs from channel settings', () => {
  const target = { platform: 'slack' as const, workspace: 'T1', channel: 'C@1' };

  it('builds the job from a schedule and a time zone', () => {
    expect(digestJob(target, { schedule: 'weekdays 09:00', timezone: 'Europe/Berlin' })).toEqual({
      ok: true,
      job: { key: 'digest:slack:T1:C%401', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      label: 'weekdays at 09:00 (Europe/Berlin)',
    });
    expect(digestJobKey(target)).not.toContain('@');
  });

  it('says what is wrong with a bad schedule or time zone', () => {
    const badSchedule = digestJob(target, { schedule: 'weekdays 9', timezone: 'UTC' });
    expect(badSchedule.ok === false && badSchedule.message).toMatch(/"9" is not a time/);
    const badZone = digestJob(target, { schedule: 'daily 08:00', timezone: 'Berlin' });
    expect(badZone.ok === false && badZone.message).toMatch(/"Berlin" is not a time zone: use an IANA name/);
  });
});

describe('robustness', () => {
  it('applies concurrent setJobs calls one after the other, leaving one task per job', async () => {
    at('2026-01-05T08:30:00Z');
    const { s, runs } = scheduler({ store: new MemoryStore() });
    await Promise.all([
      s.setJobs([{ key: 'j', cron: '0 9 * * *', timezone: 'UTC' }]),
      s.setJobs([{ key: 'j', cron: '0 10 * * *', timezone: 'UTC' }]),
      s.setJobs([{ key: 'j', cron: '0 11 * * *', timezone: 'UTC' }]),
    ]);
    expect(s.jobs().map((j) => j.cron)).toEqual(['0 11 * * *']);
    await vi.advanceTimersByTimeAsync(4 * HOUR);
    expect(runs.map((r) => r.slot)).toEqual(['2026-01-05T11:00:00.000Z']);
  });

  it('warns when a run outlasts its lease', async () => {
    at('2026-01-05T08:59:59Z');
    const { s, logger } = scheduler({
      store: new MemoryStore(),
      leaseMs: 60_000,
      runSlot: async () => {
        await new Promise((r) => setTimeout(r, 90_000));
        return 'posted';
      },
    });
    await s.setJobs([{ key: 'j', cron: '0 9 * * *', timezone: 'UTC' }]);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(logger.lines.find((l) => l.level === 'warn')?.msg).toMatch(/outlasted its lease/);
  });
});
