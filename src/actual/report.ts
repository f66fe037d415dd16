// What was spent: every record priced at its own date (priceRecord's pricer), summed exactly in
// integer units (pico-USD numbers kept below 2^52, flushed into BigInts), grouped by model, time
// (day, ISO week, month in a time zone), tier, provider and tags. Every item is counted: records
// read = priced + problems + skipped.
import { LlmSpendError, showValue } from '../errors.js';
import { unitsToUsd } from '../estimate/compiled.js';
import type { CostBreakdown } from '../estimate/usage.js';
import { OPTIONAL_USAGE_PARTS } from '../estimate/usage.js';
import type { PricingTable } from '../pricing/table.js';
import { COST_PARTS, emptyUnits, pricerFor, type CostUnits } from './price.js';
import type { ReadItem, RecordProblem, RecordProblemCode, UsageRecord } from './record.js';

/** A grouping dimension of {@link summarizeSpend}: `tag:<name>` groups by a tag (records without it under `"(none)"`). */
export type SpendGroupKey = 'model' | 'day' | 'week' | 'month' | 'tier' | 'provider' | `tag:${string}`;

/** Options of {@link summarizeSpend}. */
export interface SummarizeSpendOptions {
  /** The dimensions of the rows, in order. @defaultValue `["model"]` */
  readonly groupBy?: readonly SpendGroupKey[] | undefined;
  /** The IANA time zone of `day`, `week` and `month`. @defaultValue "UTC" */
  readonly timeZone?: string | undefined;
  /** The table to price from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /** How many problems are listed (all are counted). @defaultValue 100 */
  readonly maxProblems?: number | undefined;
}

/** Token totals of a row: the sums of the records' usage fields (exact below 2^53). */
export interface SpendTokens {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheWriteTokens: number;
  readonly cacheWrite1hTokens: number;
  readonly reasoningTokens: number;
  readonly audioInputTokens: number;
  readonly cachedAudioInputTokens: number;
  readonly imageInputTokens: number;
  readonly webSearchCalls: number;
}

/** One group: its key, counts, tokens and exact cost. */
export interface SpendRow {
  /** The value of each `groupBy` dimension (`day` `"2026-08-21"`, `week` `"2026-W34"`, `month` `"2026-08"`, a tag's value or `"(none)"`). */
  readonly key: Readonly<Record<string, string>>;
  /** Model requests (a call counts its requests; an aggregate, the requests the provider reported). */
  readonly calls: number;
  /** Records priced. */
  readonly records: number;
  readonly tokens: SpendTokens;
  /** The cost, part by part, exact USD strings. */
  readonly cost: CostBreakdown;
}

/** A warning about how something was priced: `{ code, message }`, with how many records it concerns. */
export interface SpendWarning {
  readonly code: 'priced-after-shutdown' | 'aggregate-base-rates';
  readonly message: string;
  readonly model: string;
  readonly records: number;
}

/** What {@link summarizeSpend} returns. */
export interface SpendReport {
  readonly groupBy: readonly SpendGroupKey[];
  readonly timeZone: string;
  /** The groups, sorted by key. Their sums equal `total`. */
  readonly rows: readonly SpendRow[];
  /** Every priced record. */
  readonly total: Omit<SpendRow, 'key'>;
  /** `read` = `priced` + `problems` + `skipped`. */
  readonly counts: { readonly read: number; readonly priced: number; readonly problems: number; readonly skipped: number };
  /** Problems: counted by code, the first `maxProblems` listed with their origin. */
  readonly problems: { readonly byCode: Readonly<Partial<Record<RecordProblemCode, number>>>; readonly listed: readonly RecordProblem[] };
  /** Entries skipped on purpose by the reader, by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  /** The first and last date of the priced records (ISO timestamps), or `null` when none was priced. */
  readonly dateRange: { readonly from: string; readonly to: string } | null;
  readonly warnings: readonly SpendWarning[];
}

// ------------------------------------------------------------------------------ exact sums

