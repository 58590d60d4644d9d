// A ChatAdapter contract harness over the console adapter, with in-memory stdin/stdout streams.
import { PassThrough } from 'node:stream';
import type { ChannelTarget } from '../../src/adapter.js';
import { toCommandText } from '../../src/commands/spec.js';
import { CONSOLE_TARGET, createConsoleAdapter } from '../../adapters/console/adapter.js';
import type { Harness } from './contract.js';

const USER = 'reader';

export async function consoleHarness(): Promise<Harness> {
  const input = new PassThrough();
  const output = new PassThrough();
  // Every write() is one console message: the adapter writes each reply or post whole.
  const chunks: string[] = [];
  const waiters: Array<() => void> = [];
  output.on('data', (chunk: Buffer) => {
    chunks.push(chunk.toString('utf8'));
    for (const w of waiters.splice(0)) w();
  });
  const nextChunk = (after: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('console: no answer within 5 s')), 5000);
      const check = () => {
        if (chunks.length > after) {
          clearTimeout(timer);
          resolve(chunks[after]!);
        } else waiters.push(check);
      };
      check();
    });
  const adapter = createConsoleAdapter({ input, output, interactive: false, channel: CONSOLE_TARGET.channel, user: USER });

  return {
    adapter,
    // The console's one user runs everything, so it is the admin; there is no member to ask as.
    caller: { workspace: CONSOLE_TARGET.workspace, channel: CONSOLE_TARGET.channel, users: { admin: USER } },
    channels: { main: CONSOLE_TARGET.channel, other: 'elsewhere' },
    mentionUser: USER,
    target: (channel: string): ChannelTarget => ({ ...CONSOLE_TARGET, channel }),
    async invoke(command) {
      const before = chunks.length;
      input.write(`/papers ${toCommandText(command.path, command.values ?? {})}\n`);
      return { text: await nextChunk(before) };
    },
    // The terminal is one channel: what was printed is what was posted to the channel it stands for.
    async posted(channel) {
      return channel === CONSOLE_TARGET.channel ? [...chunks] : [];
    },
    async close() {
      input.end();
      output.end();
    },
  };
}
