// Every chat adapter this build has, by platform: the entry point hands them to the engine.
import type { AdapterRegistry } from '../src/adapter.js';
import { consoleFactory } from './console/index.js';
import { slackFactory } from './slack/index.js';
import { discordFactory } from './discord/index.js';

export const adapters: AdapterRegistry = {
  console: consoleFactory,
  slack: slackFactory,
  discord: discordFactory,
};
