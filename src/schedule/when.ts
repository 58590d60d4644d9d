// Schedule text and time zones: "weekdays 09:00" or a cron expression -> cron; and the slots a cron had in a window.
import cron from 'node-cron';

export type ParsedSchedule = { ok: true; cron: string; label: string } | { ok: false; message: string };

const ACCEPTED =
  'Accepted forms: `weekdays 09:00`, `weekends 10:00`, `daily 08:30`, `mon,wed,fri 10:00`, `sun-thu 21:00`, ' +
  'or a cron expression such as `0 9 * * 1-5` (minute hour day-of-month month day-of-week).';

const DAY_LABELS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const FULL_DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Day number (0 = Sunday) of `mon`, `Monday`, `tues`...; undefined for anything else. */
function dayNumber(word: string): number | undefined {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('s')) w = w.slice(0, -1); // "mondays"
  if (w.length < 3) return undefined;
  const i = FULL_DAY_NAMES.findIndex((full) => full.startsWith(w));
  return i >= 0 ? i : undefined;
}

function parseTime(text: string): { hour: number; minute: number } | string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return `"${text}" is not a time: write it as HH:MM on a 24-hour clock, e.g. 09:00 or 21:30`;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23) return `${m[1]} is not an hour (00-23) in "${text}"`;
  if (minute > 59) return `${m[2]} is not a minute (00-59) in "${text}"`;
  return { hour, minute };
}

