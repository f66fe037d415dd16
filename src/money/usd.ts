import { LlmSpendError, showValue } from '../errors.js';
import { MAX_MONEY_FRACTION_DIGITS, MAX_MONEY_INTEGER_DIGITS, MAX_MONEY_STRING_LENGTH } from '../limits.js';
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

function tooManyDigits(value: unknown, what: string): LlmSpendError {
  return new LlmSpendError(
    'INVALID_MONEY',
    `${what} has more digits than llm-spend computes exactly (at most ${MAX_MONEY_INTEGER_DIGITS} before the decimal point and ${MAX_MONEY_FRACTION_DIGITS} after it); ` +
      `got ${showValue(value)}. Amounts are never cut: round it first.`,
    { value: showValue(value), what, path: what },
  );
}

/** @internal Parses a money input into a private decimal, or throws INVALID_MONEY. */
export function toDec(value: UsdInput, what = 'amount'): Dec {
  if (typeof value === 'string') {
    if (value.length > MAX_MONEY_STRING_LENGTH) throw tooManyDigits(value, what);
    const trimmed = value.trim();
    if (!DECIMAL_PATTERN.test(trimmed)) {
      throw new LlmSpendError(
        'INVALID_MONEY',
        `${what} must be a decimal string such as "0.75" (no exponent, no currency sign, no grouping); got ${showValue(value)}.`,
        { value: showValue(value), what, path: what },
      );
    }
    const unsigned = trimmed.replace(/^[+-]/, '');
    const dot = unsigned.indexOf('.');
    const whole = (dot < 0 ? unsigned : unsigned.slice(0, dot)).replace(/^0+/, '');
    const fraction = (dot < 0 ? '' : unsigned.slice(dot + 1)).replace(/0+$/, '');
    if (whole.length > MAX_MONEY_INTEGER_DIGITS || fraction.length > MAX_MONEY_FRACTION_DIGITS) throw tooManyDigits(value, what);
    return new Dec(trimmed);
  }
  if (typeof value === 'bigint') {
    const digits = (value < 0n ? -value : value).toString();
    if (digits.length > MAX_MONEY_INTEGER_DIGITS) throw tooManyDigits(value, what);
    return new Dec(value.toString());
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return new Dec(Object.is(value, -0) ? 0 : value);
    throw new LlmSpendError(
      'INVALID_MONEY',
      `${what} must be a decimal string or a safe integer; got the number ${showValue(value)}. ` +
        'A fractional JS number is already a binary float: pass it as a string ("0.15").',
      { value: showValue(value), what, path: what },
    );
  }
  throw new LlmSpendError('INVALID_MONEY', `${what} must be a decimal string; got ${showValue(value)}.`, { value: showValue(value), what, path: what });
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
  if (typeof values !== 'object' || values === null || typeof (values as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new LlmSpendError('INVALID_MONEY', `sumUsd takes a list (an array or other iterable) of amounts; got ${showValue(values)}.`, { value: showValue(values), path: 'values' });
  }
  let total = new Dec(0);
  let index = 0;
  for (const value of values) {
    if (index >= MAX_SUM_TERMS) {
      throw new LlmSpendError('INVALID_MONEY', `sumUsd adds at most ${MAX_SUM_TERMS} amounts (so that the sum stays exact).`, { path: 'values' });
    }
    total = total.plus(toDec(value, `amount at index ${index}`));
    index += 1;
  }
  return fromDec(total);
}

/** Most amounts one sumUsd call adds: keeps every sum exact within the private 80-digit precision. */
const MAX_SUM_TERMS = 1e12;

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
  const rounding = roundingOf(mode);
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
  if (typeof options !== 'object' || options === null) {
    throw new LlmSpendError('INVALID_MONEY', `formatUsd options must be an object such as { decimals: 2 }; got ${showValue(options)}.`, { path: 'options', value: showValue(options) });
  }
  const decimals = options.decimals ?? 2;
  checkDecimals(decimals);
  const rounding = roundingOf(options.mode ?? 'half-even');
  if (options.grouping !== undefined && typeof options.grouping !== 'boolean') {
    throw new LlmSpendError('INVALID_MONEY', `grouping must be true or false; got ${showValue(options.grouping)}.`, { path: 'grouping', value: showValue(options.grouping) });
  }
  return formatDec(toDec(value), decimals, rounding, options.grouping !== false);
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

function checkDecimals(decimals: unknown): void {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new LlmSpendError('INVALID_MONEY', `decimals must be an integer from 0 to 20; got ${showValue(decimals)}.`, { decimals: showValue(decimals), path: 'decimals' });
  }
}

function roundingOf(mode: unknown): (typeof ROUNDING)[RoundingMode] {
  if (typeof mode === 'string' && Object.hasOwn(ROUNDING, mode)) return ROUNDING[mode as RoundingMode];
  throw new LlmSpendError('INVALID_MONEY', `Unknown rounding mode ${showValue(mode)}; use one of ${Object.keys(ROUNDING).join(', ')}.`, { mode: showValue(mode), path: 'mode' });
}
