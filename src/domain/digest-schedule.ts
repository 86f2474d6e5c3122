/**
 * When e-mail digests go out: DAILY at `hour` o'clock local time in the subscriber's IANA time
 * zone, WEEKLY on Mondays at that hour. Local wall-clock time is turned into an instant with
 * Intl (no time-zone library): the zone's offset at that instant, checked again after the first
 * guess so that a change of offset (summer time) between the guess and the answer is followed.
 * An hour that a summer-time change skips (02:00 on the day clocks go forward) is sent an hour
 * later, at the first instant the clocks show after it.
 */
import { DigestFrequency } from './enums';
import { badInput } from './errors';

export interface DigestSchedule {
  frequency: DigestFrequency;
  /** IANA time zone name, e.g. "Europe/Rome". */
  timeZone: string;
  /** 0–23, local time. */
  hour: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MONDAY = 1;

/** The zone's canonical name, or BAD_USER_INPUT naming `field`. Intl knows every IANA zone (and refuses anything else). */
export function checkTimeZone(field: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw badInput(field, `"${timeZone}" is not an IANA time zone (such as "Europe/Rome" or "America/Los_Angeles")`);
  }
}

export function checkHour(field: string, hour: number): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw badInput(field, 'hour is the local hour of the day, 0 to 23');
  return hour;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at `instant`, as if it were UTC (milliseconds). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  return wallClockMs(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which clocks in `timeZone` show `wall` (a wall-clock time written as UTC ms). */
export function instantOfWallClock(wall: number, timeZone: string): number {
  const guess = wall - offsetMs(wall, timeZone);
  const corrected = wall - offsetMs(guess, timeZone);
  // In a skipped hour no instant shows `wall`: take the later reading, the first one after the gap.
  return Math.max(guess, corrected);
}

/** The first digest instant strictly after `after`. */
export function nextDigestAt(schedule: DigestSchedule, after: Date): Date {
  const localNow = wallClockMs(after.getTime(), schedule.timeZone);
  const localMidnight = localNow - (((localNow % DAY_MS) + DAY_MS) % DAY_MS);
  // Eight local days always hold a Monday after `after`, whatever the hour.
  for (let day = 0; day <= 8; day++) {
    const midnight = localMidnight + day * DAY_MS;
    if (schedule.frequency === DigestFrequency.WEEKLY && new Date(midnight).getUTCDay() !== MONDAY) continue;
    const at = instantOfWallClock(midnight + schedule.hour * HOUR_MS, schedule.timeZone);
    if (at > after.getTime()) return new Date(at);
  }
  throw new Error(`No digest time found after ${after.toISOString()} for ${JSON.stringify(schedule)}`);
}
