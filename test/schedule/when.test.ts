// Schedule text parsing, time zone checks and slot listing, checked against node-cron's own next-run computation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import cron from 'node-cron';
import { isValidTimeZone, localDate, parseSchedule, slotsBetween } from '../../src/schedule/when.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('parseSchedule', () => {
  it.each([
    ['weekdays 09:00', '0 9 * * 1-5', 'weekdays at 09:00'],
    ['Weekdays 9:00', '0 9 * * 1-5', 'weekdays at 09:00'],
    ['daily 08:30', '30 8 * * *', 'daily at 08:30'],
    ['weekends 10:15', '15 10 * * 0,6', 'weekends at 10:15'],
    ['mon,wed,fri 10:00', '0 10 * * 1,3,5', 'Mon, Wed, Fri at 10:00'],
    ['sun-thu 21:00', '0 21 * * 0-4', 'Sun-Thu at 21:00'],
    ['fri-mon 07:05', '5 7 * * 0,1,5,6', 'Fri-Mon at 07:05'],
    ['monday,Thursday 23:59', '59 23 * * 1,4', 'Mon, Thu at 23:59'],
    ['mondays 06:00', '0 6 * * 1', 'Mon at 06:00'],
    ['  0 9 * * 1-5  ', '0 9 * * 1-5', 'cron `0 9 * * 1-5`'],
    ['30 20 * * 0-4', '30 20 * * 0-4', 'cron `30 20 * * 0-4`'],
    ['0 0 9 * * MON-FRI', '0 0 9 * * MON-FRI', 'cron `0 0 9 * * MON-FRI`'],
  ])('accepts %j', (text, expectedCron, label) => {
    const parsed = parseSchedule(text);
    expect(parsed).toEqual({ ok: true, cron: expectedCron, label });
    if (parsed.ok) expect(cron.validate(parsed.cron)).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['weekdays 25:00', /25 is not an hour \(00-23\)/],
    ['weekdays 09:60', /60 is not a minute \(00-59\)/],
    ['weekdays 9am', /"9am" is not a time: write it as HH:MM/],
    ['weekdays', /should be days then one time/],
    ['weekdays 09:00 10:00', /should be days then one time/],
    ['weekday 09:00', /"weekday" is not a schedule word/],
    ['mon,funday 09:00', /"funday" is not a day of the week/],
    ['mon-funday 09:00', /"mon-funday" is not a range of days/],
    ['0 9 * * 8', /not a valid cron expression: dayOfWeek "8" is not valid/],
    ['61 9 * * *', /minute "61" is not valid/],
    ['0 9 * *', /neither a schedule like `weekdays 09:00` nor a cron expression \(5 or 6 fields, got 4\)/],
    ['*/5 * * * *', /fires more than once an hour/],
    ['* 0 9 * * *', /fires more than once an hour/],
  ])('rejects %j with a message naming the problem and the accepted forms', (text, why) => {
    const parsed = parseSchedule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(why);
      expect(parsed.message).toContain('Accepted forms: `weekdays 09:00`');
    }
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(' Europe/Berlin')).toBe(false);
  });
});

describe('localDate', () => {
  it('gives the local day of an instant', () => {
    expect(localDate(new Date('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    expect(localDate(new Date('2026-03-30T01:00:00Z'), 'America/New_York')).toBe('2026-03-29');
  });
});

/** node-cron's own next runs from `start`, on a fake clock. */
function nodeCronRuns(expr: string, tz: string, start: string, count: number): string[] {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(start));
  const task = cron.createTask(expr, () => undefined, { timezone: tz });
  try {
    return task.getNextRuns(count).map((d) => d.toISOString());
  } finally {
    void task.destroy();
    vi.useRealTimers();
  }
}

describe('slotsBetween', () => {
  it.each([
    // Spring forward: Berlin 2026-03-29 02:00 -> 03:00, New York 2026-03-08 02:00 -> 03:00.
    ['0 9 * * 1-5', 'Europe/Berlin', '2026-03-26T00:00:00Z', 6],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-27T00:00:00Z', 5],
    ['0 9 * * *', 'America/New_York', '2026-03-06T00:00:00Z', 6],
    ['30 2 * * *', 'America/New_York', '2026-03-06T00:00:00Z', 5],
    // Fall back: Berlin 2026-10-25 03:00 -> 02:00 (02:30 happens twice), New York 2026-11-01 02:00 -> 01:00.
    ['30 2 * * *', 'Europe/Berlin', '2026-10-23T00:00:00Z', 5],
    ['0 9 * * *', 'Europe/Berlin', '2026-10-23T00:00:00Z', 5],
    ['30 1 * * *', 'America/New_York', '2026-10-30T00:00:00Z', 5],
    ['30 20 * * 0-4', 'America/New_York', '2026-10-28T00:00:00Z', 6],
    ['45 5 * * *', 'Asia/Kathmandu', '2026-01-01T00:00:00Z', 3],
    ['0 0 9 * * 1-5', 'UTC', '2026-01-01T00:00:00Z', 4],
  ])('%s in %s from %s gives the instants node-cron fires', (expr, tz, start, count) => {
    const expected = nodeCronRuns(expr, tz, start, count);
    const last = new Date(expected.at(-1)!);
    const got = slotsBetween(expr, tz, new Date(start), last).map((d) => d.toISOString());
    expect(got).toEqual(expected);
  });

  it('fires 09:00 Berlin at 08:00Z before the DST switch and 07:00Z after, never on the weekend', () => {
    const got = slotsBetween('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-03-26T00:00:00Z'), new Date('2026-03-31T23:00:00Z'));
    expect(got.map((d) => d.toISOString())).toEqual([
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('counts a wall time repeated when clocks go back once', () => {
    const got = slotsBetween('30 2 * * *', 'Europe/Berlin', new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'));
    expect(got).toHaveLength(1);
  });

  it('has no slot in the hour skipped when clocks go forward', () => {
    expect(slotsBetween('30 2 * * *', 'Europe/Berlin', new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'))).toEqual([]);
  });

  it('is half-open: excludes `from`, includes `to`', () => {
    const at = new Date('2026-01-05T09:00:00Z');
    expect(slotsBetween('0 9 * * *', 'UTC', at, new Date('2026-01-05T10:00:00Z'))).toEqual([]);
    expect(slotsBetween('0 9 * * *', 'UTC', new Date('2026-01-05T08:00:00Z'), at)).toEqual([at]);
    expect(slotsBetween('0 9 * * *', 'UTC', at, at)).toEqual([]);
  });

  it('lists every second of a 6-field every-second cron', () => {
    const got = slotsBetween('* * * * * *', 'UTC', new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T09:00:05Z'));
    expect(got.map((d) => d.toISOString().slice(17, 19))).toEqual(['01', '02', '03', '04', '05']);
  });

  it('refuses a bad time zone, a bad cron and an unbounded window', () => {
    const a = new Date('2026-01-01T00:00:00Z');
    const b = new Date('2026-01-02T00:00:00Z');
    expect(() => slotsBetween('0 9 * * *', 'Nowhere/City', a, b)).toThrow(/unknown time zone "Nowhere\/City"/);
    expect(() => slotsBetween('0 99 * * *', 'UTC', a, b)).toThrow(/hour/);
    expect(() => slotsBetween('0 9 * * *', 'UTC', a, new Date('2030-01-01T00:00:00Z'))).toThrow(/too long/);
  });
});
