import { LlmSpendError, showValue } from '../errors.js';
import { parseDateInput } from '../pricing/dates.js';
import { MAX_CALLS, MAX_DRAWS } from '../limits.js';
import { Dec, ROUNDING } from '../money/decimal.js';
import { fromDec } from '../money/usd.js';
import type { ModelEntry, ServiceTier } from '../pricing/schema.js';
import { validatedEntry, type ModelId, type PricingTable } from '../pricing/table.js';
import { computeBand } from './band.js';
import { conversationUnit } from './conversation.js';
import { pricePlan, resolveEntry, type PricePlan } from './plan.js';
import { DEFAULT_SEED, roundRandomly } from '../workload/random.js';
import { cacheModel, callUnit, costOfBuckets, type BucketCost, type UnitResult } from './unit.js';
import { fixedDist, toDist, type Dist } from '../workload/distributions.js';
import { estimateImageTokens } from '../workload/images.js';
import { parseWorkload, type Workload, type WorkloadInput } from '../workload/schema.js';
import {
  capAtZero,
  effectiveMilliseconds,
  fitMedianVolume,
  fitUncertainVolume,
  HOUR_MS,
  knownVolume,
  MILLISECONDS,
  resolvePeriod,
  type Period,
  type PeriodName,
  type ResolvedPeriod,
  type VolumeDistribution,
  type VolumeUnit,
} from '../workload/volume.js';
import { lifecycleDuring, lifecycleWindow, type LifecycleWindow } from '../pricing/lifecycle.js';
import type { CostBreakdown } from '../estimate/usage.js';

/** Options of {@link projectSpend}. */
export interface ProjectSpendOptions {
  /** The model to project on (id, alias or table entry). Pipeline steps without a model use it. */
  readonly model: ModelId | ModelEntry;
  /** `day`, `week`, `month` (730 h), `year` (8,760 h), or `{ from, to }` ISO dates. @defaultValue "month" */
  readonly period?: Period;
  /** The pricing table. @defaultValue defaultPricing */
  readonly pricing?: PricingTable;
  /** Prices in effect at this date. @defaultValue the newest price */
  readonly at?: string | Date;
  /**
   * When a named period (day, week, month, year) starts, for lifecycle only: a model shut down
   * on or before the period's end gets a `MODEL_SHUT_DOWN` warning. A `{ from, to }` period
   * has its own dates. @defaultValue `at`, else the table's `checkedAt` (its newest prices)
   */
  readonly start?: string | Date;
  /** Seed of every Monte Carlo step: the same inputs and seed give the same result. @defaultValue 20260317 */
  readonly seed?: number;
  /** Monte Carlo draws for conversations whose turns can cross a threshold. @defaultValue 20000 */
  readonly draws?: number;
}

/** A warning attached to a projection: a stable code and a sentence. */
export interface ProjectionWarning {
  readonly code:
    | 'CONTEXT_OVERFLOW'
    | 'LONG_CONTEXT'
    | 'OUTPUT_CLAMPED'
    | 'CACHE_BELOW_MINIMUM'
    | 'CACHE_PREFIX_CAPPED'
    | 'CONTEXT_UNKNOWN'
    | 'MONTE_CARLO_EXPECTATION'
    | 'MONTE_CARLO_BAND'
    | 'VOLUME_BELOW_ZERO'
    | 'VOLUME_LOPSIDED'
    | 'NO_SPEND'
    | 'MODEL_SHUT_DOWN'
    | 'MODEL_DEPRECATED'
    | 'PEAK_PRICES_ASSUMED';
  readonly message: string;
}

/** Calls that would not fit the model's context (or have no price at the tier): left out of the spend. */
export interface ContextOverflow {
  /** Share of calls that do not fit (for conversations: share of conversations that outgrow the context; for pipelines: of all calls). */
  readonly share: number;
  /** Calls with more input tokens than this do not fit; null when the table does not know the model's limits. */
  readonly limitInputTokens: number | null;
  /** The max output used for the check: the workload's maxOutputTokens, else the most output (+ reasoning) the workload bills, capped at the model's. */
  readonly maxOutputTokens: number | null;
  /** What happens to them: they are not priced (an API would reject them). */
  readonly handling: 'unpriced';
}

/** Expected tokens of one call (conversation, task), in the canonical usage convention. */
export interface TokensPerCall {
  /** All input tokens, cached and cache writes included. */
  readonly input: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
  readonly cacheWrite1h: number;
  /** All billed output, reasoning included. */
  readonly output: number;
  readonly reasoning: number;
  /** Of input: image tokens. */
  readonly images: number;
  readonly webSearches: number;
}

