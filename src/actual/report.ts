// What was spent: every record priced at its own date (priceRecord's pricer), summed exactly,
// grouped by model, time (day, ISO week, month in a time zone), tier, provider and tags. Every
// item is counted: records read = priced + problems + skipped.
//
// Two paths, one result (test/actual/report-fast.test-prop.ts checks they agree field for field):
// - fast: given an unstarted readUsageLog generator, the read is drained chunk by chunk (no await
//   per item) and each plain JSONL record (one request, a price in effect, a request that fits)
//   arrives already checked, before any object is built; its token counts are added to its row's
//   sums at its price set (numbers, flushed into BigInts before they could lose a unit), and each
//   sum is multiplied by the set's integer rates once, at the end: cost is linear in the counts.
// - items: anything else (another iterable, a record off the fast path) is priced by
//   priceRecord's pricer into integer units (pico-USD numbers below 2^52, flushed into BigInts).
import { LlmSpendError, showValue } from '../errors.js';
import { unitsToUsd } from '../estimate/compiled.js';
import type { CostBreakdown } from '../estimate/usage.js';
import { OPTIONAL_USAGE_PARTS } from '../estimate/usage.js';
import type { PricingTable } from '../pricing/table.js';
import type { CompiledPriceSet, CompiledRates } from '../estimate/compiled.js';
import type { Lifecycle } from '../pricing/schema.js';
import { COST_PARTS, emptyUnits, pricerFor, requestSet, type CostUnits } from './price.js';
import { takeRead, type PlainRecord } from './read.js';
import type { UsageCounts } from './read/common.js';
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
const TOKEN_COUNT = TOKEN_FIELDS.length;

/** Exact cost parts at any scale: BigInt units of 10^-scale USD per scale, written as canonical strings at the largest. */
class Cost {
  private readonly byScale = new Map<number, bigint[]>();

  /** Adds parts (in COST_PARTS order) in units of 10^-scale USD. */
  add(scale: number, parts: readonly bigint[]): void {
    let sums = this.byScale.get(scale);
    if (sums === undefined) {
      sums = new Array<bigint>(PART_COUNT).fill(0n);
      this.byScale.set(scale, sums);
    }
    for (let index = 0; index < PART_COUNT; index += 1) sums[index] = sums[index]! + parts[index]!;
  }

  addCost(other: Cost): void {
    for (const [scale, parts] of other.byScale) this.add(scale, parts);
  }

  breakdown(): CostBreakdown {
    let scale = 12;
    for (const key of this.byScale.keys()) scale = Math.max(scale, key);
    const result: Record<string, string> = {};
    for (let index = 0; index < PART_COUNT; index += 1) {
      let units = 0n;
      for (const [at, sums] of this.byScale) units += sums[index]! * 10n ** BigInt(scale - at);
      result[COST_PARTS[index]!] = unitsToUsd(units, scale);
    }
    return result as unknown as CostBreakdown;
  }
}

/**
 * The records of one row priced off the fast path (priceRecord's units, any case): cost parts in
 * pico-USD numbers below 2^52 flushed into BigInts, other scales apart, token sums.
 */
class UnitSums {
  readonly tokens: number[] = new Array<number>(TOKEN_COUNT).fill(0);
  private readonly small: number[] = new Array<number>(PART_COUNT).fill(0);
  private readonly big: bigint[] = new Array<bigint>(PART_COUNT).fill(0n);
  private readonly scaled = new Cost();

  add(units: CostUnits, record: UsageRecord): void {
    const usage = record.usage;
    const tokens = this.tokens;
    tokens[0] = tokens[0]! + usage.inputTokens;
    tokens[1] = tokens[1]! + usage.outputTokens;
    for (let index = 2; index < TOKEN_COUNT; index += 1) {
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
    this.scaled.add(
      units.scale,
      COST_PARTS.map((part) => BigInt(units[part])),
    );
  }

  addTo(cost: Cost, tokens: bigint[]): void {
    cost.add(
      12,
      this.big.map((big, index) => big + BigInt(this.small[index]!)),
    );
    cost.addCost(this.scaled);
    for (let index = 0; index < TOKEN_COUNT; index += 1) tokens[index] = tokens[index]! + BigInt(this.tokens[index]!);
  }
}

/** Counts of one request below this (input, output, web searches) take the fast path: 4,096 of them sum below 2^52. */
const FAST_COUNT_LIMIT = 2 ** 40;
const FAST_FLUSH_EVERY = 4096;

/**
 * The fast path's sums of one row at one price set: the token counts of its requests, summed as
 * numbers (flushed into BigInts every 4,096 requests, so every sum stays exact) and multiplied by
 * the set's integer rates once, at the end: the cost is linear in the counts, so Σ(count × rate) =
 * rate × Σ count, exactly.
 */
class SetSums {
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
  private pending = 0;
  private readonly big: bigint[] = new Array<bigint>(TOKEN_COUNT).fill(0n);

  constructor(
    readonly set: CompiledPriceSet,
    readonly rates: CompiledRates,
  ) {}

