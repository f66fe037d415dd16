// Calendar windows against an independent oracle: the window containing t starts at the
// first instant whose local date (read with Intl, en-CA: YYYY-MM-DD) belongs to the same
// day / ISO week / month / year as t's, and ends at the first instant that belongs to the
// next one. The oracle finds both by bisection over instants, with no offset arithmetic, so
// it shares nothing with the implementation but Intl's time-zone data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarWindowAt, CALENDAR_WINDOWS, offsetAt, type CalendarWindow } from '../../src/budget/windows.js';
import { iso } from '../../src/budget/iso.js';
import { fcOptions } from '../seed.js';

// Zones with DST at 02:00, at midnight (Santiago), of 30 minutes (Lord Howe), with
// quarter-hour offsets (Kathmandu, Chatham), half-hour ones (St John's, Tehran), a midnight
// that happens twice (Havana: 01:00 back to 00:00), south and north of the equator, and UTC.
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Tehran',
  'Australia/Sydney',
  'America/Havana',
  'America/Asuncion',
] as const;

const formats = new Map<string, Intl.DateTimeFormat>();
function localDate(timeZone: string, instant: number): { year: number; month: number; day: number } {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const [year = 0, month = 0, day = 0] = format.format(instant).split('-').map(Number);
  return { year, month, day };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A sortable label of the window a local date falls in. */
function label(window: CalendarWindow, date: { year: number; month: number; day: number }): string {
  switch (window) {
    case 'day':
      return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
    case 'week': {
      const utc = Date.UTC(date.year, date.month - 1, date.day);
      const monday = new Date(utc - ((new Date(utc).getUTCDay() + 6) % 7) * 86_400_000);
      return `${pad(monday.getUTCFullYear(), 4)}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`;
    }
    case 'month':
      return `${pad(date.year, 4)}-${pad(date.month)}`;
    case 'year':
      return pad(date.year, 4);
  }
}

/** Instants where the zone's offset changes, to the millisecond (daily scan, then bisection). */
function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let at = from; at < to; at += 86_400_000) {
    if (offsetAt(zone, at) === offsetAt(zone, at + 86_400_000)) continue;
    let low = at;
    let high = at + 86_400_000;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(zone, middle) === offsetAt(zone, low)) low = middle;
      else high = middle;
    }
    found.push(high);
  }
  return found;
}

const REACH: Record<CalendarWindow, number> = { day: 2 * 86_400_000, week: 9 * 86_400_000, month: 33 * 86_400_000, year: 368 * 86_400_000 };

/** First instant in (low, high] whose label is ≥ target; label(low) < target ≤ label(high). */
function firstAtLeast(window: CalendarWindow, zone: string, target: string, low: number, high: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (label(window, localDate(zone, middle)) >= target) high = middle;
    else low = middle;
  }
  return high;
}

function oracle(window: CalendarWindow, zone: string, instant: number): { start: number; end: number; label: string } {
  const own = label(window, localDate(zone, instant));
  const start = firstAtLeast(window, zone, own, instant - REACH[window], instant);
  // The next window's label: the label just after `own`, found from a point beyond the window.
  let probe = instant;
  while (label(window, localDate(zone, probe)) === own) probe += REACH[window] / 4;
  const next = label(window, localDate(zone, probe));
  const end = firstAtLeast(window, zone, next, instant, probe);
  return { start, end, label: own };
}

describe('calendar windows (property: equal to a bisection oracle)', () => {
  const instant = fc.integer({ min: Date.parse('1995-01-01T00:00:00Z'), max: Date.parse('2045-01-01T00:00:00Z') });

  for (const window of CALENDAR_WINDOWS) {
    it(`${window}: start, end and id equal the oracle's in ${ZONES.length} zones`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...ZONES), instant, (zone, at) => {
          const computed = calendarWindowAt(window, zone, at);
          const expected = oracle(window, zone, at);
          expect({ start: new Date(computed.start).toISOString(), end: new Date(computed.end).toISOString() }).toEqual({
            start: new Date(expected.start).toISOString(),
            end: new Date(expected.end).toISOString(),
          });
          expect(computed.start <= at && at < computed.end).toBe(true);
          expect(computed.id.startsWith(expected.label)).toBe(true);
          // Windows tile time: the next one starts where this one ends.
          expect(calendarWindowAt(window, zone, computed.end).start).toBe(computed.end);
        }),
        { ...fcOptions, numRuns: 150 },
      );
    });
  }

  it('every DST transition of 2023-2026 in each zone, and instants around it', () => {
    let checked = 0;
    for (const zone of ZONES) {
      for (const transition of transitions(zone, Date.parse('2023-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'))) {
        for (const delta of [-3_600_001, -1, 0, 1, 1_799_999, 3_600_000, 86_399_999]) {
          for (const window of CALENDAR_WINDOWS) {
            const at = transition + delta;
            const computed = calendarWindowAt(window, zone, at);
            const expected = oracle(window, zone, at);
            expect([computed.start, computed.end], `${window} ${zone} ${new Date(at).toISOString()}`).toEqual([expected.start, expected.end]);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('ISO timestamps (property)', () => {
  it('the guard\'s cached formatter equals Date#toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }), fc.integer({ min: -86_400_000, max: 86_400_000 }), (ms, step) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString());
        expect(iso(ms + step)).toBe(new Date(ms + step).toISOString()); // same or another day
      }),
      fcOptions,
    );
    expect(iso(Date.parse('+010000-01-01T00:00:00Z'))).toBe('+010000-01-01T00:00:00.000Z');
  });
});
