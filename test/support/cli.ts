// Runs the real `paperboy` entry point as a child process, the way a user or a script would.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'pb-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
    // A chat token in the developer's own environment must not turn the console test into a Slack bot.
    for (const k of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'PAPERBOY_STATE_URL', 'PAPERBOY_CONFIG']) {
      if (!opts.env?.[k]) delete env[k];
    }
    const child = spawn(process.execPath, [join(ROOT, 'bin/paperboy.js'), ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`paperboy ${args.join(' ')} timed out; stderr: ${stderr.slice(-500)}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
