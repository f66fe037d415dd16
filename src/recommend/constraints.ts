// The constraints of recommendModel: their types, the task-kind capability floors, and one
// validation pass that turns bad input into INVALID_CONSTRAINTS (or UNKNOWN_MODEL) with the
// path of the bad field.
import { LlmSpendError, safeDetail, showValue } from '../errors.js';
import type { Dec } from '../money/decimal.js';
import { toDec, type UsdInput } from '../money/usd.js';
import type { BudgetPercentile } from '../projection/solvers.js';
import { MODALITIES } from '../pricing/constants.js';
import type { Modality, ModelEntry } from '../pricing/types.js';
import { getModel, type ModelId, type PricingTable } from '../pricing/table.js';
import { parseDateInput } from '../pricing/dates.js';
import { closest, didYouMean } from '../suggest.js';
import { PERIOD_NAMES, type Period, type PeriodName } from '../workload/index.js';
import { checkProfileInput, checkTailSigma, type LatencyProfileInput } from './latency.js';

/**
 * Capability floors per task kind, on OpenAI's 1–5 "performance" scale (pricing-facts §13):
 * classification, routing, extraction and ranking need 2 (a fixed label set or a schema to
 * fill: the 2-rated gpt-4o-mini and gpt-4.1-nano serve them, and OpenAI points gpt-5.4-nano at
 * them); summarization and chat need 3 (free text that must stay faithful and follow
 * instructions over a long context); coding, agentic work and reasoning need 4 (multi-step
 * plans, tool calls, code that must run: OpenAI points gpt-5.4-mini, rated 4, at them and says
 * nano is not for deep reasoning). Override with `minCapability`, or rate a model yourself with
 * `capability`.
 *
 * @example
 * ```ts
 * import { TASK_CAPABILITY_FLOORS } from 'llm-spend/projection';
 * TASK_CAPABILITY_FLOORS.classification; // 2
 * TASK_CAPABILITY_FLOORS.coding; // 4
 * ```
 */
export const TASK_CAPABILITY_FLOORS = {
  classification: 2,
  routing: 2,
  extraction: 2,
  ranking: 2,
  summarization: 3,
  chat: 3,
  coding: 4,
  agentic: 4,
  reasoning: 4,
} as const;

/** A task kind with a capability floor (see {@link TASK_CAPABILITY_FLOORS}). */
export type TaskKind = keyof typeof TASK_CAPABILITY_FLOORS;

/** How an option serves the calls: one model, a cascade (small first, a share escalates), or a split (a router sends a share to each). */
export type RecommendStrategy = 'single' | 'cascade' | 'split';

/** A projection budget: an amount per period; `percentile` picks the spend it checks. */
export interface RecommendBudget {
  /** USD per `per`, a decimal string or an integer. */
  readonly usd: UsdInput;
  readonly per: PeriodName;
  /** @defaultValue "expected" */
  readonly percentile?: BudgetPercentile;
}

/** Latency limits per call (per task for a pipeline), milliseconds. */
export interface LatencyLimits {
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly p99Ms?: number;
}

