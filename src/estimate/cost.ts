// The cost of one call from a table given explicitly (or an entry): what `llm-spend/core`
// exports. `llm-spend` wraps these so that the table defaults to the bundled catalog
// (./estimate.ts); nothing here refers to the catalog, so a program pricing from its own table
// does not carry it.
import { badValue, LlmSpendError, showValue } from '../errors.js';
import { SERVICE_TIERS } from '../pricing/constants.js';
import type { Lifecycle, ModelEntry, PricePeriod, ServiceTier } from '../pricing/types.js';
import {
  checkTier,
  modelIn,
  parseAt,
  periodAt,
  pricingRequired,
  statusAtMs,
  tierRatesOf,
  trustedOwnerOf,
  validatedEntry,
  type ModelId,
  type ModelStatus,
  type PricingTable,
  type WithPricing,
} from '../pricing/lookup.js';
import { compileRates, unitsToUsd, type CompiledPriceSet, type CompiledRates } from './compiled.js';
import type { CostBreakdown, Usage } from './usage.js';

/** The cost of one call: the breakdown plus what was priced. */
export interface CostEstimate extends CostBreakdown {
  /** The model id that was priced (the table's id, not the alias asked for). */
  readonly model: string;
  /** The service tier that was priced. */
  readonly tier: ServiceTier;
  /** Whether a long-context tier re-priced the whole request. */
  readonly longContext: boolean;
  /**
   * The model's status at `at`, or, when `at` is omitted, at the date of the table's newest
   * prices (its `checkedAt`; the maths never reads a clock): `active`, `beta`, `deprecated`, or
   * `shut-down` once its `lifecycle.shutdownAt` has passed. The call is priced whatever the
   * status: a shutdown date from a secondary source can be wrong, and cost tracking must not
   * break on that day. (For a budget commit of several requests, the called model's status.)
   */
  readonly status: ModelStatus;
  /**
   * For a model whose standard price depends on the hour (DeepSeek's off-peak discount): which
   * price was applied. `off-peak` only when `at` has a time of day inside the off-peak window
   * (UTC); without a time of day the peak price is applied, an upper bound.
   */
  readonly priceWindow?: PriceWindow;
  /** When the status is not `active`: the model's lifecycle (deprecation and shutdown dates, replacement, each with its source), where the table has one. */
  readonly lifecycle?: Lifecycle;
}

/** Options of {@link createCostEstimator}, also taken by {@link estimateCost}. */
export interface EstimatorOptions {
  /** The service tier. @defaultValue "standard" */
  readonly tier?: ServiceTier;
  /** The table to price from. @defaultValue the bundled catalog (`defaultPricing`); in `llm-spend/core`, required unless the model is an entry */
  readonly pricing?: PricingTable;
  /** Price in effect at this date (history at the price of its day). @defaultValue the newest price */
  readonly at?: string | Date;
  /**
   * The usage is the sum of many calls (a day's totals, "per million tokens"): the per-call
   * context check is skipped. Long-context tiers depend on each request's size, so an
   * aggregate whose input reaches a long-context threshold is refused (`INVALID_USAGE`):
   * price those requests one by one. Below the threshold every request was too, and the
   * base price is exact.
   * @defaultValue false
   */
  readonly aggregate?: boolean;
}

/** The argument of {@link estimateCost}: a model, a usage and options. */
export interface EstimateCostRequest extends Usage, EstimatorOptions {
  /** A model id (or alias), or an entry from a table. */
  readonly model: ModelId | ModelEntry;
}

/** Which of a model's hour-of-day prices applied: see {@link CostEstimate.priceWindow}. */
export type PriceWindow = 'peak' | 'off-peak';

interface Plan {
  readonly entry: ModelEntry;
  readonly tier: ServiceTier;
  /** For hour-of-day prices: which one this plan applies. */
  readonly window: PriceWindow | undefined;
  readonly rates: CompiledRates;
  /** Input at or above this needs a long-context price the tier does not have (Infinity = none). */
  readonly unavailableFrom: number;
  readonly maxInput: number;
  readonly contextWindow: number;
  readonly maxOutput: number;
  readonly aggregate: boolean;
}



