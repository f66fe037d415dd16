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
import { pointed } from './digits.js';
import { MAX_MODEL_ID_LENGTH, MAX_MONEY_FRACTION_DIGITS, MAX_MONEY_INTEGER_DIGITS, MAX_MONEY_STRING_LENGTH } from '../limits.js';
import { MODALITIES } from './constants.js';
import type { ModelEntry, PricingData } from './types.js';

/** One problem of an untrusted table: where (a path from the value given) and what. */
export interface PricingIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

type Issue = PricingIssue;

type Path = readonly PropertyKey[];
/** A validator: the parsed value, with its issues appended (a value returned beside issues is not used). */
type V<T = unknown> = (input: unknown, path: Path, issues: Issue[]) => T;
/**
 * A check of a parsed value: its test, its message, whether it is a size check (which also runs
 * after a wrong type, on any value with a length) and where it points below the value.
 */
type Check = readonly [test: (value: any) => boolean, message: string, sized?: boolean, at?: readonly PropertyKey[]];

// Hard issues so far (a wrong type, a bad transform): a check runs only when none came after it started.
let hardIssues = 0;
const soft = (issues: Issue[], path: Path, message: string): void => void issues.push({ path, message });
const hard = (issues: Issue[], path: Path, message: string): void => {
  hardIssues += 1;
  soft(issues, path, message);
};

/** The type zod names: `null`, `array`, `NaN`, `Infinity` and `-Infinity` apart. */
const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && !Number.isFinite(value) ? String(value) : typeof value);

const expected = (what: string, input: unknown): string => `expected ${what}, got ${typeName(input)}`;

/** Runs checks on a parsed value when nothing before them failed hard (a size check: when the value has a length). */
const withChecks =
  <T>(validator: V<T>, checks: readonly Check[] = []): V<T> =>
  (input, path, issues) => {
    const from = hardIssues;
    const value = validator(input, path, issues);
    for (const [test, message, sized, at = []] of checks) {
      if ((sized ? (value as { length?: unknown } | null)?.length !== undefined : hardIssues === from) && !test(value)) soft(issues, [...path, ...at], message);
    }
    return value;
  };

/** A value of one `typeof`, with checks. */
const typed = (type: 'string' | 'boolean', checks?: readonly Check[]): V =>
  withChecks((input, path, issues) => {
    if (typeof input !== type) hard(issues, path, expected(type, input));
    return input;
  }, checks);

/** A length in code points for a string (zod's rule), in items otherwise. */
const lengthOf = (value: { readonly length: number }): number => (typeof value === 'string' ? Array.from(value).length : value.length);
/** At least one character or item (a size check). */
const minOne = (message: string): Check => [(value: { length: number }) => value.length > 0, message, true];
const notEmpty = minOne('must not be empty');

/**
 * A finite number: with `min`, an integer count (`z.number().int()`) within bounds (a fraction
 * stops the checks, an unsafe integer does not); without, a positive number.
 */
const number =
  (min?: number, max = Infinity): V =>
  (input, path, issues) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) hard(issues, path, expected('number', input));
    else if (min === undefined) {
      if (!(input > 0)) soft(issues, path, 'must be > 0');
    } else if (!Number.isInteger(input)) hard(issues, path, expected('int', input));
    else {
      if (!Number.isSafeInteger(input)) soft(issues, path, 'must be a safe integer');
      if (input < min) soft(issues, path, `must be >= ${min}`);
      if (input > max) soft(issues, path, `must be <= ${max}`);
    }
    return input;
  };

const oneOf =
  (values: readonly unknown[]): V =>
  (input, path, issues) => {
    if (!values.includes(input)) hard(issues, path, `expected ${values.map((value) => JSON.stringify(value)).join(' or ')}`);
    return input;
  };

/** The validators by kind code; an object's fields name theirs, looked up when validating. */
const KINDS: Record<string, V> = {};

