// llm-spend/core: the per-call API of `llm-spend` WITHOUT the bundled catalog, for programs
// that price from their own table. Every lookup takes the table (`pricing`) explicitly, and
// estimateCost, createCostEstimator and checkContext take `pricing` or a model entry; nothing
// here imports the catalog (src/pricing/data/models.ts), zod, yaml or decimal.js. The functions
// are the ones `llm-spend` wraps with the catalog as the default table, so results agree.
export { LlmSpendError, isLlmSpendError } from './errors.js';
export type { LlmSpendErrorCode } from './errors.js';
export { addUsd, sumUsd, compareUsd, roundUsd, formatUsd } from './money/index.js';
export type { UsdInput, UsdString, RoundingMode, FormatUsdOptions } from './money/index.js';
export { createPricingTable, findModel, getModel, listModels, modelStatus, selectPricePeriod, withOverrides } from './pricing/lookup.js';
export type { LookupOptions, ModelFilter, ModelId, ModelPatch, ModelStatus, PricingTable, WithPricing } from './pricing/lookup.js';
export { SERVICE_TIERS, MODALITIES } from './pricing/constants.js';
export type {
  Fees,
  Lifecycle,
  LongContextTier,
  Modality,
  ModelEntry,
  ModelEntryInput,
  PricePeriod,
  PriceSet,
  PricingData,
  PricingDataInput,
  ServiceTier,
  Source,
  TierRates,
} from './pricing/types.js';
export { estimateCost, createCostEstimator, checkContext } from './estimate/cost.js';
export type {
  ContextCheck,
  ContextRequest,
  CoreContextRequest,
  CoreEstimateCostRequest,
  CostEstimate,
  EstimateCostRequest,
  EstimatorOptions,
  PriceWindow,
} from './estimate/cost.js';
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
