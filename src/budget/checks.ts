// Checks of what callers hand the guard at each operation (token counts, amounts, scopes,
// reservations, idempotency keys, tiers, options): bad input throws LlmSpendError
// (INVALID_USAGE, INVALID_MONEY) naming the field and showing the value safely.
import { LlmSpendError } from '../errors.js';
import { toDec, type UsdInput } from '../money/usd.js';
import { SERVICE_TIERS } from '../pricing/constants.js';
import type { ServiceTier } from '../pricing/types.js';
import type { BudgetScope, Reservation } from './types.js';
import { checkUnits, decToUnits } from './units.js';

/** The longest reservation lifetime, idempotency memory or store timeout: 366 days. */
export const MAX_TTL_MS = 366 * 86_400_000;

/** A value shown in a message without throwing: BigInt, symbols, long strings and objects included. */
export function shownValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case 'bigint':
      return `${value}n (a BigInt)`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}

/** Lone UTF-16 surrogates cannot be encoded into a store key. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function usageError(message: string, details: Record<string, unknown> = {}): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, details);
}

export function checkMs(value: unknown, what: string, code: 'INVALID_LIMITS' | 'INVALID_USAGE'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_TTL_MS) {
    throw new LlmSpendError(code, `${what} must be a whole number of milliseconds from 1 to ${MAX_TTL_MS}; got ${shownValue(value)}.`, { [what]: value });
  }
  return value;
}

export function checkTokens(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw usageError(`reserve: ${field} must be a whole, non-negative number of tokens; got ${typeof value === 'number' ? String(value) : typeof value}.`, { field, value });
}

export function amountUnits(usd: UsdInput, what: string): bigint {
  const value = toDec(usd, what);
  if (value.isNegative() && !value.isZero()) throw new LlmSpendError('INVALID_MONEY', `${what} cannot be negative; got ${String(usd)}.`, { usd: String(usd) });
  // Finer than a pico-USD: rounded up (spend is never under-counted).
  return checkUnits(decToUnits(value.abs(), 'up'), what);
}

export function checkScope(scope: unknown, operation: string): BudgetScope | null {
  if (scope === undefined || scope === null) return null;
  if (typeof scope === 'string') {
    if (scope.length === 0 || scope.length > 256 || LONE_SURROGATE.test(scope)) {
      throw usageError(`${operation}: a scope value must be 1 to 256 characters of well-formed text; got ${shownValue(scope)}.`, { scope });
    }
    return scope;
  }
  if (typeof scope !== 'object' || Array.isArray(scope)) throw usageError(`${operation}: scope must be a string or an object such as { tenant: 'acme' }; got ${shownValue(scope)}.`, {});
  for (const [key, value] of Object.entries(scope)) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 256 || LONE_SURROGATE.test(value)) {
      throw usageError(`${operation}: scope.${key.slice(0, 60)} must be a string of 1 to 256 characters of well-formed text; got ${shownValue(value)}.`, {});
    }
  }
  return scope as Readonly<Record<string, string>>;
}

/** A reservation as reserve returned it (possibly through JSON), checked field by field before any store call. */
export function checkReservation(reservation: unknown, operation: string): Reservation {
  const bad = (field: string, value: unknown): LlmSpendError =>
    usageError(`${operation} takes the reservation returned by reserve (result.reservation); its ${field} is ${shownValue(value)}.`, { field });
  if (typeof reservation !== 'object' || reservation === null || Array.isArray(reservation)) throw bad('value', reservation);
  const candidate = reservation as Partial<Record<keyof Reservation, unknown>>;
  if (typeof candidate.id !== 'string' || candidate.id.length === 0 || candidate.id.length > 200) throw bad('id', candidate.id);
  if (typeof candidate.usd !== 'string' || !/^\d{1,16}(?:\.\d{1,12})?$/.test(candidate.usd)) throw bad('usd', candidate.usd);
  if (candidate.model !== null && (typeof candidate.model !== 'string' || candidate.model.length === 0)) throw bad('model', candidate.model);
  if (candidate.tier !== null && !SERVICE_TIERS.some((tier) => tier === candidate.tier)) throw bad('tier', candidate.tier);
  if (candidate.scope === undefined) throw bad('scope', candidate.scope);
  checkScope(candidate.scope, operation);
  const holds = candidate.holds;
  if (!Array.isArray(holds) || holds.length > 64 || !holds.every((key: unknown) => typeof key === 'string' && key.length > 0 && key.length <= 1024)) throw bad('holds', holds);
  return reservation as Reservation;
}

export function checkIdempotencyKey(idempotencyKey: unknown): string {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 512 || LONE_SURROGATE.test(idempotencyKey)) {
    throw usageError(`idempotencyKey must be a string of 1 to 512 characters; got ${shownValue(idempotencyKey)}.`, {});
  }
  return `key:${idempotencyKey}`;
}

export function commitKey(reservation: Reservation, idempotencyKey: unknown): string {
  return idempotencyKey === undefined ? `reservation:${reservation.id}` : checkIdempotencyKey(idempotencyKey);
}

/** The options object of commit, run, runStream and trackStream: absent, or an object. */
export function checkOptions<O extends object>(value: O | undefined, operation: string): Partial<O> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(`${operation}: options must be an object; got ${shownValue(value)}.`, {});
  return value;
}

/** A tier must at least be a string before it is used in a cache key (a symbol cannot be); the pricing refuses unknown ones. */
export function checkTierType(tier: unknown, operation: string): ServiceTier | undefined {
  if (tier === undefined || typeof tier === 'string') return tier as ServiceTier | undefined;
  throw usageError(`${operation}: tier must be one of ${SERVICE_TIERS.join(', ')}; got ${shownValue(tier)}.`, {});
}

export function checkTier(tier: unknown, operation: string): ServiceTier | undefined {
  if (tier === undefined) return undefined;
  if (!SERVICE_TIERS.some((known) => known === tier)) throw usageError(`${operation}: options.tier must be one of ${SERVICE_TIERS.join(', ')}; got ${shownValue(tier)}.`, {});
  return tier as ServiceTier;
}
