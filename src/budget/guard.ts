// The runtime budget guard: reserve the worst case before a call, commit the actual cost
// after it (or release), against limits on calendar or rolling windows, per scope, in a
// store shared by every replica. This file assembles the guard from its parts: options and
// shared services (context.ts), pricing (costs.ts), reservations (reservations.ts) and
// stream tracking (stream.ts); its public types are in types.ts.
import { createGuardContext } from './context.js';
import { createGuardCosts } from './costs.js';
import { createReservations } from './reservations.js';
import { createStreams } from './stream.js';
import type { memoryStore } from './store.js'; // for the {@link memoryStore} below
import type { BudgetGuard, BudgetGuardOptions } from './types.js';

/**
 * Creates a budget guard: before a call, `reserve` its worst case (refused, as a value, when
 * it would cross a limit); after it, `commit` the actual usage (the unused part comes back)
 * or `release`. Limits are per calendar day, week, month or year in a time zone (calendar
 * months, DST-correct days), or rolling windows, optionally per scope (tenant, user,
 * feature). Reservations expire (`reservationTtlMs`, 15 minutes by default) so a crashed
 * caller cannot leak them; commits are idempotent; thresholds (50/80/100 %) fire once per
 * window across replicas. Money is exact: stores count integer pico-USD.
 *
 * @param options - limits, and optionally a store (default {@link memoryStore}; `redisStore`
 *   from `llm-spend/redis` for many processes), pricing, thresholds, `onThreshold`,
 *   `reservationTtlMs`, `failOpen`, `storeTimeoutMs`, `now`
 * @returns the guard
 * @throws LlmSpendError `INVALID_LIMITS` naming the bad field (`limits[1].timeZone`)
 * @example
 * ```ts
 * import { createBudgetGuard } from 'llm-spend/budget';
 * const guard = createBudgetGuard({
 *   limits: [{ usd: '50', window: 'day', timeZone: 'America/New_York' }, { usd: '1000', window: 'month' }],
 *   now: () => Date.parse('2026-03-08T15:00:00Z'),
 * });
 * const result = await guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 });
 * if (!result.ok) throw new Error(result.message);
 * result.reservation.usd; // "0.006" (2,000 × $0.75/M + 1,000 × $4.50/M)
 * const commit = await guard.commit(result.reservation, { inputTokens: 2000, outputTokens: 300 });
 * commit.usd; // "0.00285"
 * (await guard.status())[0]?.remaining; // "49.99715"
 * (await guard.status())[0]?.resetsAt; // "2026-03-09T04:00:00.000Z" (a 23-hour day: DST starts)
 * ```
 */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const context = createGuardContext(options);
  const costs = createGuardCosts(context.pricing, context.report);
  const reservations = createReservations(context, costs);
  const { trackStream, runStream } = createStreams(context, costs, reservations);
  const { limits } = context;
  const { reserve, commit, release, record, status, run } = reservations;
  return {
    limits: limits.map((limit) => limit.info),
    reserve,
    commit,
    release,
    record,
    status,
    run,
    runStream,
    trackStream,
  };
}