/** One step of a pipeline in a projection. */
export interface StepProjection {
  readonly name: string;
  readonly model: string;
  readonly tier: ServiceTier;
  /** E[calls of this step per task]. */
  readonly callsPerTask: number;
  /** Expected calls of this step over the period (decimal string, 9 decimals). */
  readonly calls: string;
  /** Expected cost of one call of this step (USD, 12 decimals). */
  readonly perCall: string;
  /** Expected spend on this step over the period (USD, 9 decimals). */
  readonly spend: string;
  readonly breakdown: CostBreakdown;
  readonly tokensPerCall: TokensPerCall;
  readonly contextOverflow: ContextOverflow;
  readonly longContextShare: number;
  readonly clampedOutputShare: number;
}

/** How the band was computed and what it covers. */
export interface BandInfo {
  /** `exact` (nothing random), `normal` (CLT, fixed volume), `mixture` (CLT given the calls, mixed over the volume), `monte-carlo` (small volume). */
  readonly method: 'exact' | 'normal' | 'mixture' | 'monte-carlo';
  readonly seed: number;
  /** Simulated periods, for the Monte Carlo method: as many as it takes for each percentile to be within ±1 % (95 % interval), up to a work budget. */
  readonly draws?: number;
  /** Monte Carlo only: the largest relative half-width of the 95 % interval of p50, p90 and p99 (below 0.01 unless the work budget ran out). */
  readonly simulationError?: number;
  /**
   * Standard deviation of the spend (USD, 9 decimals): √(E[N]·Var[C] + Var[N]·E[C]²), with
   * Var[N] that of the volume capped at 0 calls (a `{ low, median, high }` fit that reaches below 0).
   */
  readonly standardDeviation: string;
  /** Of which from the volume: √Var[N] · E[C]. */
  readonly fromVolume: string;
  /** Of which from per-call token noise: √E[N] · √Var[C]. */
  readonly fromTokens: string;
}

/** The result of {@link projectSpend}. Money is USD decimal strings. */
export interface SpendProjection {
  /** The model's table id. */
  readonly model: string;
  readonly tier: ServiceTier;
  readonly period: { readonly name: PeriodName | 'range'; readonly hours: string; readonly from?: string; readonly to?: string };
  /**
   * Calls (conversations, tasks) in the period, as decimal strings rounded half-even to 9
   * decimals: the expectation (exact), and the p10/p90 of the fitted volume.
   */
  readonly calls: { readonly expected: string; readonly p10: string; readonly p90: string };
  /** Spend over the period, rounded half-even to 9 decimals, trailing zeros dropped. `expected` is exact where the maths is. */
  readonly spend: { readonly expected: string; readonly p50: string; readonly p90: string; readonly p99: string };
  /** Expected cost of one call (conversation, task), rounded half-even to 12 decimals. */
  readonly perCall: string;
  /** Expected spend over the period, part by part (9 decimals each; `total` = spend.expected). */
  readonly breakdown: CostBreakdown;
  readonly tokensPerCall: TokensPerCall;
  /** Pipelines only: each step. */
  readonly steps?: readonly StepProjection[];
  readonly contextOverflow: ContextOverflow;
  /** Share of calls (turns) priced at a long-context tier. */
  readonly longContextShare: number;
  /** Share of calls (turns) whose output + reasoning reached maxOutputTokens (present when it is set). */
  readonly clampedOutputShare?: number;
  readonly band: BandInfo;
  readonly warnings: readonly ProjectionWarning[];
}

/** @internal Extra knobs for solvers. */
export interface InternalProjectOptions {
  /** Multiplies the workload's volume (every quantile of it). */
  readonly volumeScale?: Dec;
  /** A period already resolved (solvers use arbitrary lengths). */
  readonly resolvedPeriod?: ResolvedPeriod;
}

const ZERO = new Dec(0);
const DEFAULT_DRAWS = 20_000;
/** Shares below this are reported but not warned about. */
const WARN_SHARE = 1e-6;

/**
 * @internal Refuses a result that no parameter should have produced: NaN, ±Infinity or, for
 * money that cannot be negative, a negative amount. The limits (docs/limits.md) keep valid
 * workloads far from this; it is the last guard, so that no NaN ever leaves the library.
 */
export function representable(value: Dec, what: string, nonNegative = false): Dec {
  if (!value.isFinite() || (nonNegative && value.isNegative() && !value.isZero())) {
    throw new LlmSpendError(
      'INVALID_WORKLOAD',
      `The projection's ${what} is not representable (${value.isNaN() ? 'NaN' : value.isFinite() ? 'negative' : 'infinite'}): the workload's parameters are too extreme ` +
        'for floating-point token statistics. Narrow the token distributions or the volume (see docs/limits.md).',
      { path: what, value: value.toString() },
    );
  }
  return value;
}

/** @internal Rounds a projection amount: half-even to 9 decimals, canonical string. */
export function round9(value: Dec, what = 'amount', nonNegative = false): string {
  return fromDec(representable(value, what, nonNegative).toDecimalPlaces(9, ROUNDING['half-even']));
}

function round12(value: Dec, what = 'amount'): string {
  return fromDec(representable(value, what, true).toDecimalPlaces(12, ROUNDING['half-even']));
}

