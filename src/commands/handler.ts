// The command layer: text -> command -> reply. Every platform's /papers goes through here; nothing escapes as a throw.
import type { Bot, CommandRequest, CompletionRequest } from '../adapter.js';
import { error, type Reply } from '../reply.js';
import { COMMANDS, CHANNEL_GROUP } from './spec.js';
import { tokenize } from './tokens.js';
import { helpReply } from './help.js';
import { search, similar } from './search.js';
import { subscribe, unsubscribe, follow, list, show, subscribeLike } from './subscriptions.js';
import { channel, digest, settingsOf } from './channel.js';
import type { CommandContext, CommandDeps } from './context.js';

/** Longest input taken at all; longer text is refused before any parsing. */
export const MAX_INPUT = 4000;

type Action = (ctx: CommandContext) => Promise<Reply>;

const ACTIONS: Record<string, Action> = {
  search,
  subscribe,
  unsubscribe,
  list,
  digest,
  follow,
  show,
  similar,
  'subscribe-like': subscribeLike,
  help: async (ctx) => helpReply(ctx.rest.trim() || undefined),
};

/** Text after the first `n` whitespace-separated words (quotes respected by the caller's tokens). */
function after(text: string, n: number): string {
  let rest = text.trimStart();
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest.trim();
}

function suggestion(word: string): string {
  const names = [...COMMANDS.filter((c) => !c.hidden).map((c) => c.name), CHANNEL_GROUP.name];
  const close = names.find((n) => n.startsWith(word.slice(0, 3)));
  return close ? `Did you mean /papers ${close}? ` : '';
}

export interface Logger {
  error(obj: object, msg: string): void;
}

export function createCommandHandler(deps: CommandDeps, logger?: Logger): Bot {
  async function dispatch(request: CommandRequest): Promise<Reply> {
    const text = request.text.replace(/^\s*\/?papers\b/i, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
    if (text.length > MAX_INPUT) {
      return error('too_long', `That is ${text.length} characters; commands are limited to ${MAX_INPUT}.`, '/papers help');
    }
    const tokens = tokenize(text);
    const name = tokens[0]?.value.toLowerCase();
    if (!name) return helpReply();
    if (name === CHANNEL_GROUP.name) {
      const sub = tokens[1]?.value.toLowerCase();
      return channel({ deps, request, args: tokens.slice(2), rest: after(text, 2) }, sub);
    }
    const action = ACTIONS[name];
    if (!action) {
      const shown = name.length > 30 ? `${name.slice(0, 30)}...` : name;
      return error('unknown_command', `${suggestion(name)}There is no command "${shown}".`, 'Try /papers help');
    }
    return action({ deps, request, args: tokens.slice(1), rest: after(text, 1) });
  }

  async function complete(request: CompletionRequest): Promise<string[]> {
    const partial = request.partial.toLowerCase();
    const pick = (values: string[]) => [...new Set(values)].filter((v) => v.toLowerCase().includes(partial)).slice(0, 25);
    const key = `${request.path.join(' ')}:${request.option}`;
    const ctx: CommandContext = { deps, request: { ...request, text: '' }, args: [], rest: '' };
    switch (key) {
      case 'unsubscribe:terms': {
        const person = await deps.state.person(request);
        const terms = (person?.profiles ?? []).flatMap((line) => {
          const parsed = deps.profiles.normalize(line);
          return parsed.ok ? parsed.terms : [];
        });
        return pick(['all', ...terms]);
      }
      case 'channel categories:categories': {
        const current = (await settingsOf(ctx)).categories;
        return pick([...current, 'cs.CV', 'cs.LG', 'cs.AI', 'cs.CL', 'cs.RO', 'cs.GR', 'eess.IV', 'stat.ML', 'physics.med-ph', 'cs.MM', 'cs.NE', 'q-bio.QM']);
      }
      case 'channel timezone:zone':
        return pick(['UTC', ...Intl.supportedValuesOf('timeZone')]);
      case 'help:command':
        return pick([...COMMANDS.filter((c) => !c.hidden).map((c) => c.name), CHANNEL_GROUP.name]);
      case 'digest:date':
        return pick(['today', 'yesterday', ...(await deps.archive.days(20))]);
      default:
        return [];
    }
  }

  return {
    async handle(request) {
      try {
        return await dispatch(request);
      } catch (err) {
        logger?.error({ err, text: request.text.slice(0, 200), platform: request.platform, channel: request.channel }, 'command failed');
        return error('internal', 'Something went wrong on our side; it has been logged. Please try again later.');
      }
    },
    async complete(request) {
      try {
        return await complete(request);
      } catch (err) {
        logger?.error({ err, path: request.path, option: request.option }, 'autocomplete failed');
        return [];
      }
    },
  };
}
