// The /papers command grammar as data: the parser, help, and Discord's registered commands all derive from it.

export type OptionType = 'string' | 'integer' | 'boolean';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Fixed choices (Discord shows them as a menu). */
  choices?: string[];
  /** Values the bot can suggest while typing (Discord autocomplete), answered by the command layer's `complete`. */
  autocomplete?: boolean;
  /** The option takes the rest of the line (spaces and quotes included); always the last option. */
  rest?: boolean;
  min?: number;
  max?: number;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Usage line shown in help and in errors, without the leading `/papers `. */
  usage: string;
  examples: string[];
  options: OptionSpec[];
  /** Only channel admins may run it. */
  admin?: boolean;
  /** Reached only through buttons; not listed in help nor registered as a Discord subcommand. */
  hidden?: boolean;
}

export interface CommandGroupSpec {
  name: string;
  summary: string;
  subcommands: CommandSpec[];
}

const id = (description: string): OptionSpec => ({ name: 'id', description, type: 'string', required: true });
const onOff = (description: string): OptionSpec => ({ name: 'value', description, type: 'string', required: true, choices: ['on', 'off'] });

export const COMMANDS: CommandSpec[] = [
  {
    name: 'search',
    summary: 'Search the archive',
    usage: 'search QUERY [cat:CATEGORY] [author:"NAME"] [since:7d|YYYY-MM-DD] [page:N]',
    examples: ['search gaussian splatting', 'search "neural radiance field" cat:cs.GR since:30d', 'search author:"Kaiming He" page:2'],
    options: [{ name: 'query', description: 'Words, "phrases", cat:, author:, since:, page:', type: 'string', required: true, rest: true }],
  },
  {
    name: 'subscribe',
    summary: 'Get your own section in this channel\'s digest for a topic',
    usage: 'subscribe PROFILE-LINE   (words, "phrases", term^2, -exclude, author:"Name", cat:cs.RO)',
    examples: ['subscribe diffusion "image editing" -survey', 'subscribe nerf^2 "gaussian splatting" cat:cs.GR'],
    options: [{ name: 'profile', description: 'words, "phrases", weights (nerf^2), -exclusions, author:"Name", cat:cs.RO', type: 'string', required: true, rest: true }],
  },
  {
    name: 'unsubscribe',
    summary: 'Remove terms from your subscriptions, or all of them',
    usage: 'unsubscribe TERMS|all',
    examples: ['unsubscribe diffusion', 'unsubscribe all'],
    options: [{ name: 'terms', description: 'The terms to remove, or all', type: 'string', required: true, rest: true, autocomplete: true }],
  },
  {
    name: 'list',
    summary: 'Show your subscriptions and this channel\'s profile',
    usage: 'list',
    examples: ['list'],
    options: [],
  },
  {
    name: 'digest',
    summary: 'Show a day\'s digest for this channel',
    usage: 'digest [today|yesterday|YYYY-MM-DD]',
    examples: ['digest', 'digest yesterday', 'digest 2021-11-30'],
    options: [{ name: 'date', description: 'today, yesterday or YYYY-MM-DD', type: 'string', autocomplete: true }],
  },
  {
    name: 'follow',
    summary: 'Follow an author: their papers always make your section',
    usage: 'follow "AUTHOR NAME"',
    examples: ['follow "Andrew J. Davison"'],
    options: [{ name: 'author', description: 'The author\'s name', type: 'string', required: true, rest: true }],
  },
  {
    name: 'help',
    summary: 'How to use Paperboy',
    usage: 'help [COMMAND]',
    examples: ['help', 'help subscribe'],
    options: [{ name: 'command', description: 'A command to explain', type: 'string', autocomplete: true }],
  },
  {
    name: 'show',
    summary: 'Show a paper\'s abstract',
    usage: 'show ARXIV-ID',
    examples: ['show 2111.15047'],
    options: [id('arXiv id, e.g. 2111.15047')],
    hidden: true,
  },
  {
    name: 'similar',
    summary: 'Papers like this one',
    usage: 'similar ARXIV-ID',
    examples: ['similar 2111.15047'],
    options: [id('arXiv id, e.g. 2111.15047')],
    hidden: true,
  },
  {
    name: 'subscribe-like',
    summary: 'Subscribe to the key terms of a paper',
    usage: 'subscribe-like ARXIV-ID',
    examples: ['subscribe-like 2111.15047'],
    options: [id('arXiv id, e.g. 2111.15047')],
    hidden: true,
  },
];

