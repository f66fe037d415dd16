// recommendModel: which model (or cascade, or split) should serve a workload, against a
// budget, latency limits, a capability floor, quality, modalities and context fit.
import { isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../errors.js';
import { Dec, ROUNDING } from '../money/decimal.js';
import { formatDec, fromDec } from '../money/usd.js';
import type { Modality, ModelEntry, ServiceTier } from '../pricing/schema.js';
import { getModel } from '../pricing/table.js';
import { lifecycleDuring, lifecycleWindow, type LifecycleStanding } from '../pricing/lifecycle.js';
import { projectSpend, type ProjectionWarning, type SpendProjection } from '../projection/project.js';
import type { BudgetPercentile } from '../projection/solvers.js';
import { createDistribution, parseWorkload, type DistributionSpec, type Workload, type WorkloadInput } from '../workload/index.js';
import { resolvePeriod } from '../workload/volume.js';
import {
  normalizeConstraints,
  workloadProfiles,
  type NormalizedConstraints,
  type RecommendConstraints,
  type RecommendStrategy,
} from './constraints.js';
import {
  callLatency,
  DEFAULT_PREFILL_TOKENS_PER_SECOND,
  drawCall,
  generatedAtoms,
  mixtureOf,
  promptOf,
  resolveProfile,
  roundMs,
  simulateToPrecision,
  sumOf,
  TAIL_NOTE,
  type LatencyDist,
  type LatencyProfile,
  type LatencyProfileInput,
} from './latency.js';
import { indexRating } from './capability-index.js';
import { pricePlan } from '../projection/plan.js';
import { toDist } from '../workload/distributions.js';
import type { Rng } from './math.js';
import { Z_OF } from './math.js';

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

const DEFAULT_SEED = 20260317;
const SKIPPED: readonly LlmSpendErrorCode[] = ['PRICE_UNAVAILABLE', 'TIER_UNAVAILABLE', 'PRICE_NOT_IN_EFFECT', 'INVALID_WORKLOAD'];
const NO_DEFAULT_LATENCY: readonly ServiceTier[] = ['batch', 'flex'];

function round9(value: Dec): string {
  return fromDec(value.toDecimalPlaces(9, ROUNDING['half-even']));
}
function round12(value: Dec): string {
  return fromDec(value.toDecimalPlaces(12, ROUNDING['half-even']));
}

interface ModelInfo {
  readonly entry: ModelEntry;
  readonly projection: SpendProjection;
  /** Warnings of the recommender about this model. */
  readonly notes: readonly RecommendationWarning[];
  readonly perCall: Dec;
  readonly expected: Dec;
  readonly band: { readonly p50: Dec; readonly p90: Dec; readonly p99: Dec };
  readonly sd: number;
  readonly sdVolume: number;
  readonly sdTokens: number;
  readonly calls: number;
  readonly capability: number | null;
  readonly modalities: readonly Modality[];
  readonly overflow: number;
  /** Share of the spend the calls that do not fit would be (their cost as if they fitted, base prices). */
  readonly overflowSpend: number;
  /** Whether the model is alive over the period. */
  readonly lifecycle: LifecycleStanding;
}

interface LatencyContext {
  readonly workload: Workload;
  readonly constraints: NormalizedConstraints;
  readonly fromWorkload: ReadonlyMap<string, LatencyProfileInput>;
  readonly seed: number;
}

interface ModelLatency {
  readonly dist: LatencyDist | null;
  readonly method: 'exact' | 'monte-carlo';
  readonly profiles: ReadonlyMap<string, LatencyProfile>;
  /** Models called without a profile, and why. */
  readonly missing: ReadonlyArray<{ readonly model: string; readonly reason: string }>;
}

function profileFor(context: LatencyContext, entry: ModelEntry, tier: ServiceTier): { profile?: LatencyProfile; reason?: string } {
  const fromWorkload = context.fromWorkload.get(entry.id);
  const fromConstraints = context.constraints.latencyProfiles.get(entry.id);
  const override = fromWorkload === undefined && fromConstraints === undefined ? undefined : { ...fromWorkload, ...fromConstraints };
  if (NO_DEFAULT_LATENCY.includes(tier) && (override?.ttftMs === undefined || override.outputTokensPerSecond === undefined)) {
    return { reason: `the table's latency profile of ${entry.id} is for standard processing; ${tier} is slower and has no published figures (pass latencyProfiles['${entry.id}'] with ttftMs and outputTokensPerSecond)` };
  }
  const profile = resolveProfile(entry, override, context.constraints.latencyTailSigma);
  if (profile === undefined) {
    return { reason: `latency unknown: the table has no latency profile for ${entry.id} (pass latencyProfiles['${entry.id}'] = { ttftMs, outputTokensPerSecond }, e.g. from fitLatencyProfile)` };
  }
  return { profile };
}

function seedFor(seed: number, id: string): number {
  let hash = Math.trunc(seed) >>> 0;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}

/** A drawer of continuous values of a distribution (built once, drawn many times). */
function drawer(spec: DistributionSpec | undefined): (rng: Rng) => number {
  if (spec === undefined) return () => 0;
  if ('fixed' in spec) {
    const value = spec.fixed;
    return () => value;
  }
  const dist = createDistribution(spec);
  return (rng) => Math.max(0, dist.quantile(rng.uniform()));
}

/** The latency of one call (one turn, one task) on `entry` as the workload's model. */
function modelLatency(context: LatencyContext, entry: ModelEntry): ModelLatency {
  const { workload } = context;
  const tier: ServiceTier = workload.tier ?? 'standard';
  const profiles = new Map<string, LatencyProfile>();
  const missing: Array<{ model: string; reason: string }> = [];
  if (workload.steps === undefined) {
    const found = profileFor(context, entry, tier);
    if (found.profile === undefined) return { dist: null, method: 'exact', profiles, missing: [{ model: entry.id, reason: found.reason ?? 'latency unknown' }] };
    profiles.set(entry.id, found.profile);
    const cap = workload.maxOutputTokens ?? entry.maxOutputTokens;
    const generated =
      workload.tokens !== undefined
        ? generatedAtoms(workload.tokens.output, workload.tokens.reasoning, cap)
        : generatedAtoms(workload.conversation?.assistantTokensPerTurn ?? 0, workload.conversation?.reasoningTokensPerTurn, cap);
    // TTFT grows with the prompt: the call's input tokens (a conversation: the mean turn's, history included).
    const prompt = workload.tokens !== undefined ? promptOf(workload.tokens.input as DistributionSpec) : conversationPrompt(workload);
    return { dist: callLatency(found.profile, generated, prompt), method: 'exact', profiles, missing };
  }
  // A pipeline: one task runs its steps in sequence, each a random number of calls.
  const steps = workload.steps.map((step) => {
    const stepEntry = step.model === undefined ? entry : getModel(step.model, context.constraints.pricing === undefined ? {} : { pricing: context.constraints.pricing });
    const found = profileFor(context, stepEntry, step.tier ?? tier);
    if (found.profile === undefined) {
      if (!missing.some((item) => item.model === stepEntry.id)) missing.push({ model: stepEntry.id, reason: found.reason ?? 'latency unknown' });
    } else profiles.set(stepEntry.id, found.profile);
    return {
      profile: found.profile,
      cap: step.maxOutputTokens ?? workload.maxOutputTokens ?? stepEntry.maxOutputTokens,
      input: drawer(step.tokens.input as DistributionSpec),
      output: drawer(step.tokens.output as DistributionSpec),
      reasoning: drawer(step.tokens.reasoning as DistributionSpec | undefined),
      calls: drawer((step.callsPerTask ?? { fixed: 1 }) as DistributionSpec),
    };
  });
  if (missing.length > 0) return { dist: null, method: 'monte-carlo', profiles, missing };
  const { dist } = simulateToPrecision(seedFor(context.seed, entry.id), (rng) => {
    let total = 0;
    for (const step of steps) {
      const profile = step.profile as LatencyProfile;
      // Calls of this step: a draw of callsPerTask, rounded at random to a whole number (mean kept).
      const raw = step.calls(rng);
      const whole = Math.floor(raw);
      const count = whole === raw ? whole : whole + (rng.uniform() < raw - whole ? 1 : 0);
      for (let call = 0; call < count; call += 1) {
        const generated = step.output(rng) + step.reasoning(rng);
        total += drawCall(profile, step.cap === undefined ? generated : Math.min(step.cap, generated), rng.normal(), step.input(rng), rng.normal());
      }
    }
    return total;
  });
  return { dist, method: 'monte-carlo', profiles, missing };
}

/** The mean prompt of a conversation's turn: E[input per conversation] / E[T] (history re-sent), as a fixed prompt. */
function conversationPrompt(workload: Workload): { mean: number; variance: number } | undefined {
  const conversation = workload.conversation;
  if (conversation === undefined) return undefined;
  const turns = createDistribution(conversation.turns as DistributionSpec);
  const mean = (spec: unknown): number => (spec === undefined ? 0 : createDistribution(spec as DistributionSpec).mean);
  const t1 = turns.mean;
  if (!(t1 > 0)) return undefined;
  const t2 = turns.secondMoment;
  const input = mean(conversation.systemTokens) * t1 + (mean(conversation.userTokensPerTurn) * (t2 + t1)) / 2 + (mean(conversation.assistantTokensPerTurn) * (t2 - t1)) / 2;
  return { mean: input / t1, variance: 0 };
}

function withoutImages(workload: WorkloadInput): WorkloadInput {
  const { images: _images, ...rest } = workload;
  if (rest.steps === undefined) return rest;
  return { ...rest, steps: rest.steps.map(({ images: _stepImages, ...step }) => step) };
}

function decOf(value: string): Dec {
  return new Dec(value);
}

/**
 * The share of the spend that the calls which do not fit would be, for a `tokens` workload:
 * (a·E[I; I > L] + b·E[out]·P(I > L)) / (a·E[I] + b·E[out]) at the base prices a, b. Longer
 * prompts cost more, so this is above the share of calls. Conversations and pipelines: the share
 * of calls (conversations) is used.
 */
function overflowSpendShare(workload: Workload, entry: ModelEntry, projection: SpendProjection, at: string | Date | undefined): number {
  const share = projection.contextOverflow.share;
  const limit = projection.contextOverflow.limitInputTokens;
  if (!(share > 0) || workload.tokens === undefined || limit === null) return share;
  try {
    const input = toDist(workload.tokens.input);
    const output = toDist(workload.tokens.output).mean + (workload.tokens.reasoning === undefined ? 0 : toDist(workload.tokens.reasoning).mean);
    const prices = (pricePlan(entry, workload.tier ?? 'standard', at).sets[0] as { float: { input: number; output: number } }).float;
    const over = input.range(limit, false, Number.POSITIVE_INFINITY, true);
    const total = prices.input * input.mean + prices.output * output;
    const value = total > 0 ? (prices.input * over.m1 + prices.output * output * over.p) / total : share;
    return Number.isFinite(value) ? Math.min(1, Math.max(share, value)) : share;
  } catch {
    return share;
  }
}

function infoOf(entry: ModelEntry, projection: SpendProjection, constraints: NormalizedConstraints, notes: readonly RecommendationWarning[], lifecycle: LifecycleStanding, workload?: Workload): ModelInfo {
  // Capability: the user's rating, else OpenAI's 1–5 rating, else the Artificial Analysis index mapped to that scale (issue 12).
  const rating = constraints.capability.get(entry.id) ?? entry.performance?.rating?.capability ?? indexRating(entry.id, constraints.floor?.from)?.rating ?? null;
  return {
    entry,
    projection,
    notes,
    perCall: decOf(projection.perCall),
    expected: decOf(projection.spend.expected),
    band: { p50: decOf(projection.spend.p50), p90: decOf(projection.spend.p90), p99: decOf(projection.spend.p99) },
    sd: Number(projection.band.standardDeviation),
    sdVolume: Number(projection.band.fromVolume),
    sdTokens: Number(projection.band.fromTokens),
    calls: Number(projection.calls.expected),
    capability: rating,
    modalities: entry.modalities.input,
    overflow: projection.contextOverflow.share,
    overflowSpend: workload === undefined ? projection.contextOverflow.share : overflowSpendShare(workload, entry, projection, constraints.at),
    lifecycle,
  };
}

interface Draft {
  readonly id: string;
  readonly strategy: RecommendStrategy;
  readonly parts: ReadonlyArray<{ readonly info: ModelInfo; readonly answers: boolean; readonly called: boolean }>;
  readonly cascade?: CascadeDetails;
  readonly split?: SplitDetails;
  readonly spend: { readonly expected: Dec; readonly p50: Dec; readonly p90: Dec; readonly p99: Dec };
  readonly perCall: Dec;
  readonly latency: LatencyDist | null;
  readonly latencyMethod: 'exact' | 'monte-carlo';
  readonly combinedBand: boolean;
}

/**
 * The band of a combination: each percentile is the same combination of the models' percentiles
 * (exact when the band comes from the volume, which every model shares), widened by the
 * routing noise the combination adds (normal approximation).
 */
function combinedSpend(
  weights: readonly [number, number],
  a: ModelInfo,
  b: ModelInfo,
  tokenVariance: number,
): { expected: Dec; p50: Dec; p90: Dec; p99: Dec } {
  const [wa, wb] = weights;
  const wA = new Dec(wa);
  const wB = new Dec(wb);
  const expected = a.expected.times(wA).plus(b.expected.times(wB));
  const sdVolume = wa * a.sdVolume + wb * b.sdVolume;
  const sd = Math.sqrt(sdVolume * sdVolume + Math.max(0, tokenVariance));
  const comonotonic = wa * a.sd + wb * b.sd;
  const widen = sd - comonotonic;
  const at = (key: 'p50' | 'p90' | 'p99'): Dec => {
    const base = a.band[key].times(wA).plus(b.band[key].times(wB));
    const value = base.plus(new Dec(Z_OF[key] * widen));
    return value.isNegative() ? new Dec(0) : value;
  };
  return { expected, p50: at('p50'), p90: at('p90'), p99: at('p99') };
}

function cascadeDraft(small: ModelInfo, large: ModelInfo, p: number, latencyOf: (info: ModelInfo) => ModelLatency): Draft {
  const n = small.calls;
  const muL = large.perCall.toNumber();
  // Var[c_s + B·c_l] = Var_s + p·Var_l + p(1−p)μ_l² + 2p·Cov(c_s, c_l), with the covariance at
  // its bound sd_s·sd_l (both models see the same tokens); times E[N] in the band's units.
  const tokenVariance = small.sdTokens ** 2 + p * large.sdTokens ** 2 + 2 * p * small.sdTokens * large.sdTokens + n * p * (1 - p) * muL * muL;
  const spend = combinedSpend([1, p], small, large, tokenVariance);
  const perCall = small.perCall.plus(large.perCall.times(new Dec(p)));
  const breakEvenRate = large.perCall.isZero() ? null : new Dec(1).minus(small.perCall.div(large.perCall)).toNumber();
  const savingVsLarge = large.perCall.isZero() ? null : new Dec(1).minus(perCall.div(large.perCall)).toNumber();
  const ls = latencyOf(small);
  const ll = p > 0 ? latencyOf(large) : undefined;
  let latency: LatencyDist | null = null;
  if (ls.dist !== null && (ll === undefined || ll.dist !== null)) {
    latency = ll?.dist == null ? ls.dist : mixtureOf([{ dist: ls.dist, w: 1 - p }, { dist: sumOf(ls.dist, ll.dist), w: p }]);
  }
  return {
    id: `cascade:${small.entry.id}>${large.entry.id}`,
    strategy: 'cascade',
    parts: [
      { info: small, answers: p < 1, called: true },
      { info: large, answers: p > 0, called: p > 0 },
    ],
    cascade: { small: small.entry.id, large: large.entry.id, escalationRate: p, breakEvenRate, savingVsLarge },
    spend,
    perCall,
    latency,
    latencyMethod: ls.method === 'monte-carlo' || ll?.method === 'monte-carlo' ? 'monte-carlo' : 'exact',
    combinedBand: true,
  };
}

function splitDraft(small: ModelInfo, large: ModelInfo, s: number, latencyOf: (info: ModelInfo) => ModelLatency): Draft {
  const n = small.calls;
  const gap = small.perCall.minus(large.perCall).toNumber();
  const tokenVariance = (1 - s) * small.sdTokens ** 2 + s * large.sdTokens ** 2 + n * s * (1 - s) * gap * gap;
  const spend = combinedSpend([1 - s, s], small, large, tokenVariance);
  const perCall = small.perCall.times(new Dec(1 - s)).plus(large.perCall.times(new Dec(s)));
  const ls = s < 1 ? latencyOf(small) : undefined;
  const ll = s > 0 ? latencyOf(large) : undefined;
  let latency: LatencyDist | null = null;
  if ((ls === undefined || ls.dist !== null) && (ll === undefined || ll.dist !== null)) {
    const parts: Array<{ dist: LatencyDist; w: number }> = [];
    if (ls?.dist != null) parts.push({ dist: ls.dist, w: 1 - s });
    if (ll?.dist != null) parts.push({ dist: ll.dist, w: s });
    latency = mixtureOf(parts);
  }
  return {
    id: `split:${small.entry.id}+${large.entry.id}`,
    strategy: 'split',
    parts: [
      { info: small, answers: s < 1, called: s < 1 },
      { info: large, answers: s > 0, called: s > 0 },
    ],
    split: { small: small.entry.id, large: large.entry.id, share: s },
    spend,
    perCall,
    latency,
    latencyMethod: ls?.method === 'monte-carlo' || ll?.method === 'monte-carlo' ? 'monte-carlo' : 'exact',
    combinedBand: true,
  };
}

// ---------------------------------------------------------------------------- formatting

function usd(value: Dec | string): string {
  const amount = typeof value === 'string' ? new Dec(value) : value;
  if (amount.abs().gte(1) || amount.isZero()) return formatDec(amount, 2);
  const text = formatDec(amount, 6);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function sharePercent(share: number): string {
  return share >= 0.01 ? percent(share, 2) : `${(share * 100).toPrecision(2)}%`;
}

function perWord(period: SpendProjection['period']): string {
  return period.name === 'range' ? 'over the period' : `a ${period.name}`;
}

function label(option: Pick<RecommendationOption, 'strategy' | 'models' | 'cascade' | 'split'>): string {
  if (option.strategy === 'cascade' && option.cascade !== undefined) {
    return `the cascade ${option.cascade.small} → ${option.cascade.large} (${percent(option.cascade.escalationRate, 0)} escalate)`;
  }
  if (option.strategy === 'split' && option.split !== undefined) {
    return `the split ${option.split.small} ${percent(1 - option.split.share, 0)} / ${option.split.large} ${percent(option.split.share, 0)}`;
  }
  return option.models[0] ?? '?';
}

// ---------------------------------------------------------------------------- checks

function checksOf(
  draft: Draft,
  latency: OptionLatency | null,
  missing: readonly string[],
  capability: number | null,
  quality: number | null,
  c: NormalizedConstraints,
  required: readonly Modality[],
  period: SpendProjection['period'],
  window: { readonly to: string },
): ConstraintCheck[] {
  const checks: ConstraintCheck[] = [];
  if (c.budget !== undefined) {
    const spendKey = c.budget.percentile;
    const actual = draft.spend[spendKey];
    const limit = c.budget.usd;
    const margin = limit.minus(actual);
    const pass = !actual.gt(limit);
    const which = spendKey === 'expected' ? 'expected spend' : `${spendKey} spend`;
    checks.push({
      name: 'budget',
      limit: round9(limit),
      actual: round9(actual),
      margin: round9(margin),
      pass,
      percentile: spendKey,
      per: c.budget.per,
      detail: `${which} ${usd(round9(actual))} ${perWord(period)} against a budget of ${usd(limit)}: ${usd(margin.abs())} ${pass ? 'to spare' : 'over'}`,
    });
  }
  for (const key of ['p50', 'p95', 'p99'] as const) {
    const limit = c.latency[`${key}Ms`];
    if (limit === undefined) continue;
    const actual = latency === null ? null : latency[`${key}Ms`];
    const pass = actual !== null && actual <= limit;
    checks.push({
      name: `latency.${key}`,
      limit,
      actual,
      margin: actual === null ? null : roundMs(limit - actual),
      pass,
      detail: actual === null ? `latency unknown (${missing.join('; ')})` : `${key} latency ${ms(actual)} against a limit of ${ms(limit)}`,
    });
  }
  if (c.floor !== undefined) {
    const pass = capability !== null && capability >= c.floor.value;
    const unrated = draft.parts.filter((part) => part.answers && part.info.capability === null).map((part) => part.info.entry.id);
    checks.push({
      name: 'capability',
      limit: c.floor.value,
      actual: capability,
      margin: capability === null ? null : capability - c.floor.value,
      pass,
      detail:
        capability === null
          ? `capability unknown: no rating for ${unrated.join(', ')} (rate it with capability: { '${unrated[0] ?? ''}': 1-5 })`
          : `capability ${capability} against a floor of ${c.floor.value} (${c.floor.from === 'minCapability' ? 'minCapability' : `${c.floor.from} needs ${c.floor.value}`})`,
    });
  }
  if (c.minQuality !== undefined) {
    const pass = quality !== null && quality >= c.minQuality;
    checks.push({
      name: 'quality',
      limit: c.minQuality,
      actual: quality,
      margin: quality === null ? null : quality - c.minQuality,
      pass,
      detail: quality === null ? `quality unknown: give quality['${draft.id}'] or a score for each model` : `quality ${quality} against a minimum of ${c.minQuality}`,
    });
  }
  if (required.length > 0) {
    const called = draft.parts.filter((part) => part.called);
    const accepted = required.filter((modality) => called.every((part) => part.info.modalities.includes(modality)));
    const missingModalities = required.filter((modality) => !accepted.includes(modality));
    const lacking = called.filter((part) => missingModalities.some((modality) => !part.info.modalities.includes(modality))).map((part) => part.info.entry.id);
    checks.push({
      name: 'modalities',
      limit: required,
      actual: accepted,
      margin: -missingModalities.length,
      pass: missingModalities.length === 0,
      detail: missingModalities.length === 0 ? `accepts ${required.join(', ')} input` : `needs ${missingModalities.join(', ')} input, which ${lacking.join(' and ')} does not accept`,
    });
  }
  const called = draft.parts.filter((part) => part.called);
  const withLifecycle = called.filter((part) => part.info.lifecycle.state !== 'active');
  if (withLifecycle.length > 0) {
    const gone = withLifecycle.filter((part) => part.info.lifecycle.state === 'shut-down');
    const dates = withLifecycle.flatMap((part) => (part.info.lifecycle.shutdownAt === undefined ? [] : [part.info.lifecycle.shutdownAt])).sort();
    const earliest = dates[0] ?? null;
    const replacements: Record<string, string> = {};
    for (const part of withLifecycle) if (part.info.lifecycle.replacement !== undefined) replacements[part.info.entry.id] = part.info.lifecycle.replacement;
    checks.push({
      name: 'lifecycle',
      limit: window.to,
      actual: earliest,
      margin: earliest === null ? null : Math.round((Date.parse(earliest) - Date.parse(window.to)) / 86_400_000),
      replacements,
      pass: gone.length === 0,
      detail: (gone.length > 0 ? gone : withLifecycle).map((part) => part.info.lifecycle.reason.replace(/\.$/, '')).join('; '),
    });
  }
  const worst = called.reduce<{ share: number; spend: number; model: string; limit: number | null }>(
    (acc, part) =>
      part.info.overflow > acc.share || part.info.overflowSpend > acc.spend
        ? { share: Math.max(acc.share, part.info.overflow), spend: Math.max(acc.spend, part.info.overflowSpend), model: part.info.entry.id, limit: part.info.projection.contextOverflow.limitInputTokens }
        : acc,
    { share: 0, spend: 0, model: called[0]?.info.entry.id ?? '', limit: null },
  );
  const contextPass = worst.share <= c.maxContextOverflowShare && worst.spend <= c.maxContextOverflowSpendShare;
  checks.push({
    name: 'context',
    limit: c.maxContextOverflowShare,
    actual: worst.share,
    margin: Math.min(c.maxContextOverflowShare - worst.share, c.maxContextOverflowSpendShare - worst.spend),
    spendLimit: c.maxContextOverflowSpendShare,
    spendShare: worst.spend,
    pass: contextPass,
    detail:
      worst.share === 0
        ? 'every call fits the context'
        : `${sharePercent(worst.share)} of calls (${sharePercent(worst.spend)} of the spend) do not fit ${worst.model}'s context${worst.limit === null ? '' : ` (more than ${worst.limit.toLocaleString('en-US')} input tokens)`}; ` +
          `the limits are ${sharePercent(c.maxContextOverflowShare)} of calls and ${sharePercent(c.maxContextOverflowSpendShare)} of the spend`,
  });
  return checks;
}

function shortfall(check: ConstraintCheck): number {
  if (check.pass) return 0;
  switch (check.name) {
    case 'budget': {
      const limit = Number(check.limit);
      return limit === 0 ? Infinity : (Number(check.actual) - limit) / limit;
    }
    case 'latency.p50':
    case 'latency.p95':
    case 'latency.p99':
      return check.actual === null ? Infinity : (check.actual - check.limit) / check.limit;
    case 'capability':
    case 'quality':
      return check.actual === null ? Infinity : (check.limit - check.actual) / Math.max(Math.abs(check.limit), 1e-12);
    case 'modalities':
    case 'lifecycle':
      return Infinity;
    case 'context':
      return check.limit === 0 ? Infinity : (check.actual - check.limit) / check.limit;
  }
}

function byChoiceRule(a: RecommendationOption, b: RecommendationOption): number {
  const cost = new Dec(a.spend.expected).comparedTo(new Dec(b.spend.expected));
  if (cost !== 0) return cost;
  const pa = a.latency?.p95Ms ?? Infinity;
  const pb = b.latency?.p95Ms ?? Infinity;
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ca = a.capability ?? -Infinity;
  const cb = b.capability ?? -Infinity;
  if (ca !== cb) return ca > cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function paretoFrontier(options: readonly RecommendationOption[]): RecommendationOption[] {
  const admissible = options.filter(
    (option) => option.latency !== null && option.checks.every((check) => check.pass || check.name === 'budget' || check.name.startsWith('latency.')),
  );
  const cost = (option: RecommendationOption): Dec => new Dec(option.spend.expected);
  const dominated = (x: RecommendationOption, by: RecommendationOption): boolean => {
    const c = cost(by).comparedTo(cost(x));
    const lx = x.latency?.p95Ms ?? Infinity;
    const lb = by.latency?.p95Ms ?? Infinity;
    return c <= 0 && lb <= lx && (c < 0 || lb < lx);
  };
  return admissible.filter((option) => !admissible.some((other) => other !== option && dominated(option, other)));
}

function explain(result: Omit<Recommendation, 'explanation'>, c: NormalizedConstraints): string {
  const period = result.assumptions.period;
  const per = perWord(period);
  const sentences: string[] = [];
  const { choice } = result;
  const failing = (option: RecommendationOption): ConstraintCheck[] => option.checks.filter((check) => !check.pass);
  if (result.options.length === 0) {
    return `No candidate can serve this workload as written: ${result.unavailable.map((item) => `${item.model} (${item.message})`).join('; ')}`;
  }
  if (choice !== null) {
    const feasible = result.options.filter((option) => option.feasible);
    const facts: string[] = [`${usd(choice.spend.expected)} ${per} expected`];
    const budget = choice.checks.find((check): check is BudgetCheck => check.name === 'budget');
    if (budget !== undefined) facts[0] += ` against a budget of ${usd(budget.limit)}${budget.percentile === 'expected' ? '' : ` (checked at ${budget.percentile}: ${usd(budget.actual)})`}`;
    if (choice.latency !== null) facts.push(`p95 latency ${ms(choice.latency.p95Ms)}${c.latency.p95Ms === undefined ? '' : ` (limit ${ms(c.latency.p95Ms)})`}`);
    if (c.floor !== undefined && choice.capability !== null) facts.push(`capability ${choice.capability} ≥ ${c.floor.value}${c.floor.from === 'minCapability' ? '' : ` for ${c.floor.from}`}`);
    sentences.push(
      `Choose ${label(choice)}: ${feasible.length === 1 ? 'the only option' : `the cheapest of ${feasible.length} options`} that meet${feasible.length === 1 ? 's' : ''} every constraint, at ${facts.join(', ')}.`,
    );
    const runnerUp = feasible.find((option) => option !== choice);
    if (runnerUp !== undefined) {
      const diff = new Dec(runnerUp.spend.expected).minus(choice.spend.expected);
      const base = new Dec(choice.spend.expected);
      const rel = base.isZero() ? '' : ` (+${percent(diff.div(base).toNumber())})`;
      sentences.push(`${capitalize(label(runnerUp))} also meets them but costs ${usd(diff)} more ${per}${rel}.`);
    }
    const ageing = choice.checks.find((check): check is LifecycleCheck => check.name === 'lifecycle');
    if (ageing !== undefined) sentences.push(`Mind that ${ageing.detail}.`);
    const cheaperButOut = result.options.filter((option) => !option.feasible && byChoiceRule(option, choice) < 0).slice(0, 2);
    for (const option of cheaperButOut) {
      const first = failing(option)[0];
      if (first !== undefined) sentences.push(`${capitalize(label(option))} would cost less but fails ${first.name}: ${first.detail}.`);
    }
  } else {
    const nearest = result.nearest;
    const binding = nearest?.checks.find((check) => check.name === result.bindingConstraint);
    sentences.push(
      `No option meets every constraint. The binding constraint is ${result.bindingConstraint ?? 'availability'}` +
        (nearest === null || binding === undefined
          ? '.'
          : binding.name === 'lifecycle'
            ? `: the nearest option, ${label(nearest)}, is not available for the whole period (${binding.detail}).`
            : `: the nearest option, ${label(nearest)}, has ${binding.detail}.`),
    );
    if (nearest !== null) {
      const others = failing(nearest).filter((check) => check !== binding);
      if (others.length > 0) sentences.push(`It also fails ${others.map((check) => check.name).join(', ')}.`);
    }
  }
  sentences.push(...defaultNotes(choice ?? result.nearest, c));
  const cascade = result.options.find((option) => option.strategy === 'cascade' && option.cascade !== undefined);
  if (cascade?.cascade !== undefined && cascade.cascade.savingVsLarge !== null && cascade.cascade.breakEvenRate !== null) {
    const saving = cascade.cascade.savingVsLarge;
    sentences.push(
      `A cascade ${cascade.cascade.small} → ${cascade.cascade.large} at ${percent(cascade.cascade.escalationRate, 0)} escalation costs ${usd(cascade.spend.expected)} ${per}, ` +
        `${percent(Math.abs(saving))} ${saving >= 0 ? 'less' : 'more'} than ${cascade.cascade.large} alone; it stops paying above ${percent(cascade.cascade.breakEvenRate)} escalation.`,
    );
  }
  return sentences.join(' ');
}

/**
 * Where the answer rests on a default rather than on the user's measurements (the table's latency
 * medians and the default spread when a latency limit is set; a published rating or the
 * Artificial Analysis index when a capability floor is set): which figures, and how to measure them.
 */
function defaultNotes(option: RecommendationOption | null, c: NormalizedConstraints): string[] {
  if (option === null) return [];
  const notes: string[] = [];
  const entryOf = (id: string): ModelEntry | undefined => {
    try {
      return getModel(id, c.pricing === undefined ? {} : { pricing: c.pricing });
    } catch {
      return undefined;
    }
  };
  const limited = c.latency.p50Ms !== undefined || c.latency.p95Ms !== undefined || c.latency.p99Ms !== undefined;
  if (limited && option.latency !== null) {
    const parts: string[] = [];
    const defaulted: string[] = [];
    let spread = false;
    let prefill = false;
    for (const [model, profile] of Object.entries(option.latency.profiles)) {
      const table = entryOf(model)?.performance?.latency;
      const medians = table !== undefined && profile.source.url === table.source.url && profile.ttftMs === table.ttftMs && profile.outputTokensPerSecond === table.outputTokensPerSecond;
      const defaultSpread = profile.tail === 'split' && profile.tailSource === TAIL_NOTE;
      if (!medians && !defaultSpread) continue;
      defaulted.push(model);
      if (medians) {
        const config = table.source.note?.replace(/^Artificial Analysis medians, /, '') ?? '';
        parts.push(`${model} TTFT ${ms(profile.ttftMs)} at ${profile.referenceInputTokens.toLocaleString('en-US')} prompt tokens, ${profile.outputTokensPerSecond} tokens/s (Artificial Analysis, ${table.source.checkedAt ?? 'undated'}${config === '' ? '' : `, ${config}`})`);
      }
      if (defaultSpread) spread = true;
      if (profile.prefillTokensPerSecond === DEFAULT_PREFILL_TOKENS_PER_SECOND) prefill = true;
    }
    if (defaulted.length > 0) {
      const extras = [
        ...(prefill ? [`prefill ${DEFAULT_PREFILL_TOKENS_PER_SECOND.toLocaleString('en-US')} tokens/s`] : []),
        ...(spread ? ['the default spread (p95/p50 2.6 on TTFT, 1.55 on decoding)'] : []),
      ];
      notes.push(
        `Latency rests on defaults: ${[...parts, ...extras].join('; ')}. ` +
          `Measure it: fit 30 or more of your calls ({ inputTokens, outputTokens, latencyMs }) with fitLatencyProfile and pass latencyProfiles['${defaulted[0]}'].`,
      );
    }
  }
  if (c.floor !== undefined && option.capability !== null) {
    const rated: string[] = [];
    for (const model of option.models) {
      if (c.capability.has(model)) continue;
      const entry = entryOf(model);
      const openai = entry?.performance?.rating?.capability;
      if (openai !== undefined) {
        rated.push(`${model} ${openai} (OpenAI's 1–5 rating)`);
        continue;
      }
      const index = indexRating(model, c.floor.from);
      if (index !== undefined) rated.push(`${model} ${index.rating} (from the ${index.from})`);
    }
    if (rated.length > 0) {
      notes.push(
        `Capability rests on published ratings: ${rated.join(', ')} against the floor of ${c.floor.value}${c.floor.from === 'minCapability' ? '' : ` for ${c.floor.from}`}; ` +
          `check it on your task with your own quality scores (quality, minQuality) or set capability.`,
      );
    }
  }
  return notes;
}

/** Capitalizes "the cascade ..." at the start of a sentence; model ids stay as they are. */
function capitalize(text: string): string {
  return text.startsWith('the ') ? `The ${text.slice(4)}` : text;
}

/**
 * Recommends how to serve a workload: which model (by default gpt-5.4-mini or gpt-5.4-nano), or
 * a cascade (the small model first, a share `escalationRate` escalates and pays both), or a
 * split (a router sends a share `splitShare` to the larger model), against a budget, latency
 * limits, a capability floor (from the task kind), measured quality, input modalities and
 * context fit. Every option lists its expected and p90 spend, p50/p95/p99 latency, capability,
 * and one check per constraint with its margin. The choice is the cheapest feasible option by
 * expected spend (ties: lower p95 latency, then higher capability, then id); with none
 * feasible, `choice` is null and `bindingConstraint` and `nearest` say what binds.
 *
 * Latency per call is TTFT + (reasoning + output tokens) / speed under a lognormal slowdown
 * (see {@link DEFAULT_LATENCY_TAIL_SIGMA}); a cascade's is the mixture "small call" / "small
 * call then large call", so its tail comes from the mixture, not from the means. A budget
 * checks expected spend unless `budget.percentile` says otherwise. Same inputs and seed →
 * same result. See docs/recommend.md.
 *
 * @param workload - a workload (as for projectSpend), optionally with `latencyProfiles` per model
 * @param constraints - candidates, budget, latency, task or minCapability, modalities, quality,
 *   strategies with escalationRate / splitShare, profiles, and pricing/at/seed/period
 * @returns the choice (or null with the binding constraint and nearest option), every option,
 *   the cost–latency frontier, unavailable candidates, assumptions and an explanation
 * @throws LlmSpendError `INVALID_CONSTRAINTS` (negative budget, unknown task kind, a share
 *   outside [0, 1], a cascade without escalationRate, an unknown field), `UNKNOWN_MODEL` (a
 *   candidate or a key of capability, quality or latencyProfiles), `INVALID_WORKLOAD`
 * @example
 * ```ts
 * import { recommendModel } from 'llm-spend';
 * // 50,000 support tickets a day to triage into 12 queues.
 * const triage = { volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 20 } } as const;
 * const result = recommendModel(triage, {
 *   task: 'classification',
 *   budget: { usd: '1000', per: 'month' },
 *   latency: { p95Ms: 5000 },
 * });
 * result.choice?.id; // "gpt-5.4-nano"
 * result.choice?.spend.expected; // "342.1875"
 * result.options.map((option) => [option.id, option.feasible]); // [["gpt-5.4-nano", true], ["gpt-5.4-mini", false]]
 * recommendModel(triage, { task: 'coding' }).choice?.id; // "gpt-5.4-mini"
 * ```
 */
export function recommendModel(workload: RecommendWorkload, constraints: RecommendConstraints = {}): Recommendation {
  const c = normalizeConstraints(constraints);
  if (typeof workload !== 'object' || workload === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', 'recommendModel needs a workload such as { volume: { calls: 50000, per: "day" }, tokens: { input: 800, output: 40 } }.', { path: '(root)' });
  }
  const { latencyProfiles: rawProfiles, ...plain } = workload;
  const fromWorkload = workloadProfiles(rawProfiles, c.pricing);
  const parsed = parseWorkload(plain);
  const seed = c.seed ?? DEFAULT_SEED;

  // Required modalities: the constraint's, plus image input when the workload sends images.
  const required: Modality[] = [...c.modalities];
  const sendsImages = parsed.images !== undefined || (parsed.steps ?? []).some((step) => step.images !== undefined);
  if (sendsImages && !required.includes('image')) required.push('image');

  // The period's dates, for lifecycle: a range's own, else from start, at or the table's date.
  const lifeWindow = lifecycleWindow(resolvePeriod(c.period), { start: c.start, at: c.at, pricing: c.pricing });
  const window = { to: new Date(lifeWindow.toMs).toISOString().slice(0, 10) };

  // Project every candidate once.
  const infos: ModelInfo[] = [];
  const unavailable: Array<{ model: string; code: LlmSpendErrorCode | 'MODEL_SHUT_DOWN'; message: string; replacement?: string }> = [];
  for (const entry of c.candidates) {
    // A model that cannot take the workload's images still gets an option (failing the
    // modalities check, so that it shows why it is out), priced without the images.
    const blind = sendsImages && !entry.modalities.input.includes('image');
    try {
      const projection = projectSpend(blind ? withoutImages(plain) : plain, {
        model: entry,
        period: c.period,
        ...(c.pricing === undefined ? {} : { pricing: c.pricing }),
        ...(c.at === undefined ? {} : { at: c.at }),
        ...(c.start === undefined ? {} : { start: c.start }),
        ...(c.seed === undefined ? {} : { seed: c.seed }),
      });
      const notes: RecommendationWarning[] = blind ? [{ code: 'NO_IMAGE_INPUT', message: `${entry.id} takes no image input: priced without the images, and out on modalities.` }] : [];
      const lifecycle = lifecycleDuring(entry, lifeWindow);
      if (lifecycle.state === 'shut-down') {
        unavailable.push({ model: entry.id, code: 'MODEL_SHUT_DOWN', message: lifecycle.reason, ...(lifecycle.replacement === undefined ? {} : { replacement: lifecycle.replacement }) });
      }
      infos.push(infoOf(entry, projection, c, notes, lifecycle, parsed));
    } catch (error) {
      if (isLlmSpendError(error) && SKIPPED.includes(error.code)) unavailable.push({ model: entry.id, code: error.code, message: error.message });
      else throw error;
    }
  }

  const latencyContext: LatencyContext = { workload: parsed, constraints: c, fromWorkload, seed };
  const latencyCache = new Map<string, ModelLatency>();
  const latencyOf = (info: ModelInfo): ModelLatency => {
    let known = latencyCache.get(info.entry.id);
    if (known === undefined) {
      known = modelLatency(latencyContext, info.entry);
      latencyCache.set(info.entry.id, known);
    }
    return known;
  };

  // Options.
  const drafts: Draft[] = [];
  if (c.strategies.includes('single')) {
    for (const info of infos) {
      const latency = latencyOf(info);
      drafts.push({
        id: info.entry.id,
        strategy: 'single',
        parts: [{ info, answers: true, called: true }],
        spend: { expected: info.expected, ...info.band },
        perCall: info.perCall,
        latency: latency.dist,
        latencyMethod: latency.method,
        combinedBand: false,
      });
    }
  }
  // A cascade that never escalates, or a split that sends everything one way, is a single
  // model under another name: left out when single models are options anyway.
  const singles = c.strategies.includes('single');
  const cascades = c.strategies.includes('cascade') && c.escalationRate !== undefined && (c.escalationRate > 0 || !singles);
  const splits = c.strategies.includes('split') && c.splitShare !== undefined && ((c.splitShare > 0 && c.splitShare < 1) || !singles);
  const byCost = [...infos].sort((a, b) => a.perCall.comparedTo(b.perCall) || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  for (let i = 0; i < byCost.length; i += 1) {
    for (let j = i + 1; j < byCost.length; j += 1) {
      const small = byCost[i] as ModelInfo;
      const large = byCost[j] as ModelInfo;
      if (cascades && c.escalationRate !== undefined) drafts.push(cascadeDraft(small, large, c.escalationRate, latencyOf));
      if (splits && c.splitShare !== undefined) drafts.push(splitDraft(small, large, c.splitShare, latencyOf));
    }
  }

  const period = infos[0]?.projection.period ?? { name: typeof c.period === 'string' ? c.period : 'range', hours: '0' };
  const options: RecommendationOption[] = drafts.map((draft) => {
    const called = draft.parts.filter((part) => part.called);
    const answering = draft.parts.filter((part) => part.answers);
    const missing = called.flatMap((part) => latencyOf(part.info).missing.map((item) => item.reason));
    const profiles: Record<string, LatencyProfile> = {};
    for (const part of called) for (const [model, profile] of latencyOf(part.info).profiles) profiles[model] = profile;
    const latency: OptionLatency | null =
      draft.latency === null || missing.length > 0
        ? null
        : {
            p50Ms: roundMs(draft.latency.quantile(0.5)),
            p95Ms: roundMs(draft.latency.quantile(0.95)),
            p99Ms: roundMs(draft.latency.quantile(0.99)),
            meanMs: roundMs(draft.latency.mean),
            method: draft.latencyMethod,
            profiles,
          };
    const ratings = answering.map((part) => part.info.capability);
    const capability = ratings.some((value) => value === null) ? null : Math.min(...(ratings as number[]));
    let quality: number | null = c.quality.get(draft.id) ?? null;
    if (quality === null) {
      const scores = draft.parts.map((part) => c.quality.get(part.info.entry.id));
      if (draft.strategy === 'single') quality = scores[0] ?? null;
      else if (scores.every((score) => score !== undefined)) {
        const w = draft.strategy === 'cascade' ? (draft.cascade?.escalationRate ?? 0) : (draft.split?.share ?? 0);
        quality = (1 - w) * (scores[0] as number) + w * (scores[1] as number);
      }
    }
    const checks = checksOf(draft, latency, missing, capability, quality, c, required, period, window);
    const warnings: RecommendationWarning[] = [];
    for (const part of called) {
      for (const warning of part.info.projection.warnings) {
        const spend = warning.code === 'CONTEXT_OVERFLOW' ? ` Those calls would be ${sharePercent(part.info.overflowSpend)} of the spend.` : '';
        warnings.push({ code: warning.code, message: `${part.info.entry.id}: ${warning.message}${spend}` });
      }
      warnings.push(...part.info.notes);
    }
    if (missing.length > 0 && (c.latency.p50Ms !== undefined || c.latency.p95Ms !== undefined || c.latency.p99Ms !== undefined)) {
      warnings.push({ code: 'LATENCY_UNKNOWN', message: missing.join('; ') });
    }
    if (latency?.method === 'monte-carlo') {
      warnings.push({ code: 'LATENCY_MONTE_CARLO', message: `Latency per task of a pipeline comes from seeded draws (seed ${seed}), as many as it takes (20,000 to 640,000) for p50, p95 and p99 to be within ±1 % (95 % interval).` });
    }
    if (draft.combinedBand && draft.parts.every((part) => part.info.sd > 0)) {
      warnings.push({
        code: 'SPEND_BAND_COMBINED',
        message: "The band (p50/p90/p99) combines the models' bands at the same percentile (exact for volume uncertainty) and adds the routing noise by a normal approximation; the expectation is exact.",
      });
    }
    return {
      id: draft.id,
      strategy: draft.strategy,
      models: draft.parts.map((part) => part.info.entry.id),
      ...(draft.cascade === undefined ? {} : { cascade: draft.cascade }),
      ...(draft.split === undefined ? {} : { split: draft.split }),
      spend: { expected: round9(draft.spend.expected), p50: round9(draft.spend.p50), p90: round9(draft.spend.p90), p99: round9(draft.spend.p99) },
      perCall: round12(draft.perCall),
      latency,
      capability,
      quality,
      feasible: checks.every((check) => check.pass),
      checks,
      projections: draft.parts.map((part) => part.info.projection),
      warnings,
    };
  });
  options.sort(byChoiceRule);

  const choice = options.find((option) => option.feasible) ?? null;
  let nearest: RecommendationOption | null = null;
  let bindingConstraint: ConstraintName | null = null;
  if (choice === null && options.length > 0) {
    const scored = options.map((option) => {
      const failed = option.checks.filter((check) => !check.pass);
      return { option, failed, total: failed.reduce((sum, check) => sum + shortfall(check), 0) };
    });
    scored.sort((a, b) => a.failed.length - b.failed.length || (a.total === b.total ? 0 : a.total < b.total ? -1 : 1) || byChoiceRule(a.option, b.option));
    const best = scored[0];
    if (best !== undefined) {
      nearest = best.option;
      let worst: ConstraintCheck | undefined;
      for (const check of best.failed) if (worst === undefined || shortfall(check) > shortfall(worst)) worst = check;
      bindingConstraint = worst?.name ?? null;
    }
  }

  const warnings: RecommendationWarning[] = [];
  const unrated = infos.filter((info) => info.capability === null).map((info) => info.entry.id);
  if (c.floor !== undefined && unrated.length > 0) {
    warnings.push({
      code: 'CAPABILITY_UNKNOWN',
      message: `No capability rating for ${unrated.join(', ')}: they fail the floor of ${c.floor.value} unless you rate them (capability: { '${unrated[0] ?? ''}': 1-5 }).`,
    });
  }
  const partial: Omit<Recommendation, 'explanation'> = {
    choice,
    bindingConstraint,
    nearest,
    options,
    frontier: paretoFrontier(options),
    unavailable,
    assumptions: {
      period,
      budgetSpend: c.budget?.percentile ?? null,
      capabilityFloor: c.floor ?? null,
      modalities: required,
      maxContextOverflowShare: c.maxContextOverflowShare,
      maxContextOverflowSpendShare: c.maxContextOverflowSpendShare,
      seed,
    },
    warnings,
  };
  return { ...partial, explanation: explain(partial, c) };
}
