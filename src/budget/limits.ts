// Guard limits: validation (INVALID_LIMITS with the path of the bad field) and the
// normalized form the guard works with.
import { LlmSpendError } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { toDec, type UsdInput, type UsdString } from '../money/usd.js';
import { decToUnits, MAX_UNITS, unitsToUsdString } from './units.js';
import { CALENDAR_WINDOWS, calendarWindowAt, canonicalTimeZone, rollingBucketMs, type CalendarWindow, type WindowInstance } from './windows.js';

/**
 * A limit on a calendar window: at most `usd` per calendar day, week (Monday to Sunday),
 * month or year in `timeZone`. A month is the calendar month (28 to 31 days), a day lasts 23
 * or 25 hours across a DST change.
 */
export interface CalendarLimit {
  /** The most that may be spent in one window: a decimal string (`"50"`, `"0.75"`) or an integer. */
  readonly usd: UsdInput;
  readonly window: CalendarWindow;
  /** An IANA time zone (`"America/New_York"`). @defaultValue "UTC" */
  readonly timeZone?: string;
  /**
   * Makes the limit apply separately to each value of this scope key (`"tenant"`): every
   * `reserve` and `record` must then give a value for it (`scope: { tenant: "acme" }`).
   */
  readonly scope?: string;
  /**
   * The name the limit's spend is stored under. @defaultValue derived from the window, time
   * zone and scope key (`"day@America/New_York"`, `"month@UTC#tenant"`). Guards that share a
   * store and a limit name share its spend; changing `usd` keeps the spend so far.
   */
  readonly name?: string;
}

/** A limit on a rolling window: at most `usd` within any `rollingMs` milliseconds. */
export interface RollingLimit {
  readonly usd: UsdInput;
  /** The window length in milliseconds (`3_600_000` for a rolling hour). */
  readonly rollingMs: number;
  /** See {@link CalendarLimit.scope}. */
  readonly scope?: string;
  /** See {@link CalendarLimit.name}. @defaultValue `"rolling-<rollingMs>ms"` plus the scope key */
  readonly name?: string;
}

/** A guard limit: `{ usd, window, timeZone? }` or `{ usd, rollingMs }`, optionally per `scope`. */
export type BudgetLimit = CalendarLimit | RollingLimit;

/** A limit as the guard reports it, with the amount as a canonical decimal string. */
export interface LimitInfo {
  /** The name its spend is stored under (see {@link CalendarLimit.name}). */
  readonly name: string;
  readonly usd: UsdString;
  /** The calendar window, or `"rolling"`. */
  readonly window: CalendarWindow | 'rolling';
  /** The canonical time zone of a calendar window; `null` for a rolling window. */
  readonly timeZone: string | null;
  /** The length of a rolling window; `null` for a calendar window. */
  readonly rollingMs: number | null;
  /** The scope key, or `null` for a limit that applies to every call. */
  readonly scope: string | null;
}

/** @internal A validated limit. */
export interface NormalizedLimit {
  readonly index: number;
  readonly info: LimitInfo;
  readonly units: bigint;
  readonly calendar: CalendarWindow | null;
  readonly timeZone: string;
  readonly rollingMs: number;
  readonly bucketMs: number;
  readonly scope: string | null;
  /** Threshold flags (`t:<fraction>:<limit units>`) and amounts in pico-USD. */
  readonly thresholds: ReadonlyArray<{ readonly fraction: number; readonly flag: string; readonly units: bigint }>;
  /** The last window computed (reused while the clock is inside it). */
  cached: WindowInstance | undefined;
}