/** A float statistic as a decimal, or INVALID_WORKLOAD when it is NaN or infinite. */
function finite(value: number, what: string): Dec {
  if (!Number.isFinite(value)) return representable(new Dec(Number.NaN), what);
  return new Dec(value);
}

function percent(share: number): string {
  return share >= 0.01 ? `${(share * 100).toFixed(2)}%` : share >= 1e-6 ? `${(share * 100).toPrecision(2)}%` : `${share.toExponential(1)} (share)`;
}

interface Job {
  readonly label: string;
  readonly unit: UnitResult;
  /** Calls of this unit per job (1 unless a pipeline step). */
  readonly perJob: Dist;
  readonly model: string;
  readonly tier: ServiceTier;
}

function resolveImages(
  images: Workload['images'],
  entry: ModelEntry,
  pricing: PricingTable | undefined,
): { perCall: Dist; tokensPerImage: number } | undefined {
  if (images === undefined) return undefined;
  const tokensPerImage =
    images.tokensPerImage ??
    estimateImageTokens({ model: entry, width: images.width, height: images.height, ...(images.detail === undefined ? {} : { detail: images.detail }), ...(pricing === undefined ? {} : { pricing }) });
  return { perCall: toDist(images.perCall), tokensPerImage };
}

function volumeOf(workload: Workload): VolumeDistribution {
  const calls = workload.volume.calls;
  if (typeof calls === 'number') return knownVolume(calls);
  if ('expected' in calls) return fitUncertainVolume(calls.low, calls.expected, calls.high);
  // The plain fit can reach below 0 calls: that probability becomes periods with 0 calls.
  return capAtZero(fitMedianVolume(calls.low, calls.median, calls.high));
}

function scaled(volume: VolumeDistribution, scale: Dec | undefined): VolumeDistribution {
  if (scale === undefined) return volume;
  const k = scale.toNumber();
  return {
    family: volume.family,
    mean: volume.mean * k,
    meanDec: volume.meanDec.times(scale),
    variance: volume.variance * k * k,
    quantile: (p) => volume.quantile(p) * k,
    atScore: (z) => volume.atScore(z) * k,
    cdf: (x) => (k === 0 ? (x >= 0 ? 1 : 0) : volume.cdf(x / k)),
    draw: (random) => volume.draw(random) * k,
    parameters: { ...volume.parameters, scale: k },
    ...(volume.lopsided === undefined ? {} : { lopsided: volume.lopsided }),
    ...(volume.capped === undefined || !(k > 0) ? {} : { capped: { share: volume.capped.share, plainMean: volume.capped.plainMean * k } }),
  };
}

function buildJobs(workload: Workload, entry: ModelEntry, options: ProjectSpendOptions, seed: number): Job[] {
  const draws = options.draws ?? DEFAULT_DRAWS;
  const pricing = options.pricing;
  const tier: ServiceTier = workload.tier ?? 'standard';
  if (workload.tokens !== undefined) {
    const plan = pricePlan(entry, tier, options.at);
    const cache = cacheModel(workload.cache, plan);
    const unit = callUnit({
      plan,
      input: toDist(workload.tokens.input),
      output: toDist(workload.tokens.output),
      reasoning: workload.tokens.reasoning === undefined ? undefined : toDist(workload.tokens.reasoning),
      maxOutputTokens: workload.maxOutputTokens,
      cache: cache.model,
      cacheBelowMinimum: cache.belowMinimum,
      images: resolveImages(workload.images, entry, pricing),
      searches: workload.tools === undefined ? undefined : toDist(workload.tools.webSearches),
    });
    return [{ label: '', unit, perJob: fixedDist(1), model: entry.id, tier }];
  }
  if (workload.conversation !== undefined) {
    const conversation = workload.conversation;
    const plan = pricePlan(entry, tier, options.at);
    const cache = cacheModel(workload.cache, plan);
    const unit = conversationUnit({
      plan,
      turns: toDist(conversation.turns),
      user: toDist(conversation.userTokensPerTurn),
      assistant: toDist(conversation.assistantTokensPerTurn),
      system: conversation.systemTokens === undefined ? undefined : toDist(conversation.systemTokens),
      reasoning: conversation.reasoningTokensPerTurn === undefined ? undefined : toDist(conversation.reasoningTokensPerTurn),
      maxOutputTokens: workload.maxOutputTokens,
      cache: cache.model,
      cacheBelowMinimum: cache.belowMinimum,
      images: resolveImages(workload.images, entry, pricing),
      searches: workload.tools === undefined ? undefined : toDist(workload.tools.webSearches),
      seed,
      draws,
    });
    return [{ label: '', unit, perJob: fixedDist(1), model: entry.id, tier }];
  }
  const steps = workload.steps ?? [];
  return steps.map((step, index) => {
    const stepEntry = step.model === undefined ? entry : resolveEntry(step.model, { pricing });
    const stepTier: ServiceTier = step.tier ?? tier;
    const plan: PricePlan = pricePlan(stepEntry, stepTier, options.at);
    const cache = cacheModel(step.cache ?? workload.cache, plan);
    const tools = step.tools ?? workload.tools;
    const unit = callUnit({
      plan,
      input: toDist(step.tokens.input),
      output: toDist(step.tokens.output),
      reasoning: step.tokens.reasoning === undefined ? undefined : toDist(step.tokens.reasoning),
      maxOutputTokens: step.maxOutputTokens ?? workload.maxOutputTokens,
      cache: cache.model,
      cacheBelowMinimum: cache.belowMinimum,
      images: resolveImages(step.images ?? workload.images, stepEntry, pricing),
      searches: tools === undefined ? undefined : toDist(tools.webSearches),
    });
    return {
      label: step.name ?? `step ${index + 1}`,
      unit,
      perJob: step.callsPerTask === undefined ? fixedDist(1) : toDist(step.callsPerTask),
      model: stepEntry.id,
      tier: stepTier,
    };
  });
}