  add(c: UsageCounts): void {
    this.input += c.input;
    this.output += c.output;
    this.cached += c.cached;
    this.write += c.write;
    this.write1h += c.write1h;
    this.reasoning += c.reasoning;
    this.audio += c.audio;
    this.cachedAudio += c.cachedAudio;
    this.images += c.images;
    this.searches += c.searches;
    this.pending += 1;
    if (this.pending === FAST_FLUSH_EVERY) this.flush();
  }

  private flush(): void {
    const big = this.big;
    const numbers = [this.input, this.output, this.cached, this.write, this.write1h, this.reasoning, this.audio, this.cachedAudio, this.images, this.searches];
    for (let index = 0; index < TOKEN_COUNT; index += 1) big[index] = big[index]! + BigInt(numbers[index]!);
    this.input = this.output = this.cached = this.write = this.write1h = this.reasoning = this.audio = this.cachedAudio = this.images = this.searches = 0;
    this.pending = 0;
  }

  /** Adds the cost (at the rates' scale) and the token sums. */
  addTo(cost: Cost, tokens: bigint[]): void {
    this.flush();
    const [input, output, cached, write, write1h, reasoning, audio, cachedAudio, images, searches] = this.big as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let index = 0; index < TOKEN_COUNT; index += 1) tokens[index] = tokens[index]! + this.big[index]!;
    const rates = this.set.big;
    // A rate of -1 (not offered) only ever meets a count of 0 here (requestSet checked each request).
    const times = (count: bigint, rate: bigint): bigint => (count === 0n ? 0n : count * rate);
    const inputCost = times(input - cached - write - write1h - audio, rates.input) + times(audio, rates.audioInput);
    const cachedCost = times(cached - cachedAudio, rates.cachedInput) + times(cachedAudio, rates.cachedAudioInput);
    const writeCost = times(write, rates.cacheWrite);
    const write1hCost = times(write1h, rates.cacheWrite1h);
    const outputCost = times(output, rates.output);
    const fees = times(searches, this.rates.webSearchBig);
    // COST_PARTS order: input, cachedInput, cacheWrite, cacheWrite1h, output, reasoning, images, fees, total.
    cost.add(this.rates.scale, [inputCost, cachedCost, writeCost, write1hCost, outputCost, times(reasoning, rates.output), times(images, rates.input), fees, inputCost + cachedCost + writeCost + write1hCost + outputCost + fees]);
  }
}

/** One group: its counts, its fast-path sums per price set, and the sums of records priced off the fast path. */
class Row {
  calls = 0;
  records = 0;
  readonly sets: SetSums[] = [];
  slow: UnitSums | undefined;

  constructor(
    readonly key: Readonly<Record<string, string>>,
    /** The key's values joined by NUL, for sorting. */
    readonly sortKey: string,
  ) {}

  setSums(set: CompiledPriceSet, rates: CompiledRates): SetSums {
    const sets = this.sets;
    for (let index = 0; index < sets.length; index += 1) if (sets[index]!.set === set) return sets[index]!;
    const sums = new SetSums(set, rates);
    sets.push(sums);
    return sums;
  }

  /** The cost and token sums of the row. */
  totals(): { cost: Cost; tokens: bigint[] } {
    const cost = new Cost();
    const tokens = new Array<bigint>(TOKEN_COUNT).fill(0n);
    for (const sums of this.sets) sums.addTo(cost, tokens);
    this.slow?.addTo(cost, tokens);
    return { cost, tokens };
  }
}