function badCount(field: string, value: unknown): LlmSpendError {
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
  return badValue('INVALID_USAGE', `${field} ${why}`, field, value, { field });
}

function checkCount(value: unknown, field: string, required?: boolean): number {
  if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) return value;
  if (value === undefined) {
    if (!required) return 0;
    throw new LlmSpendError('INVALID_USAGE', `${field} is required.`, { field });
  }
  throw badCount(field, value);
}

/** Parts of the usage larger than their whole; `vendor` names the adapter for a usage that reports the parts apart. */
function partTooLarge(whole: string, wholeValue: number, parts: Record<string, number>, vendor?: string, label = whole): LlmSpendError {
  const advice = vendor === undefined ? '' : `, which includes them (use usageFrom${vendor}: ${vendor} reports them apart)`;
  const sum = Object.values(parts).reduce((total, value) => total + value);
  return new LlmSpendError('INVALID_USAGE', `${Object.keys(parts).join(' + ')} (${sum}) exceed ${label} (${wholeValue})${advice}.`, { [whole]: wholeValue, ...parts });
}

/** Throws PRICE_UNAVAILABLE for tokens of a part whose rate the tier does not have (-1). */
function needPrice(plan: Plan, tokens: number, rate: number, what: string, field: string): void {
  if (tokens > 0 && rate < 0) throw new LlmSpendError(
    'PRICE_UNAVAILABLE',
    `${plan.entry.id} (${plan.tier}) has no ${what} price for ${tokens} ${field}: add it with withOverrides, or count them as input.`,
      { model: plan.entry.id, tier: plan.tier, field, tokens },
    );
}

/** A model's status for one estimator (or one estimateCost call), computed once. */
interface Standing {
  readonly status: ModelStatus;
  readonly lifecycle: Lifecycle | undefined;
}

const standings = new WeakMap<ModelEntry, Standing>();

/**
 * The date of the newest prices an entry is priced from: the `checkedAt` of the table it was
 * looked up in (or of the bundled catalog, for one of its entries), else the newest date its
 * newest price period carries (every period has a source, and every source a date).
 */
function newestPriceMs(entry: ModelEntry, pricing: PricingTable | undefined): number {
  const table = pricing ?? trustedOwnerOf(entry);
  if (table !== undefined) return Date.parse(table.checkedAt);
  // (a valid entry has a price period, and every period a source)
  const newest = entry.prices[entry.prices.length - 1] as PricePeriod;
  return Math.max(...[newest.from ?? newest.sources[0]!.checkedAt, ...newest.sources.map((source) => source.checkedAt)].map(Date.parse));
}

function standingOf(entry: ModelEntry, options: EstimatorOptions): Standing {
  // A model without a lifecycle has the same status on every date.
  if (entry.lifecycle === undefined) return { status: entry.status, lifecycle: undefined };
  const at = options.at;
  if (at === undefined && options.pricing === undefined) {
    const known = standings.get(entry);
    if (known !== undefined) return known;
  }
  const status = statusAtMs(entry, at === undefined ? newestPriceMs(entry, options.pricing) : parseAt(at));
  const standing: Standing = { status, lifecycle: status === 'active' ? undefined : entry.lifecycle };
  if (at === undefined && options.pricing === undefined) standings.set(entry, standing);
  return standing;
}

