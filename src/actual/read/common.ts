// What every reader shares: a failure that becomes a problem, checked dates, counts, tiers, tags.
// Counts follow estimateCost's rules (non-negative safe integers; cache parts within the input,
// reasoning within the output, cached audio within the cached input, audio and images within
// the uncached input), so a record that reads is a record estimateCost accepts.
import { showValue } from '../../errors.js';
import { MAX_MODEL_ID_LENGTH } from '../../limits.js';
import { isoDateMs } from '../../pricing/dates.js';
import { SERVICE_TIERS } from '../../pricing/constants.js';
import type { ServiceTier } from '../../pricing/types.js';
import { OPTIONAL_USAGE_PARTS, type Usage } from '../../estimate/usage.js';
import type { RecordProblemCode } from '../record.js';

export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A line that cannot be read: caught by the reader and turned into a problem with the line's origin. */
export class ReadFailure {
  constructor(
    readonly code: RecordProblemCode,
    readonly message: string,
    readonly model?: string,
  ) {}
}

export function fail(message: string, code: RecordProblemCode = 'unreadable', model?: string): never {
  throw new ReadFailure(code, message, model);
}

export function shown(value: unknown): string {
  return showValue(value);
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

/** A date as an ISO 8601 UTC timestamp: kept when already canonical, else normalized. */
export function atOf(value: unknown, field: string): string {
  if (typeof value === 'string') {
    const ms = isoDateMs(value);
    if (ms !== undefined) return CANONICAL.test(value) ? value : new Date(ms).toISOString();
  }
  return fail(`${field} must be an ISO 8601 date or date-time such as "2026-08-01T12:00:00Z"; got ${shown(value)}.`);
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// The last date seen (`YYYY-MM-DD`) and its midnight: a log's records mostly share their day.
let lastDay = '';
let lastDayMs = 0;

/** The epoch milliseconds of midnight UTC of the `YYYY-MM-DD` at the start of `text`, or NaN. */
function dayMs(text: string): number {
  if (lastDay.length === 10 && text.startsWith(lastDay)) return lastDayMs;
  const century = twoDigits(text, 0);
  const years = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 1 || years < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = century * 100 + years;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  lastDay = text.slice(0, 10);
  lastDayMs = Date.UTC(year, month - 1, day);
  return lastDayMs;
}

/**
 * The epoch milliseconds of a canonical UTC timestamp (`2026-08-01T12:00:00Z` or with `.123`
 * milliseconds, a real date and time, year 100 or later), or NaN for anything else (then
 * {@link atOf} normalizes or refuses it). Equal to isoDateMs on every text it accepts, without a
 * regular expression or a string built: the common case of a log written by a program.
 */
export function canonicalMs(text: string): number {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return Number.NaN;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  let ms = 0;
  if (length === 24) {
    const hundreds = text.charCodeAt(20) - 48;
    const rest = twoDigits(text, 21);
    if (text.charCodeAt(19) !== 46 || hundreds < 0 || hundreds > 9 || rest < 0) return Number.NaN;
    ms = hundreds * 100 + rest;
  }
  const day = dayMs(text);
  return day + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Epoch milliseconds as an ISO timestamp, refused outside the years 1970–9999. */
export function atOfMs(ms: number, field: string, raw: unknown): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= 253_402_300_800_000) return fail(`${field} is not a usable time; got ${shown(raw)}.`);
  return new Date(ms).toISOString();
}

export function modelOf(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_MODEL_ID_LENGTH) return value;
  if (value === undefined || value === null || value === '') return fail(`${field} is missing: a record needs the model it was billed at.`);
  return fail(`${field} must be a model id (a string of at most ${MAX_MODEL_ID_LENGTH} characters); got ${shown(value)}.`);
}

const TIERS: ReadonlySet<string> = new Set(SERVICE_TIERS);

export function tierOf(value: unknown, field: string): ServiceTier | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && TIERS.has(value)) return value as ServiceTier;
  return fail(`${field} ${shown(value)} is not a service tier; use one of ${SERVICE_TIERS.join(', ')}.`, 'tier-unavailable');
}

