// What every reader shares: a failure that becomes a problem, checked dates, counts, tiers, tags.
// Counts follow estimateCost's rules (non-negative safe integers; cache parts within the input,
// reasoning within the output, cached audio within the cached input, audio and images within
// the uncached input), so a record that reads is a record estimateCost accepts.
import { showValue } from '../../errors.js';
import { MAX_MODEL_ID_LENGTH } from '../../limits.js';
import { isoDateMs } from '../../pricing/dates.js';
import { SERVICE_TIERS, type ServiceTier } from '../../pricing/schema.js';
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

/** Checks the parts of a usage against their wholes, as estimateCost does. */
export function checkParts(usage: Usage, where = ''): void {
  const cached = usage.cachedInputTokens ?? 0;
  const write = usage.cacheWriteTokens ?? 0;
  const write1h = usage.cacheWrite1hTokens ?? 0;
  const uncached = usage.inputTokens - cached - write - write1h;
  if (uncached < 0) {
    fail(`${where}cachedInputTokens + cacheWriteTokens + cacheWrite1hTokens (${cached + write + write1h}) exceed inputTokens (${usage.inputTokens}); inputTokens includes cache reads and writes.`, 'invalid-usage');
  }
  if ((usage.reasoningTokens ?? 0) > usage.outputTokens) fail(`${where}reasoningTokens (${usage.reasoningTokens}) exceed outputTokens (${usage.outputTokens}); outputTokens includes reasoning.`, 'invalid-usage');
  if ((usage.cachedAudioInputTokens ?? 0) > cached) fail(`${where}cachedAudioInputTokens (${usage.cachedAudioInputTokens}) exceed cachedInputTokens (${cached}).`, 'invalid-usage');
  const audioAndImages = (usage.audioInputTokens ?? 0) + (usage.imageInputTokens ?? 0);
  if (audioAndImages > uncached) fail(`${where}audioInputTokens + imageInputTokens (${audioAndImages}) exceed the uncached input (${uncached}).`, 'invalid-usage');
}

/** The usage fields a llm-spend record may carry, in order. */
export const USAGE_FIELDS: ReadonlySet<string> = new Set<string>(['inputTokens', 'outputTokens', ...OPTIONAL_USAGE_PARTS]);

/** A canonical usage from an object of counts (unknown keys refused when `strict`). */
export function usageOf(fields: Fields, where: string, strict: boolean): Usage {
  const inputTokens = countOf(fields['inputTokens'], `${where}inputTokens`, true)!;
  const outputTokens = countOf(fields['outputTokens'], `${where}outputTokens`, true)!;
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens, outputTokens };
  for (const part of OPTIONAL_USAGE_PARTS) {
    const value = countOf(fields[part], `${where}${part}`, false);
    if (value !== undefined && value > 0) usage[part] = value;
  }
  if (strict) {
    for (const key in fields) {
      if (!USAGE_FIELDS.has(key)) fail(`${where}${key} is not a usage field; use ${[...USAGE_FIELDS].join(', ')}.`, 'invalid-usage');
    }
  }
  checkParts(usage, where);
  return usage;
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
