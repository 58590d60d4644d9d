// The ChatAdapter contract run against the console adapter over in-memory stdin/stdout streams.
import { chatAdapterContract } from './contract.js';
import { consoleHarness } from './console-harness.js';

chatAdapterContract('console', consoleHarness, {
  omit: {
    // adapters/console/adapter.ts passes the whole line (`/papers search x`) as CommandRequest.text, not what follows /papers.
    'command-text': 'console passes the /papers prefix in CommandRequest.text',
    // adapters/console/adapter.ts awaits bot.handle() with no catch: a throw rejects the line queue, so that line and
    // every later one go unanswered (and the rejection is unhandled).
    'throwing-bot': 'console stops answering after a Bot throws',
  },
});