function breakdownOf(cost: BucketCost, over: (perCall: Dec) => Dec): CostBreakdown {
  return {
    input: round9(over(cost.input), 'breakdown.input', true),
    cachedInput: round9(over(cost.cachedInput), 'breakdown.cachedInput', true),
    cacheWrite: round9(over(cost.cacheWrite), 'breakdown.cacheWrite', true),
    cacheWrite1h: round9(over(cost.cacheWrite1h), 'breakdown.cacheWrite1h', true),
    output: round9(over(cost.output), 'breakdown.output', true),
    reasoning: round9(over(cost.reasoning), 'breakdown.reasoning', true),
    images: round9(over(cost.images), 'breakdown.images', true),
    fees: round9(over(cost.fees), 'breakdown.fees', true),
    total: round9(over(cost.total), 'breakdown.total', true),
  };
}

function addCosts(a: BucketCost, b: BucketCost, times: Dec): BucketCost {
  return {
    input: a.input.plus(b.input.times(times)),
    cachedInput: a.cachedInput.plus(b.cachedInput.times(times)),
    cacheWrite: a.cacheWrite.plus(b.cacheWrite.times(times)),
    cacheWrite1h: a.cacheWrite1h.plus(b.cacheWrite1h.times(times)),
    output: a.output.plus(b.output.times(times)),
    reasoning: a.reasoning.plus(b.reasoning.times(times)),
    images: a.images.plus(b.images.times(times)),
    fees: a.fees.plus(b.fees.times(times)),
    total: a.total.plus(b.total.times(times)),
  };
}

const NO_COST: BucketCost = { input: ZERO, cachedInput: ZERO, cacheWrite: ZERO, cacheWrite1h: ZERO, output: ZERO, reasoning: ZERO, images: ZERO, fees: ZERO, total: ZERO };

function tokensOf(unit: UnitResult, times: number): TokensPerCall {
  let input = ZERO;
  let cached = ZERO;
  let write = ZERO;
  let write1h = ZERO;
  let output = ZERO;
  let reasoning = ZERO;
  let images = ZERO;
  for (const set of unit.sets) {
    input = input.plus(set.uncached).plus(set.cached).plus(set.write).plus(set.write1h);
    cached = cached.plus(set.cached);
    write = write.plus(set.write);
    write1h = write1h.plus(set.write1h);
    output = output.plus(set.output);
    reasoning = reasoning.plus(set.reasoning);
    images = images.plus(set.images);
  }
  const n = (value: Dec): number => value.toNumber() * times;
  return {
    input: n(input),
    cachedInput: n(cached),
    cacheWrite: n(write),
    cacheWrite1h: n(write1h),
    output: n(output),
    reasoning: n(reasoning),
    images: n(images),
    webSearches: n(unit.searches),
  };
}

function sumTokens(a: TokensPerCall, b: TokensPerCall): TokensPerCall {
  return {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
    images: a.images + b.images,
    webSearches: a.webSearches + b.webSearches,
  };
}

function overflowOf(unit: UnitResult): ContextOverflow {
  return {
    share: unit.overflowShare,
    limitInputTokens: unit.limit.known || unit.limit.outputTooLarge ? Math.max(0, unit.limit.maxInputTokens) : null,
    maxOutputTokens: unit.limit.maxOutputTokens ?? null,
    handling: 'unpriced',
  };
}