/** Prices a usage with a plan; `usage` is an object (checked by the caller). */
function run(plan: Plan, usage: Usage, standing: Standing): CostEstimate {
  const inputTokens = checkCount(usage.inputTokens, 'inputTokens', true);
  const outputTokens = checkCount(usage.outputTokens, 'outputTokens', true);
  const cached = checkCount(usage.cachedInputTokens, 'cachedInputTokens');
  const write = checkCount(usage.cacheWriteTokens, 'cacheWriteTokens');
  const write1h = checkCount(usage.cacheWrite1hTokens, 'cacheWrite1hTokens');
  const reasoning = checkCount(usage.reasoningTokens, 'reasoningTokens');
  const audio = checkCount(usage.audioInputTokens, 'audioInputTokens');
  const cachedAudio = checkCount(usage.cachedAudioInputTokens, 'cachedAudioInputTokens');
  const images = checkCount(usage.imageInputTokens, 'imageInputTokens');
  const searches = checkCount(usage.webSearchCalls, 'webSearchCalls');

  const uncached = inputTokens - cached - write - write1h;
  if (uncached < 0) throw partTooLarge('inputTokens', inputTokens, { cachedInputTokens: cached, cacheWriteTokens: write, cacheWrite1hTokens: write1h }, 'Anthropic');
  if (reasoning > outputTokens) throw partTooLarge('outputTokens', outputTokens, { reasoningTokens: reasoning }, 'Gemini');
  if (cachedAudio > cached) throw partTooLarge('cachedInputTokens', cached, { cachedAudioInputTokens: cachedAudio });
  if (audio + images > uncached) throw partTooLarge('uncachedInputTokens', uncached, { audioInputTokens: audio, imageInputTokens: images }, undefined, 'the uncached input');
  if (plan.aggregate) {
    const threshold = Math.min(plan.rates.longContext[0]?.fromInputTokens ?? Infinity, plan.unavailableFrom);
    if (inputTokens >= threshold) {
      throw new LlmSpendError(
        'INVALID_USAGE',
        `${plan.entry.id} has long context prices from ${threshold} input tokens: price calls one by one, not as an aggregate of ${inputTokens}.`,
        { model: plan.entry.id, inputTokens, fromInputTokens: threshold },
      );
    }
  } else if (inputTokens > plan.maxInput || inputTokens + outputTokens > plan.contextWindow || outputTokens > plan.maxOutput) {
    throw contextExceeded(plan, inputTokens, outputTokens);
  }
  if (inputTokens >= plan.unavailableFrom) {
    throw new LlmSpendError(
      'TIER_UNAVAILABLE',
      `${plan.entry.id} has no ${plan.tier} long-context price (from ${plan.unavailableFrom} input tokens); this call has ${inputTokens}.`,
      { model: plan.entry.id, tier: plan.tier, inputTokens, fromInputTokens: plan.unavailableFrom },
    );
  }

  const rates = plan.rates;
  let set: CompiledPriceSet = rates.base;
  let longContext = false;
  // Thresholds ascend: the last one reached prices the whole request.
  for (const tier of rates.longContext) {
    if (inputTokens >= tier.fromInputTokens) {
      set = tier.set;
      longContext = true;
    }
  }
  needPrice(plan, cached, set.cachedInput, 'cached-input', 'cachedInputTokens');
  needPrice(plan, write, set.cacheWrite, 'cache-write (5-minute)', 'cacheWriteTokens');
  needPrice(plan, write1h, set.cacheWrite1h, 'cache-write (1-hour)', 'cacheWrite1hTokens');
  needPrice(plan, audio, set.audioInput, 'audio-input', 'audioInputTokens');
  needPrice(plan, cachedAudio, set.cachedAudioInput, 'cached audio-input', 'cachedAudioInputTokens');
  needPrice(plan, searches, rates.webSearch, 'web-search', 'webSearchCalls');

  return (
    priced(plan, longContext, standing, set, rates.webSearch, uncached, audio, cached, cachedAudio, write, write1h, outputTokens, reasoning, images, searches) ??
    // A total of 2^53 or more: the same parts again in BigInt, exact at any size.
    priced(plan, longContext, standing, set.big, rates.webSearchBig, ...([uncached, audio, cached, cachedAudio, write, write1h, outputTokens, reasoning, images, searches].map(BigInt) as Ten<bigint>))
  ) as CostEstimate;
}

type Ten<T> = [T, T, T, T, T, T, T, T, T, T];
type Rates<T> = { readonly [K in keyof CompiledPriceSet['big']]: T };

/** Units of 10^-scale USD as text (a module-level function: a closure made per call costs time under keepNames transpilers such as tsx). */
const text = (units: number | bigint, scale: number): string => (units === 0 ? '0' : unitsToUsd(units, scale));

