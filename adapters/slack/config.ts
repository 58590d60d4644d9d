// Slack configuration from the environment: the one place that reads SLACK_* (and PORT), validated with zod.
import { z } from 'zod';
import { UserError } from '../../src/errors.js';

/** Bot scopes the app asks for on an OAuth install; the same list as manifest.yaml. */
export const DEFAULT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read'];

export type SlackAuth =
  | { kind: 'token'; botToken: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; scopes: string[] };

export interface SlackConfig {
  /** `http`: Slack POSTs to PORT /slack/events (needs a signing secret); `socket`: we dial out over a websocket. */
  mode: 'http' | 'socket';
  /** One workspace with a bot token, or OAuth installs into many workspaces (installations kept in our store). */
  auth: SlackAuth;
  signingSecret?: string;
  appToken?: string;
  port: number;
  /** Slack Web API base URL, ending in `/`: Slack's own, or a local fake for end-to-end runs. */
  apiUrl: string;
  /** The slash command as registered in the manifest. */
  command: string;
  /** Who hears about failed posts in a single-workspace install (OAuth installs tell the installing user). */
  adminUser?: string;
}

const SLACK_VARS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_CLIENT_ID'] as const;

const optional = (schema: z.ZodString | z.ZodURL) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-\S+$/, 'expected a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string().regex(/^\S{8,}$/, 'expected the app\'s signing secret (Basic Information > App Credentials)')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-\S+$/, 'expected an app-level token starting with xapp- (with connections:write)')),
  SLACK_MODE: optional(z.string().regex(/^(http|socket)$/, 'expected http or socket')),
  SLACK_CLIENT_ID: optional(z.string().regex(/^\d+\.\d+$/, 'expected the app\'s client id, e.g. 1234567890.1234567890')),
  SLACK_CLIENT_SECRET: optional(z.string().min(8, 'expected the app\'s client secret')),
  SLACK_STATE_SECRET: optional(z.string().min(16, 'expected a random string of at least 16 characters')),
  SLACK_SCOPES: optional(z.string().regex(/^[a-z:._]+(,[a-z:._]+)*$/, 'expected comma-separated scopes, e.g. commands,chat:write')),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://slack.com/api/' })),
  SLACK_COMMAND: optional(z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as /papers')),
  SLACK_ADMIN_USER: optional(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id such as U012ABCDEF')),
  PORT: optional(z.string().regex(/^\d{1,5}$/, 'expected a port number (0-65535)')).refine((v) => v === undefined || Number(v) <= 65535, 'expected a port number (0-65535)'),
});

/** True when any variable that turns the Slack adapter on is set. */
export function slackConfigured(env: Record<string, string | undefined>): boolean {
  return SLACK_VARS.some((name) => (env[name] ?? '').trim() !== '');
}

/**
 * Reads and checks the Slack settings. Returns null when Slack is not configured at all (none of SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_CLIENT_ID set); throws a UserError (`bad_config`) naming every bad
 * or missing variable otherwise.
 */
export function readSlackConfig(env: Record<string, string | undefined>): SlackConfig | null {
  if (!slackConfigured(env)) return null;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? '(env)')}: ${i.message}`);
    throw new UserError('bad_config', `Slack configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  const mode: SlackConfig['mode'] = e.SLACK_MODE === 'http' || e.SLACK_MODE === 'socket' ? e.SLACK_MODE : e.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'socket' && !e.SLACK_APP_TOKEN) problems.push('SLACK_APP_TOKEN: required for Socket Mode (an app-level token, xapp-...)');
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');

  let auth: SlackAuth | undefined;
  const oauthVars = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (e.SLACK_BOT_TOKEN && oauthVars.some(Boolean)) {
    problems.push('SLACK_BOT_TOKEN: give either a bot token (one workspace) or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET (OAuth installs), not both');
  } else if (e.SLACK_BOT_TOKEN) {
    auth = { kind: 'token', botToken: e.SLACK_BOT_TOKEN };
  } else if (oauthVars.some(Boolean)) {
    if (!e.SLACK_CLIENT_ID) problems.push('SLACK_CLIENT_ID: required for OAuth installs');
    if (!e.SLACK_CLIENT_SECRET) problems.push('SLACK_CLIENT_SECRET: required for OAuth installs');
    if (!e.SLACK_STATE_SECRET) problems.push('SLACK_STATE_SECRET: required for OAuth installs (a random string of at least 16 characters)');
    if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET) {
      auth = {
        kind: 'oauth',
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET,
        stateSecret: e.SLACK_STATE_SECRET,
        scopes: e.SLACK_SCOPES ? e.SLACK_SCOPES.split(',') : DEFAULT_SCOPES,
      };
    }
  } else {
    problems.push('SLACK_BOT_TOKEN: required (xoxb-..., OAuth & Permissions page), or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET for OAuth installs');
  }
  if (problems.length > 0 || !auth) throw new UserError('bad_config', `Slack configuration: ${problems.join('; ')}`);

  const apiUrl = e.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    mode,
    auth,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    port: e.PORT === undefined ? 3000 : Number(e.PORT),
    // The Web API client joins method names onto this base, so it must end with a slash.
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    command: e.SLACK_COMMAND ?? '/papers',
    adminUser: e.SLACK_ADMIN_USER,
  };
}
