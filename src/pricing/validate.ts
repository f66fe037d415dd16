// The pricing-table validator of the per-call core, without zod. It accepts exactly what the
// reference schema (./schema.ts, zod) accepts, returns the same parsed value (canonical price
// strings, defaults applied, keys in schema order) and reports its problems in the same order
// with the same paths (test/pricing/validate.test-prop.ts checks all three against zod on valid
// and mutated tables). The schema stays the reference, and is what the converters and the
// catalog build use; this file is what a program that prices from its own table loads.
//
// The rules it mirrors (zod 4): an object reads its keys in schema order, then reports keys it
// does not know (one issue that does not stop anything), then runs its own checks, which run
// only when nothing above them failed hard (a wrong type, a bad transform); a check failure
// (a length, a pattern, a refinement) is soft, and the next checks still run.
import { showValue } from '../errors.js';
import { isoDateMs } from './dates.js';
import { MAX_MODEL_ID_LENGTH, MAX_MONEY_FRACTION_DIGITS, MAX_MONEY_INTEGER_DIGITS, MAX_MONEY_STRING_LENGTH } from '../limits.js';
import { MODALITIES } from './constants.js';
import type { ModelEntry, PricingData } from './types.js';

/** One problem of an untrusted table: where (a path from the value given) and what. */
export interface PricingIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

interface Issue extends PricingIssue {
  /** A soft issue (a check): later checks still run. */
  readonly soft: boolean;
}

type Path = readonly PropertyKey[];
/** A check of a parsed value; a size check (`sized`) also runs after a wrong type, on any value with a length. */
type Check<T> = ((value: T, path: Path, issues: Issue[]) => void) & { readonly sized?: boolean };
/** A validator: the parsed value, with its issues appended (a value returned beside issues is not used). */
type V<T = unknown> = (input: unknown, path: Path, issues: Issue[]) => T;

const hard = (issues: Issue[], path: Path, message: string): void => void issues.push({ path, message, soft: false });
const soft = (issues: Issue[], path: Path, message: string): void => void issues.push({ path, message, soft: true });
const failedHard = (issues: readonly Issue[], from: number): boolean => issues.slice(from).some((issue) => !issue.soft);

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'number' : String(value);
  return typeof value;
}

const expected = (what: string, input: unknown): string => `expected ${what}, got ${typeName(input)}`;

/** Runs checks on a parsed value when nothing before them failed hard (a size check: when the value has a length). */
function withChecks<T>(validator: V<T>, checks: ReadonlyArray<Check<T>>): V<T> {
  return (input, path, issues) => {
    const from = issues.length;
    const value = validator(input, path, issues);
    for (const check of checks) {
      const runs = check.sized === true ? value !== undefined && value !== null && (value as { length?: unknown }).length !== undefined : !failedHard(issues, from);
      if (runs) check(value, path, issues);
    }
    return value;
  };
}

/** A check as a predicate and its message. */
function rule<T>(test: (value: T) => boolean, message: string, at: readonly PropertyKey[] = []): Check<T> {
  return (value, path, issues) => {
    if (!test(value)) soft(issues, [...path, ...at], message);
  };
}

/** A value of one `typeof`. */
const typed =
  <T>(type: 'string' | 'boolean'): V<T> =>
  (input, path, issues) => {
    if (typeof input !== type) hard(issues, path, expected(type, input));
    return input as T;
  };

const string = (checks: ReadonlyArray<Check<string>> = []): V<string> => withChecks(typed<string>('string'), checks);

/** A length in code points for a string (zod's rule), in items otherwise. */
const lengthOf = (value: { readonly length: number }): number => (typeof value === 'string' ? Array.from(value).length : value.length);
const sized = <T>(check: Check<T>): Check<T> => Object.assign(check, { sized: true });
const notEmpty: Check<string> = sized(rule((text) => text.length > 0, 'must not be empty'));
const pattern = (regex: RegExp, message: string): Check<string> => rule((text) => regex.test(text), message);