/** tokens × rate, two numbers or two bigints; a count of 0 is 0 even at a rate of -1 (not offered). */
const mul = (tokens: number, rate: number): number => (tokens === 0 ? 0 : tokens * rate);

/**
 * The estimate from rates in units of 10^-scale USD per token: numbers (the fast path), or
 * bigints. Returns undefined when a number total is 2^53 or more: every part is a
 * non-negative integer no larger than the total (reasoning and images are parts of output and
 * input at the same rates), and a product that lost precision is at least 2^53, so a safe
 * total means every part is exact.
 */
function priced<T extends number | bigint>(
  plan: Plan,
  longContext: boolean,
  standing: Standing,
  set: Rates<T>,
  fee: T,
  uncached: T,
  audio: T,
  cached: T,
  cachedAudio: T,
  write: T,
  write1h: T,
  outputTokens: T,
  reasoning: T,
  images: T,
  searches: T,
): CostEstimate | undefined {
  const m = mul as unknown as (tokens: T, rate: T) => T;
  // (Typed as numbers for the operators; the same code runs on bigints.)
  const input = ((m(((uncached as number) - (audio as number)) as T, set.input) as number) + (m(audio, set.audioInput) as number)) as T;
  const cachedInput = ((m(((cached as number) - (cachedAudio as number)) as T, set.cachedInput) as number) + (m(cachedAudio, set.cachedAudioInput) as number)) as T;
  const cacheWrite = m(write, set.cacheWrite);
  const cacheWrite1h = m(write1h, set.cacheWrite1h);
  const output = m(outputTokens, set.output);
  const fees = m(searches, fee);
  const total = ((input as number) + (cachedInput as number) + (cacheWrite as number) + (cacheWrite1h as number) + (output as number) + (fees as number)) as T;
  if (typeof total === 'number' && !Number.isSafeInteger(total)) return undefined;
  const scale = plan.rates.scale;
  const result: CostEstimate = {
    model: plan.entry.id,
    tier: plan.tier,
    longContext,
    input: text(input, scale),
    cachedInput: text(cachedInput, scale),
    cacheWrite: text(cacheWrite, scale),
    cacheWrite1h: text(cacheWrite1h, scale),
    output: text(output, scale),
    reasoning: text(m(reasoning, set.output), scale),
    images: text(m(images, set.input), scale),
    fees: text(fees, scale),
    total: text(total, scale),
    status: standing.status,
  };
  if (standing.lifecycle !== undefined) (result as { lifecycle?: Lifecycle }).lifecycle = standing.lifecycle;
  if (plan.window !== undefined) (result as { priceWindow?: PriceWindow }).priceWindow = plan.window;
  return result;
}

function contextExceeded(plan: Plan, inputTokens: number, outputTokens: number): LlmSpendError {
  const { entry } = plan;
  const problems: string[] = [];
  if (inputTokens > plan.maxInput) problems.push(`input ${inputTokens} > max input ${plan.maxInput}`);
  if (inputTokens + outputTokens > plan.contextWindow) problems.push(`input + output ${inputTokens + outputTokens} > context window ${plan.contextWindow}`);
  if (outputTokens > plan.maxOutput) problems.push(`output ${outputTokens} > max output ${plan.maxOutput}`);
  return new LlmSpendError('CONTEXT_EXCEEDED', `The call does not fit ${entry.id}: ${problems.join('; ')}.`, {
    model: entry.id,
    inputTokens,
    outputTokens,
    contextWindow: entry.contextWindow,
    maxInputTokens: entry.maxInputTokens,
    maxOutputTokens: entry.maxOutputTokens,
  });
}

const plans = new WeakMap<PricePeriod, Map<number, Plan>>();

