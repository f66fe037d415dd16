// Money for the projection, recommendation and report code, which computes in decimal.js:
// amounts read into the private decimal (toDec) and written back (fromDec, formatDec). The
// public helpers are exact integer arithmetic without decimal.js (./amount.ts), re-exported here.
import { Dec, ROUNDING } from './decimal.js';
import { toUnits, unitsToText, type RoundingMode, type UsdInput, type UsdString } from './amount.js';

export { addUsd, compareUsd, formatUsd, roundUsd, sumUsd } from './amount.js';
export type { FormatUsdOptions, RoundingMode, UsdInput, UsdString } from './amount.js';

/** @internal Parses a money input into a private decimal, or throws INVALID_MONEY. */
export function toDec(value: UsdInput, what = 'amount'): Dec {
  const { units, scale } = toUnits(value, what);
  return new Dec(unitsToText(units, scale));
}

/** @internal A decimal as a canonical USD string (no exponent, no -0, no trailing zeros). */
export function fromDec(value: Dec): UsdString {
  if (value.isZero()) return '0';
  return value.toFixed();
}

/** @internal Formats an already-exact decimal (no input-size limit: internal amounts only). */
export function formatDec(value: Dec, decimals: number, rounding: (typeof ROUNDING)[RoundingMode] = ROUNDING['half-even'], grouping = true): string {
  const rounded = value.toDecimalPlaces(decimals, rounding);
  const negative = rounded.isNegative() && !rounded.isZero();
  const fixed = rounded.abs().toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = !grouping ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