/** An integer count (`z.number().int()`) with bounds: a fraction stops the checks, an unsafe integer does not. */
function count(min: number, max?: number): V<number> {
  return (input, path, issues) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) hard(issues, path, expected('number', input));
    else if (!Number.isInteger(input)) hard(issues, path, expected('int', input));
    else {
      if (!Number.isSafeInteger(input)) soft(issues, path, 'must be a safe integer');
      if (input < min) soft(issues, path, `must be >= ${min}`);
      if (max !== undefined && input > max) soft(issues, path, `must be <= ${max}`);
    }
    return input as number;
  };
}

function positiveNumber(): V<number> {
  return (input, path, issues) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) hard(issues, path, expected('number', input));
    else if (!(input > 0)) soft(issues, path, 'must be > 0');
    return input as number;
  };
}


function oneOf<T extends string | number>(values: readonly T[]): V<T> {
  const message = `expected ${values.map((value) => JSON.stringify(value)).join(' or ')}`;
  return (input, path, issues) => {
    if (!(values as readonly unknown[]).includes(input)) hard(issues, path, message);
    return input as T;
  };
}

function array<T>(item: V<T>, checks: ReadonlyArray<Check<T[]>> = []): V<T[]> {
  return withChecks((input, path, issues) => {
    if (!Array.isArray(input)) {
      hard(issues, path, expected('array', input));
      return input as T[];
    }
    const out: T[] = [];
    for (let index = 0; index < input.length; index += 1) out.push(item(input[index], [...path, index], issues));
    return out;
  }, checks);
}

const minItems = (min: number, message: string): Check<unknown[]> => sized(rule((items) => lengthOf(items) >= min, message));

/** An optional field of an object: absent (or undefined) stays so. */
type Optional = V & { readonly optional: true };
const optional = (validate: V): Optional => Object.assign((input: unknown, path: Path, issues: Issue[]) => validate(input, path, issues), { optional: true as const });
/** A field with a default: absent (or undefined), it takes `fallback()`. */
const withDefault =
  (validate: V, fallback: () => unknown): V =>
  (input, path, issues) =>
    input === undefined ? fallback() : validate(input, path, issues);

type Shape = Readonly<Record<string, V & { readonly optional?: true }>>;