/** An entry given, or the model looked up in `pricing`, else in `fallback` (the bundled catalog of `llm-spend`). */
function entryOf(model: ModelId | ModelEntry, pricing: PricingTable | undefined, fallback: PricingTable | undefined, what: string): ModelEntry {
  if (typeof model === 'object' && model !== null) return validatedEntry(model);
  // (resolveTable's rule without its options check: the options are an object here; a
  // `pricing` that is not an object is refused by getModelIn, as resolveTable refuses it)
  const table = pricing === undefined ? fallback : pricing;
  if (table === undefined) throw pricingRequired(what);
  return modelIn(table, model);
}

/** An estimator's plan; `options` is an object (estimateCost's request, or checked by createCostEstimatorWith). */
function resolvePlan(model: ModelId | ModelEntry, options: EstimatorOptions, fallback: PricingTable | undefined, what: string): Plan {
  const entry = entryOf(model, options.pricing, fallback, what);
  const period = periodAt(entry, options.at);
  const tier = options.tier ?? 'standard';
  checkTier(entry, tier);
  if (options.aggregate !== undefined && typeof options.aggregate !== 'boolean') {
    throw badValue('INVALID_USAGE', 'aggregate must be true or false', 'aggregate', options.aggregate);
  }
  const aggregate = options.aggregate === true;
  // Hour-of-day prices (standard tier only): off-peak when `at` has a time of day in the window.
  const window: PriceWindow | undefined = tier === 'standard' && period.offPeak !== undefined ? (isOffPeak(period.offPeak, options.at) ? 'off-peak' : 'peak') : undefined;
  // The standard prices in effect: the off-peak ones in the off-peak window.
  const standard = window === 'off-peak' ? period.offPeak!.standard : period.standard;
  // (a number key: a string built per call costs more than the rest of the lookup)
  const key = SERVICE_TIERS.indexOf(tier) * 32 + (aggregate ? 16 : 0) + (window === undefined ? 0 : window.length);
  let byTier = plans.get(period);
  if (byTier === undefined) {
    byTier = new Map();
    plans.set(period, byTier);
  }
  let plan = byTier.get(key);
  if (plan === undefined || plan.entry !== entry) {
    const rates = window === 'off-peak' ? standard : tierRatesOf(entry, period, tier);
    plan = {
      entry,
      tier,
      window,
      rates: compileRates(rates, period.fees),
      // A tier without the long-context prices the standard tier has cannot price requests that large.
      unavailableFrom: (rates.longContext === undefined && standard.longContext?.[0]?.fromInputTokens) || Infinity,
      maxInput: entry.maxInputTokens ?? entry.contextWindow ?? Infinity,
      contextWindow: entry.contextWindow ?? Infinity,
      maxOutput: entry.maxOutputTokens ?? Infinity,
      aggregate,
    };
    byTier.set(key, plan);
  }
  return plan;
}

/** Whether `at` names a time of day outside every peak window; a bare date has no time of day (the peak applies). */
function isOffPeak(offPeak: NonNullable<PricePeriod['offPeak']>, at: string | Date | undefined): boolean {
  // (`at` has been read by then: a string of ten characters is a bare date)
  if (at === undefined || (typeof at === 'string' && at.length < 11)) return false;
  // The UTC time of day as `HH:MM` (from the end of the ISO text: years past 9999 are longer);
  // zero-padded times compare as text as they do as numbers.
  const time = new Date(parseAt(at)).toISOString().slice(-13, -8);
  return !offPeak.peakHoursUtc.some(({ fromUtc, untilUtc }) => (fromUtc < untilUtc ? time >= fromUtc && time < untilUtc : time >= fromUtc || time < untilUtc));
}

