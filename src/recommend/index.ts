export { recommendModel } from './recommend.js';
export type {
  BudgetCheck,
  CascadeDetails,
  ConstraintCheck,
  ConstraintName,
  ContextFitCheck,
  LatencyCheck,
  LifecycleCheck,
  ModalitiesCheck,
  OptionLatency,
  Recommendation,
  RecommendationOption,
  RecommendationWarning,
  RecommendWorkload,
  ScoreCheck,
  SplitDetails,
} from './types.js';
export { TASK_CAPABILITY_FLOORS } from './constraints.js';
export type { LatencyLimits, RecommendBudget, RecommendConstraints, RecommendStrategy, TaskKind } from './constraints.js';
export {
  DEFAULT_DECODE_SIGMA,
  DEFAULT_LATENCY_TAIL_SIGMA,
  DEFAULT_PREFILL_TOKENS_PER_SECOND,
  DEFAULT_TTFT_SIGMA,
  MIN_LATENCY_SAMPLES,
  PESSIMISTIC_LATENCY_TAIL_SIGMA,
  REFERENCE_INPUT_TOKENS,
  estimateLatency,
  fitLatencyProfile,
} from './latency.js';
export type {
  EstimateLatencyRequest,
  FitLatencyOptions,
  FittedLatencyProfile,
  LatencyEstimate,
  LatencyFit,
  LatencyProfile,
  LatencyProfileInput,
  LatencySample,
  LatencySource,
} from './latency.js';
export { ARTIFICIAL_ANALYSIS_INDICES, CAPABILITY_INDEX_SOURCE, INDEX_THRESHOLDS } from './capability-index.js';
export type { ArtificialAnalysisIndex } from './capability-index.js';