const FLUSH = 2 ** 52;
const PART_COUNT = COST_PARTS.length;
const TOKEN_FIELDS = ['inputTokens', 'outputTokens', ...OPTIONAL_USAGE_PARTS] as const;

/** Exact sums of the cost parts: pico-USD numbers below 2^52, BigInt beyond, other scales apart. */
class Sums {
  calls = 0;
  records = 0;
  readonly tokens: number[] = new Array<number>(TOKEN_FIELDS.length).fill(0);
  private readonly small: number[] = new Array<number>(PART_COUNT).fill(0);
  private readonly big: bigint[] = new Array<bigint>(PART_COUNT).fill(0n);
  private scaled: Map<number, bigint[]> | undefined;

  add(units: CostUnits, record: UsageRecord): void {
    this.calls += record.calls;
    this.records += 1;
    const usage = record.usage;
    const tokens = this.tokens;
    tokens[0] = tokens[0]! + usage.inputTokens;
    tokens[1] = tokens[1]! + usage.outputTokens;
    for (let index = 2; index < TOKEN_FIELDS.length; index += 1) {
      const value = usage[TOKEN_FIELDS[index]!];
      if (value !== undefined) tokens[index] = tokens[index]! + value;
    }
    if (units.scale === 12) {
      const small = this.small;
      for (let index = 0; index < PART_COUNT; index += 1) {
        const value = units[COST_PARTS[index]!];
        if (typeof value === 'number') {
          if (value === 0) continue;
          let sum = small[index]!;
          if (sum >= FLUSH || value >= FLUSH) {
            this.big[index] = this.big[index]! + BigInt(sum);
            sum = 0;
          }
          small[index] = sum + value;
        } else {
          this.big[index] = this.big[index]! + value;
        }
      }
      return;
    }
    this.scaled ??= new Map();
    let sums = this.scaled.get(units.scale);
    if (sums === undefined) {
      sums = new Array<bigint>(PART_COUNT).fill(0n);
      this.scaled.set(units.scale, sums);
    }
    for (let index = 0; index < PART_COUNT; index += 1) sums[index] = sums[index]! + BigInt(units[COST_PARTS[index]!]);
  }

  cost(): CostBreakdown {
    let scale = 12;
    for (const key of this.scaled?.keys() ?? []) scale = Math.max(scale, key);
    const result: Record<string, string> = {};
    for (let index = 0; index < PART_COUNT; index += 1) {
      let units = (this.big[index]! + BigInt(this.small[index]!)) * 10n ** BigInt(scale - 12);
      for (const [at, sums] of this.scaled ?? []) units += sums[index]! * 10n ** BigInt(scale - at);
      result[COST_PARTS[index]!] = unitsToUsd(units, scale);
    }
    return result as unknown as CostBreakdown;
  }

  tokenTotals(): SpendTokens {
    const result: Record<string, number> = {};
    TOKEN_FIELDS.forEach((field, index) => (result[field] = this.tokens[index]!));
    return result as unknown as SpendTokens;
  }
}

// ------------------------------------------------------------------------------ calendar

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

