// The console adapter's factory: always available; used when no chat platform is configured.
import type { AdapterFactory } from '../../src/adapter.js';
import { createConsoleAdapter } from './adapter.js';

export const consoleFactory: AdapterFactory = {
  configured: () => true,
  create: (_env, deps) =>
    createConsoleAdapter({
      input: deps.stdin,
      output: deps.stdout,
      interactive: Boolean(deps.stdin.isTTY),
      onError: (err) => deps.logger.error({ err }, 'console command failed'),
    }),
};
