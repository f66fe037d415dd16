// The public shapes of a plan file, written out as named interfaces. The zod schema in
// ./schema.ts validates the file; test/types/schema-types.test-d.ts keeps each schema's parsed
// and written type equal to the interfaces here. Type-only imports: nothing loads at run time.
import type { Modality } from '../../pricing/types.js';
import type { RecommendStrategy, TaskKind } from '../../recommend/constraints.js';
import type { PeriodName } from '../../workload/volume.js';
import type { Workload, WorkloadInput } from '../../workload/types.js';

/** Which spend a budget checks: the expected spend, or a percentile of the spend over periods. */
export type PlanPercentile = 'expected' | 'p50' | 'p90' | 'p99';

/** The formats a plan's pricing file can be in. */
export type PlanPricingFormat = 'llm-spend' | 'genai-prices' | 'litellm' | 'models-dev';

/**
 * A USD amount as written in a plan: `1500`, `1500.50` or `"1500.50"` (digits and one decimal
 * point; no `$`, commas or exponent). A number given directly from code must be a safe integer:
 * a fractional JS number is a binary float, so write it as a string.
 */
export type PlanUsdInput = string | number;

/** A validated budget: an amount per period. */
export interface PlanBudget {
  /** USD per `per`, a decimal string exactly as written (`"1500"`, `"1500.50"`). */
  readonly usd: string;
  /** The period: `day`, `week`, `month` (730 hours) or `year` (8,760 hours). */
  readonly per: PeriodName;
  /** Which spend the budget checks. @defaultValue `"expected"` */
  readonly percentile?: PlanPercentile | undefined;
}

/** A budget as written. */
export interface PlanBudgetInput {
  /** USD per `per`: `1500`, `1500.50` or `"1500.50"`. */
  readonly usd: PlanUsdInput;
  /** The period: `day`, `week`, `month` (730 hours) or `year` (8,760 hours). */
  readonly per: PeriodName;
  /** Which spend the budget checks. @defaultValue `"expected"` */
  readonly percentile?: PlanPercentile | undefined;
}

/** Latency limits per call (per task for a pipeline), milliseconds, each above 0. */
export interface PlanLatencyLimits {
  /** The most the median latency may be, ms. */
  readonly p50Ms?: number | undefined;
  /** The most the 95th percentile may be, ms. */
  readonly p95Ms?: number | undefined;
  /** The most the 99th percentile may be, ms. */
  readonly p99Ms?: number | undefined;
}

/**
 * A latency profile for one model: any field left out comes from the model's default (the
 * catalog's Artificial Analysis medians and the default spread).
 */
export interface PlanLatencyProfile {
  /** Median time to first token, ms, for a prompt of `referenceInputTokens` (above 0). */
  readonly ttftMs?: number | undefined;
  /** Median output speed, tokens per second, reasoning tokens included (above 0). */
  readonly outputTokensPerSecond?: number | undefined;
  /** Prompt tokens per second before the first token: TTFT grows by 1000·(input − referenceInputTokens)/prefill ms. @defaultValue `10000` */
  readonly prefillTokensPerSecond?: number | undefined;
  /** The prompt length `ttftMs` was measured at, tokens. @defaultValue `1000` (the Artificial Analysis medians) */
  readonly referenceInputTokens?: number | undefined;
  /** σ of the TTFT slowdown (queueing), 0 to 5. @defaultValue ln(2.6)/1.6449 ≈ 0.581 */
  readonly ttftSigma?: number | undefined;
  /** σ of the prefill and decoding slowdown, 0 to 5. @defaultValue ≈ 0.268 */
  readonly decodeSigma?: number | undefined;
  /** σ of one shared slowdown of the whole call, 0 to 5: setting it selects the pessimistic (shared) model; 1.058 is the pessimistic profile. */
  readonly tailSigma?: number | undefined;
  /** Where the figures come from. */
  readonly source?: string | undefined;
  /** Where the tail spread comes from. */
  readonly tailSource?: string | undefined;
}

/**
 * Constraints of the recommendation (see `recommendModel`): the plan's apply to every
 * workload; a workload's own override them. Shares are fractions from 0 to 1.
 */
export interface PlanConstraints {
  /** Latency limits per call (per task for a pipeline), ms. */
  readonly latency?: PlanLatencyLimits | undefined;
  /** The kind of task: sets the capability floor. */
  readonly task?: TaskKind | undefined;
  /** A capability floor on the 1-5 scale; replaces the task's floor. */
  readonly minCapability?: number | undefined;
  /** Your own 1-5 capability ratings, per model id. */
  readonly capability?: { readonly [modelId: string]: number } | undefined;
  /** Modalities every candidate must accept. */
  readonly modalities?: readonly Modality[] | undefined;
  /** Quality scores you measured, per model or option id (`cascade:a>b`, `split:a+b`). */
  readonly quality?: { readonly [optionId: string]: number } | undefined;
  /** The lowest quality score an option may have (with `quality`). */
  readonly minQuality?: number | undefined;
  /** The strategies to consider (at least one). */
  readonly strategies?: readonly RecommendStrategy[] | undefined;
  /** Cascades: the share of calls the small model passes on to the large one. */
  readonly escalationRate?: number | undefined;
  /** Splits: the share of calls routed to the larger model. */
  readonly splitShare?: number | undefined;
  /** The largest share of calls allowed not to fit a model's context. @defaultValue `0.001` (0.1 %) */
  readonly maxContextOverflowShare?: number | undefined;
  /** The largest share of the spend allowed on calls that do not fit (priced as if they did). @defaultValue `0.01` (1 %) */
  readonly maxContextOverflowSpendShare?: number | undefined;
  /** σ of a shared slowdown for every model without its own, 0 to 5 (1.058 reproduces the old default). */
  readonly latencyTailSigma?: number | undefined;
  /** Latency profiles per model id. */
  readonly latencyProfiles?: { readonly [modelId: string]: PlanLatencyProfile } | undefined;
}

