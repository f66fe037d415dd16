// The recommender's public types: the workload it takes, the constraint checks on an option,
// an option (single model, cascade or split) with its spend and latency, and the recommendation.
import type { LlmSpendErrorCode } from '../errors.js';
import type { Modality } from '../pricing/schema.js';
import type { ProjectionWarning, SpendProjection } from '../projection/project.js';
import type { BudgetPercentile } from '../projection/solvers.js';
import type { WorkloadInput } from '../workload/index.js';
import type { RecommendStrategy } from './constraints.js';
import type { LatencyProfile, LatencyProfileInput } from './latency.js';
import type { recommendModel } from './recommend.js'; // for the {@link recommendModel} below

/** A workload for {@link recommendModel}: any workload, optionally with latency profiles per model (id or alias). */
export type RecommendWorkload = WorkloadInput & {
  /** Latency profiles per model measured for this workload; the constraints' profiles win over these. */
  readonly latencyProfiles?: Readonly<Record<string, LatencyProfileInput>>;
};

/** The name of a constraint check. */
export type ConstraintName = 'budget' | 'latency.p50' | 'latency.p95' | 'latency.p99' | 'capability' | 'quality' | 'modalities' | 'context' | 'lifecycle';

interface CheckBase {
  readonly pass: boolean;
  /** One sentence: the actual value against the limit, or why it is unknown. */
  readonly detail: string;
}

/** The budget against the spend it checks (USD strings; margin = limit − actual, negative when over). */
export interface BudgetCheck extends CheckBase {
  readonly name: 'budget';
  readonly limit: string;
  readonly actual: string;
  readonly margin: string;
  readonly percentile: BudgetPercentile;
  readonly per: string;
}

/** A latency limit against the option's percentile (ms; margin = limit − actual; null when latency is unknown). */
export interface LatencyCheck extends CheckBase {
  readonly name: 'latency.p50' | 'latency.p95' | 'latency.p99';
  readonly limit: number;
  readonly actual: number | null;
  readonly margin: number | null;
}

/** A capability floor or minimum quality against the option's (margin = actual − limit; null when unknown). */
export interface ScoreCheck extends CheckBase {
  readonly name: 'capability' | 'quality';
  readonly limit: number;
  readonly actual: number | null;
  readonly margin: number | null;
}

/** Required input modalities against those every model of the option accepts (margin = −missing). */
export interface ModalitiesCheck extends CheckBase {
  readonly name: 'modalities';
  readonly limit: readonly Modality[];
  readonly actual: readonly Modality[];
  readonly margin: number;
}

/**
 * Context fit: the share of calls that do not fit (`actual`, against `limit`) and the share of the
 * spend they would be (`spendShare`, against `spendLimit`); it fails when either is over its
 * limit (margin = the smaller of the two margins).
 */
export interface ContextFitCheck extends CheckBase {
  readonly name: 'context';
  readonly limit: number;
  readonly actual: number;
  readonly margin: number;
  readonly spendLimit: number;
  readonly spendShare: number;
}

/**
 * Whether every model an option calls is alive for the whole period (present when one of them
 * has a lifecycle). A model shut down on or before the period's end fails it: it is listed,
 * priced, and never chosen. A deprecated model that is still alive passes, with a warning.
 */
export interface LifecycleCheck extends CheckBase {
  readonly name: 'lifecycle';
  /** The period's last day (ISO date): every model must be alive until then. */
  readonly limit: string;
  /** The earliest shutdown date (ISO) of the models called, or null when none has one. */
  readonly actual: string | null;
  /** Whole days from the period's end to that shutdown (negative: shut down within or before the period); null without a shutdown date. */
  readonly margin: number | null;
  /** The provider's replacement of each model that is shut down during the period, or deprecated, by model id. */
  readonly replacements: Readonly<Record<string, string>>;
}

/** One constraint checked on one option: its limit, the option's actual value, pass/fail and the margin. */
export type ConstraintCheck = BudgetCheck | LatencyCheck | ScoreCheck | ModalitiesCheck | ContextFitCheck | LifecycleCheck;

/** A warning of the recommender (or of a model's projection, prefixed with the model). */
export interface RecommendationWarning {
  readonly code: 'LATENCY_UNKNOWN' | 'CAPABILITY_UNKNOWN' | 'LATENCY_MONTE_CARLO' | 'SPEND_BAND_COMBINED' | 'NO_IMAGE_INPUT' | ProjectionWarning['code'];
  readonly message: string;
}

