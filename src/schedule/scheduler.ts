// The scheduler: one node-cron task per job (channel digest, ingest), each slot run exactly once across instances.
import cron, { type Logger as CronLogger, type ScheduledTask, type TaskContext } from 'node-cron';
import type { KeyValueStore } from '../state/kv.js';
import type { ChannelTarget } from '../adapter.js';
import { isValidTimeZone, parseSchedule, slotsBetween } from './when.js';

/**
 * What a slot's runner did: posted; found nothing to post (weekend, holiday); or skipped it on purpose (channel
 * paused). Every outcome is final for the slot: only a throw leaves it to be retried.
 */
export type SlotOutcome = 'posted' | 'nothing' | 'skipped';

export interface ScheduledJob {
  /** Unique per job, e.g. `digest:slack:T1:C1` or `ingest`. */
  key: string;
  cron: string;
  /** IANA time zone the cron is read in. */
  timezone: string;
}

/** The slice of pino the scheduler uses. */
export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SchedulerOptions {
  store: KeyValueStore;
  /** Epoch ms; defaults to Date.now. node-cron itself reads Date and setTimeout (fake them together in tests). */
  clock?: () => number;
  logger: SchedulerLogger;
  /** How old a missed slot may be and still be posted after downtime. */
  catchUpWindowMs: number;
  /** Names this process in slot claims (host:pid or similar). */
  instanceId: string;
  /**
   * Runs one slot of a job. Resolve only after the platform accepted the post (or decided there is nothing to post);
   * throw only when nothing was posted: a throw makes the slot retryable.
   */
  runSlot: (jobKey: string, slot: Date) => Promise<SlotOutcome>;
  /**
   * How long a claim holds while its run is in flight; a crashed run's slot becomes retryable after it. Must be longer
   * than the slowest run, or another instance may run the slot again. Default 15 min.
   */
  leaseMs?: number;
  /** After a runner throws, the slot waits this long before a catch-up retries it. Default 60 s. */
  retryAfterMs?: number;
  /** Runs catchUp() this often, so a slot whose instance crashed mid-run is retried by a survivor. Default 5 min; 0 = never. */
  recheckEveryMs?: number;
  /** A timer that fired at most this late still runs its own slot; later than this, the catch-up rule decides. Default 5 min. */
  lateRunMs?: number;
  /** How long `done` records are kept; default forever (one record per job and slot). Keep it longer than catchUpWindowMs. */
  keepDoneMs?: number;
}

export interface JobStatus extends ScheduledJob {
  next: Date | null;
}