/** Validated policies: what makes `llm-spend` exit 1. */
export interface PlanPolicies {
  /** Fail when the total spend is over the plan budget. */
  readonly failOverBudget?: boolean | undefined;
  /** `diff`: fail when the monthly spend grows by more than this many USD (a decimal string as written). */
  readonly failOnIncreaseUsd?: string | undefined;
  /** `diff`: fail when the monthly spend grows by more than this percentage (`10` is 10 %). */
  readonly failOnIncreasePercent?: number | undefined;
}

/** Policies as written. */
export interface PlanPoliciesInput {
  /** Fail when the total spend is over the plan budget. */
  readonly failOverBudget?: boolean | undefined;
  /** `diff`: fail when the monthly spend grows by more than this many USD. */
  readonly failOnIncreaseUsd?: PlanUsdInput | undefined;
  /** `diff`: fail when the monthly spend grows by more than this percentage. */
  readonly failOnIncreasePercent?: number | undefined;
}

/** A pricing file named with its format and options. */
export interface PlanPricingFile {
  /** The file, relative to the plan. */
  readonly file: string;
  /** Its format. Absent: detected from the content. */
  readonly format?: PlanPricingFormat | undefined;
  /** The date the file's figures were checked (`YYYY-MM-DD`), recorded by the converters as each price's source date. */
  readonly checkedAt?: string | undefined;
  /** Only the models of these providers. */
  readonly providers?: readonly string[] | undefined;
}

/** One validated workload of a plan: a {@link Workload} with a name, its candidates and its own constraints. */
export interface PlanWorkload extends Workload {
  /** The workload's name: one line, unique in the plan (it names the workload in reports and diffs). */
  readonly name: string;
  /** A description for reports. */
  readonly description?: string | undefined;
  /** The model (or option id such as `cascade:a>b`) this workload runs on; totals use it. Absent: the recommended option. */
  readonly model?: string | undefined;
  /** Candidate models of this workload (at least one). Absent: the plan's models. */
  readonly models?: readonly string[] | undefined;
  /** A budget for this workload alone, checked by its recommendation. */
  readonly budget?: PlanBudget | undefined;
  /** This workload's constraints; they override the plan's. */
  readonly constraints?: PlanConstraints | undefined;
}

/** One workload of a plan as written. */
export interface PlanWorkloadInput extends WorkloadInput {
  /** The workload's name: one line, unique in the plan. */
  readonly name: string;
  /** A description for reports. */
  readonly description?: string | undefined;
  /** The model (or option id) this workload runs on. */
  readonly model?: string | undefined;
  /** Candidate models of this workload. */
  readonly models?: readonly string[] | undefined;
  /** A budget for this workload alone. */
  readonly budget?: PlanBudgetInput | undefined;
  /** This workload's constraints. */
  readonly constraints?: PlanConstraints | undefined;
}

/** A validated plan (version 1): money as decimal strings, distributions in object form. */
export interface Plan {
  /** The JSON Schema the file names, for editors. */
  readonly $schema?: string | undefined;
  /** The plan file format version. */
  readonly version: 1;
  /** A title for reports. */
  readonly title?: string | undefined;
  /** A description for reports. */
  readonly description?: string | undefined;
  /** Candidate models of every workload (at least one). Absent: gpt-5.4-mini and gpt-5.4-nano. */
  readonly models?: readonly string[] | undefined;
  /** The budget of the whole plan (every workload together). */
  readonly budget?: PlanBudget | undefined;
  /** Constraints of every workload's recommendation. */
  readonly constraints?: PlanConstraints | undefined;
  /** A pricing file, relative to the plan: a path, or `{ file, format?, checkedAt?, providers? }`. Absent: the bundled catalog. */
  readonly pricing?: string | PlanPricingFile | undefined;
  /** Price the plan at this ISO date. Absent: the newest prices. */
  readonly at?: string | undefined;
  /** The seed of the Monte Carlo parts (an integer). Absent: a fixed constant. */
  readonly seed?: number | undefined;
  /** Policies that set the exit code. */
  readonly policies?: PlanPolicies | undefined;
  /** The workloads (at least one, names unique). */
  readonly workloads: readonly PlanWorkload[];
}

/** A plan as written (YAML or JSON parsed, or built in code): money as strings or integers. */
export interface PlanInput {
  /** The JSON Schema the file names, for editors. */
  readonly $schema?: string | undefined;
  /** The plan file format version: `1`. */
  readonly version: 1;
  /** A title for reports. */
  readonly title?: string | undefined;
  /** A description for reports. */
  readonly description?: string | undefined;
  /** Candidate models of every workload. */
  readonly models?: readonly string[] | undefined;
  /** The budget of the whole plan. */
  readonly budget?: PlanBudgetInput | undefined;
  /** Constraints of every workload's recommendation. */
  readonly constraints?: PlanConstraints | undefined;
  /** A pricing file: a path, or `{ file, format?, checkedAt?, providers? }`. */
  readonly pricing?: string | PlanPricingFile | undefined;
  /** Price the plan at this ISO date. */
  readonly at?: string | undefined;
  /** The seed of the Monte Carlo parts. */
  readonly seed?: number | undefined;
  /** Policies that set the exit code. */
  readonly policies?: PlanPoliciesInput | undefined;
  /** The workloads as written. */
  readonly workloads: readonly PlanWorkloadInput[];
}