/** Latency of one option, per call (per task for pipelines), ms rounded to 1 µs. */
export interface OptionLatency {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** `exact`: quantiles of the exact mixture by bisection; `monte-carlo`: seeded draws (pipelines). */
  readonly method: 'exact' | 'monte-carlo';
  /** The profile used for each model called. */
  readonly profiles: Readonly<Record<string, LatencyProfile>>;
}

/** What a cascade costs against its large model alone. */
export interface CascadeDetails {
  readonly small: string;
  readonly large: string;
  readonly escalationRate: number;
  /** p* = 1 − c_small / c_large: above this escalation rate the cascade costs more than the large model alone (null when the large model costs nothing). */
  readonly breakEvenRate: number | null;
  /** 1 − c_cascade / c_large: the share saved against the large model alone (negative above p*; null when the large model costs nothing). */
  readonly savingVsLarge: number | null;
}

/** How a split shares the calls. */
export interface SplitDetails {
  readonly small: string;
  readonly large: string;
  /** The share of calls routed to the larger model. */
  readonly share: number;
}

/** One way to serve the workload, with its spend, latency, capability and every constraint checked. */
export interface RecommendationOption {
  /** `gpt-5.4-nano`, `cascade:gpt-5.4-nano>gpt-5.4-mini`, or `split:gpt-5.4-nano+gpt-5.4-mini`. */
  readonly id: string;
  readonly strategy: RecommendStrategy;
  /** The models, cheaper per call first for cascades and splits. */
  readonly models: readonly string[];
  readonly cascade?: CascadeDetails;
  readonly split?: SplitDetails;
  /** Spend over the period (USD, 9 decimals): expected, and the band's p50/p90/p99. */
  readonly spend: { readonly expected: string; readonly p50: string; readonly p90: string; readonly p99: string };
  /** Expected cost of one call (USD, 12 decimals). */
  readonly perCall: string;
  /** Null when a model called has no latency profile. */
  readonly latency: OptionLatency | null;
  /** The lowest 1–5 rating of the models that answer calls; null when one is unrated. */
  readonly capability: number | null;
  /** Your measured quality score (per option id, else per model, mixed by share); null when not given. */
  readonly quality: number | null;
  /** Whether every check passes. */
  readonly feasible: boolean;
  readonly checks: readonly ConstraintCheck[];
  /** The projection of each model on the whole workload. */
  readonly projections: readonly SpendProjection[];
  readonly warnings: readonly RecommendationWarning[];
}

/** The result of {@link recommendModel}. */
export interface Recommendation {
  /** The cheapest feasible option by expected spend (ties: lower p95 latency, higher capability, id), or null. */
  readonly choice: RecommendationOption | null;
  /** When there is no choice: the constraint that binds the nearest option (null when no model could be priced). */
  readonly bindingConstraint: ConstraintName | null;
  /** When there is no choice: the option closest to feasible (fewest failed checks, then smallest relative shortfall). */
  readonly nearest: RecommendationOption | null;
  /** Every option, in the order of the choice rule (cheapest expected spend first). */
  readonly options: readonly RecommendationOption[];
  /**
   * The cost–latency Pareto set (expected spend against p95 latency) of the options that pass
   * every check other than budget and latency, cheapest first.
   */
  readonly frontier: readonly RecommendationOption[];
  /**
   * Candidates that cannot serve the workload as written (no price for its tier, images or
   * tools), and those shut down during the period (`MODEL_SHUT_DOWN`, with the replacement;
   * these are also listed as options that fail the `lifecycle` check, so their price shows).
   */
  readonly unavailable: ReadonlyArray<{ readonly model: string; readonly code: LlmSpendErrorCode | 'MODEL_SHUT_DOWN'; readonly message: string; readonly replacement?: string }>;
  /** What was assumed: the period, which spend the budget checks, the capability floor, the required modalities. */
  readonly assumptions: {
    readonly period: SpendProjection['period'];
    readonly budgetSpend: BudgetPercentile | null;
    readonly capabilityFloor: { readonly value: number; readonly from: string } | null;
    readonly modalities: readonly Modality[];
    readonly maxContextOverflowShare: number;
    readonly maxContextOverflowSpendShare: number;
    readonly seed: number;
  };
  /** A few sentences in plain language: what to choose and why, or what binds. */
  readonly explanation: string;
  readonly warnings: readonly RecommendationWarning[];
}
