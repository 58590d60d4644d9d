// `paperboy start` in its own process with a config of the test's channels, the bundled samples, and a platform's env.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export interface BotProcess {
  child: ChildProcess;
  /** Everything the bot printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
  /** Kills the bot if it still runs and removes its data. */
  close(): void;
}

export function spawnBot(opts: { label: string; channels: object[]; env: Record<string, string> }): BotProcess {
  const dir = mkdtempSync(join(tmpdir(), `paperboy-${opts.label}-`));
  const samples = join(ROOT, 'samples/digests');
  const config = { seed: [samples], sources: [{ type: 'digest-dir', path: samples }], state: 'sqlite', channels: opts.channels, http: { port: 0 } };
  writeFileSync(join(dir, 'paperboy.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [join(ROOT, 'bin/paperboy.js'), 'start', '--data', join(dir, 'data'), '--config', join(dir, 'paperboy.json')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PAPERBOY_HEALTH_PORT: '0', PAPERBOY_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return {
    child,
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    close() {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
