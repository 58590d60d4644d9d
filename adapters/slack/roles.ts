// Who is a channel admin on Slack: users.info is_admin / is_owner, cached per workspace and user for a while.
import type { SlackLogger } from './log.js';

/** Answers whether a user is a workspace admin or owner; throws when Slack cannot say. */
export type RoleLookup = (workspace: string, user: string) => Promise<boolean>;

export interface RoleCacheOptions {
  lookup: RoleLookup;
  logger: SlackLogger;
  /** How long an answer is trusted (default 5 minutes: a demoted admin loses rights within that). */
  ttlMs?: number;
  /** Entries kept at most; the oldest are dropped first. */
  maxEntries?: number;
  now?: () => number;
}

export interface RoleCache {
  isAdmin(workspace: string, user: string): Promise<boolean>;
  /** Lookups made so far (tests and logs). */
  readonly lookups: number;
}

export function createRoleCache(options: RoleCacheOptions): RoleCache {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; expires: number }>();
  // Two commands from one user at once share one users.info call.
  const pending = new Map<string, Promise<boolean>>();
  let lookups = 0;

  async function fetchRole(key: string, workspace: string, user: string): Promise<boolean> {
    lookups++;
    try {
      const admin = await options.lookup(workspace, user);
      cache.delete(key);
      cache.set(key, { admin, expires: now() + ttl });
      while (cache.size > max) cache.delete(cache.keys().next().value!);
      return admin;
    } catch (err) {
      // Not cached: the next command asks again. Denying is the safe answer meanwhile.
      options.logger.warn({ err, workspace, user }, 'slack: users.info failed; treating the caller as not an admin');
      return false;
    } finally {
      pending.delete(key);
    }
  }

  return {
    get lookups() {
      return lookups;
    },
    async isAdmin(workspace, user) {
      const key = `${workspace}:${user}`;
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.admin;
      let p = pending.get(key);
      if (!p) pending.set(key, (p = fetchRole(key, workspace, user)));
      return p;
    },
  };
}
