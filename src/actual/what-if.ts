// What-if: the same usage records re-priced under other models and tiers (a single target, a
// split or a cascade), each record at its own date, with per-request context checks, compared
// apples to apples with what the records actually cost.
import { LlmSpendError, showValue } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { fromDec } from '../money/usd.js';
import { SERVICE_TIERS } from '../pricing/constants.js';
import type { ServiceTier } from '../pricing/types.js';
import { defaultPricing, findModel, getModel, type ModelId, type PricingTable } from '../pricing/table.js';
import { calendarWindowAt, canonicalTimeZone, type WindowInstance } from '../budget/windows.js';
import { priceRecord, type PricedRecord } from './price.js';
import type { ReadItem, RecordProblem, RecordProblemCode, UsageRecord } from './record.js';

/** A model (and optionally a tier) that serves traffic in a scenario. */
export interface WhatIfTarget {
  /** The model (an id, alias or dated snapshot of the table). */
  readonly model: ModelId;
  /** The tier; omitted, each record keeps its own tier (or `standard`). */
  readonly tier?: ServiceTier | undefined;
}

/** One share of a {@link WhatIfSplit}. */
export interface WhatIfSplitShare extends WhatIfTarget {
  /** The share of traffic this target serves: a decimal string in [0, 1] such as `"0.25"`. */
  readonly share: string;
}

/** Fields every scenario may carry. */
export interface WhatIfScenarioCommon {
  /** A name for reports. @defaultValue derived from the scenario ("gpt-5.4-nano", "split ...", "cascade ...") */
  readonly label?: string | undefined;
  /**
   * Which records move: only the records whose own model is one of `models` (matched through the
   * table's ids and aliases, so a dated snapshot matches its model). The other records keep their
   * own model and tier: their scenario cost equals their actual cost.
   * @defaultValue every record moves
   */
  readonly filter?: { readonly models: readonly ModelId[] } | undefined;
}

/**
 * All traffic on one model and/or tier: `{ model: 'gpt-5.4-nano' }`, `{ tier: 'batch' }`, or both.
 * A record keeps what the scenario leaves out (its own model, its own tier).
 */
export interface WhatIfSingle extends WhatIfScenarioCommon {
  readonly model?: ModelId | undefined;
  readonly tier?: ServiceTier | undefined;
}

/**
 * A router sends each share of traffic to a target. Priced as the exact share-weighted
 * expectation of each record's cost (Σ share × cost on that target), with no random draw: a
 * month of records under a 70/30 split costs 0.7 × (all on the first) + 0.3 × (all on the
 * second), record by record. Shares are decimal strings that sum to exactly 1.
 */
export interface WhatIfSplit extends WhatIfScenarioCommon {
  readonly split: readonly WhatIfSplitShare[];
}

/**
 * A cascade: every record is first served by `first`; a share `escalationRate` escalates to
 * `second`, which serves it again. Assumptions (stated in each result): both models would
 * produce the record's token counts (its input, cache and output), and an escalated call pays
 * the first model's output too (cost = first + escalationRate × second, exactly, per record).
 */
export interface WhatIfCascade extends WhatIfScenarioCommon {
  readonly cascade: {
    readonly first: ModelId | WhatIfTarget;
    readonly second: ModelId | WhatIfTarget;
    /** The share of records that escalate: a decimal string in [0, 1] such as `"0.15"`. */
    readonly escalationRate: string;
  };
}

/** A what-if scenario: a single target, a split or a cascade. */
export type WhatIfScenario = WhatIfSingle | WhatIfSplit | WhatIfCascade;

/**
 * A dimension of the per-group rows: the record's own model (table id), its own tier, its day
 * (`"2026-08-21"`) or month (`"2026-08"`) in `timeZone`, or a tag (`"tag:team"`; records without
 * it under `"(none)"`, as in `summarizeSpend`).
 */
export type WhatIfGroupBy = 'model' | 'tier' | 'day' | 'month' | `tag:${string}`;

/** Options of {@link whatIf}. */
export interface WhatIfOptions {
  /** The scenarios to price (at least one). */
  readonly scenarios: readonly WhatIfScenario[];
  /** The table to price from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /** The dimensions of the per-group rows, in order. @defaultValue ['model'] */
  readonly groupBy?: WhatIfGroupBy | readonly WhatIfGroupBy[] | undefined;
  /** The time zone of `day` and `month` groups (IANA). @defaultValue "UTC" */
  readonly timeZone?: string | undefined;
  /** Most problems listed per list (all are counted). @defaultValue 100 */
  readonly maxProblems?: number | undefined;
}

