// readSlackConfig: mode and auth selection from the environment, and errors that name the variable.
import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { readSlackConfig, DEFAULT_SCOPES } from '../../adapters/slack/config.js';
import { buildAppOptions } from '../../adapters/slack/adapter.js';
import { createInstallationStore } from '../../adapters/slack/installation-store.js';
import { MemoryStore } from '../../src/state/memory-kv.js';
import { CapturingLogger } from './helpers.js';

const secret = 'abcdef0123456789';

function errorOf(env: Record<string, string | undefined>): string {
  try {
    readSlackConfig(env);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected readSlackConfig to throw');
}

describe('readSlackConfig', () => {
  it('returns null when no Slack variable is set (Slack off)', () => {
    expect(readSlackConfig({})).toBeNull();
    expect(readSlackConfig({ PORT: '8080', SLACK_BOT_TOKEN: '  ' })).toBeNull();
  });

  it('HTTP mode with one bot token, defaults for port, API URL and command', () => {
    const c = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: secret })!;
    expect(c).toMatchObject({ mode: 'http', auth: { kind: 'token', botToken: 'xoxb-1-2-abc' }, port: 3000, apiUrl: 'https://slack.com/api/', command: '/papers' });
  });

  it('Socket Mode when an app token is given; no signing secret needed', () => {
    const c = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-2-x' })!;
    expect(c.mode).toBe('socket');
    expect(c.appToken).toBe('xapp-1-A-2-x');
  });

  it('SLACK_MODE=http overrides an app token, and then needs the signing secret', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'http' })).toMatch(/SLACK_SIGNING_SECRET: required in HTTP mode/);
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: secret })!.mode).toBe('http');
  });

  it('OAuth installs from client id, secret and state secret, with the manifest scopes', () => {
    const c = readSlackConfig({ SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret-x', SLACK_STATE_SECRET: 'state-secret-0123456', SLACK_SIGNING_SECRET: secret })!;
    expect(c.auth).toEqual({ kind: 'oauth', clientId: '123.456', clientSecret: 'client-secret-x', stateSecret: 'state-secret-0123456', scopes: DEFAULT_SCOPES });
  });

  it('adds the trailing slash SLACK_API_URL needs and reads PORT', () => {
    const c = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: 'http://127.0.0.1:9999/api', PORT: '0' })!;
    expect(c.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(c.port).toBe(0);
  });

  it('names each bad variable and what was expected', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: secret })).toMatch(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-wrong' })).toMatch(/SLACK_APP_TOKEN: expected an app-level token starting with xapp-/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, PORT: 'eighty' })).toMatch(/PORT: expected a port number/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, PORT: '70000' })).toMatch(/PORT: expected a port number/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: 'slack.com/api' })).toMatch(/SLACK_API_URL: expected an http\(s\) URL/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, SLACK_MODE: 'websocket' })).toMatch(/SLACK_MODE: expected http or socket/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, SLACK_ADMIN_USER: '@alice' })).toMatch(/SLACK_ADMIN_USER: expected a Slack user id/);
  });

  it('reports several problems at once', () => {
    const msg = errorOf({ SLACK_BOT_TOKEN: 'nope', PORT: 'x' });
    expect(msg).toMatch(/SLACK_BOT_TOKEN/);
    expect(msg).toMatch(/PORT/);
  });

  it('refuses a missing token, half an OAuth setup, and token plus OAuth together', () => {
    expect(errorOf({ SLACK_SIGNING_SECRET: secret })).toMatch(/SLACK_BOT_TOKEN: required/);
    const half = errorOf({ SLACK_CLIENT_ID: '123.456', SLACK_SIGNING_SECRET: secret });
    expect(half).toMatch(/SLACK_CLIENT_SECRET: required/);
    expect(half).toMatch(/SLACK_STATE_SECRET: required/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CLIENT_ID: '123.456', SLACK_SIGNING_SECRET: secret })).toMatch(/not both/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'socket' })).toMatch(/SLACK_APP_TOKEN: required for Socket Mode/);
  });

  it('is a UserError with code bad_config (the CLI exits 2 on it)', () => {
    let caught: unknown;
    try {
      readSlackConfig({ SLACK_BOT_TOKEN: 'bad' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'bad_config', name: 'UserError' });
  });
});

// The options Bolt gets for each configuration (Socket Mode end to end is in socket-mode.test.ts).
describe('buildAppOptions', () => {
  const logger = new CapturingLogger();

  it('Socket Mode: socketMode with the app token, no signing secret or port', () => {
    const o = buildAppOptions(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })!, { logger });
    expect(o).toMatchObject({ socketMode: true, appToken: 'xapp-1', token: 'xoxb-1', deferInitialization: true });
    expect(o.signingSecret).toBeUndefined();
    expect(o.port).toBeUndefined();
  });

  it('HTTP mode: signing secret, port and the fake API URL; Bolt retries kept short', () => {
    const o = buildAppOptions(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: secret, PORT: '4000', SLACK_API_URL: 'http://127.0.0.1:1/api/' })!, { logger, boltLogLevel: LogLevel.ERROR });
    expect(o.socketMode).toBeUndefined();
    expect(o).toMatchObject({ signingSecret: secret, port: 4000, token: 'xoxb-1', clientOptions: { slackApiUrl: 'http://127.0.0.1:1/api/', rejectRateLimitedCalls: true } });
    expect(o.clientOptions?.retryConfig?.retries).toBe(2);
  });

  it('OAuth: client credentials, scopes and our installation store instead of a token', () => {
    const store = createInstallationStore(new MemoryStore());
    const cfg = readSlackConfig({ SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret-x', SLACK_STATE_SECRET: 'state-secret-0123456', SLACK_SIGNING_SECRET: secret })!;
    const o = buildAppOptions(cfg, { logger, installationStore: store });
    expect(o.token).toBeUndefined();
    expect(o).toMatchObject({ clientId: '123.456', clientSecret: 'client-secret-x', stateSecret: 'state-secret-0123456', scopes: DEFAULT_SCOPES });
    expect(o.installationStore).toBe(store);
    expect(() => buildAppOptions(cfg, { logger })).toThrow(/store/);
  });
});
