// Pricing one usage record at its own date. The shared step of reports, what-if and
// reconciliation: every other part of actual/ prices through here.
//
// The hot path resolves a model once per (table, name), and compiles one plan per (price period,
// lifecycle status, tier, peak/off-peak window) with the same compiled integer rates that
// estimateCost uses; a record is then priced with a few integer products, no strings. Anything
// out of the ordinary (an invalid count, a part larger than its whole, a call that does not fit,
// a missing price, an unparsable date) is handed to estimateCost itself, so errors and edge cases
// have one source. The results equal estimateCost's field for field (a property test checks it).
//
// Aggregates (a provider export's bucket) are priced here directly, since estimateCost refuses an
// aggregate whose summed input reaches a long-context threshold: the band the provider reports
// (Anthropic's `context_window`) picks the base or the long-context rates; without a band, a model
// that has long-context prices is priced at its base rates and the result says so.
import { isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../errors.js';
import { estimateCost, type CostEstimate, type PriceWindow } from '../estimate/estimate.js';
import { compileRates, unitsToUsd, type CompiledPriceSet, type CompiledRates } from '../estimate/compiled.js';
import type { Usage } from '../estimate/usage.js';
import { isoDateMs } from '../pricing/dates.js';
import { statusAtMs } from '../pricing/lifecycle.js';
import { SERVICE_TIERS } from '../pricing/constants.js';
import type { Lifecycle, ModelEntry, PricePeriod, ServiceTier, TierRates } from '../pricing/types.js';
import { defaultPricing, getModel, type ModelStatus, type PricingTable } from '../pricing/table.js';
import type { RecordProblem, RecordProblemCode, UsageRecord } from './record.js';
import type { UsageCounts } from './read/common.js';

/** Options of {@link priceRecord}. */
export interface PriceRecordOptions {
  /** The table to price from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /** Price under this model instead of the record's (what-if). Checks each request's context. */
  readonly model?: string | undefined;
  /** Price at this tier instead of the record's (what-if). */
  readonly tier?: ServiceTier | undefined;
}

/** A record priced: its cost at its own date, request by request, summed exactly. */
export interface PricedRecord {
  readonly ok: true;
  readonly record: UsageRecord;
  /** The table id of the model priced. */
  readonly model: string;
  /** The tier priced. */
  readonly tier: ServiceTier;
  /** The cost (breakdown and total, exact USD strings), summed over the record's requests. */
  readonly cost: CostEstimate;
  /**
   * For an aggregate on a model whose prices have a long-context tier, when the record did not
   * say which band applied (no `contextWindow`, or one that straddles the threshold): priced at
   * the base rates, exact only if every request in it was below the threshold.
   */
  readonly assumedBaseRates?: true;
}

/** A record that could not be priced (and why). */
export interface UnpricedRecord {
  readonly ok: false;
  readonly problem: RecordProblem;
}

const PROBLEM_OF: Partial<Record<LlmSpendErrorCode, RecordProblemCode>> = {
  UNKNOWN_MODEL: 'unknown-model',
  PRICE_NOT_IN_EFFECT: 'no-price-at-date',
  INVALID_USAGE: 'invalid-usage',
  CONTEXT_EXCEEDED: 'context-exceeded',
  TIER_UNAVAILABLE: 'tier-unavailable',
  PRICE_UNAVAILABLE: 'tier-unavailable',
};

// ---------------------------------------------------------------------------------- the units

/**
 * @internal One record's cost in integer units of 10^-scale USD (numbers while exact, else
 * bigints), with what was priced. Written by {@link RecordPricer.price} into a caller's object.
 */
export interface CostUnits {
  scale: number;
  input: number | bigint;
  cachedInput: number | bigint;
  cacheWrite: number | bigint;
  cacheWrite1h: number | bigint;
  output: number | bigint;
  reasoning: number | bigint;
  images: number | bigint;
  fees: number | bigint;
  total: number | bigint;
  /** The table id priced. */
  model: string;
  /** Its provider. */
  provider: string;
  /** The record's date in epoch milliseconds. */
  atMs: number;
  tier: ServiceTier;
  longContext: boolean;
  status: ModelStatus;
  lifecycle: Lifecycle | undefined;
  priceWindow: PriceWindow | undefined;
  /** See {@link PricedRecord.assumedBaseRates}. */
  assumedBaseRates: boolean;
}

/** @internal A fresh, zeroed {@link CostUnits}. */
export function emptyUnits(): CostUnits {
  return {
    scale: 12,
    input: 0,
    cachedInput: 0,
    cacheWrite: 0,
    cacheWrite1h: 0,
    output: 0,
    reasoning: 0,
    images: 0,
    fees: 0,
    total: 0,
    model: '',
    provider: '',
    atMs: Number.NaN,
    tier: 'standard',
    longContext: false,
    status: 'active',
    lifecycle: undefined,
    priceWindow: undefined,
    assumedBaseRates: false,
  };
}

const PART_NAMES = ['input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'images', 'fees', 'total'] as const;

/** @internal The cost parts of a {@link CostUnits}, in CostBreakdown order. */
export const COST_PARTS: typeof PART_NAMES = PART_NAMES;

// ---------------------------------------------------------------------------------- the plans

/** @internal One compiled way to price: a model's price period at a status, a tier and a window. */
export interface Plan {
  readonly entry: ModelEntry;
  readonly tier: ServiceTier;
  readonly window: PriceWindow | undefined;
  readonly rates: CompiledRates;
  /** Input at or above this needs a long-context price the tier does not have (Infinity = none). */
  readonly unavailableFrom: number;
  readonly maxInput: number;
  readonly contextWindow: number;
  readonly maxOutput: number;
  readonly status: ModelStatus;
  readonly lifecycle: Lifecycle | undefined;
}

/** A stretch of time with one price period and one lifecycle status. */
interface Segment {
  readonly fromMs: number;
  readonly untilMs: number;
  /** undefined: no price in effect (estimateCost says why). */
  readonly period: PricePeriod | undefined;
  readonly status: ModelStatus;
  readonly lifecycle: Lifecycle | undefined;
  /** Plans by tier index × 2 + off-peak; `null` = the tier is not offered (estimateCost says why). */
  readonly plans: Array<Plan | null | undefined>;
}

interface ModelSlot {
  readonly entry: ModelEntry;
  readonly segments: readonly Segment[];
}

const TIER_INDEX: ReadonlyMap<string, number> = new Map(SERVICE_TIERS.map((tier, index) => [tier, index]));
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

function segmentsOf(entry: ModelEntry): Segment[] {
  const cuts = new Set<number>();
  const periods = entry.prices;
  const spans = periods.map((period, index) => {
    const next = periods[index + 1];
    const until = period.until ?? next?.from;
    const fromMs = period.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(period.from);
    const untilMs = until === undefined ? Number.POSITIVE_INFINITY : Date.parse(until);
    cuts.add(fromMs).add(untilMs);
    return { period, fromMs, untilMs };
  });
  const shutdown = entry.lifecycle?.shutdownAt?.date;
  const deprecated = entry.lifecycle?.deprecatedAt?.date;
  if (shutdown !== undefined) cuts.add(Date.parse(shutdown));
  if (deprecated !== undefined) cuts.add(Date.parse(deprecated));
  cuts.add(Number.NEGATIVE_INFINITY).add(Number.POSITIVE_INFINITY);
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let index = 0; index + 1 < sorted.length; index += 1) {
    const fromMs = sorted[index]!;
    const untilMs = sorted[index + 1]!;
    // selectPricePeriod's rule: the newest period whose [from, until) holds the instant.
    const probe = fromMs === Number.NEGATIVE_INFINITY ? (untilMs === Number.POSITIVE_INFINITY ? 0 : untilMs - 1) : fromMs;
    let period: PricePeriod | undefined;
    for (let at = spans.length - 1; at >= 0; at -= 1) {
      const span = spans[at]!;
      if (span.fromMs <= probe && probe < span.untilMs) {
        period = span.period;
        break;
      }
    }
    const status = entry.lifecycle === undefined ? entry.status : statusAtMs(entry, probe);
    const lifecycle = entry.lifecycle === undefined || status === 'active' ? undefined : entry.lifecycle;
    segments.push({ fromMs, untilMs, period, status, lifecycle, plans: [] });
  }
  return segments;
}

function planOf(slot: ModelSlot, segment: Segment, tier: ServiceTier, tierIndex: number, offPeak: boolean): Plan | null {
  const key = tierIndex * 2 + (offPeak ? 1 : 0);
  const known = segment.plans[key];
  if (known !== undefined) return known;
  const period = segment.period!;
  const standard = offPeak && period.offPeak !== undefined ? period.offPeak.standard : period.standard;
  const rates: TierRates | undefined = tier === 'standard' ? standard : period[tier];
  let plan: Plan | null = null;
  if (rates !== undefined) {
    const standardLong = standard.longContext?.[0]?.fromInputTokens;
    const entry = slot.entry;
    plan = {
      entry,
      tier,
      window: tier === 'standard' && period.offPeak !== undefined ? (offPeak ? 'off-peak' : 'peak') : undefined,
      rates: compileRates(rates, period.fees),
      unavailableFrom: rates.longContext === undefined && standardLong !== undefined ? standardLong : Number.POSITIVE_INFINITY,
      maxInput: entry.maxInputTokens ?? entry.contextWindow ?? Number.POSITIVE_INFINITY,
      contextWindow: entry.contextWindow ?? Number.POSITIVE_INFINITY,
      maxOutput: entry.maxOutputTokens ?? Number.POSITIVE_INFINITY,
      status: segment.status,
      lifecycle: segment.lifecycle,
    };
  }
  segment.plans[key] = plan;
  return plan;
}

/** Minutes since midnight UTC of an `HH:MM` time. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** estimateCost's rule: off-peak when the time of day is outside every peak window (UTC). */
function isOffPeak(offPeak: NonNullable<PricePeriod['offPeak']>, ms: number): boolean {
  const minute = Math.floor((((ms % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  for (const window of offPeak.peakHoursUtc) {
    const from = minutesOf(window.fromUtc);
    const until = minutesOf(window.untilUtc);
    if (from < until ? minute >= from && minute < until : minute >= from || minute < until) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------- the pricer

/** A usage's counts, read and checked (every field a non-negative safe integer, parts within wholes). */
interface Counts {
  input: number;
  output: number;
  cached: number;
  write: number;
  write1h: number;
  reasoning: number;
  audio: number;
  cachedAudio: number;
  images: number;
  searches: number;
}

function count(value: unknown): number {
  return value === undefined ? 0 : typeof value === 'number' && value >= 0 && Number.isSafeInteger(value) ? value : -1;
}

/** Reads a usage into `into`; false when anything is off (estimateCost then says what). */
function readCounts(usage: Usage, into: Counts): boolean {
  if (typeof usage !== 'object' || usage === null) return false;
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  if (typeof input !== 'number' || typeof output !== 'number' || !(input >= 0) || !(output >= 0) || !Number.isSafeInteger(input) || !Number.isSafeInteger(output)) return false;
  const cached = count(usage.cachedInputTokens);
  const write = count(usage.cacheWriteTokens);
  const write1h = count(usage.cacheWrite1hTokens);
  const reasoning = count(usage.reasoningTokens);
  const audio = count(usage.audioInputTokens);
  const cachedAudio = count(usage.cachedAudioInputTokens);
  const images = count(usage.imageInputTokens);
  const searches = count(usage.webSearchCalls);
  if (cached < 0 || write < 0 || write1h < 0 || reasoning < 0 || audio < 0 || cachedAudio < 0 || images < 0 || searches < 0) return false;
  const uncached = input - cached - write - write1h;
  if (uncached < 0 || reasoning > output || cachedAudio > cached || audio + images > uncached) return false;
  into.input = input;
  into.output = output;
  into.cached = cached;
  into.write = write;
  into.write1h = write1h;
  into.reasoning = reasoning;
  into.audio = audio;
  into.cachedAudio = cachedAudio;
  into.images = images;
  into.searches = searches;
  return true;
}

const FALLBACK = Symbol('fallback');
type Fallback = typeof FALLBACK;

/** Pieces of one request's cost, added into `out` (which holds the running sum over requests). */
function addRequest(set: CompiledPriceSet, rates: CompiledRates, c: Counts, out: CostUnits): boolean {
  if ((c.cached > 0 && set.cachedInput < 0) || (c.write > 0 && set.cacheWrite < 0) || (c.write1h > 0 && set.cacheWrite1h < 0) || (c.audio > 0 && set.audioInput < 0)) return false;
  if ((c.cachedAudio > 0 && set.cachedAudioInput < 0) || (c.searches > 0 && rates.webSearch < 0)) return false;
  const uncached = c.input - c.cached - c.write - c.write1h;
  const input = (uncached - c.audio) * set.input + (c.audio === 0 ? 0 : c.audio * set.audioInput);
  const cachedInput = c.cached === 0 ? 0 : (c.cached - c.cachedAudio) * set.cachedInput + (c.cachedAudio === 0 ? 0 : c.cachedAudio * set.cachedAudioInput);
  const cacheWrite = c.write === 0 ? 0 : c.write * set.cacheWrite;
  const cacheWrite1h = c.write1h === 0 ? 0 : c.write1h * set.cacheWrite1h;
  const output = c.output * set.output;
  const reasoning = c.reasoning === 0 ? 0 : c.reasoning * set.output;
  const images = c.images === 0 ? 0 : c.images * set.input;
  const fees = c.searches === 0 ? 0 : c.searches * rates.webSearch;
  const total = input + cachedInput + cacheWrite + cacheWrite1h + output + fees;
  // Every part is a non-negative integer no larger than the total; a safe total means every part is exact.
  if (Number.isSafeInteger(total) && typeof out.total === 'number' && Number.isSafeInteger(out.total + total)) {
    out.input = (out.input as number) + input;
    out.cachedInput = (out.cachedInput as number) + cachedInput;
    out.cacheWrite = (out.cacheWrite as number) + cacheWrite;
    out.cacheWrite1h = (out.cacheWrite1h as number) + cacheWrite1h;
    out.output = (out.output as number) + output;
    out.reasoning = (out.reasoning as number) + reasoning;
    out.images = (out.images as number) + images;
    out.fees = (out.fees as number) + fees;
    out.total = out.total + total;
    return true;
  }
  const big = set.big;
  const times = (tokens: number, rate: bigint): bigint => (tokens === 0 ? 0n : BigInt(tokens) * rate);
  const bigInput = times(uncached - c.audio, big.input) + times(c.audio, big.audioInput);
  const bigCached = times(c.cached - c.cachedAudio, big.cachedInput) + times(c.cachedAudio, big.cachedAudioInput);
  const bigWrite = times(c.write, big.cacheWrite);
  const bigWrite1h = times(c.write1h, big.cacheWrite1h);
  const bigOutput = times(c.output, big.output);
  const bigFees = times(c.searches, rates.webSearchBig);
  out.input = BigInt(out.input) + bigInput;
  out.cachedInput = BigInt(out.cachedInput) + bigCached;
  out.cacheWrite = BigInt(out.cacheWrite) + bigWrite;
  out.cacheWrite1h = BigInt(out.cacheWrite1h) + bigWrite1h;
  out.output = BigInt(out.output) + bigOutput;
  out.reasoning = BigInt(out.reasoning) + times(c.reasoning, big.output);
  out.images = BigInt(out.images) + times(c.images, big.input);
  out.fees = BigInt(out.fees) + bigFees;
  out.total = BigInt(out.total) + bigInput + bigCached + bigWrite + bigWrite1h + bigOutput + bigFees;
  return true;
}

/**
 * @internal The price set of one request (not an aggregate) with counts already checked (parts
 * within wholes), or undefined when it is not the plain case (it does not fit the model, or uses
 * a price the set does not have): {@link RecordPricer.price} then says what. The same choices as
 * the fast path of `price`.
 */
export function requestSet(plan: Plan, c: UsageCounts): CompiledPriceSet | undefined {
  if (c.input > plan.maxInput || c.input + c.output > plan.contextWindow || c.output > plan.maxOutput || c.input >= plan.unavailableFrom) return undefined;
  const rates = plan.rates;
  let set = rates.base;
  const tiers = rates.longContext;
  for (let index = tiers.length - 1; index >= 0; index -= 1) {
    const tier = tiers[index]!;
    if (c.input >= tier.fromInputTokens) {
      set = tier.set;
      break;
    }
  }
  if (set.input < 0 || set.output < 0) return undefined;
  if ((c.cached > 0 && set.cachedInput < 0) || (c.write > 0 && set.cacheWrite < 0) || (c.write1h > 0 && set.cacheWrite1h < 0) || (c.audio > 0 && set.audioInput < 0)) return undefined;
  if ((c.cachedAudio > 0 && set.cachedAudioInput < 0) || (c.searches > 0 && rates.webSearch < 0)) return undefined;
  return set;
}

/** The tokens at the bottom of a band such as `"200k-1M"` (200,000), or undefined when unreadable. */
function bandTokens(text: string): { from: number; to: number } | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*-\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  if (match === null) return undefined;
  const value = (digits: string, unit: string): number => Math.round(Number(digits) * (unit === 'k' || unit === 'K' ? 1000 : unit === '' ? 1 : 1_000_000));
  return { from: value(match[1]!, match[2]!), to: value(match[3]!, match[4]!) };
}

/**
 * @internal Prices records with caches per table, model name, price period, status, tier and
 * window. One pricer per (table, model override, tier override); see {@link pricerFor}.
 */
export class RecordPricer {
  private readonly slots = new Map<string, ModelSlot | LlmSpendError>();
  private readonly counts: Counts = { input: 0, output: 0, cached: 0, write: 0, write1h: 0, reasoning: 0, audio: 0, cachedAudio: 0, images: 0, searches: 0 };

  constructor(private readonly options: PriceRecordOptions) {}

  /**
   * Prices `record` into `out` (zeroed first): `null` when priced, else the problem. Throws
   * only what estimateCost throws that is not a record's problem (a bad `pricing` option).
   */
  price(record: UsageRecord, out: CostUnits): RecordProblem | null {
    const result = this.tryFast(record, out);
    if (result !== FALLBACK) return result;
    return this.viaEstimateCost(record, out);
  }

  private slotOf(name: string): ModelSlot | LlmSpendError {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      try {
        const entry = getModel(name, this.options.pricing === undefined ? {} : { pricing: this.options.pricing });
        slot = { entry, segments: segmentsOf(entry) };
      } catch (error) {
        if (!isLlmSpendError(error)) throw error;
        slot = error;
      }
      // Bounded: a log with millions of distinct (unknown) names cannot grow this without end.
      if (this.slots.size >= 4096) this.slots.clear();
      this.slots.set(name, slot);
    }
    return slot;
  }

  /**
   * @internal The plan of model `name` at tier `tier` at instant `ms` (a date-time, never a bare
   * date), or undefined for anything that is not the plain case (an unknown model, no price at
   * the date, a tier not offered): {@link price} then says what. Ignores this pricer's overrides.
   */
  planAt(name: string, tier: ServiceTier, ms: number): Plan | undefined {
    const tierIndex = TIER_INDEX.get(tier);
    if (tierIndex === undefined) return undefined;
    const slot = this.slotOf(name);
    if (slot instanceof LlmSpendError) return undefined;
    const segments = slot.segments;
    let segment = segments[0]!;
    for (let index = 1; index < segments.length && ms >= segment.untilMs; index += 1) segment = segments[index]!;
    const period = segment.period;
    if (period === undefined) return undefined;
    const offPeak = tier === 'standard' && period.offPeak !== undefined && isOffPeak(period.offPeak, ms);
    return planOf(slot, segment, tier, tierIndex, offPeak) ?? undefined;
  }

  private tryFast(record: UsageRecord, out: CostUnits): RecordProblem | null | Fallback {
    const name = this.options.model ?? record.model;
    const tier = this.options.tier ?? record.tier ?? 'standard';
    const tierIndex = TIER_INDEX.get(tier);
    if (typeof name !== 'string' || tierIndex === undefined || typeof record.at !== 'string') return FALLBACK;
    const slot = this.slotOf(name);
    if (slot instanceof LlmSpendError) return problemOf(slot, record, name) ?? FALLBACK;
    const ms = isoDateMs(record.at);
    if (ms === undefined) return FALLBACK;
    const segments = slot.segments;
    let segment = segments[0]!;
    for (let index = 1; index < segments.length && ms >= segment.untilMs; index += 1) segment = segments[index]!;
    if (segment.period === undefined) return FALLBACK;
    const offPeak = tier === 'standard' && segment.period.offPeak !== undefined && !BARE_DATE.test(record.at) && isOffPeak(segment.period.offPeak, ms);
    const plan = planOf(slot, segment, tier, tierIndex, offPeak);
    if (plan === null) return FALLBACK;
    reset(out, plan);
    out.atMs = ms;
    const aggregate = record.aggregate === true;
    const requests = record.requests;
    if (requests === undefined) return this.one(plan, record.usage, aggregate, record, out);
    if (!Array.isArray(requests) || requests.length === 0) return FALLBACK;
    for (const usage of requests) {
      const result = this.one(plan, usage, aggregate, record, out);
      if (result !== null) return result;
    }
    return null;
  }

  private one(plan: Plan, usage: Usage, aggregate: boolean, record: UsageRecord, out: CostUnits): RecordProblem | null | Fallback {
    const c = this.counts;
    if (!readCounts(usage, c)) return FALLBACK;
    const rates = plan.rates;
    let set = rates.base;
    if (aggregate) {
      const tiers = rates.longContext;
      const threshold = Math.min(tiers[0]?.fromInputTokens ?? Number.POSITIVE_INFINITY, plan.unavailableFrom);
      if (threshold !== Number.POSITIVE_INFINITY) {
        const band = typeof record.contextWindow === 'string' ? bandTokens(record.contextWindow) : undefined;
        // A band wholly at or above the threshold: every request was long; wholly below: none was.
        if (band !== undefined && band.from + 1 >= threshold) {
          if (band.from + 1 >= plan.unavailableFrom) return this.longUnavailable(plan, record, band.from + 1);
          for (let index = tiers.length - 1; index >= 0; index -= 1) {
            const tier = tiers[index]!;
            if (band.from + 1 >= tier.fromInputTokens) {
              set = tier.set;
              out.longContext = true;
              break;
            }
          }
        } else if (band === undefined || band.to >= threshold) {
          out.assumedBaseRates = true;
        }
      }
    } else {
      if (c.input > plan.maxInput || c.input + c.output > plan.contextWindow || c.output > plan.maxOutput || c.input >= plan.unavailableFrom) return FALLBACK;
      const tiers = rates.longContext;
      for (let index = tiers.length - 1; index >= 0; index -= 1) {
        const tier = tiers[index]!;
        if (c.input >= tier.fromInputTokens) {
          set = tier.set;
          out.longContext = true;
          break;
        }
      }
    }
    if (!addRequest(set, rates, c, out)) return aggregate ? this.missingPrice(plan, record, set, rates) : FALLBACK;
    return null;
  }

  private longUnavailable(plan: Plan, record: UsageRecord, from: number): RecordProblem {
    return {
      code: 'tier-unavailable',
      message: `${plan.entry.id} offers no ${plan.tier} price for long-context requests (${plan.unavailableFrom} input tokens or more), and this aggregate reports the band ${JSON.stringify(record.contextWindow)} (from ${from} input tokens).`,
      origin: record.origin,
      model: plan.entry.id,
    };
  }

  private missingPrice(plan: Plan, record: UsageRecord, set: CompiledPriceSet, rates: CompiledRates): RecordProblem {
    const c = this.counts;
    const missing = [
      [c.cached > 0 && set.cachedInput < 0, 'cached-input', 'cachedInputTokens'],
      [c.write > 0 && set.cacheWrite < 0, 'cache-write (5-minute)', 'cacheWriteTokens'],
      [c.write1h > 0 && set.cacheWrite1h < 0, 'cache-write (1-hour)', 'cacheWrite1hTokens'],
      [c.audio > 0 && set.audioInput < 0, 'audio-input', 'audioInputTokens'],
      [c.cachedAudio > 0 && set.cachedAudioInput < 0, 'cached audio-input', 'cachedAudioInputTokens'],
      [c.searches > 0 && rates.webSearch < 0, 'web-search', 'webSearchCalls'],
    ] as const;
    const [, what, field] = missing.find(([applies]) => applies) ?? missing[0];
    return {
      code: 'tier-unavailable',
      message: `${plan.entry.id} (${plan.tier}) has no ${what} price in the table, so the ${field} of this aggregate cannot be priced. Add the price with withOverrides, or report these tokens as plain input.`,
      origin: record.origin,
      model: plan.entry.id,
    };
  }

  /** The slow path: estimateCost prices (or refuses) each request; the same rules, one source. */
  private viaEstimateCost(record: UsageRecord, out: CostUnits): RecordProblem | null {
    const model = this.options.model ?? record.model;
    const tier = this.options.tier ?? record.tier ?? 'standard';
    try {
      const requests = record.requests ?? [record.usage];
      if (!Array.isArray(requests) || requests.length === 0) {
        throw new LlmSpendError('INVALID_USAGE', 'The record lists no requests (an empty `requests`); a call has at least one.', { path: 'requests' });
      }
      let first = true;
      for (const usage of requests as readonly Usage[]) {
        const cost = estimateCost({
          ...usage,
          model,
          tier,
          at: record.at,
          aggregate: record.aggregate,
          ...(this.options.pricing === undefined ? {} : { pricing: this.options.pricing }),
        });
        if (first) {
          out.model = cost.model;
          out.provider = getModel(cost.model, this.options.pricing === undefined ? {} : { pricing: this.options.pricing }).provider;
          out.atMs = isoDateMs(record.at) ?? Number.NaN;
          out.tier = cost.tier;
          out.status = cost.status;
          out.lifecycle = cost.lifecycle;
          out.priceWindow = cost.priceWindow;
          out.scale = 12;
          zero(out);
          first = false;
        }
        rescale(out, scaleOf(cost));
        out.longContext ||= cost.longContext;
        addStrings(out, cost);
      }
      return null;
    } catch (error) {
      if (!isLlmSpendError(error)) throw error;
      const problem = problemOf(error, record, model);
      if (problem === undefined) throw error;
      return problem;
    }
  }
}

function problemOf(error: LlmSpendError, record: UsageRecord, model: string): RecordProblem | undefined {
  const code = PROBLEM_OF[error.code];
  if (code === undefined) return undefined;
  return { code, message: error.message, origin: record.origin, model };
}

function zero(out: CostUnits): void {
  out.input = 0;
  out.cachedInput = 0;
  out.cacheWrite = 0;
  out.cacheWrite1h = 0;
  out.output = 0;
  out.reasoning = 0;
  out.images = 0;
  out.fees = 0;
  out.total = 0;
}

function reset(out: CostUnits, plan: Plan): void {
  zero(out);
  out.scale = plan.rates.scale;
  out.model = plan.entry.id;
  out.provider = plan.entry.provider;
  out.tier = plan.tier;
  out.longContext = false;
  out.status = plan.status;
  out.lifecycle = plan.lifecycle;
  out.priceWindow = plan.window;
  out.assumedBaseRates = false;
}

/** The number of fraction digits of the longest part (at least 12, the pico-USD scale). */
function scaleOf(cost: CostEstimate): number {
  let scale = 12;
  for (const part of PART_NAMES) {
    const text = cost[part];
    const dot = text.indexOf('.');
    if (dot >= 0) scale = Math.max(scale, text.length - dot - 1);
  }
  return scale;
}

/** @internal A canonical non-negative decimal string as integer units of 10^-scale (exact). */
export function usdToUnits(text: string, scale: number): bigint {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (fraction.length > scale) throw new Error(`internal: ${text} has more than ${scale} decimals`);
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

/** Raises the scale of `out` (multiplying every part) so that `scale` digits fit. */
function rescale(out: CostUnits, scale: number): void {
  if (scale <= out.scale) return;
  const factor = 10n ** BigInt(scale - out.scale);
  for (const part of PART_NAMES) out[part] = BigInt(out[part]) * factor;
  out.scale = scale;
}

function addStrings(out: CostUnits, cost: CostEstimate): void {
  for (const part of PART_NAMES) out[part] = BigInt(out[part]) + usdToUnits(cost[part], out.scale);
}

const pricers = new WeakMap<PricingTable, Map<string, RecordPricer>>();

/**
 * @internal The shared pricer of a table and a (model, tier) override: its caches live as
 * long as the table. Bounded per table.
 */
export function pricerFor(options: PriceRecordOptions): RecordPricer {
  const table = options.pricing ?? defaultPricing;
  let byKey = pricers.get(table);
  if (byKey === undefined) {
    byKey = new Map();
    pricers.set(table, byKey);
  }
  const key = `${options.model ?? ''}\u0000${options.tier ?? ''}`;
  let pricer = byKey.get(key);
  if (pricer === undefined) {
    if (byKey.size >= 256) byKey.clear();
    pricer = new RecordPricer({
      ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.tier === undefined ? {} : { tier: options.tier }),
    });
    byKey.set(key, pricer);
  }
  return pricer;
}

/** @internal The CostEstimate of priced units: the same strings estimateCost writes. */
export function estimateOfUnits(units: CostUnits): CostEstimate {
  const scale = units.scale;
  const result: CostEstimate = {
    model: units.model,
    tier: units.tier,
    longContext: units.longContext,
    input: unitsToUsd(units.input, scale),
    cachedInput: unitsToUsd(units.cachedInput, scale),
    cacheWrite: unitsToUsd(units.cacheWrite, scale),
    cacheWrite1h: unitsToUsd(units.cacheWrite1h, scale),
    output: unitsToUsd(units.output, scale),
    reasoning: unitsToUsd(units.reasoning, scale),
    images: unitsToUsd(units.images, scale),
    fees: unitsToUsd(units.fees, scale),
    total: unitsToUsd(units.total, scale),
    status: units.status,
  };
  if (units.lifecycle !== undefined) (result as { lifecycle?: Lifecycle }).lifecycle = units.lifecycle;
  if (units.priceWindow !== undefined) (result as { priceWindow?: PriceWindow }).priceWindow = units.priceWindow;
  return result;
}

/**
 * Prices one record at the price in effect on its date (`record.at`), at its tier (or
 * `standard`), request by request when the provider billed several. A record that cannot be
 * priced becomes a problem with its origin; it is never priced at $0.
 *
 * An aggregate (`aggregate: true`, a provider export's bucket) is priced at the base rates, or
 * at the long-context rates when its `contextWindow` band lies at or above the model's
 * long-context threshold (Anthropic's `"200k-1M"`). A model with long-context prices and an
 * aggregate that does not say its band is priced at the base rates with `assumedBaseRates`.
 *
 * @example
 * ```ts
 * import { priceRecord } from 'llm-spend/actual';
 * const priced = priceRecord({
 *   at: '2026-08-01T12:00:00Z', model: 'gpt-5.4-mini', calls: 1, aggregate: false, tags: {},
 *   usage: { inputTokens: 1000, outputTokens: 200 }, origin: { line: 1, format: 'llm-spend-jsonl' },
 * });
 * priced.ok && priced.cost.total; // "0.00165"
 * ```
 */
export function priceRecord(record: UsageRecord, options: PriceRecordOptions = {}): PricedRecord | UnpricedRecord {
  const units = emptyUnits();
  const problem = pricerFor(options).price(record, units);
  if (problem !== null) return { ok: false, problem };
  const cost = estimateOfUnits(units);
  return units.assumedBaseRates ? { ok: true, record, model: cost.model, tier: cost.tier, cost, assumedBaseRates: true } : { ok: true, record, model: cost.model, tier: cost.tier, cost };
}
