// The public money helpers (addUsd, sumUsd, compareUsd, roundUsd, formatUsd) in exact integer
// arithmetic: an amount is a BigInt count of 10^-scale USD. No decimal.js here, so the per-call
// core carries none; projections compute with decimal.js through ./usd.ts (toDec, fromDec),
// which reads amounts with the same parser.
import { LlmSpendError, showValue } from '../errors.js';
import { MAX_MONEY_FRACTION_DIGITS, MAX_MONEY_INTEGER_DIGITS, MAX_MONEY_STRING_LENGTH } from '../limits.js';

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

/** How {@link roundUsd} rounds. `up` is away from zero, `down` toward zero; the `half-` modes say where a tie goes. */
export type RoundingMode = 'up' | 'down' | 'ceil' | 'floor' | 'half-up' | 'half-down' | 'half-even';

const ROUNDING_MODES: readonly RoundingMode[] = ['up', 'down', 'ceil', 'floor', 'half-up', 'half-down', 'half-even'];

/** @internal An exact amount: `units` × 10^-`scale` USD. */
export interface Units {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function tooManyDigits(value: unknown, what: string): LlmSpendError {
  return new LlmSpendError(
    'INVALID_MONEY',
    `${what} has more digits than llm-spend computes exactly (at most ${MAX_MONEY_INTEGER_DIGITS} before the decimal point and ${MAX_MONEY_FRACTION_DIGITS} after it); ` +
      `got ${showValue(value)}. Amounts are never cut: round it first.`,
    { value: showValue(value), what, path: what },
  );
}

/** @internal Reads a money input exactly, or throws INVALID_MONEY naming `what`. */
export function toUnits(value: UsdInput, what = 'amount'): Units {
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
    const negative = trimmed.startsWith('-');
    const unsigned = trimmed.replace(/^[+-]/, '');
    const dot = unsigned.indexOf('.');
    const whole = (dot < 0 ? unsigned : unsigned.slice(0, dot)).replace(/^0+/, '');
    const fraction = (dot < 0 ? '' : unsigned.slice(dot + 1)).replace(/0+$/, '');
    if (whole.length > MAX_MONEY_INTEGER_DIGITS || fraction.length > MAX_MONEY_FRACTION_DIGITS) throw tooManyDigits(value, what);
    const units = BigInt(`${whole}${fraction}` || '0');
    return { units: negative ? -units : units, scale: fraction.length };
  }
  if (typeof value === 'bigint') {
    const digits = (value < 0n ? -value : value).toString();
    if (digits.length > MAX_MONEY_INTEGER_DIGITS) throw tooManyDigits(value, what);
    return { units: value, scale: 0 };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { units: BigInt(value), scale: 0 };
    throw new LlmSpendError(
      'INVALID_MONEY',
      `${what} must be a decimal string or a safe integer; got the number ${showValue(value)}. ` +
        'A fractional JS number is already a binary float: pass it as a string ("0.15").',
      { value: showValue(value), what, path: what },
    );
  }
  throw new LlmSpendError('INVALID_MONEY', `${what} must be a decimal string; got ${showValue(value)}.`, { value: showValue(value), what, path: what });
}

const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

/** `amount` with `scale` decimals (at least its own). */
const rescale = (amount: Units, scale: number): bigint => amount.units * pow10(scale - amount.scale);

/** @internal An exact amount as a canonical USD string: no exponent, no trailing zeros, no `-0`. */
export function unitsToText(units: bigint, scale: number): UsdString {
  if (units === 0n) return '0';
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale <= 0) return `${negative ? '-' : ''}${digits}${'0'.repeat(-scale)}`;
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end -= 1;
  const whole = digits.slice(0, cut);
  const text = end === cut ? whole : `${whole}.${digits.slice(cut, end)}`;
  return negative ? `-${text}` : text;
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
  const first = toUnits(a, 'first amount');
  const second = toUnits(b, 'second amount');
  const scale = Math.max(first.scale, second.scale);
  return unitsToText(rescale(first, scale) + rescale(second, scale), scale);
}