/** `mon,wed,fri`, `sun-thu`, `fri-mon` (wraps), `mon-wed,sat` -> sorted day numbers, or a message naming the bad part. */
function parseDays(text: string): number[] | string {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const range = part.split('-');
    if (range.length === 1) {
      const d = dayNumber(part);
      if (d === undefined) return `"${part}" is not a day of the week (use mon, tue, wed, thu, fri, sat, sun)`;
      days.add(d);
    } else if (range.length === 2) {
      const a = dayNumber(range[0]!);
      const b = dayNumber(range[1]!);
      if (a === undefined || b === undefined) return `"${part}" is not a range of days such as sun-thu`;
      for (let d = a; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === b) break;
      }
    } else {
      return `"${part}" is not a day or a range of days`;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** The cron day-of-week field for sorted day numbers: a run `a-b` where contiguous, else a list. */
function dayField(days: number[]): string {
  if (days.length === 7) return '*';
  const first = days[0]!;
  const last = days[days.length - 1]!;
  if (days.length > 2 && last - first === days.length - 1) return `${first}-${last}`;
  return days.join(',');
}

/** The days as the user wrote them (`fri-mon` stays `Fri-Mon`), each name shortened and capitalised. */
function dayLabel(text: string): string {
  return text
    .split(',')
    .map((part) => part.split('-').map((w) => DAY_LABELS[dayNumber(w)!]).join('-'))
    .join(', ');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A friendly schedule (`<days> HH:MM`) or undefined when the text does not start like one. */
function parseFriendly(words: string[]): ParsedSchedule | undefined {
  if (words.length === 0) return undefined;
  const head = words[0]!.toLowerCase();
  let days: number[] | string;
  let what: string;
  if (head === 'weekdays') {
    days = [1, 2, 3, 4, 5];
    what = 'weekdays';
  } else if (head === 'weekends') {
    days = [0, 6];
    what = 'weekends';
  } else if (head === 'daily' || head === 'everyday') {
    days = [0, 1, 2, 3, 4, 5, 6];
    what = 'daily';
  } else if (/^[a-z]{3,}([,-][a-z]{3,})*$/i.test(head) && head.split(/[,-]/).some((w) => dayNumber(w) !== undefined)) {
    days = parseDays(head);
    what = typeof days === 'string' ? '' : dayLabel(head);
  } else if (/^[a-z]/i.test(head)) {
    return { ok: false, message: `"${words[0]}" is not a schedule word (weekdays, weekends, daily or days such as mon,wed,fri). ${ACCEPTED}` };
  } else {
    return undefined;
  }
  if (typeof days === 'string') return { ok: false, message: `${days}. ${ACCEPTED}` };
  if (words.length !== 2) {
    return { ok: false, message: `"${words.join(' ')}" should be days then one time, like \`${head} 09:00\`. ${ACCEPTED}` };
  }
  const time = parseTime(words[1]!);
  if (typeof time === 'string') return { ok: false, message: `${time}. ${ACCEPTED}` };
  return {
    ok: true,
    cron: `${time.minute} ${time.hour} * * ${dayField(days)}`,
    label: `${what} at ${pad(time.hour)}:${pad(time.minute)}`,
  };
}

/**
 * Reads a channel's schedule. A raw cron expression must fire at most once an hour (one minute value, and one second
 * value in the 6-field form): a digest every minute would flood a channel, and is always a typo.
 */
export function parseSchedule(text: string): ParsedSchedule {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: `The schedule is empty. ${ACCEPTED}` };
  const words = trimmed.split(/\s+/);
  const friendly = parseFriendly(words);
  if (friendly) return friendly;

  if (words.length !== 5 && words.length !== 6) {
    return { ok: false, message: `"${trimmed}" is neither a schedule like \`weekdays 09:00\` nor a cron expression (5 or 6 fields, got ${words.length}). ${ACCEPTED}` };
  }
  const checked = cron.validateDetailed(trimmed);
  if (!checked.valid) {
    const why = checked.errors.map((e) => (e.value !== undefined ? `${e.field} "${e.value}" is not valid` : e.message)).join('; ');
    return { ok: false, message: `"${trimmed}" is not a valid cron expression: ${why}. ${ACCEPTED}` };
  }
  const fields = checked.fields!;
  if (fields.second.length > 1 || fields.minute.length > 1) {
    return {
      ok: false,
      message: `"${trimmed}" fires more than once an hour; a digest schedule gives the minute as one number, e.g. \`0 9 * * 1-5\`. ${ACCEPTED}`,
    };
  }
  const normalized = words.join(' ');
  return { ok: true, cron: normalized, label: `cron \`${normalized}\`` };
}

/** True for an IANA time zone name this Node's Intl knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; offsetMinutes: number } {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'longOffset',
    });
    partsFormatters.set(tz, f);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, offsetMinutes: 0 };
  for (const p of f.formatToParts(new Date(ms))) {
    if (p.type === 'timeZoneName') {
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(p.value);
      out.offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    } else if (p.type in out) {
      (out as Record<string, number>)[p.type] = Number(p.value);
    }
  }
  return out;
}

/** `YYYY-MM-DD` of an instant in a time zone: the local day a slot belongs to. */
export function localDate(at: Date, tz: string): string {
  const w = wallClock(at.getTime(), tz);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * The instant node-cron 4.6 fires for the local wall time shown at `ms` (its localTimeToTimestamp, re-derived here).
 * A wall time repeated when clocks go back matches two instants; node-cron fires only this one, so catch-up must count
 * only this one or it would post a second digest for the repeated hour.
 */
function nodeCronInstant(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = wallClock(guess, tz).offsetMinutes;
  const c1 = guess - first * 60_000;
  const second = wallClock(c1, tz).offsetMinutes;
  if (first === second) return c1;
  const c2 = guess - second * 60_000;
  const readsBack = (t: number): boolean => {
    const r = wallClock(t, tz);
    return r.year === w.year && r.month === w.month && r.day === w.day && r.hour === w.hour && r.minute === w.minute && r.second === w.second;
  };
  if (readsBack(c1)) return c1;
  if (readsBack(c2)) return c2;
  return Math.max(c1, c2);
}

/** Longest window slotsBetween walks (it checks every minute of it). */
export const MAX_SLOT_SPAN_MS = 400 * 24 * 3600_000;

/**
 * Every instant in (from, to] at which node-cron fires `cronExpr` in `tz`, oldest first: the same instants node-cron's
 * own scheduling picks, across DST switches. Walks the window minute by minute: local minute and hour come from the
 * zone's offset (read once per quarter hour: zones change offset only on quarter-hour boundaries), and only minutes
 * that pass those fields go to node-cron's own matcher (so L, W and # tokens mean what they mean there).
 * About 1-2 ms per day of window for a daily cron; about 15 ms per day for one that fires every minute.
 */
export function slotsBetween(cronExpr: string, tz: string, from: Date, to: Date): Date[] {
  if (!isValidTimeZone(tz)) throw new RangeError(`unknown time zone "${tz}"`);
  const fields = cron.parse(cronExpr);
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return [];
  if (end - start > MAX_SLOT_SPAN_MS) throw new RangeError(`slot window of ${Math.round((end - start) / 86_400_000)} days is too long`);
  const seconds = [...fields.second].sort((a, b) => a - b);
  const minutes = new Set(fields.minute);
  const hours = new Set(fields.hour);
  const matcher = cron.createTask(cronExpr, () => undefined, { timezone: tz });
  try {
    const out: Date[] = [];
    let quarter = Number.NaN;
    let offsetMs = 0;
    for (let minute = Math.floor(start / 60_000) * 60_000; minute <= end; minute += 60_000) {
      const q = Math.floor(minute / 900_000);
      if (q !== quarter) {
        quarter = q;
        offsetMs = wallClock(q * 900_000, tz).offsetMinutes * 60_000;
      }
      const local = new Date(minute + offsetMs);
      if (!minutes.has(local.getUTCMinutes()) || !hours.has(local.getUTCHours())) continue;
      // Zone offsets are whole minutes, so the first allowed second tells whether the rest of the minute matches.
      if (!matcher.match(new Date(minute + seconds[0]! * 1000))) continue;
      for (const s of seconds) {
        const t = minute + s * 1000;
        if (t <= start || t > end) continue;
        if (s !== seconds[0] && !matcher.match(new Date(t))) continue;
        if (nodeCronInstant(t, tz) !== t) continue;
        out.push(new Date(t));
      }
    }
    return out;
  } finally {
    void matcher.destroy();
  }
}
