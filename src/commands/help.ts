// Help texts, derived from the command spec so help can never disagree with the parser.
import { COMMANDS, CHANNEL_GROUP, type CommandSpec } from './spec.js';
import { message, error, type Reply } from '../reply.js';

export function usageOf(spec: CommandSpec): string {
  return `/papers ${spec.usage}`;
}

export function helpReply(topic?: string): Reply {
  if (!topic) {
    const lines = COMMANDS.filter((c) => !c.hidden).map((c) => `/papers ${c.usage.split('   ')[0]} : ${c.summary}`);
    lines.push(`/papers channel show|profile|categories|time|timezone|limit|crosslists|updates|pause|resume : ${CHANNEL_GROUP.summary}`);
    lines.push('Profiles: words, "quoted phrases", weights (nerf^2), exclusions (-survey), author:"Kaiming He", cat:cs.RO.');
    lines.push('More: /papers help COMMAND');
    return message(lines, { title: 'Paperboy: arXiv papers your team cares about' });
  }
  const name = topic.toLowerCase().replace(/^\/?papers\s+/, '');
  if (name === CHANNEL_GROUP.name) {
    return message(
      CHANNEL_GROUP.subcommands.map((c) => `/papers ${c.usage} : ${c.summary}${c.admin ? ' (channel admins)' : ''}`),
      { title: CHANNEL_GROUP.summary },
    );
  }
  const spec = COMMANDS.find((c) => c.name === name) ?? CHANNEL_GROUP.subcommands.find((c) => `channel ${c.name}` === name);
  if (!spec) return error('unknown_command', `There is no command "${topic.slice(0, 40)}".`, 'Try /papers help');
  return message([usageOf(spec), spec.summary, ...spec.examples.map((e) => `e.g. /papers ${e}`)], { title: `/papers ${spec.name}` });
}