/** The constraints (and projection options) of {@link recommendModel}. Every field is optional. */
export interface RecommendConstraints {
  /** Models to choose from (ids or aliases). @defaultValue ["gpt-5.4-mini", "gpt-5.4-nano"] */
  readonly candidates?: readonly ModelId[];
  /** The budget, e.g. `{ usd: '2000', per: 'month' }`; expected spend unless `percentile` says otherwise. */
  readonly budget?: RecommendBudget;
  /** Latency limits, e.g. `{ p95Ms: 4000 }`. */
  readonly latency?: LatencyLimits;
  /** The kind of task: sets the capability floor from {@link TASK_CAPABILITY_FLOORS}. */
  readonly task?: TaskKind;
  /** A capability floor on the 1–5 scale; replaces the task's floor. */
  readonly minCapability?: number;
  /** Your own 1–5 ratings per model (id or alias), over the table's. */
  readonly capability?: Readonly<Record<string, number>>;
  /** Input modalities every model of an option must accept (images in the workload add "image"). */
  readonly modalities?: readonly Modality[];
  /** Quality scores you measured, per model or per option id (`cascade:a>b`, `split:a+b`), any scale where higher is better. */
  readonly quality?: Readonly<Record<string, number>>;
  /** The lowest acceptable quality score. */
  readonly minQuality?: number;
  /** Strategies to consider. @defaultValue ["single"], plus "cascade" when escalationRate is set and "split" when splitShare is set */
  readonly strategies?: readonly RecommendStrategy[];
  /** Cascades: the share of calls the small model passes on to the large one, in [0, 1]. */
  readonly escalationRate?: number;
  /** Splits: the share of calls the router sends to the larger model, in [0, 1]. */
  readonly splitShare?: number;
  /**
   * The largest share of calls allowed not to fit a model's context: 0.1 % by default, so that the
   * far tail of a parametric prompt distribution cannot fail an option by itself. @defaultValue 0.001
   */
  readonly maxContextOverflowShare?: number;
  /** The largest share of the spend allowed on calls that do not fit (their cost at the base price, as if they did). @defaultValue 0.01 */
  readonly maxContextOverflowSpendShare?: number;
  /** Latency profiles per model (id or alias), over the workload's and the table's, field by field. */
  readonly latencyProfiles?: Readonly<Record<string, LatencyProfileInput>>;
  /** σ of the latency tail for every model without its own. @defaultValue DEFAULT_LATENCY_TAIL_SIGMA (≈ 1.058) */
  readonly latencyTailSigma?: number;
  /** The period spend is reported for when there is no budget. @defaultValue the budget's `per`, else "month" */
  readonly period?: Period;
  readonly pricing?: PricingTable;
  /** Prices in effect at this date. @defaultValue the newest */
  readonly at?: string | Date;
  /**
   * When a named period starts, for lifecycle: a candidate shut down on or before the period's
   * end fails the `lifecycle` check and is never chosen. A `{ from, to }` period has its own
   * dates. @defaultValue `at`, else the table's `checkedAt` (the date of its newest prices)
   */
  readonly start?: string | Date;
  /** Seed of every Monte Carlo step. @defaultValue 20260317 */
  readonly seed?: number;
}

/** @internal Constraints after validation, models resolved to table entries. */
export interface NormalizedConstraints {
  readonly candidates: readonly ModelEntry[];
  readonly budget?: { readonly usd: Dec; readonly per: PeriodName; readonly percentile: BudgetPercentile };
  readonly latency: LatencyLimits;
  readonly floor?: { readonly value: number; readonly from: string };
  readonly capability: ReadonlyMap<string, number>;
  readonly modalities: readonly Modality[];
  readonly quality: ReadonlyMap<string, number>;
  readonly minQuality?: number;
  readonly strategies: readonly RecommendStrategy[];
  readonly escalationRate?: number;
  readonly splitShare?: number;
  readonly maxContextOverflowShare: number;
  readonly maxContextOverflowSpendShare: number;
  readonly latencyProfiles: ReadonlyMap<string, LatencyProfileInput>;
  readonly latencyTailSigma?: number;
  readonly period: Period;
  readonly pricing?: PricingTable;
  readonly at?: string | Date;
  readonly start?: string | Date;
  readonly seed?: number;
}

/** The candidates when none are given: the question this library started from. */
export const DEFAULT_CANDIDATES: readonly string[] = ['gpt-5.4-mini', 'gpt-5.4-nano'];
/** @internal */
export const DEFAULT_MAX_CONTEXT_OVERFLOW = 0.001;
/** @internal The largest share of the spend allowed on calls that do not fit (issue 12). */
export const DEFAULT_MAX_CONTEXT_OVERFLOW_SPEND = 0.01;

const TASK_KINDS = Object.keys(TASK_CAPABILITY_FLOORS) as TaskKind[];
const STRATEGIES: readonly RecommendStrategy[] = ['single', 'cascade', 'split'];
const PERCENTILES: readonly BudgetPercentile[] = ['expected', 'p50', 'p90', 'p99'];
const KEYS = [
  'candidates',
  'budget',
  'latency',
  'task',
  'minCapability',
  'capability',
  'modalities',
  'quality',
  'minQuality',
  'strategies',
  'escalationRate',
  'splitShare',
  'maxContextOverflowShare',
  'maxContextOverflowSpendShare',
  'latencyProfiles',
  'latencyTailSigma',
  'period',
  'pricing',
  'at',
  'start',
  'seed',
];

/** @internal */
export function invalidConstraint(path: string, message: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_CONSTRAINTS', `Invalid constraints: ${path}: ${message}`, { path, ...(value === undefined ? {} : { value: safeDetail(value) }) });
}