/**
 * The exact cost of one call, part by part, from the pricing table given (`pricing`), or from
 * a model entry. (In `llm-spend`, the table defaults to the bundled catalog.)
 *
 * Follows the canonical usage convention: `inputTokens` includes cached reads and cache
 * writes, `outputTokens` includes reasoning. Long-context tiers re-price the whole request
 * once all input tokens reach the threshold; `tier` selects batch, flex, priority or
 * regional prices; `at` prices history at the price of its day.
 *
 * Never refuses a model for its lifecycle: a deprecated or shut-down model is priced at the
 * price in effect, and the result's `status` (with `lifecycle`: dates, replacement, sources)
 * says so. The status is taken at `at`, or at the table's `checkedAt` when `at` is omitted.
 *
 * @returns the breakdown as exact decimal strings, with the model id, tier, whether a long-context tier applied, and the model's status
 * @throws LlmSpendError `UNKNOWN_MODEL`, `INVALID_USAGE` (negative, fractional, NaN, infinite or non-number counts; parts larger than their whole),
 *   `TIER_UNAVAILABLE`, `PRICE_UNAVAILABLE` (e.g. cached tokens on a model without a cached price), `CONTEXT_EXCEEDED`, `PRICE_NOT_IN_EFFECT`
 * @example
 * ```ts
 * import { createPricingTable, estimateCost } from 'llm-spend';
 * const pricing = createPricingTable({ version: 1, checkedAt: '2026-11-01', models: [{
 *   id: 'my-model', provider: 'acme', contextWindow: 128000, modalities: { input: ['text'], output: ['text'] }, reasoning: false,
 *   prices: [{ standard: { inputPerMillion: '0.75', cachedInputPerMillion: '0.075', outputPerMillion: '4.5' }, sources: [{ url: 'contract #42', checkedAt: '2026-11-01' }] }],
 * }] });
 * const cost = estimateCost({ model: 'my-model', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing });
 * cost.total; // "0.002802"
 * cost.cachedInput; // "0.000075"
 * ```
 */
export function estimateCost(request: CoreEstimateCostRequest): CostEstimate {
  return estimateCostWith(request, undefined);
}

/** @internal {@link estimateCost} with the table to use when the request names none (`undefined`: the table is required). */
export function estimateCostWith(request: EstimateCostRequest, fallback: PricingTable | undefined): CostEstimate {
  if (typeof request !== 'object' || request === null) {
    throw badValue('INVALID_USAGE', 'estimateCost takes { model, inputTokens, outputTokens, ... }', '(root)', request);
  }
  const plan = resolvePlan(request.model, request, fallback, 'estimateCost');
  return run(plan, request, standingOf(plan.entry, request));
}

/**
 * The argument of `estimateCost` in `llm-spend/core`: a model entry, or a model id with the
 * table (`pricing`) to find it in (the core has no bundled catalog).
 */
export type CoreEstimateCostRequest = (EstimateCostRequest & { readonly model: ModelEntry }) | WithPricing<EstimateCostRequest>;

/**
 * Resolves a model, tier and price once and returns a function that prices usages: the
 * same results as {@link estimateCost}, for hot paths. The model's status (`status`,
 * `lifecycle`) is computed once, when the estimator is made.
 *
 * @param model - a model id (or alias), or an entry
 * @returns a function of a {@link Usage} returning a {@link CostEstimate}
 * @throws LlmSpendError `UNKNOWN_MODEL`, `TIER_UNAVAILABLE`, `PRICE_NOT_IN_EFFECT` at creation; the per-call errors of estimateCost when called
 * @example
 * ```ts
 * import { createCostEstimator, getModel } from 'llm-spend';
 * const price = createCostEstimator(getModel('gpt-4o-mini')); // an entry: no table needed
 * price({ inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }).total; // "0.0004503"
 * ```
 */
export function createCostEstimator(model: ModelEntry, options?: EstimatorOptions): (usage: Usage) => CostEstimate;
export function createCostEstimator(model: ModelId | ModelEntry, options: WithPricing<EstimatorOptions>): (usage: Usage) => CostEstimate;
export function createCostEstimator(model: ModelId | ModelEntry, options: EstimatorOptions = {}): (usage: Usage) => CostEstimate {
  return createCostEstimatorWith(model, options, undefined);
}

/** @internal {@link createCostEstimator} with the table to use when the options name none. */
export function createCostEstimatorWith(model: ModelId | ModelEntry, options: EstimatorOptions, fallback: PricingTable | undefined): (usage: Usage) => CostEstimate {
  if (typeof options !== 'object' || options === null) {
    throw badValue('INVALID_USAGE', 'Estimator options must be an object such as { tier, pricing, at }', 'options', options);
  }
  const plan = resolvePlan(model, options, fallback, 'createCostEstimator');
  const standing = standingOf(plan.entry, options);
  return (usage: Usage) => {
    if (typeof usage !== 'object' || usage === null) throw badValue('INVALID_USAGE', 'A usage object is required', '(root)', usage);
    return run(plan, usage, standing);
  };
}