/**
 * Decimals of a saving's share (`savingShare`), rounded half-even.
 *
 * @example
 * ```ts
 * import { WHAT_IF_SHARE_DECIMALS } from 'llm-spend/actual';
 * WHAT_IF_SHARE_DECIMALS; // 6
 * ```
 */
export const WHAT_IF_SHARE_DECIMALS = 6;

/** Records not counted, by reason: every one counted, the first `maxProblems` listed with their origin. */
export interface RecordProblemSummary {
  readonly count: number;
  readonly byCode: Readonly<Partial<Record<RecordProblemCode, number>>>;
  readonly listed: readonly RecordProblem[];
}

/** A comparison on a set of comparable records. Money as exact USD strings. */
export interface WhatIfFigures {
  /** The records compared (those both the actual and the scenario price). */
  readonly records: number;
  /** The model calls they hold (aggregates count their bucket's requests). */
  readonly calls: number;
  /** What these records actually cost: each at its own model, tier and date. */
  readonly baseline: string;
  /** What they would have cost under the scenario. */
  readonly scenario: string;
  /** baseline − scenario, exactly (negative when the scenario costs more). */
  readonly saving: string;
  /** saving / baseline, rounded half-even to {@link WHAT_IF_SHARE_DECIMALS} decimals; `null` when the baseline is 0. */
  readonly savingShare: string | null;
}

/** One row of a scenario's breakdown. */
export interface WhatIfGroupRow extends WhatIfFigures {
  /** The group's values, one per `groupBy` dimension (a missing tag is `"(none)"`). */
  readonly key: Readonly<Record<string, string>>;
}

/** A warning: a stable code and a sentence. */
export interface WhatIfWarning {
  readonly code: 'MODEL_SHUT_DOWN' | 'CASCADE_ASSUMPTIONS' | 'SPLIT_EXPECTATION' | 'NO_COMPARABLE_RECORDS' | 'AGGREGATE_BASE_RATES';
  readonly message: string;
}

/** One scenario's result. */
export interface WhatIfScenarioResult extends WhatIfFigures {
  readonly label: string;
  /** The scenario as given. */
  readonly definition: WhatIfScenario;
  /** Per-group rows, sorted by key. */
  readonly groups: readonly WhatIfGroupRow[];
  /**
   * Records the scenario cannot price (the target cannot take the call: `context-exceeded`,
   * `tier-unavailable`, `no-price-at-date`...): left out of BOTH the baseline and the scenario
   * total above, so the saving compares the same records.
   */
  readonly unpriceable: RecordProblemSummary;
  /** What the actual spend of those unpriceable records was (outside the comparison). */
  readonly unpriceableBaseline: string;
  readonly warnings: readonly WhatIfWarning[];
}

/** What {@link whatIf} returns. */
export interface WhatIfResult {
  /** Records read and priced at their own prices (the actual spend). */
  readonly records: number;
  /** The actual spend of every priced record. */
  readonly actual: string;
  /**
   * Items that are not in any comparison: problems the reader reported (unreadable lines...)
   * and records that could not be priced at their own model and date.
   */
  readonly problems: RecordProblemSummary;
  readonly scenarios: readonly WhatIfScenarioResult[];
}

interface Leg {
  readonly model: string;
  readonly tier: ServiceTier | undefined;
  readonly weight: Dec;
  /** The weight as exact units (weight = units × 10^-scale). */
  readonly weightUnits: bigint;
  readonly weightScale: number;
}

// ------------------------------------------------------------------ exact sums in BigInt units

const POWERS: bigint[] = [1n];

/** @internal 10^n as a bigint (cached). */
export function pow10(n: number): bigint {
  for (let k = POWERS.length; k <= n; k += 1) POWERS.push(POWERS[k - 1]! * 10n);
  return POWERS[n]!;
}