/** Most amounts one sumUsd call adds. */
const MAX_SUM_TERMS = 1e12;

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
  let total = 0n;
  let scale = 0;
  let index = 0;
  for (const value of values) {
    if (index >= MAX_SUM_TERMS) {
      throw new LlmSpendError('INVALID_MONEY', `sumUsd adds at most ${MAX_SUM_TERMS} amounts.`, { path: 'values' });
    }
    const amount = toUnits(value, `amount at index ${index}`);
    if (amount.scale > scale) {
      total *= pow10(amount.scale - scale);
      scale = amount.scale;
    }
    total += rescale(amount, scale);
    index += 1;
  }
  return unitsToText(total, scale);
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
  const first = toUnits(a, 'first amount');
  const second = toUnits(b, 'second amount');
  const scale = Math.max(first.scale, second.scale);
  const difference = rescale(first, scale) - rescale(second, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** @internal `amount` rounded to `decimals` places by `mode`, as units of 10^-max(decimals, ...) (its scale never grows). */
export function roundUnits(amount: Units, decimals: number, mode: RoundingMode): Units {
  if (amount.scale <= decimals) return amount;
  const divisor = pow10(amount.scale - decimals);
  const n = amount.units;
  const quotient = n / divisor; // toward zero
  const remainder = n % divisor; // the sign of n
  if (remainder === 0n) return { units: quotient, scale: decimals };
  const away = quotient + (n < 0n ? -1n : 1n);
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  let rounded: bigint;
  switch (mode) {
    case 'up':
      rounded = away;
      break;
    case 'down':
      rounded = quotient;
      break;
    case 'ceil':
      rounded = n > 0n ? away : quotient;
      break;
    case 'floor':
      rounded = n < 0n ? away : quotient;
      break;
    default:
      if (twice !== divisor) rounded = twice > divisor ? away : quotient;
      else rounded = mode === 'half-up' || (mode === 'half-even' && quotient % 2n !== 0n) ? away : quotient;
  }
  return { units: rounded, scale: decimals };
}

function checkDecimals(decimals: unknown): number {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new LlmSpendError('INVALID_MONEY', `decimals must be an integer from 0 to 20; got ${showValue(decimals)}.`, { decimals: showValue(decimals), path: 'decimals' });
  }
  return decimals;
}

/** @internal A rounding mode by name, or INVALID_MONEY. */
export function roundingMode(mode: unknown): RoundingMode {
  if (typeof mode === 'string' && (ROUNDING_MODES as readonly string[]).includes(mode)) return mode as RoundingMode;
  throw new LlmSpendError('INVALID_MONEY', `Unknown rounding mode ${showValue(mode)}; use one of ${ROUNDING_MODES.join(', ')}.`, { mode: showValue(mode), path: 'mode' });
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
  const places = checkDecimals(decimals);
  const rounding = roundingMode(mode);
  const rounded = roundUnits(toUnits(value), places, rounding);
  return unitsToText(rounded.units, rounded.scale);
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

/** @internal An exact amount for people: rounded, `$`, thousands grouped, padded to `decimals`; never `-$0.00`. */
export function formatUnits(amount: Units, decimals: number, mode: RoundingMode = 'half-even', grouping = true): string {
  const rounded = roundUnits(amount, decimals, mode);
  const negative = rounded.units < 0n;
  const magnitude = (negative ? -rounded.units : rounded.units) * pow10(decimals - rounded.scale);
  const digits = magnitude.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative ? '-' : ''}$${grouped}${decimals === 0 ? '' : `.${fraction}`}`;
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
  const decimals = checkDecimals(options.decimals ?? 2);
  const mode = roundingMode(options.mode ?? 'half-even');
  if (options.grouping !== undefined && typeof options.grouping !== 'boolean') {
    throw new LlmSpendError('INVALID_MONEY', `grouping must be true or false; got ${showValue(options.grouping)}.`, { path: 'grouping', value: showValue(options.grouping) });
  }
  return formatUnits(toUnits(value), decimals, mode, options.grouping !== false);
}
