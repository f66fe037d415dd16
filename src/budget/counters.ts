// The limits that apply to an operation, each as a store counter (key, limit, window, TTL),
// and a counter's state read back as a LimitStatus or, when a reservation does not fit, a Refusal.
import { windowOf, type NormalizedLimit } from './limits.js';
import type { CounterSpec, CounterState } from './store.js';
import type { WindowInstance } from './windows.js';
import { iso } from './iso.js';
import { usageError } from './checks.js';
import type { BudgetScope, LimitStatus, Refusal, RefusalReason } from './types.js';
import { unitsToUsdString } from './units.js';

/** Counters outlive their window by this much (late readers, clock skew between replicas). */
const GRACE_MS = 60_000;

/** Applicable limit with its counter for one operation. */
export interface Applied {
  readonly limit: NormalizedLimit;
  readonly scope: string | null;
  readonly spec: CounterSpec;
  /** The window's start, as an ISO string. */
  readonly windowStart: string;
  /** Calendar: the window's end as an ISO string; rolling: null (it comes from the state). */
  readonly windowEnd: string | null;
}

/** ISO strings of a calendar window's bounds, made once per window. */
const windowIso = new WeakMap<WindowInstance, { readonly start: string; readonly end: string }>();
function isoOf(window: WindowInstance): { readonly start: string; readonly end: string } {
  let strings = windowIso.get(window);
  if (strings === undefined) {
    strings = { start: iso(window.start), end: iso(window.end) };
    windowIso.set(window, strings);
  }
  return strings;
}

function scopeValue(limit: NormalizedLimit, scope: BudgetScope | null): string | undefined {
  if (limit.scope === null) return '';
  if (scope === null) return undefined;
  if (typeof scope === 'string') return scope;
  return Object.hasOwn(scope, limit.scope) ? scope[limit.scope] : undefined;
}

/** The counters of the limits that apply; `strict` throws for a scoped limit without a value, otherwise it is skipped. */
export function apply(limits: readonly NormalizedLimit[], scope: BudgetScope | null, at: number, strict: string | null): Applied[] {
  const applied: Applied[] = [];
  for (const limit of limits) {
    const value = scopeValue(limit, scope);
    if (value === undefined) {
      if (strict === null) continue;
      throw usageError(
        `${strict}: limits[${limit.index}] (${limit.info.name}) applies per ${JSON.stringify(limit.scope)}: pass scope: { ${limit.scope ?? ''}: '...' } (or one string for every scoped limit).`,
        { limit: limit.info.name, scopeKey: limit.scope },
      );
    }
    const scopePart = encodeURIComponent(value);
    const thresholdSpecs = limit.thresholds;
    if (limit.calendar !== null) {
      const window = windowOf(limit, at);
      const bounds = isoOf(window);
      applied.push({
        limit,
        scope: limit.scope === null ? null : value,
        spec: { key: `${limit.info.name}:${scopePart}:${window.id}`, limit: limit.units, ttlMs: window.end - at + GRACE_MS, rollingMs: 0, bucketMs: 0, thresholds: thresholdSpecs },
        windowStart: bounds.start,
        windowEnd: bounds.end,
      });
    } else {
      applied.push({
        limit,
        scope: limit.scope === null ? null : value,
        spec: {
          key: `${limit.info.name}:${scopePart}:r`,
          limit: limit.units,
          ttlMs: limit.rollingMs + limit.bucketMs + GRACE_MS,
          rollingMs: limit.rollingMs,
          bucketMs: limit.bucketMs,
          thresholds: thresholdSpecs,
        },
        windowStart: iso(at - limit.rollingMs),
        windowEnd: null,
      });
    }
  }
  return applied;
}

function resetsAt(applied: Applied, state: CounterState): string | null {
  if (applied.windowEnd !== null) return applied.windowEnd;
  if (state.oldestBucket === null) return null;
  return iso((state.oldestBucket + 1) * applied.limit.bucketMs + applied.limit.rollingMs);
}

export function limitStatus(applied: Applied, state: CounterState): LimitStatus {
  const limit = applied.limit.units;
  const used = state.spent + state.reserved;
  return {
    limit: applied.limit.info,
    scope: applied.scope,
    spent: unitsToUsdString(state.spent),
    reserved: unitsToUsdString(state.reserved),
    remaining: unitsToUsdString(used >= limit ? 0n : limit - used),
    overshoot: unitsToUsdString(used > limit ? used - limit : 0n),
    windowStart: applied.windowStart,
    resetsAt: resetsAt(applied, state),
  };
}

export function refusal(applied: Applied, state: CounterState, units: bigint): Refusal {
  const status = limitStatus(applied, state);
  const info = applied.limit.info;
  const reason: RefusalReason = units > applied.limit.units ? 'exceeds-limit' : 'limit-reached';
  const requested = unitsToUsdString(units);
  const where = info.window === 'rolling' ? `rolling ${info.rollingMs ?? 0} ms` : `${info.window} (${info.timeZone ?? 'UTC'})`;
  const who = applied.scope === null ? '' : ` for ${info.scope ?? 'scope'} ${JSON.stringify(applied.scope)}`;
  const message =
    reason === 'exceeds-limit'
      ? `Refused: ${requested} USD is more than the whole ${where} limit of ${info.usd} USD${who}.`
      : `Refused: ${requested} USD would cross the ${where} limit of ${info.usd} USD${who}: ${status.spent} spent, ${status.reserved} reserved, ${status.remaining} remaining${status.resetsAt === null ? '' : `; resets at ${status.resetsAt}`}.`;
  return {
    ok: false,
    reason,
    message,
    requested,
    limit: info,
    scope: applied.scope,
    spent: status.spent,
    reserved: status.reserved,
    remaining: status.remaining,
    resetsAt: status.resetsAt,
  };
}
