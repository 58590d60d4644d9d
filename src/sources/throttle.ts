// Request spacing: an in-process throttle, and one shared through the KeyValueStore so several instances take turns.
import type { KeyValueStore } from '../state/kv.js';
import type { Clock } from './clock.js';

/** Resolves when the caller may send its next request. */
export interface Throttle {
  acquire(): Promise<void>;
}

/** Runs `task` after every task queued before it, whether those succeeded or failed. */
function serialiser(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    // The caller sees a failure through `run`; the queue only needs to know the task is over.
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

/** Grants turns at least `intervalMs` apart within this process. */
export function createThrottle(intervalMs: number, clock: Clock): Throttle {
  const serial = serialiser();
  let nextAt = Number.NEGATIVE_INFINITY;
  return {
    acquire: () =>
      serial(async () => {
        const wait = nextAt - clock.now();
        if (wait > 0) await clock.sleep(wait);
        nextAt = clock.now() + intervalMs;
      }),
  };
}

const NAMESPACE = 'throttle';

/**
 * Grants turns at least `intervalMs` apart across every instance sharing `store`: a turn is winning
 * `setIfAbsent('throttle', key, now, intervalMs)`; the key expires when the next turn may start (Redis SET NX PX,
 * or SQL insert-or-nothing, make the claim atomic). Losers wait for the holder's turn to end, then try again.
 */
export function createSharedThrottle(
  store: KeyValueStore,
  key: string,
  intervalMs: number,
  clock: Clock,
  opts: { minPollMs?: number } = {},
): Throttle {
  const minPollMs = opts.minPollMs ?? 50;
  const serial = serialiser();
  return {
    acquire: () =>
      serial(async () => {
        for (;;) {
          if (await store.setIfAbsent(NAMESPACE, key, clock.now(), intervalMs)) return;
          const since = await store.get<number>(NAMESPACE, key);
          // Another instance's clock may differ: never wait less than a poll nor more than a whole interval.
          const wait = typeof since === 'number' ? since + intervalMs - clock.now() : minPollMs;
          await clock.sleep(Math.min(intervalMs, Math.max(minPollMs, wait)));
        }
      }),
  };
}