function unitWarnings(job: Job, conversation: boolean, warnings: ProjectionWarning[]): void {
  const { unit } = job;
  const where = job.label === '' ? '' : `${job.label}: `;
  const calls = conversation ? 'conversations' : 'calls';
  if (unit.overflowShare >= WARN_SHARE) {
    const limit = unit.limit;
    const why = limit.outputTooLarge
      ? `maxOutputTokens exceeds ${unit.plan.entry.id}'s max output (${unit.plan.entry.maxOutputTokens ?? '?'}), so the API would refuse every call`
      : `their input exceeds ${Math.max(0, limit.maxInputTokens).toLocaleString('en-US')} tokens` +
        (limit.fromWorkload || limit.maxOutputTokens === undefined
          ? ''
          : ` (leaving room for ${limit.maxOutputTokens.toLocaleString('en-US')} output tokens, the most this workload bills: set maxOutputTokens to what your calls ask for)`) +
        (Number.isFinite(unit.plan.unpricedFrom) ? `, or reaches ${unit.plan.unpricedFrom.toLocaleString('en-US')} tokens, which has no ${unit.plan.tier} price` : '');
    warnings.push({
      code: 'CONTEXT_OVERFLOW',
      message: `${where}${percent(unit.overflowShare)} of ${calls} would not fit ${unit.plan.entry.id}: ${why}. They are left out of the spend${conversation ? ' from the turn that no longer fits' : ''}.`,
    });
  }
  if (unit.longContextShare >= WARN_SHARE) {
    warnings.push({
      code: 'LONG_CONTEXT',
      message: `${where}${percent(unit.longContextShare)} of ${conversation ? 'turns' : 'calls'} reach ${unit.plan.entry.id}'s long-context threshold (${(unit.plan.sets[1]?.fromInputTokens ?? 0).toLocaleString('en-US')} input tokens) and are billed at its higher price.`,
    });
  }
  if (unit.clampedShare >= WARN_SHARE) {
    warnings.push({
      code: 'OUTPUT_CLAMPED',
      message: `${where}${percent(unit.clampedShare)} of ${conversation ? 'turns' : 'calls'} reach maxOutputTokens (${unit.limit.maxOutputTokens ?? '?'}); their output + reasoning is cut there and billed as cut.`,
    });
  }
  if (unit.cacheBelowMinimum) {
    warnings.push({
      code: 'CACHE_BELOW_MINIMUM',
      message: `${where}the cached prefix is shorter than ${unit.plan.entry.id}'s minimum cacheable prompt (${unit.plan.minCacheableTokens ?? 0} tokens), so it never caches: all input is billed uncached.`,
    });
  }
  if (unit.prefixLongerThanPrompt === true && !unit.cacheBelowMinimum) {
    warnings.push({
      code: 'CACHE_PREFIX_CAPPED',
      message: `${where}the cached prefix is longer than some prompts${conversation ? ' (early turns of a conversation)' : ''}; on those, only the prompt actually sent is cached or written, never more.`,
    });
  }
  if (!unit.limit.known) {
    warnings.push({ code: 'CONTEXT_UNKNOWN', message: `${where}the table has no context window for ${unit.plan.entry.id}, so context fit is not checked.` });
  }
  if (unit.monteCarlo !== undefined) {
    warnings.push({
      code: 'MONTE_CARLO_EXPECTATION',
      message:
        `${where}some turns can cross a long-context threshold, the context limit or the cached prefix, so the expectation adds a seeded Monte Carlo correction ` +
        `(${unit.monteCarlo.draws.toLocaleString('en-US')} conversations; standard error about ${unit.monteCarlo.standardError.toPrecision(2)} USD per conversation) to the closed form.`,
    });
  }
}

/**
 * Lifecycle warnings of the models a projection uses: `MODEL_SHUT_DOWN` for a model shut down
 * on or before the period's end (planning treats it as unavailable; the spend is still what the
 * workload would cost on it), `MODEL_DEPRECATED` for one deprecated but alive through the period.
 */
function lifecycleWarnings(jobs: readonly Job[], entries: ReadonlyMap<string, ModelEntry>, window: LifecycleWindow, warnings: ProjectionWarning[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.model)) continue;
    seen.add(job.model);
    const entry = entries.get(job.model);
    if (entry === undefined) continue;
    const standing = lifecycleDuring(entry, window);
    if (standing.state === 'shut-down') {
      warnings.push({ code: 'MODEL_SHUT_DOWN', message: `${standing.reason} The spend shown is what the workload would cost on ${entry.id} for the whole period; plan on ${standing.replacement ?? 'another model'} instead.` });
    } else if (standing.state === 'deprecated') {
      warnings.push({ code: 'MODEL_DEPRECATED', message: standing.reason });
    }
    // Hour-of-day prices: a projection prices whole periods from dates, so every call at the peak.
    const hours = entry.prices.at(-1)?.offPeak;
    if (hours !== undefined) {
      const peak = hours.peakHoursUtc.map((window) => `${window.fromUtc}–${window.untilUtc}`).join(' and ');
      warnings.push({
        code: 'PEAK_PRICES_ASSUMED',
        message: `${entry.id} bills less off-peak (peak hours ${peak} UTC); this projection prices every call at the peak price, an upper bound. Price logged calls with their timestamps for the exact figure.`,
      });
    }
  }
}

