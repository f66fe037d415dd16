import { badValue, type LlmSpendErrorCode } from '../errors.js';

// YYYY-MM-DD, optionally with a time (T or space) HH:MM[:SS[.fraction]] and a zone (Z or ±HH:MM).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * @internal Epoch milliseconds of a real ISO-8601 date or date-time (a date alone is UTC
 * midnight; a date-time without a zone is UTC), or undefined for anything else: impossible
 * dates ("2026-02-30"), other formats ("1", "March 2026"), out-of-range times.
 */
export function isoDateMs(text: string): number | undefined {
  const match = text.length > 40 ? null : ISO.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', , zone = 'Z'] = match;
  // The date and time as written, read back from the instant they name: an impossible month,
  // day or time ("2026-02-30", "24:00", ":60") names another one, or none.
  const written = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const base = Date.parse(`${written}Z`);
  // (a zone is ±HH:MM or ±HHMM: its minutes are its last two digits)
  if (Number.isNaN(base) || new Date(base).toISOString().slice(0, 19) !== written || Number(zone.slice(1, 3)) > 23 || Number(zone.slice(-2)) > 59) return undefined;
  const ms = match[4] === undefined ? base : Date.parse(`${text.replace(' ', 'T')}${match[8] === undefined ? 'Z' : ''}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * @internal Parses `at` (an ISO-8601 string or a valid Date) to epoch milliseconds, or
 * throws `code` naming the field.
 */
export function parseDateInput(value: unknown, field: string, code: LlmSpendErrorCode): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? isoDateMs(value) : undefined;
  if (ms !== undefined && !Number.isNaN(ms)) return ms;
  throw badValue(code, `\`${field}\` must be an ISO-8601 date that exists ("2026-12-01T09:30:00Z") or a valid Date`, field, value, { field });
}
