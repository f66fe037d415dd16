import { LlmSpendError } from '../errors.js';
import { Dec, ROUNDING } from './decimal.js';

/**
 * A money amount given to llm-spend: a decimal string in USD (`"0.75"`, `"1e-7"` is refused),
 * a safe integer number, or a bigint. A fractional JS number is refused: it is already a
 * binary float, so its exact value is not the one that was meant.
 */
export type UsdInput = string | number | bigint;

/**
 * A canonical USD decimal string as llm-spend returns it: plain digits, an optional minus
 * sign, an optional fraction without trailing zeros; never an exponent and never `-0`.
 */
export type UsdString = string;

/** How {@link roundUsd} rounds. `up` is away from zero, `down` toward zero. */
export type RoundingMode = keyof typeof ROUNDING;

const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** @internal Parses a money input into a private decimal, or throws INVALID_MONEY. */
export function toDec(value: UsdInput, what = 'amount'): Dec {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) {
      throw new LlmSpendError(
        'INVALID_MONEY',
        `${what} must be a decimal string such as "0.75" (no exponent, no currency sign, no grouping); got ${JSON.stringify(value)}.`,
        { value, what },
      );
    }
    return new Dec(trimmed);
  }
  if (typeof value === 'bigint') return new Dec(value.toString());
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return new Dec(value);
    throw new LlmSpendError(
      'INVALID_MONEY',
      `${what} must be a decimal string or a safe integer; got the number ${String(value)}. ` +
        'A fractional JS number is already a binary float: pass it as a string ("0.15").',
      { value, what },
    );
  }
  throw new LlmSpendError('INVALID_MONEY', `${what} must be a decimal string; got ${typeof value}.`, { value, what });
}

/** @internal A decimal as a canonical USD string (no exponent, no -0, no trailing zeros). */
export function fromDec(value: Dec): UsdString {
  if (value.isZero()) return '0';
  return value.toFixed();
}

/**
 * Adds two USD amounts exactly.
 *
 * @param a - a decimal string, safe integer or bigint
 * @param b - a decimal string, safe integer or bigint
 * @returns the exact sum as a canonical decimal string
 * @throws LlmSpendError `INVALID_MONEY` when an amount is not a decimal string or integer
 * @example
 * ```ts
 * import { addUsd } from 'llm-spend';
 * addUsd('0.1', '0.2'); // "0.3" (not 0.30000000000000004)
 * ```
 */
export function addUsd(a: UsdInput, b: UsdInput): UsdString {
  return fromDec(toDec(a, 'first amount').plus(toDec(b, 'second amount')));
}

/**
 * Sums any number of USD amounts exactly. An empty list sums to `"0"`.
 *
 * @param values - decimal strings, safe integers or bigints
 * @returns the exact sum as a canonical decimal string
 * @throws LlmSpendError `INVALID_MONEY` naming the index of a bad amount
 * @example
 * ```ts
 * import { sumUsd } from 'llm-spend';
 * sumUsd(['0.0004503', '0.002802', '1.45']); // "1.4532523"
 * ```
 */
export function sumUsd(values: Iterable<UsdInput>): UsdString {
  let total = new Dec(0);
  let index = 0;
  for (const value of values) {
    total = total.plus(toDec(value, `amount at index ${index}`));
    index += 1;
  }
  return fromDec(total);
}

/**
 * Compares two USD amounts exactly.
 *
 * @returns -1 when a < b, 0 when equal, 1 when a > b
 * @throws LlmSpendError `INVALID_MONEY`
 * @example
 * ```ts
 * import { compareUsd } from 'llm-spend';
 * compareUsd('0.002802', '0.0004503'); // 1
 * ['3', '1.5', '2'].sort(compareUsd); // ["1.5", "2", "3"]
 * ```
 */
export function compareUsd(a: UsdInput, b: UsdInput): -1 | 0 | 1 {
  const result = toDec(a, 'first amount').comparedTo(toDec(b, 'second amount'));
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

/**
 * Rounds a USD amount to a number of decimals. This is the only place llm-spend rounds money,
 * and only when asked.
 *
 * @param value - the amount
 * @param decimals - decimals to keep, an integer from 0 to 20
 * @param mode - the rounding mode
 * @defaultValue decimals 2, mode `"half-even"` (banker's rounding)
 * @returns a canonical decimal string (trailing zeros dropped: `roundUsd('1.2', 2)` is `"1.2"`)
 * @throws LlmSpendError `INVALID_MONEY` for a bad amount or decimals
 * @example
 * ```ts
 * import { roundUsd } from 'llm-spend';
 * roundUsd('0.125', 2); // "0.12" (half-even)
 * roundUsd('0.125', 2, 'half-up'); // "0.13"
 * roundUsd('0.0004503', 6, 'up'); // "0.000451"
 * ```
 */
export function roundUsd(value: UsdInput, decimals = 2, mode: RoundingMode = 'half-even'): UsdString {
  checkDecimals(decimals);
  const rounding = ROUNDING[mode];
  if (rounding === undefined || !Object.hasOwn(ROUNDING, mode)) {
    throw new LlmSpendError('INVALID_MONEY', `Unknown rounding mode ${JSON.stringify(mode)}; use one of ${Object.keys(ROUNDING).join(', ')}.`, { mode });
  }
  return fromDec(toDec(value).toDecimalPlaces(decimals, rounding));
}

/** Options for {@link formatUsd}. */
export interface FormatUsdOptions {
  /** Decimals shown, padded with zeros. @defaultValue 2 */
  readonly decimals?: number;
  /** Rounding mode. @defaultValue "half-even" */
  readonly mode?: RoundingMode;
  /** Group thousands with commas. @defaultValue true */
  readonly grouping?: boolean;
}

/**
 * Formats a USD amount for people: a dollar sign, thousands grouped, padded to a fixed
 * number of decimals. For display only; keep computing with the decimal strings.
 *
 * @returns a string such as `"$1,402.00"` or `"-$0.50"`
 * @throws LlmSpendError `INVALID_MONEY`
 * @example
 * ```ts
 * import { formatUsd } from 'llm-spend';
 * formatUsd('1402'); // "$1,402.00"
 * formatUsd('0.0004503', { decimals: 6 }); // "$0.000450"
 * formatUsd('-0.001'); // "$0.00" (never "-$0.00")
 * ```
 */
export function formatUsd(value: UsdInput, options: FormatUsdOptions = {}): string {
  const decimals = options.decimals ?? 2;
  checkDecimals(decimals);
  const mode = options.mode ?? 'half-even';
  const rounded = toDec(value).toDecimalPlaces(decimals, ROUNDING[mode]);
  const negative = rounded.isNegative() && !rounded.isZero();
  const fixed = rounded.abs().toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = options.grouping === false ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new LlmSpendError('INVALID_MONEY', `decimals must be an integer from 0 to 20; got ${String(decimals)}.`, { decimals });
  }
}