const NAME = /^[A-Za-z0-9_.@/+#-]{1,120}$/;
const SCOPE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_ROLLING_MS = 10 * 366 * 86_400_000;
const KNOWN_KEYS = new Set(['usd', 'window', 'timeZone', 'rollingMs', 'scope', 'name']);

function invalid(path: string, message: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_LIMITS', `Invalid budget limits: ${path}: ${message}`, { path, value });
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** @internal Validates the thresholds option: fractions in (0, 1], deduplicated and sorted. */
/** A caller's array copied element by element: no `constructor[Symbol.species]` or iterator of theirs runs. */
function plainCopy(list: readonly unknown[]): unknown[] {
  const copy: unknown[] = [];
  for (let index = 0; index < list.length; index += 1) copy.push(list[index]);
  return copy;
}

export function normalizeThresholds(thresholds: unknown): number[] {
  if (!Array.isArray(thresholds)) throw invalid('thresholds', `must be an array of fractions such as [0.5, 0.8, 1]; got ${show(thresholds)}.`, thresholds);
  const seen = new Set<number>();
  plainCopy(thresholds).forEach((value: unknown, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
      throw invalid(`thresholds[${index}]`, `must be a fraction greater than 0 and at most 1 (0.8 = 80 % of the limit); got ${show(value)}.`, value);
    }
    seen.add(value);
  });
  return [...seen].sort((a, b) => a - b);
}

/** @internal Validates and normalizes the limits option. */
export function normalizeLimits(limits: unknown, thresholds: readonly number[]): NormalizedLimit[] {
  if (!Array.isArray(limits)) throw invalid('limits', `must be an array such as [{ usd: '50', window: 'day' }]; got ${show(limits)}.`, limits);
  if (limits.length === 0) throw invalid('limits', 'at least one limit is required.', limits);
  const byName = new Map<string, number>();
  return plainCopy(limits).map((raw: unknown, index) => {
    const at = `limits[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(at, `must be an object such as { usd: '50', window: 'day' }; got ${show(raw)}.`, raw);
    const limit = raw as Record<string, unknown>;
    for (const key of Object.keys(limit)) {
      if (KNOWN_KEYS.has(key)) continue;
      if (key === 'per') throw invalid(`${at}.per`, "guard limits are { usd, window } (a calendar window) or { usd, rollingMs }; { usd, per } is a projection budget.", limit[key]);
      if (key === 'timezone' || key === 'tz') throw invalid(`${at}.${key}`, 'unknown key; did you mean "timeZone"?', limit[key]);
      throw invalid(`${at}.${key}`, `unknown key; a limit takes ${[...KNOWN_KEYS].join(', ')}.`, limit[key]);
    }

    let amount: Dec;
    try {
      amount = toDec(limit['usd'] as UsdInput, `${at}.usd`);
    } catch (error) {
      const message = error instanceof LlmSpendError ? error.message : String(error);
      throw invalid(`${at}.usd`, limit['usd'] === undefined ? 'is required (a decimal string such as "50").' : message, limit['usd']);
    }
    if (amount.isNegative() && !amount.isZero()) throw invalid(`${at}.usd`, `cannot be negative; got ${show(limit['usd'])}.`, limit['usd']);
    // A limit finer than the store unit is rounded DOWN: the guard never admits more than the limit.
    const units = decToUnits(amount.abs(), 'down');
    if (units > MAX_UNITS) throw invalid(`${at}.usd`, `is larger than a budget store can hold (below 10^15 USD); got ${show(limit['usd'])}.`, limit['usd']);

    const window = limit['window'];
    const rolling = limit['rollingMs'];
    if (window !== undefined && rolling !== undefined) throw invalid(at, 'give either window (a calendar window) or rollingMs (a rolling window), not both.', raw);
    if (window === undefined && rolling === undefined) throw invalid(at, "needs a window ('day', 'week', 'month' or 'year') or rollingMs.", raw);

    let calendar: CalendarWindow | null = null;
    let timeZone = 'UTC';
    let rollingMs = 0;
    if (window !== undefined) {
      if (typeof window !== 'string' || !(CALENDAR_WINDOWS as readonly string[]).includes(window)) {
        throw invalid(`${at}.window`, `must be one of ${CALENDAR_WINDOWS.map((name) => `'${name}'`).join(', ')} (a calendar window; use rollingMs for a rolling one); got ${show(window)}.`, window);
      }
      calendar = window as CalendarWindow;
      const zone = limit['timeZone'];
      if (zone !== undefined) {
        const canonical = typeof zone === 'string' && zone.trim() !== '' ? canonicalTimeZone(zone) : undefined;
        if (canonical === undefined) throw invalid(`${at}.timeZone`, `must be an IANA time zone such as "America/New_York" or "UTC"; got ${show(zone)}.`, zone);
        timeZone = canonical;
      }
    } else {
      if (limit['timeZone'] !== undefined) throw invalid(`${at}.timeZone`, 'applies to calendar windows only; a rolling window has no time zone.', limit['timeZone']);
      if (typeof rolling !== 'number' || !Number.isSafeInteger(rolling) || rolling <= 0 || rolling > MAX_ROLLING_MS) {
        throw invalid(`${at}.rollingMs`, `must be a whole number of milliseconds from 1 to ${MAX_ROLLING_MS} (ten years); got ${show(rolling)}.`, rolling);
      }
      rollingMs = rolling;
    }

    const scope = limit['scope'];
    if (scope !== undefined && (typeof scope !== 'string' || !SCOPE_KEY.test(scope))) {
      throw invalid(`${at}.scope`, `must be a scope key such as "tenant" (letters, digits, _ . -); got ${show(scope)}.`, scope);
    }
    const explicitName = limit['name'];
    if (explicitName !== undefined && (typeof explicitName !== 'string' || !NAME.test(explicitName))) {
      throw invalid(`${at}.name`, `must be 1 to 120 characters of letters, digits and _ . @ / + # -; got ${show(explicitName)}.`, explicitName);
    }
    const base = calendar === null ? `rolling-${rollingMs}ms` : `${calendar}@${timeZone}`;
    const name = (explicitName as string | undefined) ?? (scope === undefined ? base : `${base}#${scope}`);
    const previous = byName.get(name);
    if (previous !== undefined) {
      throw invalid(
        `${at}`,
        `has the same name (${JSON.stringify(name)}) as limits[${previous}]; two limits on the same window and scope would count the same spend twice. Keep one, or give them different names.`,
        raw,
      );
    }
    byName.set(name, index);

    const usd = unitsToUsdString(units);
    return {
      index,
      info: { name, usd, window: calendar ?? 'rolling', timeZone: calendar === null ? null : timeZone, rollingMs: calendar === null ? rollingMs : null, scope: (scope as string | undefined) ?? null },
      units,
      calendar,
      timeZone,
      rollingMs,
      bucketMs: calendar === null ? rollingBucketMs(rollingMs) : 0,
      scope: (scope as string | undefined) ?? null,
      // A limit of 0 (a kill switch) has no thresholds to reach.
      thresholds: (units === 0n ? [] : thresholds).map((fraction) => ({
        fraction,
        flag: `t:${fraction}:${units}`,
        // Reached when spend is at least this (rounded up: never early).
        units: BigInt(new Dec(String(fraction)).times(units.toString()).ceil().toFixed(0)),
      })),
      cached: undefined,
    };
  });
}

/** @internal The calendar window of a limit at an instant (memoized per limit). */
export function windowOf(limit: NormalizedLimit, now: number): WindowInstance {
  const cached = limit.cached;
  if (cached !== undefined && now >= cached.start && now < cached.end) return cached;
  if (limit.calendar === null) throw new Error('internal: windowOf on a rolling limit');
  const instance = calendarWindowAt(limit.calendar, limit.timeZone, now);
  limit.cached = instance;
  return instance;
}
