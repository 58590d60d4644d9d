// Bolt's OAuth installation store kept in our KeyValueStore (namespace `slack-installations`), one value per install.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Json, KeyValueStore } from '../../src/state/kv.js';

export const INSTALLATIONS_NAMESPACE = 'slack-installations';

/** `enterprise:E123` for an org-wide install, `team:T123` for a workspace install. */
export function installationKey(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error('Slack installation query names neither a team nor an enterprise');
}

export interface SlackInstallationStore extends InstallationStore {
  /** The installation for a workspace (or its enterprise's org-wide install), or undefined when none. */
  find(teamId: string, enterpriseId?: string): Promise<Installation | undefined>;
}

export function createInstallationStore(store: KeyValueStore): SlackInstallationStore {
  async function get(key: string): Promise<Installation | undefined> {
    // Stored by storeInstallation below from the same shape, so the cast only restores the static type.
    return (await store.get<Json>(INSTALLATIONS_NAMESPACE, key)) as unknown as Installation | undefined;
  }
  return {
    async storeInstallation(installation) {
      const key = installationKey({
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      // A JSON round trip drops `undefined` fields, which the store (JSON only) would refuse.
      await store.set(INSTALLATIONS_NAMESPACE, key, JSON.parse(JSON.stringify(installation)) as Json);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      const found = await get(key);
      // Bolt expects a throw for "not installed"; it turns it into an authorization error for that request.
      if (!found) throw new Error(`No Slack installation for ${key}`);
      return found;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await store.delete(INSTALLATIONS_NAMESPACE, installationKey(query));
    },
    async find(teamId, enterpriseId) {
      return (await get(installationKey({ teamId }))) ?? (enterpriseId ? await get(installationKey({ isEnterpriseInstall: true, enterpriseId })) : undefined);
    },
  };
}
