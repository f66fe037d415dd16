// What a projection needs to know about one model at one tier: per-token prices as exact
// decimals (perMillion / 10^6) for the base price and each long-context tier, the web-search
// fee, the context limit and the cache rules.
import { LlmSpendError } from '../errors.js';
import { Dec } from '../money/decimal.js';
import type { ModelEntry, PriceSet, ServiceTier } from '../pricing/schema.js';
import { getModel, selectPricePeriod, tierRatesOf, validatedEntry, type ModelId, type PricingTable } from '../pricing/table.js';

const MILLION = new Dec(1_000_000);

/** One price set in USD per token. Absent prices are undefined (never zero). */
export interface TokenPrices {
  /** Input at or above this many tokens is priced with this set (0 for the base set). */
  readonly fromInputTokens: number;
  readonly input: Dec;
  readonly cachedInput: Dec | undefined;
  readonly cacheWrite: Dec | undefined;
  readonly cacheWrite1h: Dec | undefined;
  readonly output: Dec;
  /** The same prices as floats, for variances and Monte Carlo draws only. */
  readonly float: { readonly input: number; readonly cachedInput: number; readonly cacheWrite: number; readonly cacheWrite1h: number; readonly output: number };
}

/** A model at a tier, ready to price projections. */
export interface PricePlan {
  readonly entry: ModelEntry;
  readonly tier: ServiceTier;
  /** Index 0 is the base price; then each long-context tier, ascending. */
  readonly sets: readonly TokenPrices[];
  /** USD per web-search call, or undefined when the table has no such fee. */
  readonly searchFee: Dec | undefined;
  /** Input at or above this has no price at this tier (a long-context tier the tier lacks); Infinity = none. */
  readonly unpricedFrom: number;
  /** Whether a cache write (5-minute) is billed apart from plain input. */
  readonly writeBilled: boolean;
  /** Whether a 1-hour cache write has its own price. */
  readonly write1hPriced: boolean;
  readonly minCacheableTokens: number | undefined;
}

function perToken(perMillion: string | undefined): Dec | undefined {
  return perMillion === undefined ? undefined : new Dec(perMillion).div(MILLION);
}

function priceSet(prices: PriceSet, fromInputTokens: number): TokenPrices {
  const input = perToken(prices.inputPerMillion) ?? new Dec(0);
  const output = perToken(prices.outputPerMillion) ?? new Dec(0);
  const cachedInput = perToken(prices.cachedInputPerMillion);
  const cacheWrite = perToken(prices.cacheWritePerMillion);
  const cacheWrite1h = perToken(prices.cacheWrite1hPerMillion);
  return {
    fromInputTokens,
    input,
    cachedInput,
    cacheWrite,
    cacheWrite1h,
    output,
    float: {
      input: input.toNumber(),
      cachedInput: cachedInput?.toNumber() ?? Number.NaN,
      cacheWrite: cacheWrite?.toNumber() ?? Number.NaN,
      cacheWrite1h: cacheWrite1h?.toNumber() ?? Number.NaN,
      output: output.toNumber(),
    },
  };
}

/** Options for resolving a plan. */
export interface PlanOptions {
  readonly pricing?: PricingTable | undefined;
  readonly at?: string | Date | undefined;
}

/** Resolves a model (id, alias or entry) to an entry. */
export function resolveEntry(model: ModelId | ModelEntry, options: PlanOptions): ModelEntry {
  if (typeof model === 'object' && model !== null) return validatedEntry(model);
  return getModel(model, options.pricing === undefined ? {} : { pricing: options.pricing });
}

const planCache = new WeakMap<ModelEntry, Map<string, PricePlan>>();

/** The plan of a model at a tier and date. */
export function pricePlan(entry: ModelEntry, tier: ServiceTier, at: string | Date | undefined): PricePlan {
  const period = selectPricePeriod(entry, at);
  const key = `${tier}@${period.from ?? ''}`;
  let byKey = planCache.get(entry);
  if (byKey === undefined) {
    byKey = new Map();
    planCache.set(entry, byKey);
  }
  const cached = byKey.get(key);
  if (cached !== undefined) return cached;
  const rates = tierRatesOf(entry, period, tier);
  const sets = [priceSet(rates, 0), ...(rates.longContext ?? []).map((tierPrices) => priceSet(tierPrices.prices, tierPrices.fromInputTokens))];
  const standardLong = period.standard.longContext?.[0]?.fromInputTokens;
  const base = sets[0] as TokenPrices;
  const fee = period.fees?.webSearchPerThousandCalls;
  const plan: PricePlan = {
    entry,
    tier,
    sets,
    searchFee: fee === undefined ? undefined : new Dec(fee).div(1000),
    unpricedFrom: rates.longContext === undefined && standardLong !== undefined ? standardLong : Number.POSITIVE_INFINITY,
    writeBilled: base.cacheWrite !== undefined && !base.cacheWrite.eq(base.input),
    write1hPriced: base.cacheWrite1h !== undefined,
    minCacheableTokens: entry.minCacheableTokens,
  };
  byKey.set(key, plan);
  return plan;
}

/** The largest input (all tokens) a call may have and still fit, and how that was decided. */
export interface ContextLimit {
  /** Calls with more input tokens than this do not fit (Infinity when unknown). */
  readonly maxInputTokens: number;
  /** Whether the table knows any limit of the model. */
  readonly known: boolean;
  /** The max output a call asks for, as used for the check. */
  readonly maxOutputTokens: number | undefined;
  /** Whether maxOutputTokens came from the workload (else the workload's largest billed output was assumed). */
  readonly fromWorkload: boolean;
  /** The call asks for more output than the model allows: nothing fits. */
  readonly outputTooLarge: boolean;
}

/**
 * A call fits when input ≤ the model's max input and input + max output ≤ the context window.
 * The max output is the workload's `maxOutputTokens`; without it, the largest output the
 * workload bills (its output + reasoning distributions' maximum, or their 1 − 10⁻⁹ quantile
 * when unbounded), capped at the model's max output. (Assuming the model's own max output
 * would leave no room at all on models whose max output equals their context.)
 */
export function contextLimit(entry: ModelEntry, maxOutputTokens: number | undefined, largestOutput: number): ContextLimit {
  const modelMax = entry.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const asked = maxOutputTokens ?? Math.min(Math.ceil(largestOutput), modelMax);
  const outputTooLarge = maxOutputTokens !== undefined && maxOutputTokens > modelMax;
  let limit = entry.maxInputTokens ?? Number.POSITIVE_INFINITY;
  if (entry.contextWindow !== undefined) limit = Math.min(limit, entry.contextWindow - asked);
  if (outputTooLarge) limit = -1;
  return {
    maxInputTokens: limit,
    known: entry.contextWindow !== undefined || entry.maxInputTokens !== undefined,
    maxOutputTokens: Number.isFinite(asked) ? asked : undefined,
    fromWorkload: maxOutputTokens !== undefined,
    outputTooLarge,
  };
}

/** The missing-price error for tokens that need a price the table lacks. */
export function missingPrice(plan: PricePlan, what: string): LlmSpendError {
  return new LlmSpendError(
    'PRICE_UNAVAILABLE',
    `${plan.entry.id} (${plan.tier}) has no ${what} price in the table, so this workload cannot be priced on it. Add the price with withOverrides, or change the workload.`,
    { model: plan.entry.id, tier: plan.tier, price: what },
  );
}