function show(value: unknown): string {
  return showValue(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? key : `${path}.${key}`;
      throw invalidConstraint(where, `unknown field.${didYouMean(closest(key, allowed))} Known fields: ${allowed.join(', ')}.`);
    }
  }
}

function share(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw invalidConstraint(path, `must be a share from 0 to 1 (0.3 means 30%); got ${show(value)}.`, value);
  }
  return value;
}

function positiveMs(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidConstraint(path, `must be a number of milliseconds above 0; got ${show(value)}.`, value);
  return value;
}

function rating(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 5) {
    throw invalidConstraint(path, `must be a rating from 1 to 5 (OpenAI's capability scale); got ${show(value)}.`, value);
  }
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidConstraint(path, `must be a finite number; got ${show(value)}.`, value);
  return value;
}

function modelKey(key: string, path: string, pricing: PricingTable | undefined): string {
  try {
    return getModel(key, pricing === undefined ? {} : { pricing }).id;
  } catch (error) {
    if (error instanceof LlmSpendError && error.code === 'UNKNOWN_MODEL') {
      throw new LlmSpendError('UNKNOWN_MODEL', `${path}: ${error.message}`, { ...error.details, path });
    }
    throw error;
  }
}

function modelMap<T>(value: unknown, path: string, pricing: PricingTable | undefined, each: (item: unknown, path: string) => T, optionIds = false): Map<string, T> {
  const out = new Map<string, T>();
  if (value === undefined) return out;
  if (!isRecord(value)) throw invalidConstraint(path, `must be an object keyed by model id; got ${show(value)}.`, value);
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}.${key}`;
    const id = optionIds && (key.startsWith('cascade:') || key.startsWith('split:')) ? key : modelKey(key, itemPath, pricing);
    out.set(id, each(item, itemPath));
  }
  return out;
}

/** @internal Validates the constraints of recommendModel. */
export function normalizeConstraints(input: RecommendConstraints | undefined): NormalizedConstraints {
  const raw: unknown = input ?? {};
  if (!isRecord(raw)) throw invalidConstraint('(root)', `must be an object such as { budget: { usd: '500', per: 'month' } }; got ${show(raw)}.`, raw);
  checkKeys(raw, KEYS, '');
  const c = raw as RecommendConstraints;
  const pricing = c.pricing;
  if (pricing !== undefined && (!isRecord(pricing) || !Array.isArray((pricing as { models?: unknown }).models))) {
    throw invalidConstraint('pricing', 'must be a pricing table (createPricingTable, withOverrides or defaultPricing).');
  }

  // Candidates.
  const rawCandidates: unknown = c.candidates ?? DEFAULT_CANDIDATES;
  if (!Array.isArray(rawCandidates) || rawCandidates.length === 0) {
    throw invalidConstraint('candidates', `must be a non-empty list of model ids; got ${show(rawCandidates)}.`, rawCandidates);
  }
  const candidates: ModelEntry[] = [];
  rawCandidates.forEach((candidate: unknown, index) => {
    const path = `candidates[${index}]`;
    if (typeof candidate !== 'string') throw invalidConstraint(path, `must be a model id (a string); got ${show(candidate)}.`, candidate);
    let entry: ModelEntry;
    try {
      entry = getModel(candidate, pricing === undefined ? {} : { pricing });
    } catch (error) {
      if (error instanceof LlmSpendError && error.code === 'UNKNOWN_MODEL') throw new LlmSpendError('UNKNOWN_MODEL', `${path}: ${error.message}`, { ...error.details, path });
      throw error;
    }
    if (!candidates.some((known) => known.id === entry.id)) candidates.push(entry);
  });

  // Budget and period.
  let budget: NormalizedConstraints['budget'];
  if (c.budget !== undefined) {
    const b: unknown = c.budget;
    if (!isRecord(b)) throw invalidConstraint('budget', `must be { usd, per } such as { usd: '500', per: 'month' }; got ${show(b)}.`, b);
    if ('window' in b) throw invalidConstraint('budget.window', 'a projection budget is { usd, per } (per: day, week, month or year of 730 hours); `window` belongs to the runtime budget guard.');
    checkKeys(b, ['usd', 'per', 'percentile'], 'budget');
    if (b['usd'] === undefined) throw invalidConstraint('budget.usd', "is required: an amount in USD such as '500'.");
    let usd: Dec;
    try {
      usd = toDec(b['usd'] as UsdInput, 'budget.usd');
    } catch (error) {
      if (error instanceof LlmSpendError) throw invalidConstraint('budget.usd', error.message.replace(/^budget\.usd /, ''), b['usd']);
      throw error;
    }
    if (usd.isNegative() && !usd.isZero()) throw invalidConstraint('budget.usd', `cannot be negative; got ${usd.toFixed()}.`, b['usd']);
    const per = b['per'];
    if (typeof per !== 'string' || !(PERIOD_NAMES as readonly string[]).includes(per)) {
      throw invalidConstraint('budget.per', `must be one of ${PERIOD_NAMES.join(', ')}; got ${show(per)}.`, per);
    }
    const percentile = b['percentile'] ?? 'expected';
    if (typeof percentile !== 'string' || !(PERCENTILES as readonly string[]).includes(percentile)) {
      throw invalidConstraint('budget.percentile', `must be one of ${PERCENTILES.join(', ')} (which spend the budget checks); got ${show(percentile)}.`, percentile);
    }
    budget = { usd, per: per as PeriodName, percentile: percentile as BudgetPercentile };
  }
  let period: Period = budget?.per ?? 'month';
  if (c.period !== undefined) {
    const given: unknown = c.period;
    const named = typeof given === 'string' && (PERIOD_NAMES as readonly string[]).includes(given);
    const range = isRecord(given) && typeof given['from'] === 'string' && typeof given['to'] === 'string';
    if (!named && !range) throw invalidConstraint('period', `must be one of ${PERIOD_NAMES.join(', ')} or { from, to }; got ${show(given)}.`, given);
    if (budget !== undefined && given !== budget.per) {
      throw invalidConstraint('period', `the budget is per ${budget.per} but period is ${show(given)}: give one of them.`, given);
    }
    period = given as Period;
  }

  // Latency limits.
  const latency: { p50Ms?: number; p95Ms?: number; p99Ms?: number } = {};
  if (c.latency !== undefined) {
    const l: unknown = c.latency;
    if (!isRecord(l)) throw invalidConstraint('latency', `must be { p50Ms?, p95Ms?, p99Ms? }; got ${show(l)}.`, l);
    checkKeys(l, ['p50Ms', 'p95Ms', 'p99Ms'], 'latency');
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
      const value = positiveMs(l[key], `latency.${key}`);
      if (value !== undefined) latency[key] = value;
    }
  }

  // Capability floor.
  let floor: NormalizedConstraints['floor'];
  if (c.task !== undefined) {
    const task: unknown = c.task;
    if (typeof task !== 'string' || !(TASK_KINDS as readonly string[]).includes(task)) {
      const suggestion = typeof task === 'string' ? didYouMean(closest(task, TASK_KINDS)) : '';
      throw invalidConstraint('task', `unknown task kind ${show(task)}.${suggestion} Use one of ${TASK_KINDS.join(', ')}, or set minCapability (1–5) directly.`, task);
    }
    floor = { value: TASK_CAPABILITY_FLOORS[task as TaskKind], from: task };
  }
  if (c.minCapability !== undefined) floor = { value: rating(c.minCapability, 'minCapability'), from: 'minCapability' };
  const capability = modelMap(c.capability, 'capability', pricing, rating);

  // Modalities.
  const modalities: Modality[] = [];
  if (c.modalities !== undefined) {
    if (!Array.isArray(c.modalities)) throw invalidConstraint('modalities', `must be a list such as ['text', 'image']; got ${show(c.modalities)}.`, c.modalities);
    c.modalities.forEach((modality: unknown, index) => {
      if (typeof modality !== 'string' || !(MODALITIES as readonly string[]).includes(modality)) {
        throw invalidConstraint(`modalities[${index}]`, `must be one of ${MODALITIES.join(', ')}; got ${show(modality)}.`, modality);
      }
      if (!modalities.includes(modality as Modality)) modalities.push(modality as Modality);
    });
  }

  // Quality.
  const quality = modelMap(c.quality, 'quality', pricing, finite, true);
  const minQuality = c.minQuality === undefined ? undefined : finite(c.minQuality, 'minQuality');

  // Strategies.
  const escalationRate = share(c.escalationRate, 'escalationRate');
  const splitShare = share(c.splitShare, 'splitShare');
  let strategies: RecommendStrategy[];
  if (c.strategies === undefined) {
    strategies = ['single'];
    if (escalationRate !== undefined) strategies.push('cascade');
    if (splitShare !== undefined) strategies.push('split');
  } else {
    if (!Array.isArray(c.strategies) || c.strategies.length === 0) {
      throw invalidConstraint('strategies', `must be a non-empty list of ${STRATEGIES.join(', ')}; got ${show(c.strategies)}.`, c.strategies);
    }
    strategies = [];
    c.strategies.forEach((strategy: unknown, index) => {
      if (typeof strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(strategy)) {
        throw invalidConstraint(`strategies[${index}]`, `must be one of ${STRATEGIES.join(', ')}; got ${show(strategy)}.`, strategy);
      }
      if (!strategies.includes(strategy as RecommendStrategy)) strategies.push(strategy as RecommendStrategy);
    });
    if (escalationRate !== undefined && !strategies.includes('cascade')) {
      throw invalidConstraint('escalationRate', "is set, but strategies does not include 'cascade'.");
    }
    if (splitShare !== undefined && !strategies.includes('split')) throw invalidConstraint('splitShare', "is set, but strategies does not include 'split'.");
  }
  if (strategies.includes('cascade') && escalationRate === undefined) {
    throw invalidConstraint('escalationRate', "is required for the 'cascade' strategy: the share of calls the small model passes on (a planner cannot guess it; measure it, or try several).");
  }
  if (strategies.includes('split') && splitShare === undefined) {
    throw invalidConstraint('splitShare', "is required for the 'split' strategy: the share of calls the router sends to the larger model.");
  }
  if ((strategies.includes('cascade') || strategies.includes('split')) && candidates.length < 2) {
    throw invalidConstraint('candidates', 'a cascade or a split needs at least two candidates.');
  }

  const maxContextOverflowShare = share(c.maxContextOverflowShare, 'maxContextOverflowShare') ?? DEFAULT_MAX_CONTEXT_OVERFLOW;
  const maxContextOverflowSpendShare = share(c.maxContextOverflowSpendShare, 'maxContextOverflowSpendShare') ?? DEFAULT_MAX_CONTEXT_OVERFLOW_SPEND;
  const latencyProfiles = modelMap(c.latencyProfiles, 'latencyProfiles', pricing, checkProfileInput);
  const latencyTailSigma = checkTailSigma(c.latencyTailSigma, 'latencyTailSigma');
  if (c.seed !== undefined && (typeof c.seed !== 'number' || !Number.isFinite(c.seed))) throw invalidConstraint('seed', `must be a finite number; got ${show(c.seed)}.`, c.seed);
  if (c.at !== undefined && typeof c.at !== 'string' && !(c.at instanceof Date)) throw invalidConstraint('at', `must be an ISO date string or a Date; got ${show(c.at)}.`, c.at);
  if (c.start !== undefined) {
    try {
      parseDateInput(c.start, 'start', 'INVALID_CONSTRAINTS');
    } catch (error) {
      if (error instanceof LlmSpendError) throw invalidConstraint('start', `must be an ISO date string or a valid Date (when the period starts); got ${show(c.start)}.`, c.start);
      throw error;
    }
  }

  return {
    candidates,
    ...(budget === undefined ? {} : { budget }),
    latency,
    ...(floor === undefined ? {} : { floor }),
    capability,
    modalities,
    quality,
    ...(minQuality === undefined ? {} : { minQuality }),
    strategies,
    ...(escalationRate === undefined ? {} : { escalationRate }),
    ...(splitShare === undefined ? {} : { splitShare }),
    maxContextOverflowShare,
    maxContextOverflowSpendShare,
    latencyProfiles,
    ...(latencyTailSigma === undefined ? {} : { latencyTailSigma }),
    period,
    ...(pricing === undefined ? {} : { pricing }),
    ...(c.at === undefined ? {} : { at: c.at }),
    ...(c.start === undefined ? {} : { start: c.start }),
    ...(c.seed === undefined ? {} : { seed: c.seed }),
  };
}

/** @internal Validates per-model profiles carried by a workload. */
export function workloadProfiles(value: unknown, pricing: PricingTable | undefined): Map<string, LatencyProfileInput> {
  return modelMap(value, 'workload.latencyProfiles', pricing, checkProfileInput);
}