/** A count: a non-negative safe integer; undefined or null is absent. */
export function countOf(value: unknown, field: string, required: boolean): number | undefined {
  if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) return value;
  if (value === undefined || value === null) {
    if (required) fail(`${field} is required and missing; a missing count is never read as 0.`, 'invalid-usage');
    return undefined;
  }
  const why =
    typeof value !== 'number'
      ? `must be a number, not ${typeof value === 'string' ? 'a string' : typeof value}`
      : Number.isNaN(value)
        ? 'must be a number, not NaN'
        : !Number.isFinite(value)
          ? 'must be finite'
          : value < 0
            ? 'cannot be negative'
            : !Number.isInteger(value)
              ? 'must be a whole number of tokens'
              : 'must be a safe integer (below 2^53)';
  return fail(`${field} ${why}; got ${shown(value)}.`, 'invalid-usage');
}

/**
 * A usage's counts as plain numbers (0 when absent), in the order of the canonical usage: what
 * the readers check once, and what the summary's fast path adds up without building a Usage.
 */
export class UsageCounts {
  input = 0;
  output = 0;
  cached = 0;
  write = 0;
  write1h = 0;
  reasoning = 0;
  audio = 0;
  cachedAudio = 0;
  images = 0;
  searches = 0;
}

/** Checks the parts of counts against their wholes, as estimateCost does. */
function checkCountParts(c: UsageCounts, where: string): void {
  const uncached = c.input - c.cached - c.write - c.write1h;
  if (uncached < 0) {
    fail(`${where}cachedInputTokens + cacheWriteTokens + cacheWrite1hTokens (${c.cached + c.write + c.write1h}) exceed inputTokens (${c.input}); inputTokens includes cache reads and writes.`, 'invalid-usage');
  }
  if (c.reasoning > c.output) fail(`${where}reasoningTokens (${c.reasoning}) exceed outputTokens (${c.output}); outputTokens includes reasoning.`, 'invalid-usage');
  if (c.cachedAudio > c.cached) fail(`${where}cachedAudioInputTokens (${c.cachedAudio}) exceed cachedInputTokens (${c.cached}).`, 'invalid-usage');
  const audioAndImages = c.audio + c.images;
  if (audioAndImages > uncached) fail(`${where}audioInputTokens + imageInputTokens (${audioAndImages}) exceed the uncached input (${uncached}).`, 'invalid-usage');
}

/** Checks the parts of a usage against their wholes, as estimateCost does. */
export function checkParts(usage: Usage, where = ''): void {
  const c = new UsageCounts();
  c.input = usage.inputTokens;
  c.output = usage.outputTokens;
  c.cached = usage.cachedInputTokens ?? 0;
  c.write = usage.cacheWriteTokens ?? 0;
  c.write1h = usage.cacheWrite1hTokens ?? 0;
  c.reasoning = usage.reasoningTokens ?? 0;
  c.audio = usage.audioInputTokens ?? 0;
  c.cachedAudio = usage.cachedAudioInputTokens ?? 0;
  c.images = usage.imageInputTokens ?? 0;
  checkCountParts(c, where);
}

/** The usage fields a llm-spend record may carry, in order. */
export const USAGE_FIELDS: ReadonlySet<string> = new Set<string>(['inputTokens', 'outputTokens', ...OPTIONAL_USAGE_PARTS]);

/** An optional count: a non-negative safe integer, 0 when absent (the fast test first, countOf for the message). */
function partOf(value: unknown, field: string, where: string): number {
  if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) return value;
  if (value === undefined || value === null) return 0;
  return countOf(value, `${where}${field}`, false)!;
}

/**
 * Reads and checks the counts of an object into `into` (unknown keys refused when `strict`):
 * every count a non-negative safe integer, the two wholes required, parts within their wholes.
 */