/** An array of one kind. */
const array = (item: string, checks?: readonly Check[]): V =>
  withChecks((input, path, issues) => {
    if (!Array.isArray(input)) {
      hard(issues, path, expected('array', input));
      return input;
    }
    return Array.from(input, (value, index) => KINDS[item]!(value, [...path, index], issues));
  }, checks);

/**
 * A strict object from its fields, `name kind` pairs (`?kind`: optional; absent or undefined, it
 * stays so): the fields in order, then unknown keys, then the object's own checks.
 */
function object(fields: string, checks?: readonly Check[]): V {
  const words = fields.split(' ');
  const keys = words.filter((_, index) => index % 2 === 0);
  return withChecks((input, path, issues) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      hard(issues, path, expected('object', input));
      return {};
    }
    const out: Record<string, unknown> = {};
    const record = input as Record<string, unknown>;
    keys.forEach((key, index) => {
      const kind = words[index * 2 + 1]!;
      // (an optional key present as undefined stays undefined; a value beside issues is never used)
      const value = kind[0] === '?' && record[key] === undefined ? undefined : KINDS[kind.replace('?', '')]!(record[key], [...path, key], issues);
      // (a schema key, never `__proto__`: a plain assignment)
      if (key in record || value !== undefined) out[key] = value;
    });
    // (zod reads keys with for...in: inherited enumerable keys are unknown keys too)
    const unknown: string[] = [];
    for (const key in record) if (!keys.includes(key)) unknown.push(key);
    if (unknown.length > 0) soft(issues, path, `unknown key${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
    return out;
  }, checks);
}

/** A field with a default: absent (or undefined), it takes `fallback()`. */
const withDefault =
  (validate: V, fallback: () => unknown): V =>
  (input, path, issues) =>
    input === undefined ? fallback() : validate(input, path, issues);

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
  return digits.length - 1 + exponent >= MAX_MONEY_INTEGER_DIGITS || -exponent > MAX_MONEY_FRACTION_DIGITS ? { problem: 'digits' } : { value: pointed(digits, -exponent) };
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
        : `a price has at most ${MAX_MONEY_INTEGER_DIGITS} digits before the point and ${MAX_MONEY_FRACTION_DIGITS} after it; got ${showValue(text, 60)}`,
  );
  return '';
};

// ------------------------------------------------------------------ the schema

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Sorted by distinct `fromInputTokens` (long-context tiers), or by `from` without overlaps (price periods). */
const ascending = (items: ReadonlyArray<{ fromInputTokens: number }>): boolean => items.every((item, index) => index === 0 || item.fromInputTokens > items[index - 1]!.fromInputTokens);

/** Each period after the first has a `from`, after the previous one's `from` and not before its `until`. */
const periodsDoNotOverlap = (periods: ReadonlyArray<{ from?: string; until?: string }>): boolean =>
  periods.every((current, index) => {
    const previous = periods[index - 1];
    const from = Date.parse(current.from!);
    // (the same comparisons as the schema's: a date that does not parse compares false)
    return previous === undefined || (current.from !== undefined && !(Date.parse(previous.until ?? current.from) > from) && !(Date.parse(previous.from!) >= from));
  });

/** A limit of an entry no larger than its context window (where both are given). */
const withinContext = (key: 'maxInputTokens' | 'maxOutputTokens'): Check => [
  (entry: Record<string, number>) => !(entry[key]! > entry['contextWindow']!),
  `${key} cannot exceed contextWindow`,
  false,
  [key],
];

const PRICES = 'inputPerMillion p cachedInputPerMillion ?p cacheWritePerMillion ?p cacheWrite1hPerMillion ?p outputPerMillion p audioInputPerMillion ?p cachedAudioInputPerMillion ?p';

Object.assign(KINDS, {
  // leaves
  s: typed('string'),
  n: typed('string', [notEmpty]),
  d: typed('string', [
    [(text: string) => ISO_DATE.test(text), 'an ISO-8601 date such as "2026-03-17"'],
    [(text: string) => isoDateMs(text) !== undefined, 'a real calendar date'],
  ]),
  t: typed('string', [[(text: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(text), 'a UTC time of day such as "16:30"']]),
  i: typed('string', [
    notEmpty,
    [(id: string) => lengthOf(id) <= MAX_MODEL_ID_LENGTH, `a model id is at most ${MAX_MODEL_ID_LENGTH} characters`, true],
    [(id: string) => id.trim() === id, 'no leading or trailing spaces'],
  ]),
  b: typed('boolean'),
  p: usdPrice,
  0: number(0),
  1: number(1),
  5: number(1, 5),
  '+': number(),
  // objects
  S: object('url n checkedAt d note ?s derived ?s'),
  L: object('date d source S'),
  C: object('deprecatedAt ?L shutdownAt ?L replacement ?R'),
  R: object('id n source S'),
  P: object(PRICES),
  T: object(`${PRICES} longContext ?g source ?S`),
  G: object('fromInputTokens 1 prices P'),
  W: object('fromUtc t untilUtc t', [[(window: { fromUtc: string; untilUtc: string }) => window.fromUtc !== window.untilUtc, 'fromUtc and untilUtc must differ', false, ['untilUtc']]]),
  O: object('peakHoursUtc w standard T'),
  F: object('webSearchPerThousandCalls ?p'),
  D: object('from ?d until ?d standard T batch ?T flex ?T priority ?T regional ?T offPeak ?O fees ?F sources z', [
    [(period: { from?: string; until?: string }) => period.from === undefined || period.until === undefined || Date.parse(period.from) < Date.parse(period.until), '`from` must be before `until`', false, ['until']],
  ]),
  M: object('input m output m'),
  Q: object('latency ?A rating ?B'),
  A: object('ttftMs + outputTokensPerSecond + source S'),
  B: object('capability 5 speed ?5 source S'),
  E: object(
    'id i provider n host ?n hostModelId ?n displayName ?s aliases a status u statusNote ?s releaseDate ?d knowledgeCutoff ?d contextWindow ?1 maxInputTokens ?1 maxOutputTokens ?1 modalities M reasoning b minCacheableTokens ?0 cacheStoragePerMillionPerHour ?p prices x performance ?Q notes ?l lifecycle ?C conflicts ?l',
    [withinContext('maxInputTokens'), withinContext('maxOutputTokens')],
  ),
  X: object('version v checkedAt d models e'),
  // arrays, defaults, enums
  g: array('G', [[ascending, 'long-context tiers must be sorted by distinct fromInputTokens']]),
  w: array('W', [minOne('needs at least one peak window')]),
  z: array('S', [minOne('needs at least one source')]),
  x: array('D', [minOne('needs at least one price period'), [periodsDoNotOverlap, 'periods must be sorted by `from` and must not overlap']]),
  m: array('o', [minOne('needs at least one modality')]),
  o: oneOf(MODALITIES),
  a: withDefault(array('i'), () => []),
  u: withDefault(oneOf(['active', 'beta', 'deprecated']), () => 'active'),
  l: array('s'),
  e: array('E'),
  v: oneOf([1]),
});

/** The outcome of a validation: the parsed value, or every problem in order. */
export type Parsed<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly PricingIssue[] };

function run<T>(kind: string, input: unknown): Parsed<T> {
  const issues: Issue[] = [];
  const data = KINDS[kind]!(input, [], issues) as T;
  return issues.length === 0 ? { success: true, data } : { success: false, issues };
}

/** @internal Validates a whole pricing table as data (what `pricingDataSchema` accepts). */
export const parsePricingData = (input: unknown): Parsed<PricingData> => run('X', input) as Parsed<PricingData>;

/** @internal Validates one model entry (what `modelEntrySchema` accepts). */
export const parseModelEntry = (input: unknown): Parsed<ModelEntry> => run('E', input) as Parsed<ModelEntry>;

/** @internal A path as `models[3].prices[0].standard.inputPerMillion`, after an optional root. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  const text = path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), root);
  return text === '' ? '(root)' : text;
}
