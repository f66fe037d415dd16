// llm-spend/projection: spend over a period (projectSpend, compareModels, the budget solvers),
// the workload description it reads, and the model recommender built on both. Loads zod (to
// validate workloads) and decimal.js (projections over distributions); the per-call core does not.
export { projectSpend } from './project.js';
export type { BandInfo, ContextOverflow, ProjectionWarning, ProjectSpendOptions, SpendProjection, StepProjection, TokensPerCall } from './project.js';
export { compareModels } from './compare.js';
export type { CompareModelsOptions, ModelComparison, ModelComparisonRow, SpendDifference } from './compare.js';
export { budgetRunway, maxVolumeWithinBudget } from './solvers.js';
export type { BudgetPercentile, BudgetRunway, BudgetRunwayRequest, MaxVolume, MaxVolumeOptions, ProjectionBudget } from './solvers.js';
export { createDistribution, DISTRIBUTION_KINDS, estimateImageTokens, parseWorkload, PERIOD_NAMES, VOLUME_UNITS, workloadSchema } from '../workload/index.js';
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
} from '../workload/index.js';
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
} from '../recommend/index.js';
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
} from '../recommend/index.js';
// The core types these signatures use, so that one import serves a projection.
export type { CostBreakdown } from '../estimate/usage.js';
export type { PricingTable } from '../pricing/table.js';
export type { ServiceTier } from '../pricing/schema.js';
// The named parts of a workload.
export type {
  CachedPrefix,
  CachedShare,
  CallPercentiles,
  CallRange,
  ConversationInput,
  ToolsInput,
  VolumeGrowth,
  WorkloadCache,
  WorkloadConversation,
  WorkloadImages,
  WorkloadStep,
  WorkloadTokens,
  WorkloadTokensInput,
  WorkloadTools,
  WorkloadVolume,
} from '../workload/types.js';
