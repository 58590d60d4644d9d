// /papers subscribe, unsubscribe, follow, list and the paper buttons: a person's own interests, never anyone else's.
import { error, message, type Reply } from '../reply.js';
import { absUrl, parseArxivId } from '../paper.js';
import type { PersonRecord } from '../bot/state.js';
import type { CommandContext } from './context.js';
import { settingsOf } from './channel.js';

const SUBSCRIBE_USAGE = '/papers subscribe PROFILE-LINE   e.g. /papers subscribe diffusion "image editing" -survey';

async function personOf(ctx: CommandContext): Promise<PersonRecord> {
  const { request } = ctx;
  return (
    (await ctx.deps.state.person(request)) ?? {
      platform: request.platform,
      workspace: request.workspace,
      user: request.user,
      profiles: [],
      channels: [],
      updatedAt: '',
    }
  );
}

function termCount(ctx: CommandContext, lines: string[]): number {
  return lines.reduce((n, line) => {
    const parsed = ctx.deps.profiles.normalize(line);
    return n + (parsed.ok ? parsed.terms.length : 0);
  }, 0);
}

async function addProfile(ctx: CommandContext, line: string, what: string): Promise<Reply> {
  if (!line.trim()) return error('bad_argument', `What should I ${what === 'follow' ? 'follow' : 'subscribe you to'}?`, what === 'follow' ? '/papers follow "AUTHOR NAME"' : SUBSCRIBE_USAGE);
  if (line.length > ctx.deps.config.limits.queryLength) {
    return error('too_long', `That profile is ${line.length} characters; the limit is ${ctx.deps.config.limits.queryLength}.`, SUBSCRIBE_USAGE);
  }
  const parsed = ctx.deps.profiles.normalize(line);
  if (!parsed.ok) return error('bad_argument', parsed.message, parsed.hint);
  const person = await personOf(ctx);
  if (person.profiles.includes(parsed.line)) {
    return message(`You are already subscribed to ${parsed.line}.`);
  }
  const limit = ctx.deps.config.limits.subscriptionsPerPerson;
  if (termCount(ctx, person.profiles) + parsed.terms.length > limit) {
    return error('limit', `That would make more than ${limit} terms. Remove some first: /papers unsubscribe TERMS (you have: ${person.profiles.join(' | ')}).`);
  }
  person.profiles.push(parsed.line);
  if (!person.channels.includes(ctx.request.channel)) person.channels.push(ctx.request.channel);
  if (ctx.request.userName) person.name = ctx.request.userName;
  person.updatedAt = ctx.deps.now().toISOString();
  await ctx.deps.state.savePerson(person);
  return message([
    `${what === 'follow' ? 'Following' : 'Subscribed to'}: ${parsed.line}`,
    'Your own section appears in this channel\'s daily digest. See everything with /papers list.',
  ]);
}

export function subscribe(ctx: CommandContext): Promise<Reply> {
  return addProfile(ctx, ctx.rest, 'subscribe');
}

export function follow(ctx: CommandContext): Promise<Reply> {
  const name = ctx.rest.trim().replace(/^["\u201c\u201d]+|["\u201c\u201d]+$/g, '').trim();
  if (!name) return Promise.resolve(error('bad_argument', 'Whom should I follow?', '/papers follow "AUTHOR NAME"'));
  return addProfile(ctx, `author:"${name.replace(/"/g, '')}"`, 'follow');
}

export async function subscribeLike(ctx: CommandContext): Promise<Reply> {
  const id = parseArxivId(ctx.args[0]?.value ?? '');
  if (!id) return error('bad_argument', 'Give an arXiv id, e.g. 2111.15047.', '/papers subscribe-like ARXIV-ID');
  const paper = await ctx.deps.archive.get(id.id);
  if (!paper) return error('not_found', `Paper ${id.id} is not in the archive.`);
  return addProfile(ctx, ctx.deps.profiles.suggest(paper), 'subscribe');
}

export async function unsubscribe(ctx: CommandContext): Promise<Reply> {
  const what = ctx.rest.trim();
  if (!what) return error('bad_argument', 'Which terms should I remove?', '/papers unsubscribe TERMS|all');
  const person = await personOf(ctx);
  if (person.profiles.length === 0) return message('You have no subscriptions. Add one with /papers subscribe PROFILE-LINE.');
  if (what.toLowerCase() === 'all') {
    await ctx.deps.state.savePerson({ ...person, profiles: [], channels: [] });
    return message(`Removed all your subscriptions (${person.profiles.join(' | ')}).`);
  }
  const parsed = ctx.deps.profiles.normalize(what);
  if (!parsed.ok) return error('bad_argument', parsed.message, '/papers unsubscribe TERMS|all');
  let missing = new Set(parsed.terms);
  const kept: string[] = [];
  for (const line of person.profiles) {
    const result = ctx.deps.profiles.remove(line, parsed.line);
    missing = new Set([...missing].filter((t) => result.missing.includes(t)));
    if (result.line.trim()) kept.push(result.line);
  }
  if (missing.size === parsed.terms.length) {
    return error('not_found', `You are not subscribed to ${parsed.line}. Your subscriptions: ${person.profiles.join(' | ')}`);
  }
  await ctx.deps.state.savePerson({ ...person, profiles: kept, updatedAt: ctx.deps.now().toISOString() });
  const removed = parsed.terms.filter((t) => !missing.has(t));
  return message([
    `Removed: ${removed.join(' ')}`,
    kept.length ? `Still subscribed to: ${kept.join(' | ')}` : 'You have no subscriptions left.',
  ]);
}

export async function list(ctx: CommandContext): Promise<Reply> {
  if (ctx.rest.trim()) return error('bad_argument', '"list" takes no arguments.', '/papers list');
  const person = await ctx.deps.state.person(ctx.request);
  const settings = await settingsOf(ctx);
  const lines = person?.profiles.length
    ? ['Your subscriptions:', ...person.profiles.map((p) => `  ${p}`), `Your section appears in: ${person.channels.join(', ')}`]
    : ['You have no subscriptions. Add one with /papers subscribe PROFILE-LINE.'];
  lines.push(`This channel's profile: ${settings.profile || '(none: all papers of its categories)'}`);
  lines.push(`Categories: ${settings.categories.join(' ')}; posted ${settings.schedule} ${settings.timezone}${settings.paused ? ' (paused)' : ''}`);
  return message(lines, { title: 'Subscriptions' });
}

export async function show(ctx: CommandContext): Promise<Reply> {
  const id = parseArxivId(ctx.args[0]?.value ?? '');
  if (!id) return error('bad_argument', 'Give an arXiv id, e.g. 2111.15047.', '/papers show ARXIV-ID');
  const paper = await ctx.deps.archive.get(id.id);
  if (!paper) return error('not_found', `Paper ${id.id} is not in the archive.`);
  return message(
    [
      paper.authors.join(', '),
      `${paper.categories.join(', ')}; published ${paper.published.slice(0, 10)}${paper.version > 1 ? `, v${paper.version}` : ''}`,
      paper.abstract,
      absUrl(paper.id),
    ],
    { title: paper.title },
  );
}
