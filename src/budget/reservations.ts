// Reservations: reserve a call's worst case (a refusal is a value), commit its actual cost or
// release it, record spend made without a reservation, read each limit's status, and run a
// call between a reservation and its commit.
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import { readUnknownUsage, type ResponseUsage } from '../estimate/response.js';
import type { ServiceTier } from '../pricing/schema.js';
import { amountUnits, checkIdempotencyKey, checkMs, checkOptions, checkReservation, checkScope, checkTier, checkTierType, commitKey, shownValue, usageError } from './checks.js';
import type { GuardContext } from './context.js';
import { worstActual, type Actual, type GuardCosts } from './costs.js';
import { apply, limitStatus, refusal } from './counters.js';
import { iso } from './iso.js';
import { fire } from './thresholds.js';
import type {
  ActualSpend,
  BudgetScope,
  CommitResult,
  LimitStatus,
  RecordRequest,
  Reservation,
  ReserveRequest,
  ReserveResult,
  RunOptions,
  RunResult,
} from './types.js';
import { checkUnits, unitsToUsdString, usdStringToUnits } from './units.js';

let idCounter = 0;
function newId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID !== undefined) return crypto.randomUUID();
  idCounter = (idCounter + 1) % 0x1000000;
  const random = (): string => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `${random()}${random()}${random()}-${Date.now().toString(16)}-${idCounter.toString(16)}`;
}

