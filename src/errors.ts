/**
 * Every error code llm-spend throws. Expected outcomes (no feasible option, a refused
 * reservation) are values, not errors; these codes mark misuse or bad data.
 */
export type LlmSpendErrorCode =
  | 'UNKNOWN_MODEL'
  | 'INVALID_USAGE'
  | 'TIER_UNAVAILABLE'
  | 'PRICE_UNAVAILABLE'
  | 'CONTEXT_EXCEEDED'
  | 'PRICE_NOT_IN_EFFECT'
  | 'INVALID_PRICING'
  | 'INVALID_MONEY'
  | 'INVALID_WORKLOAD'
  | 'INVALID_CONSTRAINTS'
  | 'INSUFFICIENT_SAMPLES'
  | 'INVALID_PLAN'
  | 'INVALID_LIMITS'
  | 'STORE_UNAVAILABLE'
  | 'TIER_MISMATCH'
  | 'PRICING_UNAVAILABLE';

/**
 * The one error class llm-spend throws. `code` is stable and machine-readable; `message`
 * says what was wrong and what to do; `details` carries the data behind it (the bad
 * value, the field path, suggestions).
 *
 * @example
 * ```ts
 * import { estimateCost, LlmSpendError } from 'llm-spend';
 * try {
 *   estimateCost({ model: 'gpt-5.4-mnii', inputTokens: 10, outputTokens: 5 });
 * } catch (error) {
 *   if (error instanceof LlmSpendError && error.code === 'UNKNOWN_MODEL') {
 *     console.error(error.message); // Unknown model "gpt-5.4-mnii". Did you mean "gpt-5.4-mini"? ...
 *   }
 * }
 * ```
 */
export class LlmSpendError extends Error {
  /** A stable code for programs to branch on. */
  readonly code: LlmSpendErrorCode;
  /** Structured data behind the message (field paths, the bad value, suggestions). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: LlmSpendErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LlmSpendError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Whether a value is an {@link LlmSpendError}, optionally with a given code. Works across
 * bundle copies (ESM and CJS builds loaded together), where `instanceof` may not.
 *
 * @example
 * ```ts
 * import { isLlmSpendError } from 'llm-spend';
 * const error: unknown = new Error('x');
 * isLlmSpendError(error, 'UNKNOWN_MODEL'); // false
 * ```
 */
export function isLlmSpendError(value: unknown, code?: LlmSpendErrorCode): value is LlmSpendError {
  if (value instanceof LlmSpendError) return code === undefined || value.code === code;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return candidate.name === 'LlmSpendError' && typeof candidate.code === 'string' && (code === undefined || candidate.code === code);
}

/**
 * @internal A short, printable rendering of any value for an error message: never throws
 * (BigInt, symbols, cyclic objects, throwing getters, Proxies, huge strings), never long.
 */
export function showValue(value: unknown, max = 80): string {
  try {
    if (typeof value === 'string') return value.length > max ? `${JSON.stringify(`${value.slice(0, max)}…`)} (${value.length} characters)` : JSON.stringify(value);
    if (typeof value === 'bigint') return `${value}n`.length > max ? `a ${String(value).length}-digit bigint` : `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
    if (typeof value !== 'object' || value === null) return Object.is(value, -0) ? '-0' : String(value);
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
    const text = boundedJson(value, max + 1);
    return text.length > max ? `${text.slice(0, max)}…` : text;
  } catch {
    return typeof value === 'object' ? 'an object' : typeof value;
  }
}

/**
 * @internal The error for a bad value: "`message`; got <the value>." with `path`, any other
 * `details`, and the value as {@link showValue} shows it.
 */
export function badValue(code: LlmSpendErrorCode, message: string, path: string, value: unknown, details?: Record<string, unknown>): LlmSpendError {
  const shown = showValue(value);
  return new LlmSpendError(code, `${message}; got ${shown}.`, { path, ...details, value: shown });
}

/** @internal A value safe to keep in `details`: small primitives as they are, anything else as {@link showValue} text. */
export function safeDetail(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string' && value.length <= 200) return value;
  return showValue(value);
}

/**
 * JSON-like text of a plain object, stopping once `budget` characters are written: a shared
 * or deeply nested structure (which JSON.stringify would expand exponentially) costs no more
 * than its first `budget` characters. Getters are not called; Proxies and exotic values print
 * as a placeholder.
 */
function boundedJson(root: unknown, budget: number): string {
  let out = '';
  const seen = new Set<unknown>();
  const write = (value: unknown, depth: number): void => {
    if (out.length >= budget) return;
    if (typeof value === 'string') out += JSON.stringify(value.slice(0, budget));
    // numbers, booleans and null as JSON writes them; a bigint with its n; anything else by its type
    else if (typeof value !== 'object' || value === null) out += typeof value === 'bigint' ? `${value}n` : typeof value === 'number' || typeof value === 'boolean' || value === null ? String(value) : typeof value;
    else if (seen.has(value) || depth > 8) out += '…';
    else {
      seen.add(value);
      const array = Array.isArray(value);
      out += array ? '[' : '{';
      Object.keys(value).some((key, index) => {
        if (out.length >= budget) return true;
        out += `${index > 0 ? ',' : ''}${array ? '' : `${JSON.stringify(key.slice(0, budget))}:`}`;
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (descriptor !== undefined && 'value' in descriptor) write(descriptor.value, depth + 1);
        else out += '(getter)';
        return false;
      });
      out += array ? ']' : '}';
      seen.delete(value);
    }
  };
  write(root, 0);
  return out;
}
