// The cost of one call as `llm-spend` offers it: the functions of ./cost.ts with the table
// defaulting to the bundled catalog. `llm-spend/core` exports ./cost.ts itself.
import { defaultPricing } from '../pricing/catalog.js';
import type { ModelId } from '../pricing/lookup.js';
import type { ModelEntry } from '../pricing/types.js';
import { checkContextWith, createCostEstimatorWith, estimateCostWith, type ContextCheck, type ContextRequest, type CostEstimate, type EstimateCostRequest, type EstimatorOptions } from './cost.js';
import type { Usage } from './usage.js';

export type { ContextCheck, ContextRequest, CoreContextRequest, CoreEstimateCostRequest, CostEstimate, EstimateCostRequest, EstimatorOptions, PriceWindow } from './cost.js';

/**
 * The exact cost of one call, part by part, from the pricing table.
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
 * import { estimateCost } from 'llm-spend';
 * const cost = estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 });
 * cost.total; // "0.002802"
 * cost.cachedInput; // "0.000075"
 * estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1_000_000, outputTokens: 1_000_000, aggregate: true }).total; // "1.45"
 * cost.status; // "active"
 * const late = estimateCost({ model: 'gpt-4.1-nano', inputTokens: 1000, outputTokens: 100, at: '2026-11-30' });
 * late.total; // "0.00014" (priced, although the model shut down on 2026-10-23)
 * late.status; // "shut-down"
 * late.lifecycle?.replacement?.id; // "gpt-5.6-luna"
 * ```
 */
export function estimateCost(request: EstimateCostRequest): CostEstimate {
  return estimateCostWith(request, defaultPricing);
}

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
 * import { createCostEstimator } from 'llm-spend';
 * const price = createCostEstimator('gpt-4o-mini');
 * price({ inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }).total; // "0.0004503"
 * price({ inputTokens: 1234, outputTokens: 567 }).status; // "deprecated" (shuts down 2027-01-14)
 * ```
 */
export function createCostEstimator(model: ModelId | ModelEntry, options: EstimatorOptions = {}): (usage: Usage) => CostEstimate {
  return createCostEstimatorWith(model, options, defaultPricing);
}

/**
 * Says whether a call fits a model: input ≤ max input (or context − max output where no max
 * input is published) and input + max output ≤ context, and max output ≤ the model's.
 *
 * @throws LlmSpendError `UNKNOWN_MODEL`, `INVALID_USAGE` for bad counts
 * @example
 * ```ts
 * import { checkContext } from 'llm-spend';
 * checkContext({ model: 'gpt-5.4-mini', inputTokens: 300_000, maxOutputTokens: 1000 }).fits; // false (max input 272,000)
 * ```
 */
export function checkContext(request: ContextRequest): ContextCheck {
  return checkContextWith(request, defaultPricing);
}