/** @internal A canonical decimal string (as priceRecord and the bill readers return) as units × 10^-scale. */
export function unitsOf(text: string): { units: bigint; scale: number } {
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

/** @internal units × 10^-scale as a canonical decimal string. */
export function unitsToString(units: bigint, scale: number): string {
  if (units === 0n) return '0';
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative ? `-${digits}` : digits;
}

/**
 * @internal An exact running sum in BigInt units whose scale grows to the finest amount added:
 * far faster than decimal.js for millions of additions, and never rounded.
 */
export class ExactSum {
  units = 0n;
  scale = 0;
  add(units: bigint, scale: number): void {
    if (scale > this.scale) {
      this.units *= pow10(scale - this.scale);
      this.scale = scale;
    } else if (scale < this.scale) {
      units *= pow10(this.scale - scale);
    }
    this.units += units;
  }
  addSum(other: ExactSum): void {
    this.add(other.units, other.scale);
  }
  toString(): string {
    return unitsToString(this.units, this.scale);
  }
  /** This minus another, as a new sum. */
  minus(other: ExactSum): ExactSum {
    const result = new ExactSum();
    result.add(this.units, this.scale);
    result.add(-other.units, other.scale);
    return result;
  }
}

interface CompiledScenario {
  readonly scenario: WhatIfScenario;
  readonly label: string;
  /** The table ids that move; undefined = all. */
  readonly moves: ReadonlySet<string> | undefined;
  /** The legs: cost = Σ weight × cost on the leg. */
  readonly legs: readonly Leg[];
  readonly warnings: readonly WhatIfWarning[];
}

class Problems {
  count = 0;
  readonly byCode: Partial<Record<RecordProblemCode, number>> = {};
  readonly listed: RecordProblem[] = [];
  constructor(private readonly max: number) {}
  add(problem: RecordProblem): void {
    this.count += 1;
    this.byCode[problem.code] = (this.byCode[problem.code] ?? 0) + 1;
    if (this.listed.length < this.max) this.listed.push(problem);
  }
  result(): RecordProblemSummary {
    return { count: this.count, byCode: { ...this.byCode }, listed: [...this.listed] };
  }
}

interface Acc {
  records: number;
  calls: number;
  readonly baseline: ExactSum;
  readonly scenario: ExactSum;
}

const newAcc = (): Acc => ({ records: 0, calls: 0, baseline: new ExactSum(), scenario: new ExactSum() });

/** @internal a / b rounded half-even to `decimals`, or null when b is 0. */
export function shareOf(a: ExactSum, b: ExactSum, decimals: number): string | null {
  if (b.units === 0n) return null;
  return fromDec(new Dec(a.toString()).div(new Dec(b.toString())).toDecimalPlaces(decimals, Dec.ROUND_HALF_EVEN));
}

function figures(acc: Acc): WhatIfFigures {
  const saving = acc.baseline.minus(acc.scenario);
  return {
    records: acc.records,
    calls: acc.calls,
    baseline: acc.baseline.toString(),
    scenario: acc.scenario.toString(),
    saving: saving.toString(),
    savingShare: shareOf(saving, acc.baseline, WHAT_IF_SHARE_DECIMALS),
  };
}

function invalid(path: string, message: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', `whatIf: ${path} ${message}`, { path, ...(value === undefined ? {} : { value: showValue(value) }) });
}

const FRACTION = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;

function fraction(value: unknown, path: string): Dec {
  if (typeof value !== 'string' || !FRACTION.test(value.trim())) {
    throw invalid(path, `must be a decimal string from "0" to "1" such as "0.25" (a string, so that it stays exact); got ${showValue(value)}.`, value);
  }
  return new Dec(value.trim());
}

function tierOf(value: unknown, path: string): ServiceTier | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(SERVICE_TIERS as readonly string[]).includes(value)) {
    throw new LlmSpendError('TIER_UNAVAILABLE', `whatIf: ${path} must be one of ${SERVICE_TIERS.join(', ')}; got ${showValue(value)}.`, { path, value: showValue(value) });
  }
  return value as ServiceTier;
}

function modelOf(value: unknown, path: string, pricing: PricingTable): string {
  try {
    return getModel(value as ModelId, { pricing }).id;
  } catch (error) {
    if (error instanceof LlmSpendError) throw new LlmSpendError(error.code, `whatIf: ${path}: ${error.message}`, { ...error.details, path });
    throw error;
  }
}

function target(value: unknown, path: string, pricing: PricingTable): WhatIfTarget & { model: string } {
  if (typeof value === 'string') return { model: modelOf(value, path, pricing) };
  if (typeof value !== 'object' || value === null) throw invalid(path, `must be a model id or { model, tier? }; got ${showValue(value)}.`, value);
  const object = value as { model?: unknown; tier?: unknown };
  const tier = tierOf(object.tier, `${path}.tier`);
  return { model: modelOf(object.model, `${path}.model`, pricing), ...(tier === undefined ? {} : { tier }) };
}

