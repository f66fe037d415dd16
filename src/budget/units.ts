// The budget guard's integer money unit: pico-USD (10^-12 USD), the unit the per-call
// estimator already computes in for every price with up to six decimals per million tokens.
// Stores hold amounts as bigint (memory) or as decimal digit strings split into two limbs
// inside Lua (Redis), so that no amount ever passes through a binary float.
import { LlmSpendError } from '../errors.js';
import { unitsToUsd } from '../estimate/compiled.js';
import { Dec } from '../money/decimal.js';
import type { UsdString } from '../money/usd.js';

/** Decimal places of the store unit: 12, pico-USD. */
export const UNIT_SCALE = 12;

/**
 * The largest single amount a store accepts: 10^27 − 1 pico-USD (just under 10^15 USD).
 * Redis keeps an amount as two Lua doubles (whole dollars and the pico fraction), each
 * exact below 2^53, so totals stay exact up to 9 × 10^15 USD.
 */
export const MAX_UNITS = 10n ** 27n - 1n;

const SCALE_FACTOR = new Dec(10).pow(UNIT_SCALE);

/**
 * A canonical USD decimal string (as estimateCost returns) to pico-USD, rounding a finer
 * amount UP (ceil) or DOWN (floor). Fast path: plain string arithmetic.
 */
export function usdStringToUnits(usd: string, rounding: 'up' | 'down'): bigint {
  const dot = usd.indexOf('.');
  const negative = usd.startsWith('-');
  if (negative) throw new LlmSpendError('INVALID_MONEY', `A budget amount cannot be negative; got ${usd}.`, { usd });
  if (!/^\d+(?:\.\d+)?$/.test(usd)) return decToUnits(new Dec(usd), rounding);
  const whole = dot < 0 ? usd : usd.slice(0, dot);
  const fraction = dot < 0 ? '' : usd.slice(dot + 1);
  const kept = fraction.slice(0, UNIT_SCALE).padEnd(UNIT_SCALE, '0');
  let units = BigInt(whole + kept);
  if (rounding === 'up' && fraction.length > UNIT_SCALE && /[1-9]/.test(fraction.slice(UNIT_SCALE))) units += 1n;
  return units;
}

/** A non-negative decimal to pico-USD, rounding a finer amount up or down. */
export function decToUnits(value: Dec, rounding: 'up' | 'down'): bigint {
  const scaled = value.times(SCALE_FACTOR);
  const integral = rounding === 'up' ? scaled.ceil() : scaled.floor();
  return BigInt(integral.toFixed(0));
}

/** pico-USD to a canonical USD decimal string. */
export function unitsToUsdString(units: bigint): UsdString {
  // Below 2^53 the estimator's fast pico-USD formatter is exact.
  return units >= 0n && units <= MAX_SAFE ? unitsToUsd(Number(units), UNIT_SCALE) : unitsToUsd(units, UNIT_SCALE);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Throws INVALID_MONEY when an amount is negative or larger than a store can hold. */
export function checkUnits(units: bigint, what: string): bigint {
  if (units < 0n) throw new LlmSpendError('INVALID_MONEY', `${what} cannot be negative; got ${unitsToUsdString(units)} USD.`, { what });
  if (units > MAX_UNITS) {
    throw new LlmSpendError(
      'INVALID_MONEY',
      `${what} of ${unitsToUsdString(units)} USD is larger than a budget store can hold (below 10^15 USD, kept in pico-USD).`,
      { what, usd: unitsToUsdString(units) },
    );
  }
  return units;
}
