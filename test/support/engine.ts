// A real engine on a temp data directory with the bundled samples ingested: for command-layer tests.
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import type { Bot, CommandRequest } from '../../src/adapter.js';
import type { Reply } from '../../src/reply.js';
import { ROOT, tempDir } from './cli.js';

export interface TestBot {
  engine: Engine;
  bot: Bot;
  /** Runs `/papers TEXT` as a caller (alice, an ordinary member, unless overridden). */
  run(text: string, caller?: Partial<CommandRequest>): Promise<Reply>;
}

export async function startTestBot(now = new Date('2021-12-01T09:00:00Z')): Promise<TestBot> {
  const loaded = loadConfig({ cwd: ROOT, dataDir: tempDir('pb-engine-'), env: {} });
  const engine = createEngine(loaded, pino({ level: 'silent' }), () => now);
  await engine.ingest([join(ROOT, 'samples/digests')]);
  const bot = await engine.bot();
  return {
    engine,
    bot,
    run: (text, caller = {}) =>
      bot.handle({ platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U_ALICE', userName: 'alice', isAdmin: false, text, ...caller }),
  };
}
