// The Discord adapter's factory for the entry point: on when DISCORD_TOKEN is set; also `paperboy discord register`.
import { DiscordAPIError } from 'discord.js';
import type { AdapterFactory } from '../../src/adapter.js';
import { UserError } from '../../src/errors.js';
import { createDiscordAdapter } from './adapter.js';
import { DiscordConfigError, discordConfigured, readDiscordConfig } from './config.js';
import { registerFromEnv } from './register.js';

const CLI_USAGE = 'usage: paperboy discord register [--guild ID] [--clear]';

/** Parses `register [--guild ID] [--clear]`; anything else is a user error naming the right form. */
export function parseDiscordArgs(args: string[]): { guild?: string; clear?: boolean } {
  const [verb, ...rest] = args;
  if (verb !== 'register') throw new UserError('bad_argument', `unknown discord command "${verb ?? ''}" (${CLI_USAGE})`);
  const out: { guild?: string; clear?: boolean } = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--guild' && rest[i + 1] !== undefined) out.guild = rest[++i];
    else if (arg.startsWith('--guild=')) out.guild = arg.slice('--guild='.length);
    else if (arg === '--clear') out.clear = true;
    else throw new UserError('bad_argument', `unexpected "${arg}" (${CLI_USAGE})`);
  }
  return out;
}

export const discordFactory: AdapterFactory = {
  configured: discordConfigured,
  create(env, deps) {
    try {
      return createDiscordAdapter({ ...readDiscordConfig(env), logger: deps.logger });
    } catch (err) {
      if (err instanceof DiscordConfigError) throw new UserError('bad_config', err.message);
      throw err;
    }
  },
  async cli(args, io) {
    const parsed = parseDiscordArgs(args);
    try {
      io.stdout.write(`${await registerFromEnv(io.env, parsed)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof DiscordConfigError) throw new UserError('bad_config', err.message);
      // 401: wrong token; 403/404: wrong application id or the bot is not in that server. All fixable by the user.
      if (err instanceof DiscordAPIError && [400, 401, 403, 404].includes(err.status)) {
        throw new UserError('discord_refused', `Discord refused the registration (${err.status}: ${err.message}); check DISCORD_TOKEN, DISCORD_APPLICATION_ID and --guild`);
      }
      throw err;
    }
  },
};

export { createDiscordAdapter, toPostError, type DiscordAdapter, type DiscordAdapterOptions } from './adapter.js';
export { buildCommandDefinitions, COMMAND_NAME } from './commands.js';
export { readDiscordConfig, discordConfigured, DiscordConfigError, type DiscordConfig } from './config.js';
export { registerCommands, registerFromEnv, type RegisterOptions, type RegisterResult } from './register.js';
export { renderReply, LIMITS, type DiscordMessage } from './render.js';
