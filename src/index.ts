// llm-spend: the cost of one call, exactly, from the bundled dated catalog (or your own table).
// This entry is the per-call core: errors, money helpers, pricing tables and lookup, estimateCost
// and the usage adapters. It loads no zod, no yaml and no decimal.js. The rest lives behind its
// own import path: llm-spend/core (the same API without the bundled catalog), llm-spend/convert,
// llm-spend/projection (projections, workloads, the recommender), llm-spend/budget,
// llm-spend/redis, llm-spend/plan and llm-spend/actual.
export { LlmSpendError, isLlmSpendError } from './errors.js';
export type { LlmSpendErrorCode } from './errors.js';
export { addUsd, sumUsd, compareUsd, roundUsd, formatUsd } from './money/index.js';
export type { UsdInput, UsdString, RoundingMode, FormatUsdOptions } from './money/index.js';
export {
  createPricingTable,
  defaultPricing,
  findModel,
  getModel,
  listModels,
  modelStatus,
  PRICING_CHECKED_AT,
  selectPricePeriod,
  withOverrides,
  SERVICE_TIERS,
  MODALITIES,
} from './pricing/index.js';
export type {
  BundledModelId,
  Fees,
  Lifecycle,
  LongContextTier,
  LookupOptions,
  Modality,
  ModelEntry,
  ModelEntryInput,
  ModelFilter,
  ModelId,
  ModelPatch,
  ModelStatus,
  PricePeriod,
  PriceSet,
  PricingData,
  PricingDataInput,
  PricingTable,
  ServiceTier,
  Source,
  TierRates,
} from './pricing/index.js';
export { estimateCost, createCostEstimator, checkContext } from './estimate/estimate.js';
export type { CostEstimate, PriceWindow, EstimatorOptions, EstimateCostRequest, ContextRequest, ContextCheck } from './estimate/estimate.js';
export type { Usage, CostBreakdown } from './estimate/usage.js';
export { usageFromOpenAI, usageFromAnthropic, usageFromGemini, usageFromAiSdk, usageFromLangChain, usageFromOtelSpan } from './estimate/adapters.js';
export type { UsagePayload } from './estimate/adapters.js';
export { readUsage } from './estimate/response.js';
export type { ReadUsageOptions, ResponseUsage, UsageRequest, UsageSource } from './estimate/response.js';
// The named parts of a model entry and of the table input (for tables written by hand).
export type {
  CapabilityRating,
  FeesInput,
  HoursWindow,
  LifecycleDate,
  LifecycleReplacement,
  LongContextTierInput,
  MeasuredLatency,
  ModelEntryStatus,
  ModelModalities,
  ModelPerformance,
  OffPeak,
  OffPeakInput,
  PricePeriodInput,
  PriceSetInput,
  TierRatesInput,
  UsdPriceInput,
} from './pricing/types.js';
