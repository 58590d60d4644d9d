// The logger: pino JSON lines on stderr; on a terminal, short readable lines instead.
import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';

export type { Logger };

/** One readable line per log record, for people watching a terminal. */
function prettyLine(json: string): string {
  try {
    const { level, time, msg, err, pid: _pid, hostname: _host, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const name = pino.levels.labels[Number(level)] ?? String(level);
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    const error = err && typeof err === 'object' ? ` ${(err as { message?: string }).message ?? ''}` : '';
    return `${new Date(Number(time)).toISOString().slice(11, 19)} ${name.toUpperCase()} ${msg ?? ''}${error}${extra}\n`;
  } catch {
    return json; // not JSON: pass it through untouched rather than lose it
  }
}

export function createLogger(opts: { level: string; stream: NodeJS.WritableStream & { isTTY?: boolean } }): Logger {
  if (!opts.stream.isTTY) return pino({ level: opts.level }, opts.stream);
  const out = opts.stream;
  const pretty = new Writable({
    write(chunk, _enc, done) {
      out.write(String(chunk).split('\n').filter(Boolean).map(prettyLine).join(''));
      done();
    },
  });
  return pino({ level: opts.level }, pretty);
}
