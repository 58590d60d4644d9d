// The console adapter: /papers commands from stdin, replies and digests on stdout. No chat account, no network.
import { createInterface } from 'node:readline';
import type { Bot, ChannelTarget, ChatAdapter } from '../../src/adapter.js';
import { error, type Reply } from '../../src/reply.js';
import { renderText } from '../../src/render-text.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt (an interactive terminal). */
  interactive: boolean;
  channel?: string;
  user?: string;
  /** Told about a command that threw (the console keeps going). */
  onError?: (err: unknown) => void;
}

export interface ConsoleAdapter extends ChatAdapter {
  /** Resolves when the input ends (or `stop()` is called). */
  readonly done: Promise<void>;
}

export const CONSOLE_TARGET: ChannelTarget = { platform: 'console', workspace: 'local', channel: 'general' };

export function createConsoleAdapter(options: ConsoleOptions): ConsoleAdapter {
  const channel = options.channel ?? CONSOLE_TARGET.channel;
  const user = options.user ?? 'you';
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let rl: ReturnType<typeof createInterface> | undefined;
  const write = (text: string) => options.output.write(`${text}\n`);

  return {
    platform: 'console',
    done,
    async start(bot: Bot) {
      rl = createInterface({ input: options.input, terminal: options.interactive, output: options.interactive ? options.output : undefined });
      if (options.interactive) {
        write('Type /papers help for commands, Ctrl-D to quit.');
        rl.setPrompt('> ');
        rl.prompt();
      }
      // Lines are handled one at a time, in order, even when piped in faster than they are answered.
      let queue = Promise.resolve();
      rl.on('line', (line) => {
        queue = queue.then(async () => {
          const line_ = line.trim();
          const command = /^\/?papers\b/i.exec(line_);
          if (line_ && !command) write('Commands start with /papers (try /papers help).');
          else if (command) {
            const text = line_.slice(command[0].length).trim();
            try {
              write(renderText(await bot.handle({ platform: 'console', workspace: 'local', channel, user, userName: user, isAdmin: true, text })));
            } catch (err) {
              // A bot that throws must not silence the console: say so and keep reading.
              options.onError?.(err);
              write(renderText(error('internal', 'Something went wrong on our side; it has been logged.')));
            }
          }
          if (line_ && options.interactive) write('');
          if (options.interactive) rl?.prompt();
        });
      });
      rl.on('close', () => void queue.then(finish));
    },
    async post(_target: ChannelTarget, reply: Reply) {
      write(renderText(reply));
    },
    async stop() {
      rl?.close();
      finish();
    },
  };
}