/** @internal A projection with its unrounded expectations, for the solvers. */
export interface DetailedProjection {
  readonly projection: SpendProjection;
  /** E[spend] over the period, unrounded. */
  readonly expectedSpend: Dec;
  /** E[cost of one call (conversation, task)], unrounded. */
  readonly perJob: Dec;
  /** E[calls] over the period, unrounded. */
  readonly expectedCalls: Dec;
}

/**
 * @internal Projects a validated workload. Shared by projectSpend, compareModels and the solvers.
 */
export function projectParsed(workload: Workload, options: ProjectSpendOptions, internal: InternalProjectOptions = {}): SpendProjection {
  return projectDetailed(workload, options, internal).projection;
}

/** @internal {@link projectParsed} with the unrounded expectations. */
export function projectDetailed(workload: Workload, options: ProjectSpendOptions, internal: InternalProjectOptions = {}): DetailedProjection {
  if (typeof options !== 'object' || options === null || options.model === undefined) {
    throw new LlmSpendError('INVALID_WORKLOAD', `projectSpend needs options with a model: projectSpend(workload, { model: "gpt-5.4-mini" }); got ${showValue(options)}.`, { path: 'model' });
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new LlmSpendError('INVALID_WORKLOAD', `seed must be a finite number; got ${showValue(seed)}.`, { path: 'seed', value: showValue(seed) });
  if (options.draws !== undefined && !(typeof options.draws === 'number' && Number.isSafeInteger(options.draws) && options.draws >= 100 && options.draws <= MAX_DRAWS)) {
    throw new LlmSpendError('INVALID_WORKLOAD', `draws must be a whole number from 100 to ${MAX_DRAWS}; got ${showValue(options.draws)}.`, { path: 'draws', value: showValue(options.draws) });
  }
  const entry = typeof options.model === 'object' && options.model !== null ? validatedEntry(options.model) : resolveEntry(options.model, { pricing: options.pricing });
  const period = internal.resolvedPeriod ?? resolvePeriod(options.period);
  if (options.start !== undefined) parseDateInput(options.start, 'start', 'INVALID_WORKLOAD');
  const unit: VolumeUnit = workload.volume.per;
  // Calls = rate × (volume-weighted period length) / unit length, divided once and last so that
  // a repeating fraction (50,000 a day over 730 hours) is never rounded before it is used.
  const weightedMs = effectiveMilliseconds(period.ms, workload.volume.growth?.rate);
  const unitMs = MILLISECONDS[unit];
  const volume = scaled(volumeOf(workload), internal.volumeScale);
  const callsTimesUnit = volume.meanDec.times(weightedMs);
  const expectedCalls = callsTimesUnit.div(unitMs);
  if (expectedCalls.gt(MAX_CALLS) || (volume.variance > 0 && !(volume.quantile(0.99) * weightedMs.div(unitMs).toNumber() <= 10 * MAX_CALLS))) {
    throw new LlmSpendError(
      'INVALID_WORKLOAD',
      `volume: ${expectedCalls.gt(MAX_CALLS) ? `${expectedCalls.toDecimalPlaces(0).toFixed()} expected calls` : 'the p99 of the volume'} over the period exceed the limit of ${MAX_CALLS} calls ` +
        '(lower the rate, the growth or the period; see docs/limits.md).',
      { path: 'volume.calls', expectedCalls: expectedCalls.toDecimalPlaces(0).toFixed() },
    );
  }
  const perPeriod = (perCall: Dec): Dec => perCall.times(callsTimesUnit).div(unitMs);
  const jobs = buildJobs(workload, entry, options, seed);
  const jobEntries = new Map<string, ModelEntry>([[entry.id, entry]]);
  for (const job of jobs) if (!jobEntries.has(job.model)) jobEntries.set(job.model, job.unit.plan.entry);
  const conversation = workload.conversation !== undefined;
  const pipeline = workload.steps !== undefined;

  // Per job (call, conversation, task): expectation exact, variance by independence.
  let perJob = ZERO;
  let variance = 0;
  // E[(C − E C)³] of a job (for the band's skew term): compound over the calls per job K,
  // κ₃ = E[K]κ₃(C) + 3·Var[K]·μ·σ² + κ₃(K)·μ³, jobs' steps independent.
  let thirdCentral = 0;
  let cost: BucketCost = NO_COST;
  let tokens: TokensPerCall | undefined;
  const stepResults: StepProjection[] = [];
  const warnings: ProjectionWarning[] = [];
  let overflowCalls = 0;
  let longCalls = 0;
  let clampedCalls = 0;
  let callsPerJob = 0;
  for (const job of jobs) {
    const k = job.perJob;
    const unitCost = costOfBuckets(job.unit.plan, job.unit.sets, job.unit.searches);
    const mean = job.unit.meanCost;
    perJob = perJob.plus(k.meanDec.times(mean));
    const meanFloat = mean.toNumber();
    variance += k.mean * job.unit.variance + k.variance * meanFloat * meanFloat;
    const kThird = k.variance === 0 ? 0 : k.moment(3) - 3 * k.mean * k.moment(2) + 2 * k.mean ** 3;
    thirdCentral += k.mean * (job.unit.thirdCentral ?? 0) + 3 * k.variance * meanFloat * job.unit.variance + kThird * meanFloat ** 3;
    cost = addCosts(cost, unitCost, k.meanDec);
    const stepTokens = tokensOf(job.unit, k.mean);
    tokens = tokens === undefined ? stepTokens : sumTokens(tokens, stepTokens);
    overflowCalls += k.mean * job.unit.overflowShare;
    longCalls += k.mean * job.unit.longContextShare;
    clampedCalls += k.mean * job.unit.clampedShare;
    callsPerJob += k.mean;
    unitWarnings(job, conversation, warnings);
    if (pipeline) {
      stepResults.push({
        name: job.label,
        model: job.model,
        tier: job.tier,
        callsPerTask: k.mean,
        calls: round9(perPeriod(k.meanDec)),
        perCall: round12(mean),
        spend: round9(perPeriod(mean.times(k.meanDec))),
        breakdown: breakdownOf(unitCost, (part) => perPeriod(part.times(k.meanDec))),
        tokensPerCall: tokensOf(job.unit, 1),
        contextOverflow: overflowOf(job.unit),
        longContextShare: job.unit.longContextShare,
        clampedOutputShare: job.unit.clampedShare,
      });
    }
  }
  const share = (count: number): number => (callsPerJob === 0 ? 0 : Math.min(1, count / callsPerJob));
  const first = jobs[0] as Job;
  const expectedSpend = perPeriod(perJob);
  const factor = weightedMs.div(unitMs).toNumber();
  // Work per simulated job, to size the Monte Carlo: turns of a conversation, calls of a task.
  const drawWeight = Math.max(1, workload.conversation === undefined ? callsPerJob : toDist(workload.conversation.turns).mean);
  const band = computeBand({
    meanCost: perJob.toNumber(),
    varianceCost: variance,
    thirdCentralCost: Number.isFinite(thirdCentral) ? thirdCentral : 0,
    volume,
    factor,
    expected: expectedSpend,
    drawWeight,
    seed,
    sample: (random) => {
      let total = 0;
      for (const job of jobs) {
        const count = job.perJob.variance === 0 && Number.isInteger(job.perJob.mean) ? job.perJob.mean : Math.max(0, roundRandomly(job.perJob.draw(random), random));
        for (let call = 0; call < count; call += 1) total += job.unit.sample(random);
      }
      return total;
    },
  });
  if (band.method === 'monte-carlo') {
    warnings.push({
      code: 'MONTE_CARLO_BAND',
      message:
        `${expectedCalls.lt(200) ? 'The volume is small' : 'The spend is skewed at this volume'} (${expectedCalls.toDecimalPlaces(2).toFixed()} expected ${conversation ? 'conversations' : pipeline ? 'tasks' : 'calls'}), ` +
        `so p50/p90/p99 come from a seeded Monte Carlo of ${(band.draws ?? 0).toLocaleString('en-US')} periods rather than the normal approximation ` +
        `(each within about ±${((band.simulationError ?? 0) * 100).toPrecision(2)}% at 95 % confidence).`,
    });
  }
  if (volume.capped !== undefined && band.zeroVolumeShare >= WARN_SHARE) {
    const perPeriodCalls = (rate: number): string => Number((rate * factor).toPrecision(6)).toLocaleString('en-US');
    const calls = workload.volume.calls as { low: number; median: number; high: number };
    warnings.push({
      code: 'VOLUME_BELOW_ZERO',
      message:
        `The fit through p10 = ${calls.low}, p50 = ${calls.median} and p90 = ${calls.high} puts ${percent(band.zeroVolumeShare)} of its probability below 0 calls ` +
        `(low is close to 0 for that spread); the fit is capped at 0: those periods have 0 calls, p10/p50/p90 stay as given, and the expected calls are ` +
        `E[max(0, N)] = ${perPeriodCalls(volume.mean)} over the period instead of the plain fit's ${perPeriodCalls(volume.capped.plainMean)}, in the expected spend and the band alike.`,
    });
  }
  if (volume.lopsided !== undefined) warnings.push({ code: 'VOLUME_LOPSIDED', message: volume.lopsided });
  lifecycleWarnings(jobs, jobEntries, lifecycleWindow(period, options), warnings);
  if (expectedSpend.isZero() && !expectedCalls.isZero()) {
    warnings.push({ code: 'NO_SPEND', message: 'The projection spends nothing: every call is free or none fits the model.' });
  }
  const sd = Math.hypot(band.sdFromVolume, band.sdFromTokens);
  const callsAt = (p: number): string => round9(Dec.max(ZERO, finite(volume.quantile(p), 'calls').times(weightedMs).div(unitMs)), 'calls', true);
  const overflow = overflowOf(first.unit);
  const result: SpendProjection = {
    model: entry.id,
    tier: first.tier,
    period: { name: period.name, hours: round9(period.ms.div(HOUR_MS)), ...(period.from === undefined ? {} : { from: period.from }), ...(period.to === undefined ? {} : { to: period.to }) },
    calls: {
      expected: round9(expectedCalls),
      p10: volume.variance === 0 ? round9(expectedCalls) : callsAt(0.1),
      p90: volume.variance === 0 ? round9(expectedCalls) : callsAt(0.9),
    },
    spend: {
      expected: round9(expectedSpend, 'spend.expected', true),
      p50: round9(band.p50, 'spend.p50', true),
      p90: round9(band.p90, 'spend.p90', true),
      p99: round9(band.p99, 'spend.p99', true),
    },
    perCall: round12(perJob, 'perCall'),
    breakdown: breakdownOf(cost, perPeriod),
    tokensPerCall: tokens ?? tokensOf(first.unit, 1),
    ...(pipeline ? { steps: stepResults } : {}),
    contextOverflow: pipeline ? { ...overflow, share: share(overflowCalls), limitInputTokens: null, maxOutputTokens: null } : overflow,
    longContextShare: share(longCalls),
    ...(jobs.some((job) => job.unit.limit.fromWorkload) ? { clampedOutputShare: share(clampedCalls) } : {}),
    band: {
      method: band.method,
      seed,
      ...(band.draws === undefined ? {} : { draws: band.draws }),
      ...(band.simulationError === undefined ? {} : { simulationError: band.simulationError }),
      standardDeviation: round9(finite(sd, 'band.standardDeviation'), 'band.standardDeviation', true),
      fromVolume: round9(finite(band.sdFromVolume, 'band.fromVolume'), 'band.fromVolume', true),
      fromTokens: round9(finite(band.sdFromTokens, 'band.fromTokens'), 'band.fromTokens', true),
    },
    warnings,
  };
  return { projection: result, expectedSpend, perJob, expectedCalls };
}

/**
 * Projects what a workload will cost over a period on a model: expected calls, the expected
 * spend (exact where the maths is), a band (p50/p90/p99), the expected cost per call, a
 * breakdown by part (and per step for pipelines), the share of calls that would not fit the
 * context, and warnings. Never throws for context overflow: such calls are reported and left
 * unpriced.
 *
 * Expectations are linear in the token means (input uncached × input price + cached × cached
 * price + output and reasoning × output price + fees), split by the input distribution's CDF
 * where a long-context tier or the context limit is within reach. The band follows the CLT
 * with the volume's variance (Var[S] = E[N]·Var[C] + Var[N]·E[C]²), mixed over the fitted
 * volume, or a seeded Monte Carlo below 200 expected calls. It covers volume uncertainty,
 * growth (as a trend) and per-call token noise; it does not cover price changes, model
 * choice or token distributions that are themselves wrong. Same inputs and seed → same result.
 *
 * A model shut down on or before the period's end gets a `MODEL_SHUT_DOWN` warning naming the
 * date and the replacement (a deprecated one, `MODEL_DEPRECATED`); the spend is still computed.
 * A named period starts at `start`, else `at`, else the table's `checkedAt`.
 *
 * @param workload - the workload (validated here; see docs/projection.md)
 * @param options - the model, and optionally period, pricing, at, seed, draws
 * @returns the projection; money as USD decimal strings rounded half-even to 9 decimals
 * @throws LlmSpendError `INVALID_WORKLOAD` (with the path of the bad field), `UNKNOWN_MODEL`,
 *   `TIER_UNAVAILABLE`, `PRICE_UNAVAILABLE` (e.g. web searches on a model without a fee, cached
 *   input without a cached price, images without a documented formula), `PRICE_NOT_IN_EFFECT`
 * @example
 * ```ts
 * import { projectSpend } from 'llm-spend/projection';
 * const month = projectSpend(
 *   { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } },
 *   { model: 'gpt-5.4-nano' },
 * );
 * month.spend.expected; // "450"
 * month.perCall; // "0.00045"
 * const tickets = projectSpend(
 *   { volume: { calls: 50_000, per: 'day' }, tokens: { input: { lognormal: { median: 800, p95: 3000 } }, output: 40 } },
 *   { model: 'gpt-5.4-mini' },
 * );
 * tickets.calls.expected; // "1520833.333333333"
 * tickets.spend.p90; // a little above tickets.spend.expected
 * const december = projectSpend(
 *   { volume: { calls: 10_000, per: 'day' }, tokens: { input: 500, output: 100 } },
 *   { model: 'gpt-5-mini', period: { from: '2026-12-01', to: '2027-01-01' } },
 * );
 * december.warnings.map((warning) => warning.code); // ["MODEL_SHUT_DOWN"] (on 2026-12-11; replacement gpt-6.1-terra)
 * ```
 */
export function projectSpend(workload: WorkloadInput, options: ProjectSpendOptions): SpendProjection {
  return projectParsed(parseWorkload(workload), options);
}
