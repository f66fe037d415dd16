// A model's lifecycle where users see it: the status a per-call price reports, and whether a
// model is alive over a planning period. Pricing never refuses for lifecycle (a shutdown date
// from a secondary source can be wrong); planning treats a model shut down during the period
// as unavailable. Nothing here reads a clock: a period without dates is anchored at `start`,
// else `at`, else the table's `checkedAt` (the date of its newest prices).
import type { Lifecycle, ModelEntry } from './types.js';
import { defaultPricing, parseAt, type PricingTable } from './table.js';
const HOUR_MS = 3_600_000;

/** @internal What a planning window needs of a resolved period (the workload room's `ResolvedPeriod` has it). */
export interface PeriodSpan {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly ms: { toNumber(): number };
}

/** @internal A planning window in epoch milliseconds, with where its start came from. */
export interface LifecycleWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** `range` (the period's own dates), `start`, `at` or `table` (the table's checkedAt). */
  readonly anchor: 'range' | 'start' | 'at' | 'table';
}

/** @internal How a model stands over a planning window. */
export interface LifecycleStanding {
  /** The model's table id. */
  readonly model: string;
  /** `shut-down`: its shutdown date is on or before the window's end; `deprecated`: alive through the window but deprecated or with a shutdown date after it. */
  readonly state: 'active' | 'deprecated' | 'shut-down';
  /** ISO date of the shutdown, when known. */
  readonly shutdownAt?: string;
  /** ISO date of the deprecation, when known. */
  readonly deprecatedAt?: string;
  /** The provider's replacement, when known. */
  readonly replacement?: string;
  /** True when the model was already shut down when the window starts (gone for the whole window). */
  readonly wholeWindow: boolean;
  /** One sentence: what happens and when, with the replacement and the source's note. */
  readonly reason: string;
}

/** @internal An ISO date (YYYY-MM-DD) of epoch milliseconds. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export { statusAtMs } from './lookup.js';

/**
 * @internal The planning window of a period: a `{ from, to }` range is its own window; a named
 * period (day, week, month, year) starts at `start`, else `at`, else the table's checkedAt, and
 * lasts its hours (a month is 730 hours).
 */
export function lifecycleWindow(period: PeriodSpan, options: { readonly start?: string | Date | undefined; readonly at?: string | Date | undefined; readonly pricing?: PricingTable | undefined }): LifecycleWindow {
  if (period.from !== undefined && period.to !== undefined) return { fromMs: Date.parse(period.from), toMs: Date.parse(period.to), anchor: 'range' };
  const anchor: LifecycleWindow['anchor'] = options.start !== undefined ? 'start' : options.at !== undefined ? 'at' : 'table';
  const fromMs = options.start !== undefined ? parseAt(options.start) : options.at !== undefined ? parseAt(options.at) : Date.parse((options.pricing ?? defaultPricing).checkedAt);
  return { fromMs, toMs: fromMs + period.ms.toNumber(), anchor };
}

/** @internal A window of `hours` from `fromMs`. */
export function windowOfHours(fromMs: number, hours: number): LifecycleWindow {
  return { fromMs, toMs: fromMs + hours * HOUR_MS, anchor: 'start' };
}

function note(lifecycle: Lifecycle | undefined): string {
  const source = lifecycle?.shutdownAt?.source ?? lifecycle?.deprecatedAt?.source;
  const text = source?.note ?? '';
  return /single source/i.test(text) ? ' (a single source says so)' : /secondary/i.test(text) ? ' (a secondary source says so)' : '';
}

/**
 * @internal Whether a model is alive over a window. A model whose shutdown date is on or before
 * the window's end is shut down during it (the rule of `listModels({ aliveDuring })`).
 */
export function lifecycleDuring(entry: ModelEntry, window: LifecycleWindow): LifecycleStanding {
  const lifecycle = entry.lifecycle;
  const shutdownAt = lifecycle?.shutdownAt?.date;
  const deprecatedAt = lifecycle?.deprecatedAt?.date;
  const replacement = lifecycle?.replacement?.id;
  const base = {
    model: entry.id,
    ...(shutdownAt === undefined ? {} : { shutdownAt }),
    ...(deprecatedAt === undefined ? {} : { deprecatedAt }),
    ...(replacement === undefined ? {} : { replacement }),
  };
  const instead = replacement === undefined ? ' The provider names no replacement.' : ` Its replacement is ${replacement}.`;
  const shutdownMs = shutdownAt === undefined ? undefined : Date.parse(shutdownAt);
  if (shutdownMs !== undefined && shutdownMs <= window.toMs) {
    const wholeWindow = shutdownMs <= window.fromMs;
    const reason = wholeWindow
      ? `${entry.id} was shut down on ${shutdownAt}${note(lifecycle)}, before the period (from ${isoDay(window.fromMs)}).${instead}`
      : `${entry.id} shuts down on ${shutdownAt}${note(lifecycle)}, within the period (${isoDay(window.fromMs)} to ${isoDay(window.toMs)}): calls after that date will fail.${instead}`;
    return { state: 'shut-down', ...base, wholeWindow, reason };
  }
  const deprecated = entry.status === 'deprecated' || shutdownAt !== undefined || (deprecatedAt !== undefined && Date.parse(deprecatedAt) <= window.toMs);
  if (deprecated) {
    const when = shutdownAt !== undefined ? `it shuts down on ${shutdownAt}, after the period` : deprecatedAt !== undefined ? `since ${deprecatedAt}, with no shutdown date known` : 'no shutdown date is known';
    return { state: 'deprecated', ...base, wholeWindow: false, reason: `${entry.id} is deprecated: ${when}${note(lifecycle)}.${instead}` };
  }
  return { state: 'active', ...base, wholeWindow: false, reason: `${entry.id} is available for the whole period.` };
}