/** The reservation operations of one guard, on its context and pricing. */
export function createReservations(context: GuardContext, costs: GuardCosts) {
  const { limits, store, reservationTtlMs, idempotencyTtlMs, failOpen, onThreshold, now, report, guarded } = context;
  const { estimator, modelEntry, worstCase, priceActual, priceRead, provider } = costs;

  async function commitPriced(reservation: Reservation | null, scope: BudgetScope | null, actual: Actual, idempotencyKey: string | null, operation: 'commit' | 'record'): Promise<CommitResult> {
    // Everything that can refuse is done before the store is touched: a refused commit counts nothing.
    const reservedUnits = reservation === null ? 0n : usdStringToUnits(reservation.usd, 'up');
    const at = now();
    const applied = apply(limits, scope, at, operation);
    const outcome = await guarded(operation, () =>
      store.commit({
        now: at,
        id: reservation === null ? null : reservation.id,
        holds: reservation === null ? [] : reservation.holds,
        units: actual.units,
        idempotencyKey,
        // A reservation counts at most once whatever keys its commits carry.
        reservationKey: reservation === null || idempotencyKey === `reservation:${reservation.id}` ? null : `reservation:${reservation.id}`,
        idempotencyTtlMs,
        counters: applied.map((item) => item.spec),
      }),
    );
    fire(outcome, applied, onThreshold, report);
    return {
      usd: unitsToUsdString(outcome.units),
      reservedUsd: unitsToUsdString(reservedUnits),
      // Spend no reservation covered: above the reservation, or all of it when the hold was gone
      // (expired or released before the commit); nothing for a duplicate, which adds nothing.
      overshootUsd: unitsToUsdString(outcome.duplicate ? 0n : outcome.units > (outcome.released ? reservedUnits : 0n) ? outcome.units - (outcome.released ? reservedUnits : 0n) : 0n),
      duplicate: outcome.duplicate,
      basis: actual.basis,
      cost: outcome.duplicate ? null : actual.cost,
      fallback: actual.fallback,
      tier: actual.tier,
      warnings: actual.warnings,
      released: outcome.released,
      limits: applied.map((item, index) => limitStatus(item, outcome.states[index] ?? { spent: 0n, reserved: 0n, oldestBucket: null })),
    };
  }

  async function reserve(request: ReserveRequest): Promise<ReserveResult> {
    if (typeof request !== 'object' || request === null) {
      throw usageError("reserve takes { model, inputTokens, maxOutputTokens, tier?, scope? } or { usd, scope? }.", {});
    }
    const scope = checkScope(request.scope, 'reserve');
    const ttlMs = request.ttlMs === undefined ? reservationTtlMs : checkMs(request.ttlMs, 'ttlMs', 'INVALID_USAGE');
    let units: bigint;
    let model: string | null = null;
    let tier: ServiceTier | null = null;
    if ('usd' in request) {
      units = amountUnits(request.usd, 'The reserved amount');
    } else {
      if (typeof request.model !== 'string') throw usageError("reserve takes { model, inputTokens, maxOutputTokens } or { usd }; model is missing.", {});
      const worst = worstCase(request);
      units = worst.units;
      model = worst.entry.id;
      tier = worst.tier;
    }
    const at = now();
    const applied = apply(limits, scope, at, 'reserve');
    const id = newId();
    const expiresAt = at + ttlMs;
    const reservation = (guardedFlag: boolean): Reservation => ({
      id,
      usd: unitsToUsdString(units),
      model,
      tier,
      scope,
      createdAt: iso(at),
      expiresAt: iso(expiresAt),
      holds: guardedFlag ? applied.map((item) => item.spec.key) : [],
      guarded: guardedFlag,
    });
    let outcome;
    try {
      outcome = await guarded('reserve', () => store.reserve({ now: at, id, units, expiresAt, counters: applied.map((item) => item.spec) }));
    } catch (error) {
      if (failOpen && isLlmSpendError(error, 'STORE_UNAVAILABLE')) {
        report(error, 'reserve');
        return { ok: true, reservation: reservation(false) };
      }
      throw error;
    }
    if (!outcome.ok) {
      const failed = applied[outcome.index];
      if (failed === undefined) throw new LlmSpendError('STORE_UNAVAILABLE', `The budget store refused on an unknown limit (#${outcome.index}).`, {});
      return refusal(failed, outcome.state, units);
    }
    return { ok: true, reservation: reservation(true) };
  }

  async function commit(reservation: Reservation, actual: ActualSpend, options?: { readonly idempotencyKey?: string }): Promise<CommitResult> {
    const held = checkReservation(reservation, 'commit');
    const key = commitKey(held, checkOptions(options, 'commit').idempotencyKey);
    return commitPriced(held, held.scope, priceActual(held, actual), key, 'commit');
  }

  async function safeRelease(reservation: Reservation): Promise<void> {
    try {
      await release(reservation);
    } catch (error) {
      report(error, 'release');
    }
  }

  async function release(reservation: Reservation): Promise<boolean> {
    const held = checkReservation(reservation, 'release');
    if (held.holds.length === 0) return false;
    const at = now();
    return guarded('release', () => store.release({ now: at, id: held.id, holds: held.holds }));
  }

  async function record(request: RecordRequest): Promise<CommitResult> {
    if (typeof request !== 'object' || request === null) throw usageError('record takes { model, usage, scope? } or { usd, scope? }.', {});
    const scope = checkScope(request.scope, 'record');
    let actual: Actual;
    if ('usd' in request) {
      actual = { units: amountUnits(request.usd, 'The recorded amount'), basis: 'usd', cost: null, tier: null, fallback: null, warnings: [] };
    } else {
      if (typeof request.model !== 'string' || typeof request.usage !== 'object' || request.usage === null) {
        throw usageError('record takes { model, usage, tier?, scope? } or { usd, scope? }.', {});
      }
      const tier = checkTierType(request.tier, 'record') ?? 'standard';
      const cost = estimator(modelEntry(request.model), tier)(request.usage);
      actual = { units: checkUnits(usdStringToUnits(cost.total, 'up'), 'A record'), basis: 'usage', cost, tier, fallback: null, warnings: [] };
    }
    let key: string | null = null;
    if (request.idempotencyKey !== undefined) {
      key = checkIdempotencyKey(request.idempotencyKey);
    }
    return commitPriced(null, scope, actual, key, 'record');
  }

  async function status(scope?: BudgetScope): Promise<readonly LimitStatus[]> {
    const checked = checkScope(scope, 'status');
    const at = now();
    const applied = apply(limits, checked, at, null);
    const states = await guarded('status', () => store.status({ now: at, counters: applied.map((item) => item.spec) }));
    return applied.map((item, index) => limitStatus(item, states[index] ?? { spent: 0n, reserved: 0n, oldestBucket: null }));
  }

  async function run<T>(request: ReserveRequest, call: (reservation: Reservation) => Promise<T> | T, options?: RunOptions<T>): Promise<RunResult<T>> {
    const checked = checkOptions(options, 'run');
    if (typeof call !== 'function') throw usageError(`run: call must be a function that makes the call; got ${shownValue(call)}.`, {});
    if (checked.usage !== undefined && typeof checked.usage !== 'function') throw usageError('run: options.usage must be a function of the response.', {});
    const forcedTier = checkTier(checked.tier, 'run');
    if (checked.idempotencyKey !== undefined) checkIdempotencyKey(checked.idempotencyKey);
    const reserved = await reserve(request);
    if (!reserved.ok) return reserved;
    const reservation = reserved.reservation;
    const key = commitKey(reservation, checked.idempotencyKey);
    let response: T;
    try {
      response = await call(reservation);
    } catch (error) {
      await safeRelease(reservation);
      throw error;
    }
    let actual: Actual;
    try {
      if (checked.usage === undefined) {
        const called = provider(reservation);
        const read: ResponseUsage = readUnknownUsage(response, called === undefined ? {} : { provider: called });
        actual = priceRead(reservation, read, forcedTier);
      } else {
        const spend = checked.usage(response);
        actual = typeof spend === 'object' && spend !== null && 'usd' in spend ? priceActual(reservation, spend) : priceRead(reservation, { requests: [{ model: null, usage: spend }], tier: null }, forcedTier);
      }
    } catch (error) {
      // Count the worst case rather than nothing, and say why (in the result, and to onError).
      report(error, 'usage');
      actual = worstActual(reservation, 'usage-unreadable', error, undefined);
    }
    try {
      return { ok: true, response, reservation, commit: await commitPriced(reservation, reservation.scope, actual, key, 'commit') };
    } catch (error) {
      if (failOpen && isLlmSpendError(error, 'STORE_UNAVAILABLE')) {
        report(error, 'commit');
        return { ok: true, response, reservation, commit: null };
      }
      if (isLlmSpendError(error)) throw new LlmSpendError(error.code, `${error.message} (the call succeeded: its response is in error.details.response)`, { ...error.details, response });
      throw error;
    }
  }

  return { reserve, commit, release, safeRelease, record, status, run, commitPriced };
}

/** The reservation operations of one guard. */
export type Reservations = ReturnType<typeof createReservations>;