function legOf(model: string, tier: ServiceTier | undefined, weight: Dec): Leg {
  const { units, scale } = unitsOf(fromDec(weight));
  return { model, tier, weight, weightUnits: units, weightScale: scale };
}

const describe = (leg: { model: string; tier?: ServiceTier | undefined }): string => (leg.tier === undefined ? leg.model : `${leg.model} (${leg.tier})`);

function compile(scenario: WhatIfScenario, index: number, pricing: PricingTable): CompiledScenario {
  const path = `scenarios[${index}]`;
  if (typeof scenario !== 'object' || scenario === null) throw invalid(path, `must be an object such as { model: 'gpt-5.4-nano' }; got ${showValue(scenario)}.`, scenario);
  const raw = scenario as unknown as Record<string, unknown>;
  const kinds = ['split', 'cascade'].filter((key) => raw[key] !== undefined);
  if (kinds.length > 1 || (kinds.length === 1 && (raw['model'] !== undefined || raw['tier'] !== undefined))) {
    throw invalid(path, 'is one of { model?, tier? }, { split } or { cascade }, not a mix.', scenario);
  }
  let moves: Set<string> | undefined;
  if (raw['filter'] !== undefined) {
    const filter = raw['filter'] as { models?: unknown };
    if (typeof filter !== 'object' || filter === null || !Array.isArray(filter.models) || filter.models.length === 0) {
      throw invalid(`${path}.filter`, `must be { models: [...] } with at least one model; got ${showValue(raw['filter'])}.`, raw['filter']);
    }
    moves = new Set(filter.models.map((model, at) => modelOf(model, `${path}.filter.models[${at}]`, pricing)));
  }
  const warnings: WhatIfWarning[] = [];
  let legs: Leg[];
  let label: string;
  if ('split' in scenario && scenario.split !== undefined) {
    if (!Array.isArray(scenario.split) || scenario.split.length === 0) throw invalid(`${path}.split`, 'must be a non-empty list of { model, tier?, share }.', scenario.split);
    legs = scenario.split.map((share, at) => {
      const leg = target(share, `${path}.split[${at}]`, pricing);
      return legOf(leg.model, leg.tier, fraction((share as { share?: unknown }).share, `${path}.split[${at}].share`));
    });
    const sum = legs.reduce((total, leg) => total.plus(leg.weight), new Dec(0));
    if (!sum.eq(1)) throw invalid(`${path}.split`, `shares must sum to exactly 1; they sum to ${fromDec(sum)}.`);
    legs = legs.filter((leg) => !leg.weight.isZero());
    label = `split ${legs.map((leg) => `${fromDec(leg.weight)} ${describe(leg)}`).join(' / ')}`;
    warnings.push({ code: 'SPLIT_EXPECTATION', message: 'A split is priced as the exact share-weighted expectation of each record\'s cost (no random routing).' });
  } else if ('cascade' in scenario && scenario.cascade !== undefined) {
    const cascade = scenario.cascade;
    if (typeof cascade !== 'object' || cascade === null) throw invalid(`${path}.cascade`, 'must be { first, second, escalationRate }.', cascade);
    const first = target(cascade.first, `${path}.cascade.first`, pricing);
    const second = target(cascade.second, `${path}.cascade.second`, pricing);
    const rate = fraction(cascade.escalationRate, `${path}.cascade.escalationRate`);
    legs = [legOf(first.model, first.tier, new Dec(1))];
    if (!rate.isZero()) legs.push(legOf(second.model, second.tier, rate));
    label = `cascade ${describe(first)} → ${describe(second)} at ${fromDec(rate)}`;
    warnings.push({
      code: 'CASCADE_ASSUMPTIONS',
      message:
        `Cascade assumptions: both models produce each record's token counts; every record pays ${first.model}, ` +
        `and the escalated share (${fromDec(rate)}) also pays ${second.model}, its first answer included.`,
    });
  } else {
    const single = scenario as WhatIfSingle;
    const tier = tierOf(single.tier, `${path}.tier`);
    const model = single.model === undefined ? undefined : modelOf(single.model, `${path}.model`, pricing);
    if (model === undefined && tier === undefined) throw invalid(path, 'needs a model, a tier, a split or a cascade.', scenario);
    legs = [legOf(model ?? '', tier, new Dec(1))];
    label = model === undefined ? `all on ${tier}` : describe({ model, tier });
  }
  if (raw['label'] !== undefined) {
    if (typeof raw['label'] !== 'string') throw invalid(`${path}.label`, `must be a string; got ${showValue(raw['label'])}.`, raw['label']);
    label = raw['label'];
  } else if (moves !== undefined) {
    label = `${[...moves].join(', ')} → ${label}`;
  }
  return { scenario, label, moves, legs, warnings };
}

