// The `paperboy` command line: ingest, search, digest, rank, state export/import, start. Exit 0 ok, 2 user error, 1 internal.
import type { Writable, Readable } from 'node:stream';
import { isUserError, UserError } from '../errors.js';
import type { AdapterRegistry } from '../adapter.js';
import { ingestCommand } from './ingest.js';
import { searchCommand, digestCommand, rankCommand } from './query.js';
import { stateCommand } from './state.js';
import { startCommand } from './start.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** The chat adapters `start` may use; given by the entry point so the engine never imports them. */
  adapters: AdapterRegistry;
}

export const USAGE = `Usage: paperboy COMMAND [options]

  start                         run the bot (console when no Slack/Discord token is set)
  ingest PATH... [--json]       add digest files, directories or globs (and saved arXiv feeds) to the archive
  search "QUERY" [--cat C] [--since YYYY-MM-DD|7d] [--author NAME] [--limit N] [--json]
  digest [--date YYYY-MM-DD] [--channel PLATFORM:WORKSPACE:CHANNEL] [--json]
  rank --profile "LINE" [--from D1] [--to D2] [--limit N] [--json]
  state export [FILE] | state import FILE
  discord register [--guild ID]

Options for every command: --data DIR (else PAPERBOY_DATA_DIR, else ./data), --config FILE, --json.`;

type Command = (args: string[], io: CliIo) => Promise<number>;

function discordCommand(args: string[], io: CliIo): Promise<number> {
  const discord = io.adapters.discord;
  if (!discord?.cli) throw new UserError('bad_argument', 'this build has no Discord adapter');
  return discord.cli(args, io);
}

const COMMANDS: Record<string, Command> = {
  start: startCommand,
  ingest: ingestCommand,
  search: searchCommand,
  digest: digestCommand,
  rank: rankCommand,
  state: stateCommand,
  discord: discordCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UserError('unknown_command', `unknown command "${name}" (try: paperboy help)`);
    return await command(rest, io);
  } catch (err) {
    if (isUserError(err)) {
      io.stderr.write(`paperboy: ${(err as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr.write(`paperboy: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (io.env.PAPERBOY_DEBUG) io.stderr.write(`${(err as Error)?.stack}\n`);
    return 1;
  }
}
