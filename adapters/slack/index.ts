// The Slack adapter's factory for the entry point: on when SLACK_* credentials are set, built from the environment.
import type { AdapterFactory } from '../../src/adapter.js';
import { readSlackConfig, slackConfigured } from './config.js';
import { createSlackAdapter } from './adapter.js';

export const slackFactory: AdapterFactory = {
  configured: slackConfigured,
  create(env, deps) {
    const config = readSlackConfig(env);
    // configured() said yes, so a null here means the caller skipped it: say which variables turn Slack on.
    if (!config) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)');
    return createSlackAdapter({ config, logger: deps.logger, store: deps.store });
  },
};

export { createSlackAdapter, buildAppOptions, needsAdmin, type SlackAdapter, type SlackAdapterOptions } from './adapter.js';
export { readSlackConfig, slackConfigured, type SlackConfig } from './config.js';
