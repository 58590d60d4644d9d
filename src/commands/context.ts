// What every command gets: the caller, its arguments, and the engine's parts (passed in, never reached for).
import type { Archive } from '../archive/archive.js';
import type { CommandRequest } from '../adapter.js';
import type { ChannelSettings, Config } from '../config.js';
import type { Paper } from '../paper.js';
import type { BotState, ChannelRecord } from '../bot/state.js';
import type { Ranking } from '../bot/digest.js';
import type { Token } from './tokens.js';

/** The profile language as the command layer needs it. */
export interface ProfileLanguage {
  /** Parses and prints back a profile line in its canonical form, or says which token is wrong and the right form. */
  normalize(line: string): { ok: true; line: string; terms: string[] } | { ok: false; message: string; hint: string };
  /** The terms of `line` without those in `remove`; the terms that were not found. */
  remove(line: string, remove: string): { line: string; missing: string[] };
  /** A profile line of a paper's most distinctive terms. */
  suggest(paper: Paper): string;
}

export interface CommandDeps {
  archive: Archive;
  state: BotState;
  ranking: Ranking;
  profiles: ProfileLanguage;
  config: Config;
  /** Settings of a channel nobody has configured yet (config defaults, or its entry in config). */
  defaultSettings(target: { platform: string; workspace: string; channel: string }): ChannelSettings;
  /** Checks a schedule such as `weekdays 09:00` or a cron expression. */
  validateSchedule(text: string): { ok: true } | { ok: false; message: string };
  /** Called after a channel's settings change (re-schedule its digest). */
  onChannelChange?(record: ChannelRecord): void;
  now(): Date;
}

export interface CommandContext {
  deps: CommandDeps;
  request: CommandRequest;
  /** Arguments after the command name (and after `channel SUB`). */
  args: Token[];
  /** The argument text after the command name, as typed. */
  rest: string;
}