/**
 * @internal The calendar day or month (in a time zone) of instants, computed once per window:
 * the last window is reused while instants fall in it, and 15-minute slots that lie wholly inside
 * a window remember its id (every time zone's offset is a whole number of 15 minutes today, and a
 * slot is only remembered when it is inside the window, so any offset stays correct).
 */
export class CalendarKeys {
  private last: WindowInstance | undefined;
  private readonly slots = new Map<number, string>();
  constructor(
    private readonly window: 'day' | 'month',
    private readonly timeZone: string,
  ) {}
  /** The window's id at `ms`: `"2026-08-21"` for a day, `"2026-08"` for a month. */
  id(ms: number): string {
    const last = this.last;
    if (last !== undefined && ms >= last.start && ms < last.end) return this.label(last.id);
    const slot = Math.floor(ms / SLOT_MS);
    const cached = this.slots.get(slot);
    if (cached !== undefined) return cached;
    const found = calendarWindowAt(this.window, this.timeZone, ms);
    this.last = found;
    const label = this.label(found.id);
    if (slot * SLOT_MS >= found.start && (slot + 1) * SLOT_MS <= found.end && this.slots.size < MAX_SLOTS) this.slots.set(slot, label);
    return label;
  }
  private label(id: string): string {
    return this.window === 'month' ? id.slice(0, 7) : id;
  }
}

const SLOT_MS = 15 * 60_000;
const MAX_SLOTS = 200_000;

interface GroupDimension {
  readonly name: string;
  readonly of: (record: UsageRecord, priced: PricedRecord) => string;
}

function dimensions(groupBy: WhatIfOptions['groupBy'], timeZone: string): GroupDimension[] {
  const list = groupBy === undefined ? ['model'] : typeof groupBy === 'string' ? [groupBy] : groupBy;
  if (!Array.isArray(list)) throw invalid('groupBy', `must be a dimension or a list of them; got ${showValue(groupBy)}.`, groupBy);
  return list.map((name: unknown, at: number): GroupDimension => {
    if (name === 'model') return { name, of: (_record, priced) => priced.model };
    if (name === 'tier') return { name, of: (_record, priced) => priced.tier };
    if (name === 'day' || name === 'month') {
      const keys = new CalendarKeys(name, timeZone);
      return { name, of: (record) => keys.id(Date.parse(record.at)) };
    }
    if (typeof name === 'string' && name.startsWith('tag:') && name.length > 4) {
      const tag = name.slice(4);
      return { name, of: (record) => (Object.hasOwn(record.tags, tag) ? (record.tags[tag] ?? '(none)') : '(none)') };
    }
    throw invalid(`groupBy[${at}]`, `must be 'model', 'tier', 'day', 'month' or 'tag:<name>'; got ${showValue(name)}.`, name);
  });
}

interface ScenarioState {
  readonly compiled: CompiledScenario;
  readonly total: Acc;
  readonly groups: Map<string, { key: Record<string, string>; acc: Acc }>;
  readonly unpriceable: Problems;
  readonly unpriceableBaseline: ExactSum;
  /** Per target model shut down at some record's date: count and date range. */
  readonly shutDown: Map<string, { count: number; first: string; last: string }>;
  readonly pricing: PricingTable;
  /** Target models that priced an aggregate at base rates without knowing its long-context band. */
  readonly assumedBaseRates: Set<string>;
}