export const CHANNEL_GROUP: CommandGroupSpec = {
  name: 'channel',
  summary: 'Channel settings (channel admins)',
  subcommands: [
    { name: 'show', summary: 'Show this channel\'s settings', usage: 'channel show', examples: ['channel show'], options: [] },
    {
      name: 'profile', summary: 'Set what this channel is about', usage: 'channel profile PROFILE-LINE',
      examples: ['channel profile "gaussian splatting" nerf^2 slam -survey'], admin: true,
      options: [{ name: 'profile', description: 'A profile line', type: 'string', required: true, rest: true }],
    },
    {
      name: 'categories', summary: 'Set the arXiv categories this channel follows', usage: 'channel categories CAT [CAT...]',
      examples: ['channel categories cs.CV cs.RO'], admin: true,
      options: [{ name: 'categories', description: 'Space-separated categories, e.g. cs.CV cs.RO', type: 'string', required: true, rest: true, autocomplete: true }],
    },
    {
      name: 'time', summary: 'When the digest is posted', usage: 'channel time "weekdays 09:00"|"daily 08:30"|CRON',
      examples: ['channel time weekdays 09:00', 'channel time 30 8 * * 1-5'], admin: true,
      options: [{ name: 'schedule', description: 'weekdays HH:MM, daily HH:MM, or a cron expression', type: 'string', required: true, rest: true }],
    },
    {
      name: 'timezone', summary: 'The channel\'s time zone', usage: 'channel timezone IANA-ZONE',
      examples: ['channel timezone Europe/Berlin'], admin: true,
      options: [{ name: 'zone', description: 'An IANA time zone, e.g. Europe/Berlin', type: 'string', required: true, autocomplete: true }],
    },
    {
      name: 'limit', summary: 'How many papers the digest shows', usage: 'channel limit N', examples: ['channel limit 10'], admin: true,
      options: [{ name: 'n', description: 'Papers per digest (1-50)', type: 'integer', required: true, min: 1, max: 50 }],
    },
    { name: 'crosslists', summary: 'Include cross-listed papers', usage: 'channel crosslists on|off', examples: ['channel crosslists off'], admin: true, options: [onOff('on or off')] },
    { name: 'updates', summary: 'Show new versions of papers already posted', usage: 'channel updates on|off', examples: ['channel updates on'], admin: true, options: [onOff('on or off')] },
    { name: 'pause', summary: 'Stop posting digests here', usage: 'channel pause', examples: ['channel pause'], admin: true, options: [] },
    { name: 'resume', summary: 'Start posting digests here again', usage: 'channel resume', examples: ['channel resume'], admin: true, options: [] },
  ],
};

/** Quotes a value so the text parser reads it back as one argument. */
function quoteIfNeeded(value: string): string {
  return /^\S+$/.test(value) ? value : `"${value.replace(/"/g, '')}"`;
}

/**
 * Turns a structured invocation (Discord's typed options) back into the text form every platform shares,
 * so one parser handles all of them. `path` is `['search']` or `['channel', 'limit']`.
 */
export function toCommandText(path: string[], values: Record<string, string | number | boolean | undefined>): string {
  const spec = findSpec(path);
  const parts = [...path];
  for (const option of spec?.options ?? []) {
    const value = values[option.name];
    if (value === undefined || value === '') continue;
    parts.push(option.rest ? String(value) : quoteIfNeeded(String(value)));
  }
  return parts.join(' ');
}

export function findSpec(path: string[]): CommandSpec | undefined {
  if (path[0] === CHANNEL_GROUP.name) return CHANNEL_GROUP.subcommands.find((c) => c.name === path[1]);
  return COMMANDS.find((c) => c.name === path[0]);
}