/** Civil date of a count of days since 1970-01-01 (proleptic Gregorian). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysFromCivil(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));
const pad4 = (value: number): string => String(value).padStart(4, '0');

/** `{ day, week, month }` labels of a local civil date, given as days since the epoch. */
function labels(localDays: number): { day: string; week: string; month: string } {
  const { year, month, day } = civil(localDays);
  // ISO week: the week (Monday first) holding the Thursday; its year is the Thursday's year.
  const weekday = (((localDays + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const thursday = localDays - weekday + 3;
  const thursdayYear = civil(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(thursdayYear, 1, 1)) / 7) + 1;
  return { day: `${pad4(year)}-${pad2(month)}-${pad2(day)}`, week: `${pad4(thursdayYear)}-W${pad2(week)}`, month: `${pad4(year)}-${pad2(month)}` };
}

/**
 * Local calendar labels in a time zone. The zone's offset is taken once per quarter hour of UTC
 * (every offset in use since 1972 is a multiple of 15 minutes, and changes at a quarter hour), so
 * a year of records costs a few thousand Intl calls, not one per record.
 */
class Calendar {
  private readonly format: { formatToParts(ms: number): Array<{ type: string; value: string }> } | undefined;
  private readonly cache = new Map<number, { day: string; week: string; month: string }>();
  private lastBucket = Number.NaN;
  private last: { day: string; week: string; month: string } = { day: '', week: '', month: '' };

  constructor(readonly timeZone: string) {
    if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return;
    try {
      this.format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hourCycle: 'h23' });
    } catch {
      throw new LlmSpendError('INVALID_USAGE', `timeZone ${showValue(timeZone)} is not an IANA time zone such as "UTC", "Europe/Paris" or "America/New_York".`, { path: 'timeZone', value: showValue(timeZone) });
    }
  }

  of(ms: number): { day: string; week: string; month: string } {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    if (bucket === this.lastBucket) return this.last;
    let found = this.cache.get(bucket);
    if (found === undefined) {
      let days: number;
      if (this.format === undefined) days = Math.floor(ms / DAY_MS);
      else {
        let year = 0;
        let month = 0;
        let day = 0;
        for (const part of this.format.formatToParts(bucket * QUARTER_HOUR_MS)) {
          if (part.type === 'year') year = Number(part.value);
          else if (part.type === 'month') month = Number(part.value);
          else if (part.type === 'day') day = Number(part.value);
        }
        days = daysFromCivil(year, month, day);
      }
      found = labels(days);
      if (this.cache.size >= 100_000) this.cache.clear();
      this.cache.set(bucket, found);
    }
    this.lastBucket = bucket;
    this.last = found;
    return found;
  }
}

// ------------------------------------------------------------------------------ the summary

const NONE = '(none)';
const BASE_KEYS: ReadonlySet<string> = new Set(['model', 'day', 'week', 'month', 'tier', 'provider']);

function checkGroupBy(value: unknown): readonly SpendGroupKey[] {
  if (value === undefined) return ['model'];
  if (!Array.isArray(value)) throw new LlmSpendError('INVALID_USAGE', `groupBy must be a list such as ["model", "day"]; got ${showValue(value)}.`, { path: 'groupBy' });
  const seen = new Set<string>();
  for (const key of value as unknown[]) {
    const ok = typeof key === 'string' && (BASE_KEYS.has(key) || (key.startsWith('tag:') && key.length > 4));
    if (!ok) throw new LlmSpendError('INVALID_USAGE', `groupBy entry ${showValue(key)} is not one of model, day, week, month, tier, provider or tag:<name>.`, { path: 'groupBy', value: showValue(key) });
    if (seen.has(key)) throw new LlmSpendError('INVALID_USAGE', `groupBy names ${key} twice.`, { path: 'groupBy' });
    seen.add(key);
  }
  return value as SpendGroupKey[];
}

function isItem(value: unknown): value is ReadItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as { ok?: unknown; record?: unknown; problem?: unknown };
  return (item.ok === true && typeof item.record === 'object' && item.record !== null) || (item.ok === false && typeof item.problem === 'object' && item.problem !== null);
}

function isStats(value: unknown): value is { skipped: Readonly<Record<string, number>> } {
  return typeof value === 'object' && value !== null && typeof (value as { skipped?: unknown }).skipped === 'object' && (value as { skipped?: unknown }).skipped !== null;
}