/**
 * Re-prices usage records under other models and tiers and compares each scenario with what
 * the records actually cost. Takes a stream of reader items (records and problems, as
 * `readUsageLog` yields them), so a line that could not be read is counted, not lost.
 *
 * Each record is priced at its own date: the actual cost at its own model and tier, and the
 * scenario cost at the scenario's model and tier (the record's own tier when the scenario names
 * none), request by request, with each request's context checked against the other model.
 * A record the scenario cannot price (it would not fit the other model's context, the tier is not
 * offered, the model had no price on that date) is counted and listed with its origin, and left
 * out of that scenario's baseline too, so the saving compares the same records. A target model
 * that was shut down on a record's date is priced anyway, with a `MODEL_SHUT_DOWN` warning.
 *
 * @param items - reader items (`{ ok: true, record }` or `{ ok: false, problem }`), sync or async
 * @param options - the scenarios, the table, the groups
 * @returns the actual spend, the problems, and per scenario: baseline, scenario total, saving and
 *   its share (exact strings; the share rounded half-even to 6 decimals), per-group rows and the
 *   unpriceable records
 * @throws LlmSpendError `UNKNOWN_MODEL` for a scenario's unknown model (with suggestions),
 *   `TIER_UNAVAILABLE` for an unknown tier name, `INVALID_USAGE` for a malformed scenario
 * @example
 * ```ts
 * import { whatIf } from 'llm-spend/actual';
 * const record = {
 *   at: '2026-08-01T12:00:00Z', model: 'gpt-5.4-mini', calls: 1, aggregate: false, tags: {},
 *   usage: { inputTokens: 1000, outputTokens: 200 }, origin: { line: 1, format: 'llm-spend-jsonl' as const },
 * };
 * const result = await whatIf([{ ok: true, record }], { scenarios: [{ model: 'gpt-5.4-nano' }, { tier: 'batch' }] });
 * result.scenarios[0]!.baseline; // "0.00165"
 * result.scenarios[0]!.scenario; // "0.00045"
 * result.scenarios[0]!.saving; // "0.0012"
 * result.scenarios[0]!.savingShare; // "0.727273"
 * result.scenarios[1]!.saving; // "0.000825"
 * ```
 */
export async function whatIf(items: Iterable<ReadItem> | AsyncIterable<ReadItem>, options: WhatIfOptions): Promise<WhatIfResult> {
  if (typeof options !== 'object' || options === null) throw invalid('options', `must be { scenarios, pricing?, groupBy? }; got ${showValue(options)}.`, options);
  const pricing = options.pricing ?? defaultPricing;
  if (!Array.isArray(options.scenarios) || options.scenarios.length === 0) throw invalid('scenarios', 'must be a non-empty list.', options.scenarios);
  const zone = options.timeZone === undefined ? 'UTC' : typeof options.timeZone === 'string' ? canonicalTimeZone(options.timeZone) : undefined;
  if (zone === undefined) throw invalid('timeZone', `must be an IANA time zone such as "Europe/Paris"; got ${showValue(options.timeZone)}.`, options.timeZone);
  const maxProblems = options.maxProblems ?? 100;
  if (!Number.isSafeInteger(maxProblems) || maxProblems < 0) throw invalid('maxProblems', `must be a non-negative integer; got ${showValue(maxProblems)}.`, maxProblems);
  const dims = dimensions(options.groupBy, zone);
  const states: ScenarioState[] = options.scenarios.map((scenario, index) => ({
    compiled: compile(scenario, index, pricing),
    total: newAcc(),
    groups: new Map(),
    unpriceable: new Problems(maxProblems),
    unpriceableBaseline: new ExactSum(),
    shutDown: new Map(),
    pricing,
    assumedBaseRates: new Set(),
  }));
  const problems = new Problems(maxProblems);
  let records = 0;
  const actual = new ExactSum();
  for await (const item of items as AsyncIterable<ReadItem>) {
    if (!item.ok) {
      problems.add(item.problem);
      continue;
    }
    const record = item.record;
    const own = priceRecord(record, { pricing });
    if (!own.ok) {
      problems.add(own.problem);
      continue;
    }
    records += 1;
    const ownUnits = unitsOf(own.cost.total);
    actual.add(ownUnits.units, ownUnits.scale);
    // A record's cost on a target, memoized per record (scenarios often share targets).
    const memo = new Map<string, ReturnType<typeof priceRecord>>();
    const priceOn = (model: string, tier: ServiceTier | undefined): ReturnType<typeof priceRecord> => {
      const key = `${model}\u0000${tier ?? ''}`;
      let priced = memo.get(key);
      if (priced === undefined) {
        priced = priceRecord(record, { pricing, model, ...(tier === undefined ? {} : { tier }) });
        memo.set(key, priced);
      }
      return priced;
    };
    let key: Record<string, string> | undefined;
    let keyText: string | undefined;
    for (const state of states) {
      const { legs, moves } = state.compiled;
      let costUnits: bigint;
      let costScale: number;
      if (moves !== undefined && !moves.has(own.model)) {
        costUnits = ownUnits.units;
        costScale = ownUnits.scale;
      } else {
        costUnits = 0n;
        costScale = 0;
        let problem: RecordProblem | undefined;
        for (const leg of legs) {
          const priced = priceOn(leg.model === '' ? own.model : leg.model, leg.tier);
          if (!priced.ok) {
            problem = priced.problem;
            break;
          }
          if (priced.cost.status === 'shut-down') noteShutDown(state, priced.model, record.at);
          if (priced.assumedBaseRates === true) state.assumedBaseRates.add(priced.model);
          const legCost = unitsOf(priced.cost.total);
          const units = legCost.units * leg.weightUnits;
          const scale = legCost.scale + leg.weightScale;
          if (scale > costScale) {
            costUnits = costUnits * pow10(scale - costScale) + units;
            costScale = scale;
          } else costUnits += units * pow10(costScale - scale);
        }
        if (problem !== undefined) {
          state.unpriceable.add(problem);
          state.unpriceableBaseline.add(ownUnits.units, ownUnits.scale);
          continue;
        }
      }
      add(state.total, record, ownUnits, costUnits, costScale);
      if (key === undefined) {
        key = Object.fromEntries(dims.map((dim) => [dim.name, dim.of(record, own)]));
        keyText = JSON.stringify(dims.map((dim) => key?.[dim.name]));
      }
      let group = state.groups.get(keyText!);
      if (group === undefined) {
        group = { key, acc: newAcc() };
        state.groups.set(keyText!, group);
      }
      add(group.acc, record, ownUnits, costUnits, costScale);
    }
  }
  return {
    records,
    actual: actual.toString(),
    problems: problems.result(),
    scenarios: states.map((state) => scenarioResult(state)),
  };
}

