// Registers the /papers application command with Discord (globally or for one guild): `paperboy discord register`.
// REST through discord.js (CommonJS) so its error classes are the ones `instanceof` checks elsewhere see; the ESM
// build of @discordjs/rest would be a second copy with different classes.
import { REST, Routes } from 'discord.js';
import { buildCommandDefinitions, COMMAND_NAME } from './commands.js';
import { DEFAULT_DISCORD_API_URL, DiscordConfigError, readDiscordConfig } from './config.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register for one server only: takes effect at once, handy while testing. Global commands reach every server. */
  guildId?: string;
  apiUrl?: string;
  /** Register nothing: removes the commands from that scope (e.g. a test server's, once they are global). */
  clear?: boolean;
}

export interface RegisterResult {
  scope: 'global' | 'guild';
  /** Names of the commands Discord now holds for this scope. */
  commands: string[];
  subcommands: number;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** PUTs the whole command list, so commands removed from the grammar disappear from Discord too. */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  if (options.guildId !== undefined && !SNOWFLAKE.test(options.guildId)) {
    throw new DiscordConfigError('--guild', `--guild must be a server id (17 to 20 digits), got "${options.guildId}"`);
  }
  const rest = new REST({ api: options.apiUrl ?? DEFAULT_DISCORD_API_URL }).setToken(options.token);
  const body = options.clear ? [] : buildCommandDefinitions();
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const saved = (await rest.put(route, { body })) as { name: string }[];
  const subcommands = body.reduce((n, c) => n + countSubcommands(c.options ?? []), 0);
  return { scope: options.guildId ? 'guild' : 'global', commands: saved.map((c) => c.name), subcommands };
}

function countSubcommands(options: readonly { type: number; options?: readonly { type: number }[] }[]): number {
  // type 1 is a subcommand, type 2 a group of them.
  return options.reduce((n, o) => n + (o.type === 1 ? 1 : o.type === 2 ? (o.options ?? []).length : 0), 0);
}

/** The CLI hook: reads DISCORD_* from `env`, registers, and returns a one-line summary for the terminal. */
export async function registerFromEnv(env: Record<string, string | undefined>, args: { guild?: string; clear?: boolean } = {}): Promise<string> {
  const config = readDiscordConfig(env);
  const result = await registerCommands({ token: config.token, applicationId: config.applicationId, apiUrl: config.apiUrl, guildId: args.guild, clear: args.clear });
  if (args.clear) return `Removed Paperboy's commands for application ${config.applicationId} ${args.guild ? `from server ${args.guild}` : 'globally'}.`;
  const where = args.guild ? `in server ${args.guild} (available now)` : 'globally (every server the bot is in)';
  const names = result.commands.map((n) => `/${n}`).join(', ') || `/${COMMAND_NAME}`;
  return `Registered ${names} with ${result.subcommands} subcommands for application ${config.applicationId} ${where}.`;
}