/**
 * Prices every record at its own date and sums the spend exactly, grouped by any of `model` (the
 * table id), `day` / `week` (ISO, Monday first, labelled `2026-W34`) / `month` in a time zone,
 * `tier`, `provider` and `tag:<name>`. Nothing is dropped: a record that cannot be priced is
 * counted as a problem (the first `maxProblems` listed with their origin), and entries the reader
 * skipped (from `readUsageLog`'s returned counts) are counted too: `read = priced + problems +
 * skipped`. Warnings name models priced after their shutdown date and aggregates priced at base
 * rates because their long-context band is unknown.
 *
 * @param items - what {@link readUsageLog} yields (or any iterable of {@link ReadItem}s)
 * @returns rows (sorted by key), total, counts, problems, skipped entries, date range and warnings
 * @throws LlmSpendError `INVALID_USAGE` for bad options (an unknown group or time zone) or an item that is not a ReadItem
 * @example
 * ```ts
 * import { readUsageLog, summarizeSpend } from 'llm-spend';
 * const log = [
 *   '{"at":"2026-08-20T12:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":1000,"outputTokens":100}}',
 *   '{"at":"2026-08-22T12:00:00Z","model":"gpt-5.6-sol","usage":{"inputTokens":1000,"outputTokens":100}}',
 * ].join('\n');
 * const report = await summarizeSpend(readUsageLog(log), { groupBy: ['day'] });
 * report.total.cost.total; // "0.014"
 * report.rows.map((row) => row.cost.total); // ["0.008", "0.006"]
 * ```
 */
export async function summarizeSpend(items: AsyncIterable<ReadItem> | Iterable<ReadItem>, options: SummarizeSpendOptions = {}): Promise<SpendReport> {
  if (typeof options !== 'object' || options === null) throw new LlmSpendError('INVALID_USAGE', `summarizeSpend options must be an object; got ${showValue(options)}.`, { path: 'options' });
  const groupBy = checkGroupBy(options.groupBy);
  const timeZone = options.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string') throw new LlmSpendError('INVALID_USAGE', `timeZone must be an IANA name such as "Europe/Paris"; got ${showValue(timeZone)}.`, { path: 'timeZone' });
  const calendar = new Calendar(timeZone);
  const maxProblems = options.maxProblems ?? 100;
  if (typeof maxProblems !== 'number' || !Number.isSafeInteger(maxProblems) || maxProblems < 0) {
    throw new LlmSpendError('INVALID_USAGE', `maxProblems must be a whole number ≥ 0; got ${showValue(maxProblems)}.`, { path: 'maxProblems' });
  }
  const iterator = iteratorOf(items);
  const pricer = pricerFor(options.pricing === undefined ? {} : { pricing: options.pricing });
  const units = emptyUnits();
  const total = new Sums();
  const rows = new Map<string, { key: Record<string, string>; sums: Sums }>();
  const byCode: Partial<Record<RecordProblemCode, number>> = {};
  const listed: RecordProblem[] = [];
  const warnings = new Map<string, { code: SpendWarning['code']; model: string; records: number; shutdownAt?: string | undefined }>();
  let items_ = 0;
  let priced = 0;
  let problems = 0;
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  let skipped: Readonly<Record<string, number>> = {};
  const dims = groupBy.length;
  const single = dims === 1 ? groupBy[0] : undefined;
  const values: string[] = new Array<string>(dims).fill('');

  const addProblem = (problem: RecordProblem): void => {
    problems += 1;
    byCode[problem.code] = (byCode[problem.code] ?? 0) + 1;
    if (listed.length < maxProblems) listed.push(problem);
  };

  for (;;) {
    const step = await iterator.next();
    if (step.done === true) {
      if (isStats(step.value)) skipped = step.value.skipped;
      break;
    }
    const item: unknown = step.value;
    if (!isItem(item)) throw new LlmSpendError('INVALID_USAGE', `summarizeSpend takes the items of readUsageLog ({ ok: true, record } or { ok: false, problem }); item ${items_ + 1} is ${showValue(item)}.`, { index: items_ });
    items_ += 1;
    if (!item.ok) {
      addProblem(item.problem);
      continue;
    }
    const record = item.record;
    const problem = pricer.price(record, units);
    if (problem !== null) {
      addProblem(problem);
      continue;
    }
    priced += 1;
    const ms = units.atMs;
    if (ms < fromMs) fromMs = ms;
    if (ms > toMs) toMs = ms;
    if (units.status === 'shut-down' || units.assumedBaseRates) noteWarning(warnings, units);
    total.add(units, record);
    let key: string;
    if (single !== undefined) {
      key = valueOf(single, units, record, calendar);
      values[0] = key;
    } else {
      key = '';
      for (let index = 0; index < dims; index += 1) {
        const value = valueOf(groupBy[index]!, units, record, calendar);
        values[index] = value;
        key = index === 0 ? value : `${key}\u0000${value}`;
      }
    }
    let row = rows.get(key);
    if (row === undefined) {
      const rowKey: Record<string, string> = {};
      groupBy.forEach((name, index) => (rowKey[name] = values[index]!));
      row = { key: rowKey, sums: new Sums() };
      rows.set(key, row);
    }
    row.sums.add(units, record);
  }

  const skippedCount = Object.values(skipped).reduce((sum, count) => sum + (typeof count === 'number' ? count : 0), 0);
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    groupBy: [...groupBy],
    timeZone,
    rows: sorted.map(([, row]) => ({ key: row.key, calls: row.sums.calls, records: row.sums.records, tokens: row.sums.tokenTotals(), cost: row.sums.cost() })),
    total: { calls: total.calls, records: total.records, tokens: total.tokenTotals(), cost: total.cost() },
    counts: { read: items_ + skippedCount, priced, problems, skipped: skippedCount },
    problems: { byCode, listed },
    skipped: { ...skipped },
    dateRange: priced === 0 ? null : { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    warnings: [...warnings.values()].map((warning) => ({
      code: warning.code,
      model: warning.model,
      records: warning.records,
      message:
        warning.code === 'priced-after-shutdown'
          ? `${warning.model}: ${warning.records} record(s) dated on or after its shutdown (${warning.shutdownAt ?? 'date in the table'}) were priced at its last price; check the model name or the table's lifecycle date.`
          : `${warning.model}: ${warning.records} aggregate record(s) did not say whether the long-context price applied and were priced at the base rates (exact only if every request was below the long-context threshold); export the usage grouped by context window.`,
    })),
  };
}

