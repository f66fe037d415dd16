// Calendar windows (day, week, month, year) in an IANA time zone, with Intl.DateTimeFormat
// only: no date library, no Node API. A window runs from the first instant of its first
// local day to the first instant of the next window's first local day, so a day lasts 23 or
// 25 hours across a DST change, and a month is a calendar month (28 to 31 days).
//
// The first instant of a local day is local midnight; where midnight does not exist (a DST
// gap at 00:00, as in America/Santiago or Asia/Beirut) it is the first instant after the
// gap; where midnight happens twice (a fall-back at 00:00) it is the earlier one.

/**
 * The calendar windows a guard limit can use (`{ usd, window, timeZone }`). Weeks start on
 * Monday (ISO 8601); a month is the calendar month; a day lasts 23 or 25 hours across a DST
 * change.
 *
 * @example
 * ```ts
 * import { CALENDAR_WINDOWS } from 'llm-spend/budget';
 * CALENDAR_WINDOWS; // ["day", "week", "month", "year"]
 * ```
 */
export const CALENDAR_WINDOWS = ['day', 'week', 'month', 'year'] as const;
/** A calendar window. */
export type CalendarWindow = (typeof CALENDAR_WINDOWS)[number];

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The canonical name of an IANA time zone (`america/new_york` → `America/New_York`), or
 * `undefined` when the runtime does not know it.
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** The local wall-clock time as if it were UTC, in ms (second resolution). */
  readonly ms: number;
}

/** The local wall clock at an instant (floored to the second). */
function wallAt(timeZone: string, instant: number): Wall {
  const second = Math.floor(instant / 1000) * 1000;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        sec = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  return { year, month, day, ms: utc(year, month, day) + hour * 3_600_000 + minute * 60_000 + sec * 1000 };
}

/** Date.UTC without the 0–99 → 1900s quirk; month and day may overflow (normalized). */
function utc(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(0, 0, 0, 0);
  return date.getTime();
}

/** The zone's offset from UTC at an instant, in ms (local = UTC + offset). */
export function offsetAt(timeZone: string, instant: number): number {
  const second = Math.floor(instant / 1000) * 1000;
  return wallAt(timeZone, second).ms - second;
}

/**
 * The first instant whose local wall-clock time is at or after `wall` (a local date-time
 * written as a UTC timestamp). Exact for times that exist; for a time inside a DST gap, the
 * end of the gap; for a time that happens twice, the earlier instant.
 */
export function instantOfWall(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  let best: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(timeZone, candidate) === offset && (best === undefined || candidate < best)) best = candidate;
  }
  if (best !== undefined) return best;
  // In a gap: the first instant whose wall clock reaches `wall`, by bisection between the
  // two candidates (the wall clock is increasing across a spring-forward transition).
  let low = wall - Math.max(before, after);
  let high = wall - Math.min(before, after);
  if (low + offsetAt(timeZone, low) >= wall) return low;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (middle + offsetAt(timeZone, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** One window instance: `[start, end)` in epoch ms, with a stable id (its first local date). */
export interface WindowInstance {
  readonly start: number;
  readonly end: number;
  readonly id: string;
}

function firstDayOf(window: CalendarWindow, year: number, month: number, day: number): { year: number; month: number; day: number } {
  switch (window) {
    case 'day':
      return { year, month, day };
    case 'week': {
      const weekday = new Date(utc(year, month, day)).getUTCDay(); // 0 = Sunday
      const back = (weekday + 6) % 7;
      return normalize(year, month, day - back);
    }
    case 'month':
      return { year, month, day: 1 };
    case 'year':
      return { year, month: 1, day: 1 };
  }
}

function nextFirstDay(window: CalendarWindow, first: { year: number; month: number; day: number }): { year: number; month: number; day: number } {
  switch (window) {
    case 'day':
      return normalize(first.year, first.month, first.day + 1);
    case 'week':
      return normalize(first.year, first.month, first.day + 7);
    case 'month':
      return normalize(first.year, first.month + 1, 1);
    case 'year':
      return { year: first.year + 1, month: 1, day: 1 };
  }
}

function normalize(year: number, month: number, day: number): { year: number; month: number; day: number } {
  const date = new Date(utc(year, month, day));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function dateId(first: { year: number; month: number; day: number }): string {
  const year = first.year >= 0 && first.year <= 9999 ? String(first.year).padStart(4, '0') : String(first.year);
  return `${year}-${String(first.month).padStart(2, '0')}-${String(first.day).padStart(2, '0')}`;
}

/** The calendar window of a kind, in a time zone, that contains an instant. */
export function calendarWindowAt(window: CalendarWindow, timeZone: string, instant: number): WindowInstance {
  const wall = wallAt(timeZone, instant);
  let first = firstDayOf(window, wall.year, wall.month, wall.day);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const next = nextFirstDay(window, first);
    const start = instantOfWall(timeZone, utc(first.year, first.month, first.day));
    const end = instantOfWall(timeZone, utc(next.year, next.month, next.day));
    // A fall-back across midnight repeats local times of the previous day after the next
    // one has started: such an instant belongs to the later window.
    if (instant >= end) {
      first = next;
      continue;
    }
    return { start, end, id: dateId(first) };
  }
  throw new Error(`internal: no ${window} window in ${timeZone} contains ${new Date(instant).toISOString()}`);
}

/** Rolling windows keep spend in buckets of this width: the window's 1/60, at least 1 ms. */
export function rollingBucketMs(rollingMs: number): number {
  return Math.max(1, Math.ceil(rollingMs / 60));
}
