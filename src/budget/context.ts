// The guard's options, checked (INVALID_LIMITS) and resolved with their defaults, and what
// every operation shares: the clock, error reporting to onError, and store calls under
// storeTimeoutMs (failures as STORE_UNAVAILABLE).
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import type { PricingTable } from '../pricing/table.js';
import { checkMs, shownValue } from './checks.js';
import { normalizeLimits, normalizeThresholds, type NormalizedLimit } from './limits.js';
import { memoryStore, type BudgetStore } from './store.js';
import type { BudgetGuardOptions, GuardOperation } from './types.js';

const DEFAULT_THRESHOLDS = [0.5, 0.8, 1] as const;
const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;
const DEFAULT_IDEMPOTENCY_TTL_MS = 60 * 60_000;
const DEFAULT_STORE_TIMEOUT_MS = 1000;

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
export const timers = globalThis as unknown as Timers;

/** The longest delay a timer holds (2^31 − 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/** The latest instant the guard's windows can be computed for: 9999-12-31. */
const MAX_CLOCK_MS = 253_402_214_400_000;

/** The resolved options and the shared services of one guard. */
export interface GuardContext {
  readonly limits: readonly NormalizedLimit[];
  readonly store: BudgetStore;
  readonly pricing: PricingTable | undefined;
  readonly reservationTtlMs: number;
  readonly idempotencyTtlMs: number;
  readonly failOpen: boolean;
  readonly onThreshold: BudgetGuardOptions['onThreshold'];
  /** The clock, checked: whole epoch milliseconds from 1970 to 9999. */
  now(): number;
  /** Sends an error the guard does not throw to onError (which may not break the guard). */
  report(error: unknown, operation: GuardOperation): void;
  /** A store call under storeTimeoutMs; its failures as STORE_UNAVAILABLE. */
  guarded<T>(operation: string, start: () => Promise<T>): Promise<T>;
}

/** Checks the options of createBudgetGuard (INVALID_LIMITS) and builds what its operations share. */
export function createGuardContext(options: BudgetGuardOptions): GuardContext {
  if (typeof options !== 'object' || options === null) {
    throw new LlmSpendError('INVALID_LIMITS', "createBudgetGuard takes one object: { limits: [{ usd: '50', window: 'day' }], ... }.", {});
  }
  const thresholds = options.thresholds === undefined ? [...DEFAULT_THRESHOLDS] : normalizeThresholds(options.thresholds);
  const limits = normalizeLimits(options.limits, thresholds);
  const store = options.store ?? memoryStore();
  if (typeof store !== 'object' || store === null || (['reserve', 'commit', 'release', 'status'] as const).some((method) => typeof store[method] !== 'function')) {
    throw new LlmSpendError('INVALID_LIMITS', 'Invalid budget guard options: store must be a BudgetStore (memoryStore() or redisStore(client)).', {});
  }
  const pricing = options.pricing;
  const reservationTtlMs = options.reservationTtlMs === undefined ? DEFAULT_RESERVATION_TTL_MS : checkMs(options.reservationTtlMs, 'reservationTtlMs', 'INVALID_LIMITS');
  const idempotencyTtlMs = options.idempotencyTtlMs === undefined ? DEFAULT_IDEMPOTENCY_TTL_MS : checkMs(options.idempotencyTtlMs, 'idempotencyTtlMs', 'INVALID_LIMITS');
  const storeTimeoutMs = options.storeTimeoutMs === undefined ? DEFAULT_STORE_TIMEOUT_MS : checkMs(options.storeTimeoutMs, 'storeTimeoutMs', 'INVALID_LIMITS');
  const failOpen = options.failOpen === true;
  const onThreshold = options.onThreshold;
  const onError = options.onError;
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new LlmSpendError('INVALID_LIMITS', `Invalid budget guard options: now must be a function returning epoch milliseconds (or a Date); got ${shownValue(options.now)}.`, {});
  }
  const clock = options.now ?? Date.now;

  function now(): number {
    const value = clock();
    const ms = value instanceof Date ? value.getTime() : value;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms >= MAX_CLOCK_MS) {
      throw new LlmSpendError('INVALID_LIMITS', `The guard's now() must return epoch milliseconds (or a valid Date) from 1970 to 9999; got ${shownValue(ms)}.`, {});
    }
    return Math.floor(ms);
  }

  function report(error: unknown, operation: GuardOperation): void {
    if (onError === undefined) return;
    try {
      onError(error, { operation });
    } catch {
      // an error handler that throws is not allowed to break the guard
    }
  }

  function storeError(error: unknown, operation: string): LlmSpendError {
    if (isLlmSpendError(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new LlmSpendError('STORE_UNAVAILABLE', `The budget store failed during ${operation}: ${message}`, { operation, cause: error });
  }

  function guarded<T>(operation: string, start: () => Promise<T>): Promise<T> {
    let promise: Promise<T>;
    try {
      promise = start();
    } catch (error) {
      return Promise.reject(storeError(error, operation));
    }
    return new Promise<T>((resolve, reject) => {
      const timer = timers.setTimeout(() => {
        reject(
          new LlmSpendError('STORE_UNAVAILABLE', `The budget store did not answer ${operation} within ${storeTimeoutMs} ms (storeTimeoutMs).`, { operation, timeoutMs: storeTimeoutMs }),
        );
      }, storeTimeoutMs);
      promise.then(
        (value) => {
          timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          timers.clearTimeout(timer);
          reject(storeError(error, operation));
        },
      );
    });
  }

  return { limits, store, pricing, reservationTtlMs, idempotencyTtlMs, failOpen, onThreshold, now, report, guarded };
}