export function countsOf(fields: Fields, where: string, strict: boolean, into: UsageCounts): void {
  const input = fields['inputTokens'];
  into.input = typeof input === 'number' && input >= 0 && Number.isSafeInteger(input) ? input : countOf(input, `${where}inputTokens`, true)!;
  const output = fields['outputTokens'];
  into.output = typeof output === 'number' && output >= 0 && Number.isSafeInteger(output) ? output : countOf(output, `${where}outputTokens`, true)!;
  into.cached = partOf(fields['cachedInputTokens'], 'cachedInputTokens', where);
  into.write = partOf(fields['cacheWriteTokens'], 'cacheWriteTokens', where);
  into.write1h = partOf(fields['cacheWrite1hTokens'], 'cacheWrite1hTokens', where);
  into.reasoning = partOf(fields['reasoningTokens'], 'reasoningTokens', where);
  into.audio = partOf(fields['audioInputTokens'], 'audioInputTokens', where);
  into.cachedAudio = partOf(fields['cachedAudioInputTokens'], 'cachedAudioInputTokens', where);
  into.images = partOf(fields['imageInputTokens'], 'imageInputTokens', where);
  into.searches = partOf(fields['webSearchCalls'], 'webSearchCalls', where);
  if (strict) {
    for (const key in fields) {
      if (!USAGE_FIELDS.has(key)) fail(`${where}${key} is not a usage field; use ${[...USAGE_FIELDS].join(', ')}.`, 'invalid-usage');
    }
  }
  checkCountParts(into, where);
}

/** The canonical usage of checked counts: the wholes, and every part above 0, in OPTIONAL_USAGE_PARTS order. */
export function usageOfCounts(c: UsageCounts): Usage {
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens: c.input, outputTokens: c.output };
  if (c.cached > 0) usage.cachedInputTokens = c.cached;
  if (c.write > 0) usage.cacheWriteTokens = c.write;
  if (c.write1h > 0) usage.cacheWrite1hTokens = c.write1h;
  if (c.reasoning > 0) usage.reasoningTokens = c.reasoning;
  if (c.audio > 0) usage.audioInputTokens = c.audio;
  if (c.cachedAudio > 0) usage.cachedAudioInputTokens = c.cachedAudio;
  if (c.images > 0) usage.imageInputTokens = c.images;
  if (c.searches > 0) usage.webSearchCalls = c.searches;
  return usage;
}

/** A canonical usage from an object of counts (unknown keys refused when `strict`). */
export function usageOf(fields: Fields, where: string, strict: boolean): Usage {
  const counts = new UsageCounts();
  countsOf(fields, where, strict, counts);
  return usageOfCounts(counts);
}

/** A sum of counts, refused past 2^53 − 1. */
export function sumCounts(what: string, ...terms: number[]): number {
  let total = 0;
  for (const term of terms) total += term;
  if (!Number.isSafeInteger(total)) fail(`${what} = ${terms.join(' + ')} is larger than 2^53 − 1 and cannot be counted exactly.`, 'invalid-usage');
  return total;
}

/** A tag value as a string: strings as they are, numbers and booleans printed; anything else refused. */
export function tagValue(value: unknown, key: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return undefined;
  return fail(`tag ${JSON.stringify(key.slice(0, 60))} must be a string, number or boolean; got ${shown(value)}.`);
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** Tags: an object whose values are strings (reused as is), or printable scalars (copied). */
export function tagsOf(value: unknown, field: string): Readonly<Record<string, string>> {
  if (value === undefined || value === null) return EMPTY;
  if (!isRecord(value)) return fail(`${field} must be an object of strings; got ${shown(value)}.`);
  let plain = true;
  for (const key in value) {
    if (typeof value[key] !== 'string') {
      plain = false;
      break;
    }
  }
  if (plain) return value as Readonly<Record<string, string>>;
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(value)) {
    const text = tagValue(value[key], key);
    if (text !== undefined) tags[key] = text;
  }
  return tags;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(`${field} must be a string; got ${shown(value)}.`);
}

/** `calls` of a record: a positive safe integer (default 1). */
export function callsOf(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const calls = countOf(value, field, true)!;
  return calls;
}
