// The OAuth installation store over KeyValueStore, and the users.info admin cache.
import { describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { createInstallationStore, installationKey, INSTALLATIONS_NAMESPACE } from '../../adapters/slack/installation-store.js';
import { createRoleCache } from '../../adapters/slack/roles.js';
import { CapturingLogger } from './helpers.js';

function install(team: string, token: string, user = 'U0INSTALLER'): Installation<'v2', false> {
  return {
    team: { id: team, name: 'Acme' },
    enterprise: undefined,
    user: { id: user, token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'UBOT', token, scopes: ['commands', 'chat:write'] },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0PAPERBOY',
    authVersion: 'v2',
  };
}

describe('installation store', () => {
  it('stores, fetches and deletes per workspace in the slack-installations namespace', async () => {
    const kv = new MemoryStore();
    const store = createInstallationStore(kv);
    await store.storeInstallation(install('T1', 'xoxb-one'));
    await store.storeInstallation(install('T2', 'xoxb-two'));
    const one = await store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(one.bot?.token).toBe('xoxb-one');
    expect((await store.find('T2'))?.bot?.token).toBe('xoxb-two');
    const keys: string[] = [];
    for await (const [k] of kv.entries(INSTALLATIONS_NAMESPACE)) keys.push(k);
    expect(keys.sort()).toEqual(['team:T1', 'team:T2']);
    await store.deleteInstallation!({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/No Slack installation for team:T1/);
    expect(await store.find('T1')).toBeUndefined();
  });

  it('a reinstall replaces the token; an org-wide install is found through its enterprise', async () => {
    const store = createInstallationStore(new MemoryStore());
    await store.storeInstallation(install('T1', 'xoxb-old'));
    await store.storeInstallation(install('T1', 'xoxb-new'));
    expect((await store.find('T1'))?.bot?.token).toBe('xoxb-new');
    const org: Installation<'v2', true> = { ...install('x', 'xoxb-org'), team: undefined, enterprise: { id: 'E1', name: 'Org' }, isEnterpriseInstall: true };
    await store.storeInstallation(org);
    expect((await store.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org');
    expect((await store.find('T9', 'E1'))?.bot?.token).toBe('xoxb-org');
  });

  it('refuses a query that names neither team nor enterprise', () => {
    expect(() => installationKey({})).toThrow(/neither a team nor an enterprise/);
  });
});

describe('role cache', () => {
  it('asks users.info once per user within the TTL, again after it', async () => {
    let t = 0;
    const asked: string[] = [];
    const roles = createRoleCache({ logger: new CapturingLogger(), ttlMs: 1000, now: () => t, lookup: async (w, u) => (asked.push(`${w}:${u}`), u === 'UADMIN') });
    expect(await roles.isAdmin('T1', 'UADMIN')).toBe(true);
    expect(await roles.isAdmin('T1', 'UADMIN')).toBe(true);
    expect(await roles.isAdmin('T1', 'UPLAIN')).toBe(false);
    expect(asked).toEqual(['T1:UADMIN', 'T1:UPLAIN']);
    t = 1500;
    await roles.isAdmin('T1', 'UADMIN');
    expect(roles.lookups).toBe(3);
  });

  it('concurrent questions share one lookup', async () => {
    let calls = 0;
    const roles = createRoleCache({ logger: new CapturingLogger(), lookup: async () => (calls++, await new Promise((r) => setTimeout(r, 10)), true) });
    expect(await Promise.all([roles.isAdmin('T', 'U'), roles.isAdmin('T', 'U'), roles.isAdmin('T', 'U')])).toEqual([true, true, true]);
    expect(calls).toBe(1);
  });

  it('a failed lookup denies, is logged, and is not cached', async () => {
    const logger = new CapturingLogger();
    let fail = true;
    const roles = createRoleCache({ logger, lookup: async () => { if (fail) throw new Error('ratelimited'); return true; } });
    expect(await roles.isAdmin('T1', 'U1')).toBe(false);
    expect(logger.at('warn')[0]).toMatchObject({ obj: { workspace: 'T1', user: 'U1' } });
    fail = false;
    expect(await roles.isAdmin('T1', 'U1')).toBe(true);
  });

  it('keeps at most maxEntries answers', async () => {
    const roles = createRoleCache({ logger: new CapturingLogger(), maxEntries: 2, lookup: async () => true });
    for (const u of ['U1', 'U2', 'U3']) await roles.isAdmin('T', u);
    await roles.isAdmin('T', 'U1'); // evicted first, so asked again
    expect(roles.lookups).toBe(4);
  });
});
