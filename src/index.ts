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
export { pricingFromLiteLLM } from './pricing/convert/litellm.js';
export type { LiteLLMConversionOptions } from './pricing/convert/litellm.js';
export { pricingFromModelsDev } from './pricing/convert/models-dev.js';
export type { ModelsDevConversionOptions } from './pricing/convert/models-dev.js';
export type { ConversionOptions, ConversionWarning, ConversionWarningCode, PricingConversion, SkippedModel } from './pricing/convert/shared.js';
export { pricingFromGenaiPrices } from './pricing/convert/genai-prices.js';
export type { GenaiPricesConversionOptions } from './pricing/convert/genai-prices.js';
export { loadPricing, PRICING_FORMATS } from './pricing/load.js';
export type { LoadPricingOptions, PricingFetch, PricingFetchResponse, PricingSourceFormat } from './pricing/load.js';
export { createBudgetGuard, memoryStore, CALENDAR_WINDOWS } from './budget/index.js';
export type {
  ActualSpend,
  AmountReserveRequest,
  BudgetGuard,
  BudgetGuardOptions,
  BudgetLimit,
  BudgetScope,
  BudgetStore,
  CalendarLimit,
  CalendarWindow,
  CommitFallback,
  CommitFallbackReason,
  CommitResult,
  CommitWarning,
  CounterSpec,
  CounterState,
  GuardOperation,
  LimitInfo,
  LimitStatus,
  MemoryStoreOptions,
  RecordRequest,
  Refusal,
  RefusalReason,
  Reservation,
  ReserveRequest,
  ReserveResult,
  RollingLimit,
  RunOptions,
  RunResult,
  StoreCommitOutcome,
  StoreCommitRequest,
  StoreReleaseRequest,
  StoreReserveOutcome,
  StoreReserveRequest,
  StoreStatusRequest,
  StreamOptions,
  StreamRunResult,
  ThresholdEvent,
  TokenReserveRequest,
  TrackedStream,
} from './budget/index.js';
export { projectSpend } from './projection/project.js';
export type { BandInfo, ContextOverflow, ProjectionWarning, ProjectSpendOptions, SpendProjection, StepProjection, TokensPerCall } from './projection/project.js';
export { compareModels } from './projection/compare.js';
export type { CompareModelsOptions, ModelComparison, ModelComparisonRow, SpendDifference } from './projection/compare.js';
export { budgetRunway, maxVolumeWithinBudget } from './projection/solvers.js';
export type { BudgetPercentile, BudgetRunway, BudgetRunwayRequest, MaxVolume, MaxVolumeOptions, ProjectionBudget } from './projection/solvers.js';
export { createDistribution, DISTRIBUTION_KINDS, estimateImageTokens, parseWorkload, PERIOD_NAMES, VOLUME_UNITS, workloadSchema } from './workload/index.js';
export type {
  CacheInput,
  DistributionInput,
  DistributionKind,
  DistributionSpec,
  ImageDetail,
  ImagesInput,
  ImageTokensRequest,
  Period,
  PeriodName,
  TokenDistribution,
  VolumeInput,
  VolumeUnit,
  Workload,
  WorkloadInput,
  WorkloadStepInput,
} from './workload/index.js';
export {
  ARTIFICIAL_ANALYSIS_INDICES,
  CAPABILITY_INDEX_SOURCE,
  DEFAULT_DECODE_SIGMA,
  DEFAULT_LATENCY_TAIL_SIGMA,
  DEFAULT_PREFILL_TOKENS_PER_SECOND,
  DEFAULT_TTFT_SIGMA,
  estimateLatency,
  fitLatencyProfile,
  INDEX_THRESHOLDS,
  MIN_LATENCY_SAMPLES,
  PESSIMISTIC_LATENCY_TAIL_SIGMA,
  recommendModel,
  REFERENCE_INPUT_TOKENS,
  TASK_CAPABILITY_FLOORS,
} from './recommend/index.js';
export type {
  ArtificialAnalysisIndex,
  BudgetCheck,
  CascadeDetails,
  ConstraintCheck,
  ConstraintName,
  ContextFitCheck,
  EstimateLatencyRequest,
  FitLatencyOptions,
  FittedLatencyProfile,
  LatencyCheck,
  LatencyEstimate,
  LatencyFit,
  LatencyLimits,
  LatencyProfile,
  LatencyProfileInput,
  LatencySample,
  LatencySource,
  LifecycleCheck,
  ModalitiesCheck,
  OptionLatency,
  Recommendation,
  RecommendationOption,
  RecommendationWarning,
  RecommendBudget,
  RecommendConstraints,
  RecommendStrategy,
  RecommendWorkload,
  ScoreCheck,
  SplitDetails,
  TaskKind,
} from './recommend/index.js';
export { parsePlan, planJsonSchema, planSchema } from './cli/plan/index.js';
export type { ParsePlanOptions, Plan, PlanInput, PlanIssue, PlanWorkload } from './cli/plan/index.js';