function tokenTotals(tokens: readonly bigint[]): SpendTokens {
  const result: Record<string, number> = {};
  TOKEN_FIELDS.forEach((field, index) => (result[field] = Number(tokens[index]!)));
  return result as unknown as SpendTokens;
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
 * import { readUsageLog, summarizeSpend } from 'llm-spend/actual';
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
  const pricer = pricerFor(options.pricing === undefined ? {} : { pricing: options.pricing });
  const read = takeRead(items);
  const iterator = read === undefined ? iteratorOf(items) : undefined;
  const units = emptyUnits();
  const rows: RowIndex = new Map();
  const allRows: Row[] = [];
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
  const values: string[] = new Array<string>(dims).fill('');

  /** The row of the current `values`, made when new. */
  const rowOfValues = (): Row => {
    let level: RowIndex = rows;
    for (let index = 0; index + 1 < dims; index += 1) {
      const value = values[index]!;
      let next = level.get(value) as RowIndex | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const last = dims === 0 ? '' : values[dims - 1]!;
    let row = level.get(last) as Row | undefined;
    if (row === undefined) {
      const rowKey: Record<string, string> = {};
      groupBy.forEach((name, index) => (rowKey[name] = values[index]!));
      row = new Row(rowKey, values.join('\u0000'));
      level.set(last, row);
      allRows.push(row);
    }
    return row;
  };

  const addProblem = (problem: RecordProblem): void => {
    problems += 1;
    byCode[problem.code] = (byCode[problem.code] ?? 0) + 1;
    if (listed.length < maxProblems) listed.push(problem);
  };

  /** Any item: a problem, or a record priced by priceRecord's pricer. */
  const consume = (item: unknown): void => {
    if (!isItem(item)) throw new LlmSpendError('INVALID_USAGE', `summarizeSpend takes the items of readUsageLog ({ ok: true, record } or { ok: false, problem }); item ${items_ + 1} is ${showValue(item)}.`, { index: items_ });
    items_ += 1;
    if (!item.ok) {
      addProblem(item.problem);
      return;
    }
    const record = item.record;
    const problem = pricer.price(record, units);
    if (problem !== null) {
      addProblem(problem);
      return;
    }
    priced += 1;
    const ms = units.atMs;
    if (ms < fromMs) fromMs = ms;
    if (ms > toMs) toMs = ms;
    if (units.status === 'shut-down') noteWarning(warnings, 'priced-after-shutdown', units.model, units.lifecycle);
    if (units.assumedBaseRates) noteWarning(warnings, 'aggregate-base-rates', units.model, units.lifecycle);
    for (let index = 0; index < dims; index += 1) values[index] = valueOf(groupBy[index]!, units.model, units.tier, units.provider, units.atMs, record.tags, calendar);
    const row = rowOfValues();
    row.calls += record.calls;
    row.records += 1;
    (row.slow ??= new UnitSums()).add(units, record);
  };

  /**
   * The fast path, for a plain JSONL record read by readUsageLog (counts already checked): one
   * request, not an aggregate, a model and a price in effect, a request that fits: its counts are
   * added to its row's sums at its price set. Anything else returns false and comes back as an item.
   */
  const plain = (record: PlainRecord): boolean => {
    const c = record.counts;
    const ms = record.atMs;
    if (record.aggregate || record.requests !== undefined || ms !== ms || c.input >= FAST_COUNT_LIMIT || c.output >= FAST_COUNT_LIMIT || c.searches >= FAST_COUNT_LIMIT) return false;
    const plan = pricer.planAt(record.model, record.tier ?? 'standard', ms);
    if (plan === undefined) return false;
    const set = requestSet(plan, c);
    if (set === undefined) return false;
    items_ += 1;
    priced += 1;
    if (ms < fromMs) fromMs = ms;
    if (ms > toMs) toMs = ms;
    const entry = plan.entry;
    if (plan.status === 'shut-down') noteWarning(warnings, 'priced-after-shutdown', entry.id, plan.lifecycle);
    for (let index = 0; index < dims; index += 1) values[index] = valueOf(groupBy[index]!, entry.id, plan.tier, entry.provider, ms, record.tags, calendar);
    const row = rowOfValues();
    row.calls += record.calls;
    row.records += 1;
    row.setSums(set, plan.rates).add(c);
    return true;
  };

  if (read !== undefined) {
    skipped = (await read({ item: consume, plain })).skipped;
  } else {
    for (;;) {
      const step = await iterator!.next();
      if (step.done === true) {
        if (isStats(step.value)) skipped = step.value.skipped;
        break;
      }
      consume(step.value);
    }
  }

  const skippedCount = Object.values(skipped).reduce((sum, count) => sum + (typeof count === 'number' ? count : 0), 0);
  const sorted = allRows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const totalCost = new Cost();
  const totalTokens = new Array<bigint>(TOKEN_COUNT).fill(0n);
  let totalCalls = 0;
  const reported = sorted.map((row) => {
    const { cost, tokens } = row.totals();
    totalCost.addCost(cost);
    for (let index = 0; index < TOKEN_COUNT; index += 1) totalTokens[index] = totalTokens[index]! + tokens[index]!;
    totalCalls += row.calls;
    return { key: row.key, calls: row.calls, records: row.records, tokens: tokenTotals(tokens), cost: cost.breakdown() };
  });
  return {
    groupBy: [...groupBy],
    timeZone,
    rows: reported,
    total: { calls: totalCalls, records: priced, tokens: tokenTotals(totalTokens), cost: totalCost.breakdown() },
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

type RowIndex = Map<string, Row | RowIndex>;

function noteWarning(warnings: Map<string, { code: SpendWarning['code']; model: string; records: number; shutdownAt?: string | undefined }>, code: SpendWarning['code'], model: string, lifecycle: Lifecycle | undefined): void {
  const key = `${code}\u0000${model}`;
  const known = warnings.get(key);
  if (known !== undefined) known.records += 1;
  else warnings.set(key, { code, model, records: 1, shutdownAt: lifecycle?.shutdownAt?.date });
}

function valueOf(dimension: SpendGroupKey, model: string, tier: string, provider: string, atMs: number, tags: Readonly<Record<string, string>>, calendar: Calendar): string {
  switch (dimension) {
    case 'model':
      return model;
    case 'tier':
      return tier;
    case 'provider':
      return provider;
    case 'day':
      return calendar.of(atMs).day;
    case 'week':
      return calendar.of(atMs).week;
    case 'month':
      return calendar.of(atMs).month;
    default: {
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