function noteWarning(warnings: Map<string, { code: SpendWarning['code']; model: string; records: number; shutdownAt?: string | undefined }>, units: CostUnits): void {
  const notes: Array<SpendWarning['code']> = [];
  if (units.status === 'shut-down') notes.push('priced-after-shutdown');
  if (units.assumedBaseRates) notes.push('aggregate-base-rates');
  for (const code of notes) {
    const key = `${code}\u0000${units.model}`;
    const known = warnings.get(key);
    if (known !== undefined) known.records += 1;
    else warnings.set(key, { code, model: units.model, records: 1, shutdownAt: units.lifecycle?.shutdownAt?.date });
  }
}

function valueOf(dimension: SpendGroupKey, units: CostUnits, record: UsageRecord, calendar: Calendar): string {
  switch (dimension) {
    case 'model':
      return units.model;
    case 'tier':
      return units.tier;
    case 'provider':
      return units.provider;
    case 'day':
      return calendar.of(units.atMs).day;
    case 'week':
      return calendar.of(units.atMs).week;
    case 'month':
      return calendar.of(units.atMs).month;
    default: {
      const tags = record.tags;
      const name = dimension.slice(4);
      const value = typeof tags === 'object' && tags !== null && Object.hasOwn(tags, name) ? tags[name] : undefined;
      return typeof value === 'string' ? value : NONE;
    }
  }
}

function iteratorOf(items: AsyncIterable<ReadItem> | Iterable<ReadItem>): { next(): Promise<IteratorResult<unknown, unknown>> | IteratorResult<unknown, unknown> } {
  if (typeof items === 'object' && items !== null) {
    const asyncIterator = (items as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator];
    if (typeof asyncIterator === 'function') return (asyncIterator as () => AsyncIterator<unknown, unknown>).call(items);
    const syncIterator = (items as { [Symbol.iterator]?: unknown })[Symbol.iterator];
    if (typeof syncIterator === 'function') return (syncIterator as () => Iterator<unknown, unknown>).call(items);
  }
  throw new LlmSpendError('INVALID_USAGE', `summarizeSpend takes readUsageLog(...) or an iterable of its items; got ${showValue(items)}.`, { path: 'items' });
}