/** The argument of {@link checkContext}. */
export interface ContextRequest {
  readonly model: ModelId | ModelEntry;
  /** All input tokens of the call. */
  readonly inputTokens: number;
  /** The call's max output tokens (`max_tokens`, `max_output_tokens`), reasoning included. */
  readonly maxOutputTokens: number;
  readonly pricing?: PricingTable;
}

/** Whether a call fits a model, with the numbers. */
export interface ContextCheck {
  /** `true` or `false`; `null` when the table does not know the model's limits. */
  readonly fits: boolean | null;
  readonly model: string;
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
  readonly contextWindow: number | null;
  readonly maxInputTokens: number | null;
  readonly modelMaxOutputTokens: number | null;
  /** Input tokens still free under both limits for this max output (0 when over). */
  readonly remainingInputTokens: number | null;
  /** Each limit the call breaks, in words. */
  readonly problems: readonly string[];
}

/**
 * Says whether a call fits a model: input ≤ max input (or context − max output where no max
 * input is published) and input + max output ≤ context, and max output ≤ the model's.
 *
 * @throws LlmSpendError `UNKNOWN_MODEL`, `INVALID_USAGE` for bad counts
 * @example
 * ```ts
 * import { checkContext, defaultPricing } from 'llm-spend';
 * checkContext({ model: 'gpt-5.4-mini', inputTokens: 300_000, maxOutputTokens: 1000, pricing: defaultPricing }).fits; // false (max input 272,000)
 * ```
 */
export function checkContext(request: CoreContextRequest): ContextCheck {
  return checkContextWith(request, undefined);
}

/** The argument of `checkContext` in `llm-spend/core`: a model entry, or a model id with its table. */
export type CoreContextRequest = (ContextRequest & { readonly model: ModelEntry }) | WithPricing<ContextRequest>;

/** @internal {@link checkContext} with the table to use when the request names none. */
export function checkContextWith(request: ContextRequest, fallback: PricingTable | undefined): ContextCheck {
  if (typeof request !== 'object' || request === null) {
    throw badValue('INVALID_USAGE', 'checkContext takes one object: { model, inputTokens, maxOutputTokens }', '(root)', request);
  }
  const entry = entryOf(request.model, request.pricing, fallback, 'checkContext');
  const inputTokens = checkCount(request.inputTokens, 'inputTokens', true);
  const maxOutputTokens = checkCount(request.maxOutputTokens, 'maxOutputTokens', true);
  const context = entry.contextWindow;
  const maxInput = entry.maxInputTokens;
  const maxOutput = entry.maxOutputTokens;
  const problems: string[] = [];
  if (maxInput !== undefined && inputTokens > maxInput) problems.push(`input ${inputTokens} > max input ${maxInput}`);
  if (context !== undefined && inputTokens + maxOutputTokens > context) problems.push(`input + max output ${inputTokens + maxOutputTokens} > context window ${context}`);
  if (maxOutput !== undefined && maxOutputTokens > maxOutput) problems.push(`max output ${maxOutputTokens} > the model's max output ${maxOutput}`);
  const known = context !== undefined || maxInput !== undefined;
  let remaining: number | null = null;
  if (known) {
    const limits = [maxInput, context === undefined ? undefined : context - maxOutputTokens].filter((value): value is number => value !== undefined);
    remaining = Math.max(0, Math.min(...limits) - inputTokens);
  }
  return {
    fits: problems.length > 0 ? false : known ? true : null,
    model: entry.id,
    inputTokens,
    maxOutputTokens,
    contextWindow: context ?? null,
    maxInputTokens: maxInput ?? null,
    modelMaxOutputTokens: maxOutput ?? null,
    remainingInputTokens: remaining,
    problems,
  };
}

