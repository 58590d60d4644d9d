// A ChatAdapter contract harness over the Slack adapter: a real Bolt App (HTTP mode) against the local fake Slack.
import type { ChannelTarget } from '../../src/adapter.js';
import { toCommandText } from '../../src/commands/spec.js';
import { readSlackConfig } from '../../adapters/slack/config.js';
import { createSlackAdapter } from '../../adapters/slack/adapter.js';
import { BOT_TOKEN, CapturingLogger, SIGNING_SECRET, signedHeaders, slashBody } from '../slack/helpers.js';
import { checkMessage, FakeSlack, pingsIn } from '../slack/fake-slack.js';
import type { Harness } from './contract.js';

const TEAM = 'T0001';
const CHANNEL = 'C0PAPERS';
const MEMBER = 'U0ALICE';
const ADMIN = 'U0ADMIN';

/** Slack escapes these three in slash-command text, as in message text. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** mrkdwn as a reader sees it: links show their label, escapes are undone. */
function readMrkdwn(text: string): string {
  return text.replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The visible text of one message: its header, section and context blocks (its fallback `text` when it has none). */
function flatten(message: Record<string, unknown>): string {
  const blocks = message.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ type: string; text?: unknown }> }> | undefined;
  if (!blocks?.length) return readMrkdwn(String(message.text ?? ''));
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'header' && b.text) lines.push(b.text.text);
    else if (b.type === 'section' && b.text) lines.push(readMrkdwn(b.text.text));
    else if (b.type === 'context') for (const e of b.elements ?? []) if (typeof e.text === 'string') lines.push(readMrkdwn(e.text));
  }
  return lines.join('\n');
}

/** `<@U123>` pings U123; `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^...>` ping groups. */
function pingTarget(token: string): string {
  return /^<@([UW][A-Z0-9]*)/.exec(token)?.[1] ?? token;
}

export async function slackHarness(): Promise<Harness> {
  const fake = await new FakeSlack().start();
  fake.users.set(MEMBER, { name: 'alice' });
  fake.users.set(ADMIN, { name: 'root', is_admin: true });
  fake.missingChannels.add('C0GONE');
  const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', SLACK_API_URL: fake.apiUrl });
  if (!config) throw new Error('slack contract: the test environment did not configure Slack');
  const adapter = createSlackAdapter({ config, logger: new CapturingLogger(), host: '127.0.0.1', sleep: async () => {} });
  /** chat.postMessage calls to `channel` that Slack accepted. */
  const accepted = (channel: string) =>
    fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && !fake.missingChannels.has(channel) && checkMessage(c.args) === null).map((c) => c.args);

  return {
    adapter,
    caller: { workspace: TEAM, channel: CHANNEL, users: { member: MEMBER, admin: ADMIN } },
    channels: { main: CHANNEL, other: 'C0OTHER', failing: 'C0GONE' },
    mentionUser: MEMBER,
    target: (channel: string): ChannelTarget => ({ platform: 'slack', workspace: TEAM, channel }),
    async invoke(command, role) {
      const user = role === 'admin' ? ADMIN : MEMBER;
      const { body, responseId } = slashBody(fake, slackEscape(toCommandText(command.path, command.values ?? {})), { team: TEAM, channel: CHANNEL, user, userName: fake.users.get(user)?.name });
      const port = adapter.port();
      if (port === undefined) throw new Error('slack contract: the adapter is not listening');
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(body), body });
      if (res.status !== 200) throw new Error(`slack contract: Bolt answered the command with HTTP ${res.status}: ${await res.text()}`);
      await fake.waitFor(() => fake.responsesFor(responseId).length > 0, 5000, `an answer on response_url ${responseId}`);
      const answers = fake.responsesFor(responseId).filter((r) => r.status === 200).map((r) => r.body);
      return { text: answers.map(flatten).join('\n'), private: answers.every((a) => a.response_type === 'ephemeral') };
    },
    async posted(channel) {
      return accepted(channel).map(flatten);
    },
    async pings(channel) {
      return accepted(channel).flatMap((m) => pingsIn(m)).map(pingTarget);
    },
    async close() {
      await fake.close();
    },
  };
}