export interface Scheduler {
  /**
   * Makes the scheduled jobs exactly these: unchanged jobs keep their task, changed ones (cron or time zone) are
   * re-scheduled, missing ones are stopped. A job with a bad cron or time zone is left out, logged and returned.
   */
  setJobs(jobs: ScheduledJob[]): Promise<{ rejected: { key: string; message: string }[] }>;
  /** Posts, per job, the most recent slot of the catch-up window that no instance completed (see the rule below). */
  catchUp(): Promise<void>;
  /** The jobs and their next slot, for status pages. */
  jobs(): JobStatus[];
  /** Stops every task and waits for runs in flight (at most timeoutMs, default 30 s, then logs what is still running). */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

/** Store namespace of slot claims and `done` records, keyed `${jobKey}@${slotISO}`. */
export const SLOTS_NAMESPACE = 'slots';
/** Store namespace of each job's schedule and the time it took effect (catch-up never reaches before that). */
export const SCHEDULES_NAMESPACE = 'schedules';

export type SlotRecord =
  | { state: 'running'; instance: string; at: number }
  | { state: 'done'; outcome: SlotOutcome; instance: string; at: number }
  | { state: 'failed'; instance: string; at: number; error: string };

type ScheduleRecord = {
  cron: string;
  timezone: string;
  /** Epoch ms the job got this schedule. */
  since: number;
};

export function slotKey(jobKey: string, slot: Date): string {
  return `${jobKey}@${slot.toISOString()}`;
}

/** `digest:<platform>:<workspace>:<channel>`, each part URI-encoded so no key holds the `@` of slot keys. */
export function digestJobKey(target: ChannelTarget): string {
  return ['digest', target.platform, target.workspace, target.channel].map(encodeURIComponent).join(':');
}

/** A channel's digest job from its settings (`weekdays 09:00` or a cron, and an IANA zone), or what is wrong with them. */
export function digestJob(
  target: ChannelTarget,
  settings: { schedule: string; timezone: string },
): { ok: true; job: ScheduledJob; label: string } | { ok: false; message: string } {
  const parsed = parseSchedule(settings.schedule);
  if (!parsed.ok) return parsed;
  if (!isValidTimeZone(settings.timezone)) {
    return { ok: false, message: `"${settings.timezone}" is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.` };
  }
  return { ok: true, job: { key: digestJobKey(target), cron: parsed.cron, timezone: settings.timezone }, label: `${parsed.label} (${settings.timezone})` };
}

/** The arXiv ingest job: half an hour after the 20:00 US Eastern announcement, Sunday to Thursday. */
export const INGEST_JOB_KEY = 'ingest';
export function ingestJob(opts: { cron?: string; timezone?: string } = {}): ScheduledJob {
  return { key: INGEST_JOB_KEY, cron: opts.cron ?? '30 20 * * 0-4', timezone: opts.timezone ?? 'America/New_York' };
}

/** How far before the catch-up window catchUp looks for an older missed slot, only to log it. */
const LOOKBACK_MS = 7 * 24 * 3600_000;
/** How many slots of the window catchUp inspects to count superseded ones (log only). */
const SUPERSEDED_SCAN = 50;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Entry {
  job: ScheduledJob;
  task: ScheduledTask;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { store, logger, instanceId, runSlot } = opts;
  const clock = opts.clock ?? Date.now;
  const leaseMs = opts.leaseMs ?? 15 * 60_000;
  const retryAfterMs = opts.retryAfterMs ?? 60_000;
  const lateRunMs = opts.lateRunMs ?? 5 * 60_000;
  const recheckEveryMs = opts.recheckEveryMs ?? 5 * 60_000;
  const entries = new Map<string, Entry>();
  const inFlight = new Set<Promise<unknown>>();
  const catchingUp = new Map<string, Promise<void>>();
  /** Slots older than the window already reported, so a periodic catch-up logs each once. */
  const reportedStale = new Set<string>();
  let stopped = false;
  let recheck: NodeJS.Timeout | undefined;

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined); // the caller handles p's own rejection
    return p;
  }

  /**
   * Claims the slot, runs it, records the outcome. Exactly once: the claim is an atomic set-if-absent of the slot's
   * key, held for leaseMs while running and then replaced by a permanent `done`. A second instance (or a late timer,
   * or a catch-up) finds the key and does nothing. A run that crashes leaves only the claim, which expires, and the
   * slot becomes retryable. The one at-least-once gap: a crash after the platform accepted the post and before the
   * `done` write lands (one store round trip); the runner resolves right after the post, and `done` is written next.
   */
  async function runOnce(job: ScheduledJob, slot: Date, reason: 'scheduled' | 'late' | 'catch-up'): Promise<void> {
    if (stopped) return;
    const key = slotKey(job.key, slot);
    const log = { job: job.key, slot: slot.toISOString(), reason, instance: instanceId };
    let won: boolean;
    try {
      const claim: SlotRecord = { state: 'running', instance: instanceId, at: clock() };
      won = await store.setIfAbsent(SLOTS_NAMESPACE, key, claim, leaseMs);
    } catch (err) {
      logger.error({ ...log, err }, 'could not claim a schedule slot (store unreachable); a later catch-up retries it');
      return;
    }
    if (!won) return;

    let outcome: SlotOutcome;
    const started = clock();
    try {
      outcome = await runSlot(job.key, slot);
    } catch (err) {
      logger.error({ ...log, err }, `scheduled job failed; retried by a catch-up after ${Math.round(retryAfterMs / 1000)} s`);
      const failed: SlotRecord = { state: 'failed', instance: instanceId, at: clock(), error: errorText(err).slice(0, 500) };
      try {
        await store.set(SLOTS_NAMESPACE, key, failed, retryAfterMs);
      } catch (storeErr) {
        logger.error({ ...log, err: storeErr }, 'could not record the failure; the claim expires after its lease');
      }
      return;
    }

    if (clock() - started > leaseMs) {
      logger.warn({ ...log, tookMs: clock() - started, leaseMs }, 'run outlasted its lease: another instance may have run this slot too');
    }
    const done: SlotRecord = { state: 'done', outcome, instance: instanceId, at: clock() };
    // Written with retries: a lost `done` is the only way a posted slot could be posted again.
    for (let attempt = 1; ; attempt++) {
      try {
        await store.set(SLOTS_NAMESPACE, key, done, opts.keepDoneMs);
        break;
      } catch (err) {
        if (attempt >= 3) {
          logger.error({ ...log, outcome, err }, 'slot ran but could not be recorded as done; it may run again after its lease');
          return;
        }
      }
    }
    logger.info({ ...log, outcome }, outcome === 'posted' ? 'scheduled job ran' : `scheduled job ran: ${outcome}`);
  }

  async function scheduleSince(job: ScheduledJob): Promise<number> {
    const rec = await store.get<ScheduleRecord>(SCHEDULES_NAMESPACE, job.key);
    if (rec && rec.cron === job.cron && rec.timezone === job.timezone) return rec.since;
    const fresh: ScheduleRecord = { cron: job.cron, timezone: job.timezone, since: clock() };
    await store.set(SCHEDULES_NAMESPACE, job.key, fresh);
    return fresh.since;
  }

  /**
   * The catch-up rule: of the slots in the window that no instance completed, only the most recent one runs. A digest
   * is about its own announcement day, and a channel that comes back after two days wants today's digest, not three
   * in a row; a slot older than a completed one is stale for the same reason. Older missed slots are logged, not posted.
   */
  async function catchUpJob(job: ScheduledJob, reportOlder: boolean): Promise<void> {
    const now = clock();
    const since = await scheduleSince(job);
    const windowStart = Math.max(since, now - opts.catchUpWindowMs);
    const slots = slotsBetween(job.cron, job.timezone, new Date(windowStart), new Date(now));
    const newest = slots.at(-1);
    if (newest) {
      const rec = await store.get<SlotRecord>(SLOTS_NAMESPACE, slotKey(job.key, newest));
      if (!rec) {
        let superseded = 0;
        for (const slot of slots.slice(-SUPERSEDED_SCAN - 1, -1).reverse()) {
          if (await store.get(SLOTS_NAMESPACE, slotKey(job.key, slot))) break;
          superseded++;
        }
        if (superseded > 0) {
          logger.info({ job: job.key, slot: newest.toISOString(), superseded }, 'catching up: posting only the most recent missed slot');
        }
        await track(runOnce(job, newest, 'catch-up'));
      }
    }
    // Only the first catch-up after start looks further back, to log what downtime cost; periodic checks skip it.
    if (reportOlder && since < windowStart) {
      const older = slotsBetween(job.cron, job.timezone, new Date(Math.max(since, windowStart - LOOKBACK_MS)), new Date(windowStart)).at(-1);
      if (older && !(await store.get(SLOTS_NAMESPACE, slotKey(job.key, older)))) {
        const key = slotKey(job.key, older);
        if (!reportedStale.has(key)) {
          reportedStale.add(key);
          logger.warn(
            { job: job.key, slot: older.toISOString(), windowHours: opts.catchUpWindowMs / 3600_000 },
            'missed a scheduled slot older than the catch-up window: not posted',
          );
        }
      }
    }
  }

  function catchUpOnce(job: ScheduledJob, reportOlder = false): Promise<void> {
    const running = catchingUp.get(job.key);
    if (running) return running;
    const p = catchUpJob(job, reportOlder)
      .catch((err: unknown) => logger.error({ job: job.key, err }, 'catch-up failed for this job'))
      .finally(() => catchingUp.delete(job.key));
    catchingUp.set(job.key, p);
    return p;
  }

  function nodeCronLogger(jobKey: string): CronLogger {
    return {
      info: (message) => logger.info({ job: jobKey }, message),
      warn: (message) => logger.warn({ job: jobKey }, message),
      error: (message, err) => logger.error({ job: jobKey, err: err ?? message }, typeof message === 'string' ? message : 'node-cron error'),
      debug: () => undefined,
    };
  }

  function startTask(job: ScheduledJob): ScheduledTask {
    // Exactly-once lives in runOnce rather than in node-cron's `distributed` RunCoordinator: the coordinator is told
    // neither whether the run succeeded (so it cannot record `done` or free a failed slot) nor about catch-up runs,
    // which must take the same claim.
    const task = cron.createTask(job.cron, (ctx: TaskContext) => track(runOnce(job, ctx.date, 'scheduled')), {
      name: `schedule:${job.key}`,
      timezone: job.timezone,
      logger: nodeCronLogger(job.key),
    });
    // node-cron skips a slot whose timer fired over a second late (busy event loop, suspended machine): run it anyway
    // if only a little late, else let the catch-up rule pick the slot to post.
    task.on('execution:missed', (ctx: TaskContext) => {
      if (stopped) return;
      if (clock() - ctx.date.getTime() <= lateRunMs) void track(runOnce(job, ctx.date, 'late'));
      else void track(catchUpOnce(job));
    });
    void task.start();
    return task;
  }

  function check(job: ScheduledJob): string | undefined {
    if (!job.key || job.key.includes('@')) return `job key "${job.key}" must be non-empty and without "@"`;
    if (!isValidTimeZone(job.timezone)) return `unknown time zone "${job.timezone}" (expected an IANA name such as Europe/Berlin)`;
    const valid = cron.validateDetailed(job.cron);
    if (!valid.valid) return `invalid cron "${job.cron}": ${valid.errors.map((e) => e.message).join('; ')}`;
    return undefined;
  }

  let setting: Promise<unknown> = Promise.resolve();
  /** One setJobs at a time: two quick settings changes must not interleave and leave two tasks for one job. */
  function setJobs(jobs: ScheduledJob[]): Promise<{ rejected: { key: string; message: string }[] }> {
    const next = setting.then(() => applyJobs(jobs));
    setting = next.catch(() => undefined); // the caller gets next's rejection
    return next;
  }

  async function applyJobs(jobs: ScheduledJob[]): Promise<{ rejected: { key: string; message: string }[] }> {
    if (stopped) throw new Error('scheduler is stopped');
    const rejected: { key: string; message: string }[] = [];
    const wanted = new Map<string, ScheduledJob>();
    for (const job of jobs) {
      const problem = check(job) ?? (wanted.has(job.key) ? `job key "${job.key}" appears twice` : undefined);
      if (problem) {
        rejected.push({ key: job.key, message: problem });
        logger.error({ job: job.key, cron: job.cron, timezone: job.timezone }, `job not scheduled: ${problem}`);
        continue;
      }
      wanted.set(job.key, { key: job.key, cron: job.cron, timezone: job.timezone });
    }
    for (const [key, entry] of entries) {
      if (!wanted.has(key)) {
        await entry.task.destroy();
        entries.delete(key);
        logger.info({ job: key }, 'job unscheduled');
      }
    }
    for (const job of wanted.values()) {
      const current = entries.get(job.key);
      if (current && current.job.cron === job.cron && current.job.timezone === job.timezone) continue;
      if (current) await current.task.destroy();
      try {
        await scheduleSince(job);
      } catch (err) {
        logger.error({ job: job.key, err }, 'could not record the job schedule; catch-up for it starts from the window');
      }
      entries.set(job.key, { job, task: startTask(job) });
      logger.info({ job: job.key, cron: job.cron, timezone: job.timezone }, current ? 'job re-scheduled' : 'job scheduled');
    }
    // Keep the order the caller gave, for status pages.
    const ordered = [...wanted.keys()].map((key) => [key, entries.get(key)!] as const);
    entries.clear();
    for (const [key, entry] of ordered) entries.set(key, entry);
    if (recheckEveryMs > 0 && !recheck) {
      recheck = setInterval(() => {
        if (!stopped) void track(Promise.all([...entries.values()].map((e) => catchUpOnce(e.job))));
      }, recheckEveryMs);
      recheck.unref();
    }
    return { rejected };
  }

  async function catchUp(): Promise<void> {
    if (stopped) return;
    await Promise.all([...entries.values()].map((e) => catchUpOnce(e.job, true)));
  }

  function jobs(): JobStatus[] {
    return [...entries.values()].map(({ job, task }) => ({ ...job, next: task.getNextRun() }));
  }

  let stopping: Promise<void> | undefined;
  function stop(stopOpts: { timeoutMs?: number } = {}): Promise<void> {
    stopping ??= shutdown(stopOpts.timeoutMs ?? 30_000);
    return stopping;
  }

  async function shutdown(timeoutMs: number): Promise<void> {
    stopped = true;
    if (recheck) clearInterval(recheck);
    for (const entry of entries.values()) await entry.task.destroy();
    entries.clear();
    if (inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const drained = (async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      return 'drained' as const;
    })();
    const result = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      logger.warn({ running: inFlight.size, timeoutMs }, 'stopped without waiting for runs still in flight; their claims expire after the lease');
    }
  }

  return { setJobs, catchUp, jobs, stop };
}
