// What the guard counts: a call's worst case at reserve (every input token at the highest
// input-side rate, plus the output cap), and at commit the actual spend priced from a usage or
// an amount, or the worst case as a stated fallback when no exact usage is available.
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import { createCostEstimator, type CostEstimate } from '../estimate/estimate.js';
import type { Usage } from '../estimate/usage.js';
import type { UsageRequest } from '../estimate/response.js';
import { Dec } from '../money/decimal.js';
import { addUsd } from '../money/usd.js';
import type { ModelEntry, ServiceTier } from '../pricing/schema.js';
import { getModel, selectPricePeriod, type ModelId, type PricingTable } from '../pricing/table.js';
import { amountUnits, checkTierType, checkTokens, shownValue, usageError } from './checks.js';
import type { GuardContext } from './context.js';
import type { ActualSpend, CommitFallback, CommitFallbackReason, CommitResult, CommitWarning, Reservation, TokenReserveRequest } from './types.js';
import { checkUnits, usdStringToUnits } from './units.js';

type InputField = 'cacheWriteTokens' | 'cacheWrite1hTokens' | 'audioInputTokens' | null;

interface WorstCasePlan {
  readonly entry: ModelEntry;
  readonly price: (usage: Usage) => CostEstimate;
  /** Highest input-side rate per price set: [fromInputTokens, field], base first (from 0). */
  readonly sets: ReadonlyArray<readonly [number, InputField]>;
}

/** The breakdowns of several requests of one call, added part by part (exact decimal strings). */
function sumEstimates(costs: readonly CostEstimate[]): CostEstimate | null {
  const [first, ...rest] = costs;
  if (first === undefined) return null;
  let sum: CostEstimate = first;
  for (const cost of rest) {
    sum = {
      ...sum, // status and lifecycle: the call's model's (the first request's)
      model: sum.model === cost.model ? sum.model : `${sum.model}+${cost.model}`,
      tier: sum.tier,
      longContext: sum.longContext || cost.longContext,
      input: addUsd(sum.input, cost.input),
      cachedInput: addUsd(sum.cachedInput, cost.cachedInput),
      cacheWrite: addUsd(sum.cacheWrite, cost.cacheWrite),
      cacheWrite1h: addUsd(sum.cacheWrite1h, cost.cacheWrite1h),
      output: addUsd(sum.output, cost.output),
      reasoning: addUsd(sum.reasoning, cost.reasoning),
      images: addUsd(sum.images, cost.images),
      fees: addUsd(sum.fees, cost.fees),
      total: addUsd(sum.total, cost.total),
    };
  }
  return sum;
}

function highestInputField(prices: { readonly inputPerMillion: string; readonly cacheWritePerMillion?: string | undefined; readonly cacheWrite1hPerMillion?: string | undefined; readonly audioInputPerMillion?: string | undefined }, audio: boolean): InputField {
  let best: InputField = null;
  let rate = new Dec(prices.inputPerMillion);
  const consider = (field: InputField, price: string | undefined): void => {
    if (price === undefined) return;
    const value = new Dec(price);
    if (value.greaterThan(rate)) {
      rate = value;
      best = field;
    }
  };
  consider('cacheWriteTokens', prices.cacheWritePerMillion);
  consider('cacheWrite1hTokens', prices.cacheWrite1hPerMillion);
  if (audio) consider('audioInputTokens', prices.audioInputPerMillion);
  return best;
}

/** A spend ready to be committed: its pico-USD units and what they came from. */
export interface Actual {
  readonly units: bigint;
  readonly basis: CommitResult['basis'];
  readonly cost: CostEstimate | null;
  readonly tier: ServiceTier | null;
  readonly fallback: CommitFallback | null;
  readonly warnings: readonly CommitWarning[];
}

const FALLBACK_MESSAGES: Readonly<Record<CommitFallbackReason, string>> = {
  'usage-unreadable': 'The usage could not be read or priced, so the reservation\'s worst case was committed',
  'stream-incomplete': 'The stream did not reach the provider\'s end event (aborted, broken off, dropped, failed or never read), so the worst case (or the usage seen, if larger) was committed',
  'stream-without-usage':
    'The stream ended without reporting a usage (for OpenAI Chat Completions, request stream_options: { include_usage: true }), so the reservation\'s worst case was committed',
};

/** The worst case, or what was seen if that is larger: spend is never under-counted. */
export function worstActual(reservation: Reservation, reason: CommitFallbackReason, error: unknown, seen: Actual | undefined): Actual {
  const worst = usdStringToUnits(reservation.usd, 'up');
  const typed = isLlmSpendError(error) ? error : null;
  const why = error === undefined || error === null ? '' : `: ${error instanceof Error ? error.message : shownValue(error)}`;
  return {
    units: seen !== undefined && seen.units > worst ? seen.units : worst,
    basis: 'reservation',
    cost: null,
    tier: reservation.tier,
    fallback: { reason, message: `${FALLBACK_MESSAGES[reason]}${why}.`, error: typed },
    warnings: seen?.warnings ?? [],
  };
}

