// The logger the Slack adapter takes (pino's shape), and the bridge that routes Bolt's own logging into it.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { AdapterLogger } from '../../src/adapter.js';

/** The adapters' logger slice (pino's shape); `debug` is optional. */
export type SlackLogger = AdapterLogger & { debug?(obj: object, msg?: string): void };

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

function text(parts: unknown[]): { msg: string; err?: unknown } {
  const err = parts.find((p) => p instanceof Error);
  const msg = parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return { msg, err };
}

/** Bolt wants its own Logger interface; everything it says goes to ours, tagged `source: bolt`. */
export function boltLogger(logger: SlackLogger, level: LogLevel = LogLevel.WARN): BoltLogger {
  let current = level;
  let name = 'bolt';
  const at = (l: LogLevel) => ORDER.indexOf(l) >= ORDER.indexOf(current);
  const emit = (l: LogLevel, parts: unknown[]) => {
    if (!at(l)) return;
    const { msg, err } = text(parts);
    const fields = err ? { source: name, err } : { source: name };
    if (l === LogLevel.DEBUG) logger.debug?.(fields, msg);
    else if (l === LogLevel.INFO) logger.info(fields, msg);
    else if (l === LogLevel.WARN) logger.warn(fields, msg);
    else logger.error(fields, msg);
  };
  return {
    debug: (...m: unknown[]) => emit(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => emit(LogLevel.INFO, m),
    warn: (...m: unknown[]) => emit(LogLevel.WARN, m),
    error: (...m: unknown[]) => emit(LogLevel.ERROR, m),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}