/** A strict object: the shape's keys in order, then unknown keys, then the object's own checks. */
function object<T = Record<string, unknown>>(shape: Shape, checks: ReadonlyArray<Check<T>> = []): V<T> {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return withChecks((input, path, issues) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      hard(issues, path, expected('object', input));
      return {} as T;
    }
    const out: Record<string, unknown> = {};
    const record = input as Record<string, unknown>;
    for (const key of keys) {
      const field = shape[key] as Shape[string];
      // (an optional key present as undefined stays undefined; a value beside issues is never used)
      const value = field.optional === true && record[key] === undefined ? undefined : field(record[key], [...path, key], issues);
      if (key in record || value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    const unknown: string[] = [];
    for (const key in record) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) soft(issues, path, `unknown key${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
    return out as T;
  }, checks);
}


// ------------------------------------------------------------------ prices

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * @internal A non-negative decimal text (plain or with an exponent) as a canonical decimal
 * string, or a reason: at most 30 digits before the point and 30 after it (never cut).
 */
export function canonicalPrice(text: string): { readonly value: string } | { readonly problem: 'format' | 'digits' } {
  if (!DECIMAL.test(text)) return { problem: 'format' };
  const [mantissa = '', exponentText] = text.toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const trimmed = (whole + fraction).replace(/^0+/, '');
  const digits = trimmed.replace(/0+$/, '');
  if (digits === '') return { value: '0' };
  // The value is digits × 10^exponent: its leading digit sits at 10^(length - 1 + exponent).
  const exponent = Number(exponentText ?? 0) - fraction.length + trimmed.length - digits.length;
  if (digits.length - 1 + exponent >= MAX_MONEY_INTEGER_DIGITS || -exponent > MAX_MONEY_FRACTION_DIGITS) return { problem: 'digits' };
  if (exponent >= 0) return { value: digits + '0'.repeat(exponent) };
  const point = digits.length + exponent;
  return { value: point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}` };
}

/** A price: a decimal string, or a finite JSON number read through `String(n)`. */
const usdPrice: V<string> = (input, path, issues) => {
  const text = typeof input === 'string' ? input.trim() : typeof input === 'number' && Number.isFinite(input) ? String(input) : '';
  const parsed = text.length > MAX_MONEY_STRING_LENGTH && DECIMAL.test(text) ? undefined : canonicalPrice(text);
  if (parsed !== undefined && 'value' in parsed) return parsed.value;
  hard(
    issues,
    path,
    parsed === undefined
      ? `a price is at most ${MAX_MONEY_STRING_LENGTH} characters`
      : parsed.problem === 'format'
        ? `a price must be a non-negative decimal such as "0.75"; got ${showValue(input)}`
        : `a price has at most ${MAX_MONEY_INTEGER_DIGITS} digits before the point and ${MAX_MONEY_FRACTION_DIGITS} after it (never cut); got ${showValue(text, 60)}`,
  );
  return '';
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const isoDate = string([pattern(ISO_DATE, 'an ISO-8601 date such as "2026-03-17"'), rule((text) => isoDateMs(text) !== undefined, 'a real calendar date')]);
const tokenCount = count(0);
const positiveTokenCount = count(1);
const nonEmpty = string([notEmpty]);

const source = object({ url: nonEmpty, checkedAt: isoDate, note: optional(string()), derived: optional(string()) });
const lifecycleDate = object({ date: isoDate, source });
const lifecycle = object({
  deprecatedAt: optional(lifecycleDate),
  shutdownAt: optional(lifecycleDate),
  replacement: optional(object({ id: nonEmpty, source })),
});

const priceSetShape: Shape = {
  inputPerMillion: usdPrice,
  cachedInputPerMillion: optional(usdPrice),
  cacheWritePerMillion: optional(usdPrice),
  cacheWrite1hPerMillion: optional(usdPrice),
  outputPerMillion: usdPrice,
  audioInputPerMillion: optional(usdPrice),
  cachedAudioInputPerMillion: optional(usdPrice),
};
const longContextTier = object<{ fromInputTokens: number }>({ fromInputTokens: positiveTokenCount, prices: object(priceSetShape) });
const tierRates = object({
    ...priceSetShape,
    longContext: optional(
      array(longContextTier, [
        rule(
          (tiers: Array<{ fromInputTokens: number }>) => tiers.every((tier, index) => index === 0 || tier.fromInputTokens > (tiers[index - 1]?.fromInputTokens ?? 0)),
          'long-context tiers must be sorted by distinct fromInputTokens',
        ),
      ]),
    ),
    source: optional(source),
});

const timeOfDay = string([pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'a UTC time of day such as "16:30"')]);
const hoursWindow = object<{ fromUtc: string; untilUtc: string }>({ fromUtc: timeOfDay, untilUtc: timeOfDay }, [
  rule((window) => window.fromUtc !== window.untilUtc, 'a window needs different start and end times', ['untilUtc']),
]);

const pricePeriod = object<{ from?: string; until?: string }>(
  {
    from: optional(isoDate),
    until: optional(isoDate),
    standard: tierRates,
    batch: optional(tierRates),
    flex: optional(tierRates),
    priority: optional(tierRates),
    regional: optional(tierRates),
    offPeak: optional(object({ peakHoursUtc: array(hoursWindow, [minItems(1, 'at least one peak window')]), standard: tierRates })),
    fees: optional(object({ webSearchPerThousandCalls: optional(usdPrice) })),
    sources: array(source, [minItems(1, 'every price needs at least one source')]),
  },
  [rule((period) => period.from === undefined || period.until === undefined || Date.parse(period.from) < Date.parse(period.until), '`from` must be before `until`', ['until'])],
);

const modelId = string([
  notEmpty,
  sized(rule((id) => lengthOf(id) <= MAX_MODEL_ID_LENGTH, `a model id is at most ${MAX_MODEL_ID_LENGTH} characters`)),
  rule((id) => id.trim() === id, 'no leading or trailing spaces'),
]);
const modalities = array(oneOf(MODALITIES), [minItems(1, 'needs at least one modality')]);

function periodsDoNotOverlap(periods: ReadonlyArray<{ from?: string | undefined; until?: string | undefined }>): boolean {
  for (let index = 1; index < periods.length; index += 1) {
    const previous = periods[index - 1];
    const current = periods[index];
    if (previous === undefined || current === undefined) return false;
    if (current.from === undefined) return false;
    const previousEnd = previous.until ?? current.from;
    if (Date.parse(previousEnd) > Date.parse(current.from)) return false;
    if (previous.from !== undefined && Date.parse(previous.from) >= Date.parse(current.from)) return false;
  }
  return true;
}

type Limits = { contextWindow?: number; maxInputTokens?: number; maxOutputTokens?: number };

/** A limit of an entry no larger than its context window (where both are given). */
const withinContext = (key: 'maxInputTokens' | 'maxOutputTokens'): Check<Limits> =>
  rule((entry) => !(entry[key]! > entry.contextWindow!), `${key} cannot exceed contextWindow`, [key]);

const modelEntry = object<Limits>(
  {
    id: modelId,
    provider: nonEmpty,
    host: optional(nonEmpty),
    hostModelId: optional(nonEmpty),
    displayName: optional(string()),
    aliases: withDefault(array(modelId), () => []),
    status: withDefault(oneOf(['active', 'beta', 'deprecated']), () => 'active'),
    statusNote: optional(string()),
    releaseDate: optional(isoDate),
    knowledgeCutoff: optional(isoDate),
    contextWindow: optional(positiveTokenCount),
    maxInputTokens: optional(positiveTokenCount),
    maxOutputTokens: optional(positiveTokenCount),
    modalities: object({ input: modalities, output: modalities }),
    reasoning: typed<boolean>('boolean'),
    minCacheableTokens: optional(tokenCount),
    cacheStoragePerMillionPerHour: optional(usdPrice),
    prices: array(pricePeriod, [minItems(1, 'a model needs at least one price period'), rule(periodsDoNotOverlap, 'price periods must be sorted by `from` and must not overlap')]),
    performance: optional(
      object({
        latency: optional(object({ ttftMs: positiveNumber(), outputTokensPerSecond: positiveNumber(), source })),
        rating: optional(object({ capability: count(1, 5), speed: optional(count(1, 5)), source })),
      }),
    ),
    notes: optional(array(string())),
    lifecycle: optional(lifecycle),
    conflicts: optional(array(string())),
  },
  [
    withinContext('maxInputTokens'),
    withinContext('maxOutputTokens'),
  ],
);

const pricingData = object({ version: oneOf([1]), checkedAt: isoDate, models: array(modelEntry) });

/** The outcome of a validation: the parsed value, or every problem in order. */
export type Parsed<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly PricingIssue[] };

function run<T>(validator: V<T>, input: unknown): Parsed<T> {
  const issues: Issue[] = [];
  const data = validator(input, [], issues);
  return issues.length === 0 ? { success: true, data } : { success: false, issues: issues.map(({ path, message }) => ({ path, message })) };
}

/** @internal Validates a whole pricing table as data (what `pricingDataSchema` accepts). */
export const parsePricingData = (input: unknown): Parsed<PricingData> => run(pricingData, input) as Parsed<PricingData>;

/** @internal Validates one model entry (what `modelEntrySchema` accepts). */
export const parseModelEntry = (input: unknown): Parsed<ModelEntry> => run(modelEntry, input) as Parsed<ModelEntry>;

/** @internal A path as `models[3].prices[0].standard.inputPerMillion`, after an optional root. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  const text = path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), root);
  return text === '' ? '(root)' : text;
}

/** @internal Issues as `path: message` lines. */
export const formatIssues = (issues: readonly PricingIssue[], root = ''): string[] => issues.map((issue) => `${formatPath(issue.path, root)}: ${issue.message}`);