/** Prices calls for one guard: model entries and estimators are looked up once per model and tier. */
export function createGuardCosts(pricing: PricingTable | undefined, report: GuardContext['report']) {
  const plans = new Map<string, WorstCasePlan>();
  const estimators = new Map<string, (usage: Usage) => CostEstimate>();

  function modelEntry(model: ModelId): ModelEntry {
    return getModel(model, pricing === undefined ? {} : { pricing });
  }

  function estimator(entry: ModelEntry, tier: ServiceTier): (usage: Usage) => CostEstimate {
    const key = `${entry.id}\u0000${tier}`;
    let price = estimators.get(key);
    if (price === undefined) {
      price = createCostEstimator(entry, { tier });
      estimators.set(key, price);
    }
    return price;
  }

  function worstCasePlan(model: ModelId, tier: ServiceTier, audio: boolean): WorstCasePlan {
    const key = `${model}\u0000${tier}\u0000${audio ? 1 : 0}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      const entry = modelEntry(model);
      const price = estimator(entry, tier);
      const period = selectPricePeriod(entry);
      const rates = tier === 'standard' ? period.standard : period[tier];
      const sets: Array<readonly [number, InputField]> = [];
      if (rates !== undefined) {
        sets.push([0, highestInputField(rates, audio)]);
        for (const tierPrices of rates.longContext ?? []) sets.push([tierPrices.fromInputTokens, highestInputField(tierPrices.prices, audio)]);
      }
      plan = { entry, price, sets };
      plans.set(key, plan);
    }
    return plan;
  }

  /** The worst case of a call: every input token at the highest input-side rate of the set it could be priced at, plus maxOutputTokens at that set's output rate. */
  function worstCase(request: TokenReserveRequest): { units: bigint; entry: ModelEntry; tier: ServiceTier } {
    const inputTokens = checkTokens(request.inputTokens, 'inputTokens');
    const maxOutputTokens = checkTokens(request.maxOutputTokens, 'maxOutputTokens');
    const tier = checkTierType(request.tier, 'reserve') ?? 'standard';
    const plan = worstCasePlan(request.model, tier, request.audioInput === true);
    let field: InputField = null;
    for (const [from, best] of plan.sets) if (inputTokens >= from) field = best;
    const usage: Usage = field === null ? { inputTokens, outputTokens: maxOutputTokens } : { inputTokens, outputTokens: maxOutputTokens, [field]: inputTokens };
    const total = plan.price(usage).total;
    return { units: checkUnits(usdStringToUnits(total, 'up'), 'A reservation'), entry: plan.entry, tier };
  }

  function priceActual(reservation: Reservation, actual: ActualSpend): Actual {
    if (typeof actual !== 'object' || actual === null) throw usageError('commit: the actual spend must be a usage ({ inputTokens, outputTokens, ... }) or { usd }.', {});
    if ('usd' in actual) return { units: amountUnits(actual.usd, 'The committed amount'), basis: 'usd', cost: null, tier: null, fallback: null, warnings: [] };
    return priceRead(reservation, { requests: [{ model: null, usage: actual }], tier: null }, undefined);
  }

  /**
   * The cost of a usage read from a response or stream, at the tier the caller forced, else the
   * tier the response reports, else the reservation's; parts served by other models at theirs.
   */
  function priceRead(reservation: Reservation, read: { readonly requests: readonly UsageRequest[]; readonly tier: ServiceTier | null }, forcedTier: ServiceTier | undefined): Actual {
    if (reservation.model === null) {
      throw usageError('commit: this reservation was made by amount ({ usd }), so there is no model to price a usage with; commit { usd } instead.', { reservation: reservation.id });
    }
    const reservedTier = reservation.tier ?? 'standard';
    const tier = forcedTier ?? read.tier ?? reservedTier;
    const warnings: CommitWarning[] = [];
    if (forcedTier === undefined && read.tier !== null && read.tier !== reservedTier) {
      const message = `The response reports the ${read.tier} tier but the call was reserved at ${reservedTier}: it was priced at ${read.tier}, what the provider bills. Pass tier: '${read.tier}' to reserve, or options.tier to override.`;
      warnings.push({ code: 'TIER_MISMATCH', message });
      report(new LlmSpendError('TIER_MISMATCH', message, { reservedTier, responseTier: read.tier, reservation: reservation.id }), 'usage');
    }
    // Each request on its own (long-context tiers and per-call fees apply per request), each at its model.
    const model = reservation.model;
    const costs = read.requests.map((request) => estimator(modelEntry(request.model ?? model), tier)(request.usage));
    const cost = costs.length === 1 ? (costs[0] ?? null) : sumEstimates(costs);
    let units = 0n;
    for (const part of costs) units += usdStringToUnits(part.total, 'up');
    return { units: checkUnits(units, 'A commit'), basis: 'usage', cost, tier, fallback: null, warnings };
  }

  function provider(reservation: Reservation): string | undefined {
    if (reservation.model === null) return undefined;
    return modelEntry(reservation.model).provider;
  }

  return { modelEntry, estimator, worstCase, priceActual, priceRead, provider };
}

/** The pricing functions of one guard. */
export type GuardCosts = ReturnType<typeof createGuardCosts>;