function add(acc: Acc, record: UsageRecord, baseline: { units: bigint; scale: number }, scenarioUnits: bigint, scenarioScale: number): void {
  acc.records += 1;
  acc.calls += record.calls;
  acc.baseline.add(baseline.units, baseline.scale);
  acc.scenario.add(scenarioUnits, scenarioScale);
}

function noteShutDown(state: ScenarioState, model: string, at: string): void {
  const seen = state.shutDown.get(model);
  if (seen === undefined) state.shutDown.set(model, { count: 1, first: at, last: at });
  else {
    seen.count += 1;
    if (Date.parse(at) < Date.parse(seen.first)) seen.first = at;
    if (Date.parse(at) > Date.parse(seen.last)) seen.last = at;
  }
}

function scenarioResult(state: ScenarioState): WhatIfScenarioResult {
  const warnings: WhatIfWarning[] = [...state.compiled.warnings];
  for (const [model, seen] of state.shutDown) {
    const entry = findModel(model, { pricing: state.pricing });
    const shutdown = entry?.lifecycle?.shutdownAt?.date;
    const replacement = entry?.lifecycle?.replacement?.id;
    warnings.push({
      code: 'MODEL_SHUT_DOWN',
      message:
        `${model} was shut down${shutdown === undefined ? '' : ` on ${shutdown}`} on the date of ${seen.count} record(s) (${seen.first.slice(0, 10)} to ${seen.last.slice(0, 10)}): ` +
        `priced at its last price anyway, but it could not have served them.${replacement === undefined ? '' : ` Its replacement is ${replacement}.`}`,
    });
  }
  for (const model of state.assumedBaseRates) {
    warnings.push({
      code: 'AGGREGATE_BASE_RATES',
      message: `Aggregates (provider export buckets) were priced on ${model} at its base rates, without knowing whether their requests crossed its long-context threshold: exact only if none did.`,
    });
  }
  if (state.total.records === 0) {
    warnings.push({ code: 'NO_COMPARABLE_RECORDS', message: 'No record could be priced both as it was and under this scenario: there is nothing to compare.' });
  }
  const groups = [...state.groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({ key: group.key, ...figures(group.acc) }));
  return {
    label: state.compiled.label,
    definition: state.compiled.scenario,
    ...figures(state.total),
    groups,
    unpriceable: state.unpriceable.result(),
    unpriceableBaseline: state.unpriceableBaseline.toString(),
    warnings,
  };
}
