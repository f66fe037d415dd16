// Calibrating plans from reality: fitPlan turns usage records into a plan file (one workload per
// tag value: volume with its trend, token distributions with a goodness-of-fit figure, cache,
// conversations from session ids), and comparePlan holds a plan against what happened.
// A plan is written here as plain data shaped like the plan file (src/cli may not be imported
// from actual/): test/actual/fit*.test.ts checks that parsePlan accepts it.
import { LlmSpendError, showValue } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { fromDec, toDec } from '../money/usd.js';
import type { ServiceTier } from '../pricing/schema.js';
import { findModel, type PricingTable } from '../pricing/table.js';
import { projectParsed, type SpendProjection } from '../projection/project.js';
import { parseWorkload } from '../workload/schema.js';
import type { WorkloadInput, WorkloadStepInput } from '../workload/types.js';
import { effectiveMilliseconds } from '../workload/volume.js';
import { emptyUnits, pricerFor } from './price.js';
import type { ReadItem, RecordProblem, RecordProblemCode, UsageRecord } from './record.js';
import { summarizeSpend, type SpendGroupKey } from './report.js';
import { fitCount, fitDistribution, fitGrowth, round, type DistributionFit, type FittedDistribution, type GrowthFit } from './fit/stats.js';

export type { DistributionFit, FittedDistribution, GrowthFit } from './fit/stats.js';
export { GROWTH_T, HISTOGRAM_QUANTILES, MAX_COUNT_SAMPLES, MAX_COUNT_VALUES, KS_MAX_DISTANCE, LOGNORMAL_MAX_MEAN_GAP, MIN_FIT_SAMPLES, MIN_GROWTH_DAYS } from './fit/stats.js';

const DAY_MS = 86_400_000;
/** The tags a workload is named by when no `workloadTag` is given, in order; then the model. */
export const DEFAULT_WORKLOAD_TAGS: readonly string[] = ['workload', 'feature'];
/** The share of a workload's records that must carry a session id for a conversation to be fitted. */
export const SESSION_SHARE = 0.9;
/** The largest share of later turns whose input may shrink against the history (u_t < 0) for a conversation fit. */
export const HISTORY_MISMATCH_SHARE = 0.05;
/** The share of cache hits a shared prefix must explain (cached = the prefix, or the whole prompt) to be written as `{ prefixTokens, hitRate }`. */
export const PREFIX_SHARE = 0.9;

// ------------------------------------------------------------------------------ types

/** Options of {@link fitPlan}. */
export interface FitPlanOptions {
  /**
   * The tag that names a record's workload. @defaultValue the tag `workload`, else `feature`
   * (per record); a record without the tag(s) belongs to the workload named by its model's table id.
   */
  readonly workloadTag?: string | undefined;
  /** The plan's title. @defaultValue "Fitted from usage logs" */
  readonly title?: string | undefined;
  /** The table that resolves model names (and prices the records, to leave out the ones that cannot be priced). @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /** Fit `conversation` workloads from session ids where the history adds up. @defaultValue true */
  readonly conversations?: boolean | undefined;
  /** How many problems are listed (all are counted). @defaultValue 100 */
  readonly maxProblems?: number | undefined;
}

/** A fitted workload, shaped like a plan file's workload (plain numbers, as parsePlan reads them). */
export interface FittedWorkload {
  readonly name: string;
  readonly description: string;
  /** The model most of its calls ran on (table id). */
  readonly model: string;
  /** Every model its records ran on, most calls first (only when there are several). */
  readonly models?: readonly string[];
  readonly volume: { readonly calls: number; readonly per: 'day'; readonly growth?: { readonly rate: number; readonly per: 'month' } };
  readonly tokens?: { readonly input: FittedDistribution; readonly output: FittedDistribution; readonly reasoning?: FittedDistribution };
  readonly conversation?: {
    readonly turns: FittedDistribution;
    readonly userTokensPerTurn: FittedDistribution;
    readonly assistantTokensPerTurn: FittedDistribution;
    readonly systemTokens?: number;
    readonly reasoningTokensPerTurn?: FittedDistribution;
  };
  readonly cache?: { readonly cachedShare: number } | { readonly prefixTokens: number; readonly hitRate: number; readonly ttl?: '1h' };
  readonly tier?: ServiceTier;
  readonly maxOutputTokens?: number;
}

/** A plan fitted from usage: a plan file's content (version 1), structurally the plan file's input type. */
export interface FittedPlan {
  readonly version: 1;
  readonly title: string;
  readonly description: string;
  /** Every model observed (table ids), most calls first. */
  readonly models: readonly string[];
  readonly workloads: readonly FittedWorkload[];
}

/** A warning of a fit: `{ code, message }`, with the workload it concerns. */
export interface FitWarning {
  readonly code: 'aggregate-records' | 'mixed-models' | 'mixed-tiers' | 'no-records' | 'renamed-workload' | 'history-mismatch' | 'cache-writes';
  readonly message: string;
  readonly workload?: string;
}

/** How one workload was fitted. */
export interface WorkloadFit {
  readonly name: string;
  /** The tag it was named by (`null`: by its model). */
  readonly tag: string | null;
  /** Records and calls (an aggregate counts its requests). */
  readonly records: number;
  readonly calls: number;
  /** Aggregate records among them (volume only). */
  readonly aggregateRecords: number;
  /** Calls per model, most first. */
  readonly models: ReadonlyArray<{ readonly model: string; readonly calls: number }>;
  readonly volume: {
    /** What the volume counts: calls, or conversations (sessions) for a conversation. */
    readonly unit: 'calls' | 'conversations';
    /** Days of the log's period, and days with at least one. */
    readonly days: number;
    readonly daysWithCalls: number;
    /** Mean per day over the period. */
    readonly meanPerDay: number;
    /** The trend fitted (null: fewer than 3 days with calls); used when `significant`. */
    readonly growth: GrowthFit | null;
    /** The rate written (at the period's start), which makes a projection over the period reproduce the count. */
    readonly callsPerDay: number;
  };
  /** Per-call distributions (null for aggregates only: fixed at the means). */
  readonly tokens: { readonly input: DistributionFit; readonly output: DistributionFit; readonly reasoning?: DistributionFit } | null;
  readonly conversation: {
    readonly sessions: number;
    readonly turns: DistributionFit;
    /** Whether the plan holds a `conversation` (else the turns are for information). */
    readonly used: boolean;
    readonly reason: string;
    readonly userTokensPerTurn?: DistributionFit;
    readonly assistantTokensPerTurn?: DistributionFit;
    readonly reasoningTokensPerTurn?: DistributionFit;
    readonly systemTokens?: number;
  } | null;
  readonly cache: {
    /** Σ cached input / Σ input. */
    readonly cachedShare: number;
    /** Share of calls with cached input. */
    readonly hitRate: number;
    /** The most common cached count among hits (the shared prefix), and the share of hits it explains. */
    readonly prefixTokens: number;
    readonly prefixExplains: number;
    readonly written: 'none' | 'prefix' | 'share';
  };
  /** The largest output (reasoning included) and the p99.9 observed; the plan's maxOutputTokens is the largest. */
  readonly maxOutputTokens: { readonly max: number; readonly p999: number } | null;
  /** The actual spend of its records (exact USD). */
  readonly spend: string;
}

/** What {@link fitPlan} returns: the plan and how it was fitted. */
export interface PlanFit {
  readonly plan: FittedPlan;
  readonly report: {
    /** The log's period in whole UTC days: `from` the first day's midnight, `to` the midnight after the last day (project over it to compare). */
    readonly period: { readonly from: string; readonly to: string; readonly days: number } | null;
    /** `read` = `used` + `problems` + `skipped`. */
    readonly counts: { readonly read: number; readonly used: number; readonly problems: number; readonly skipped: number };
    readonly problems: { readonly byCode: Readonly<Partial<Record<RecordProblemCode, number>>>; readonly listed: readonly RecordProblem[] };
    readonly workloads: readonly WorkloadFit[];
    readonly warnings: readonly FitWarning[];
  };
}

// ------------------------------------------------------------------------------ accumulation

class Column {
  private data = new Float64Array(64);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }
  get(index: number): number {
    return this.data[index]!;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

interface Turn {
  readonly atMs: number;
  readonly file: string;
  readonly line: number;
  readonly index: number;
}

class Acc {
  records = 0;
  calls = 0;
  aggregateRecords = 0;
  readonly models = new Map<string, number>();
  readonly tiers = new Map<ServiceTier, number>();
  readonly daily = new Map<number, number>();
  readonly input = new Column();
  readonly visible = new Column();
  readonly reasoning = new Column();
  readonly cached = new Column();
  readonly billedOutput = new Column();
  readonly sessions = new Map<string, Turn[]>();
  withSession = 0;
  reasoningSeen = false;
  // exact integer sums over every record (aggregates too)
  sumInput = 0;
  sumOutput = 0;
  sumReasoning = 0;
  sumCached = 0;
  sumWrite = 0;
  sumWrite1h = 0;
  aggCalls = 0;
  aggInput = 0;
  aggOutput = 0;
  aggReasoning = 0;
  /** Exact spend: integer units per scale (10^-scale USD). */
  readonly spend = new Map<number, bigint>();
  constructor(readonly name: string, readonly tag: string | null) {}
}

function iteratorOf(items: unknown, what: string): { next(): Promise<IteratorResult<unknown, unknown>> | IteratorResult<unknown, unknown> } {
  if (typeof items === 'object' && items !== null) {
    const asyncIterator = (items as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator];
    if (typeof asyncIterator === 'function') return (asyncIterator as () => AsyncIterator<unknown, unknown>).call(items);
    const syncIterator = (items as { [Symbol.iterator]?: unknown })[Symbol.iterator];
    if (typeof syncIterator === 'function') return (syncIterator as () => Iterator<unknown, unknown>).call(items);
  }
  throw new LlmSpendError('INVALID_USAGE', `${what} takes readUsageLog(...) or an iterable of its items; got ${showValue(items)}.`, { path: 'items' });
}

function isItem(value: unknown): value is ReadItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as { ok?: unknown; record?: unknown; problem?: unknown };
  return (item.ok === true && typeof item.record === 'object' && item.record !== null) || (item.ok === false && typeof item.problem === 'object' && item.problem !== null);
}

function tagChain(option: unknown, what: string): readonly string[] {
  if (option === undefined) return DEFAULT_WORKLOAD_TAGS;
  if (typeof option !== 'string' || option.length === 0) throw new LlmSpendError('INVALID_USAGE', `${what} workloadTag must be a tag name such as "feature"; got ${showValue(option)}.`, { path: 'workloadTag' });
  return [option];
}

/** The workload a record belongs to: the first tag of the chain it has, else its model's table id. */
function keyOf(record: UsageRecord, tags: readonly string[], model: string): { key: string; tag: string | null } {
  const recordTags = record.tags;
  if (typeof recordTags === 'object' && recordTags !== null) {
    for (const tag of tags) {
      const value = Object.hasOwn(recordTags, tag) ? recordTags[tag] : undefined;
      if (typeof value === 'string' && value.length > 0) return { key: value, tag };
    }
  }
  return { key: model, tag: null };
}

function mostCalls<K extends string>(counts: ReadonlyMap<K, number>): Array<{ key: K; calls: number }> {
  return [...counts.entries()].map(([key, calls]) => ({ key, calls })).sort((a, b) => b.calls - a.calls || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ------------------------------------------------------------------------------ fitPlan

/**
 * Fits a plan file from usage records: one workload per value of the workload tag (default
 * `workload`, else `feature`, per record; without either, the record's model), with
 *
 * - **volume**: calls per day over the log's period (whole UTC days from the first record's day
 *   to the last's; quiet days count as 0). A growth rate per month is fitted by least squares on
 *   ln(daily calls) (days with calls) and written only when the period spans at least 14 days,
 *   |t| ≥ 3 and the rate does not round to 0; `calls` is then the rate at the period's start
 *   that makes a projection over the period (growth compounding every 730 hours) reproduce the
 *   log's calls;
 * - **tokens**: input, visible output (output − reasoning) and reasoning (when any record has
 *   it) per call, each fitted by `fitDistribution` rules: a lognormal by the method of moments on
 *   ln(tokens) when its Kolmogorov–Smirnov distance is at most max(0.05, 0.886/√n) and its mean
 *   within max(2 %, 2 standard errors) of the values' mean, else a histogram of up to 24 quantile
 *   bins (a value that is 0 forces the histogram; all equal values give a number; fewer than 20
 *   values give `samples`);
 * - **cache**: `{ prefixTokens, hitRate }` when one cached count (or the whole prompt, when
 *   shorter) explains 90 % of the hits, else `{ cachedShare }` (Σ cached / Σ input);
 * - **conversation**: when 90 % of a workload's records carry a session id and the history adds
 *   up (turn t's input − turn t−1's input − turn t−1's visible output is a user message ≥ 0 for
 *   95 % of later turns), one call is a session: turns per session, user, assistant and reasoning
 *   tokens per turn, system tokens (mean first input − mean user message), `cachedShare`; turns
 *   per session are written as `samples` (in proportion, at most 2,000) when they take at most
 *   100 distinct values;
 * - **maxOutputTokens**: the largest output (reasoning included) observed, so that no observed
 *   call would have been cut;
 * - the tier most calls used (when not standard) and the model most calls ran on (`model`; the
 *   others in `models`, with a `mixed-models` warning).
 *
 * Records that the table cannot price are left out and counted as problems. Aggregates (provider
 * exports) give volume and mean tokens only: their tokens are fixed at the means, with an
 * `aggregate-records` warning. Numbers are plain decimals: token parameters of a lognormal and
 * aggregate means keep 2 decimals (rounding a median of 40 to a whole token would move the
 * spend by 1 %), histogram bounds are half-integers (k + ½), fixed values, prefix tokens and
 * maxOutputTokens whole; calls per day, shares, hit rates and growth rates 4 decimals.
 * Memory grows with the records (a few numbers each); the result does not depend on their order.
 *
 * @param items - what readUsageLog yields, or any iterable of ReadItems
 * @param options - workloadTag, title, pricing, conversations, maxProblems
 * @returns `{ plan, report }`: the plan file's content and the figures behind each choice
 * @throws LlmSpendError `INVALID_USAGE` for bad options or an item that is not a ReadItem
 * @example
 * ```ts
 * import { fitPlan } from 'llm-spend/actual';
 * const at = (day: number) => `2026-08-${String(day).padStart(2, '0')}T12:00:00Z`;
 * const items = Array.from({ length: 40 }, (_, index) => ({
 *   ok: true as const,
 *   record: {
 *     at: at(1 + (index % 20)), model: 'gpt-5.4-mini', calls: 1, aggregate: false,
 *     usage: { inputTokens: 1000, outputTokens: 100 }, tags: { workload: 'triage' },
 *     origin: { line: index + 1, format: 'llm-spend-jsonl' as const },
 *   },
 * }));
 * const { plan, report } = await fitPlan(items);
 * plan.workloads[0]?.volume; // { calls: 2, per: "day" }
 * plan.workloads[0]?.tokens; // { input: 1000, output: 100 }
 * report.period; // { from: "2026-08-01T00:00:00.000Z", to: "2026-08-21T00:00:00.000Z", days: 20 }
 * ```
 */
export async function fitPlan(items: AsyncIterable<ReadItem> | Iterable<ReadItem>, options: FitPlanOptions = {}): Promise<PlanFit> {
  if (typeof options !== 'object' || options === null) throw new LlmSpendError('INVALID_USAGE', `fitPlan options must be an object; got ${showValue(options)}.`, { path: 'options' });
  const tags = tagChain(options.workloadTag, 'fitPlan');
  const maxProblems = options.maxProblems ?? 100;
  if (typeof maxProblems !== 'number' || !Number.isSafeInteger(maxProblems) || maxProblems < 0) {
    throw new LlmSpendError('INVALID_USAGE', `maxProblems must be a whole number ≥ 0; got ${showValue(maxProblems)}.`, { path: 'maxProblems' });
  }
  const title = options.title ?? 'Fitted from usage logs';
  if (typeof title !== 'string') throw new LlmSpendError('INVALID_USAGE', `title must be a string; got ${showValue(title)}.`, { path: 'title' });
  const conversations = options.conversations ?? true;
  const pricer = pricerFor(options.pricing === undefined ? {} : { pricing: options.pricing });
  const units = emptyUnits();
  const iterator = iteratorOf(items, 'fitPlan');
  const accs = new Map<string, Acc>();
  const byCode: Partial<Record<RecordProblemCode, number>> = {};
  const listed: RecordProblem[] = [];
  let read = 0;
  let problems = 0;
  let used = 0;
  let skipped = 0;
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  const addProblem = (problem: RecordProblem): void => {
    problems += 1;
    byCode[problem.code] = (byCode[problem.code] ?? 0) + 1;
    if (listed.length < maxProblems) listed.push(problem);
  };

  for (;;) {
    const step = await iterator.next();
    if (step.done === true) {
      const stats = step.value as { skipped?: unknown } | undefined;
      if (typeof stats === 'object' && stats !== null && typeof stats.skipped === 'object' && stats.skipped !== null) {
        for (const count of Object.values(stats.skipped as Record<string, unknown>)) if (typeof count === 'number') skipped += count;
      }
      break;
    }
    const item: unknown = step.value;
    if (!isItem(item)) throw new LlmSpendError('INVALID_USAGE', `fitPlan takes the items of readUsageLog ({ ok: true, record } or { ok: false, problem }); item ${read + 1} is ${showValue(item)}.`, { index: read });
    read += 1;
    if (!item.ok) {
      addProblem(item.problem);
      continue;
    }
    const record = item.record;
    const problem = pricer.price(record, units);
    if (problem !== null) {
      addProblem(problem);
      continue;
    }
    used += 1;
    const { key, tag } = keyOf(record, tags, units.model);
    let acc = accs.get(key);
    if (acc === undefined) {
      acc = new Acc(key, tag);
      accs.set(key, acc);
    }
    const day = Math.floor(units.atMs / DAY_MS);
    if (day < minDay) minDay = day;
    if (day > maxDay) maxDay = day;
    const usage = record.usage;
    const calls = record.calls;
    acc.records += 1;
    acc.calls += calls;
    acc.models.set(units.model, (acc.models.get(units.model) ?? 0) + calls);
    acc.tiers.set(units.tier, (acc.tiers.get(units.tier) ?? 0) + calls);
    const reasoning = usage.reasoningTokens ?? 0;
    const cached = usage.cachedInputTokens ?? 0;
    acc.sumInput += usage.inputTokens;
    acc.sumOutput += usage.outputTokens;
    acc.sumReasoning += reasoning;
    acc.sumCached += cached;
    acc.sumWrite += usage.cacheWriteTokens ?? 0;
    acc.sumWrite1h += usage.cacheWrite1hTokens ?? 0;
    acc.spend.set(units.scale, (acc.spend.get(units.scale) ?? 0n) + BigInt(units.total));
    if (usage.reasoningTokens !== undefined) acc.reasoningSeen = true;
    if (record.aggregate) {
      acc.aggregateRecords += 1;
      acc.aggCalls += calls;
      acc.aggInput += usage.inputTokens;
      acc.aggOutput += usage.outputTokens;
      acc.aggReasoning += reasoning;
      acc.daily.set(day, (acc.daily.get(day) ?? 0) + calls);
      continue;
    }
    // A call billed as several requests counts once here (its usage is the sum).
    const index = acc.input.length;
    acc.input.push(usage.inputTokens);
    acc.visible.push(usage.outputTokens - reasoning);
    acc.reasoning.push(reasoning);
    acc.cached.push(cached);
    acc.billedOutput.push(usage.outputTokens);
    if (typeof record.session === 'string' && record.session.length > 0) {
      acc.withSession += 1;
      let turns = acc.sessions.get(record.session);
      if (turns === undefined) {
        turns = [];
        acc.sessions.set(record.session, turns);
      }
      turns.push({ atMs: units.atMs, file: record.origin?.file ?? '', line: record.origin?.line ?? 0, index });
    }
    acc.daily.set(day, (acc.daily.get(day) ?? 0) + calls);
  }

  const warnings: FitWarning[] = [];
  const period = used === 0 ? null : { from: new Date(minDay * DAY_MS).toISOString(), to: new Date((maxDay + 1) * DAY_MS).toISOString(), days: maxDay - minDay + 1 };
  if (period === null) warnings.push({ code: 'no-records', message: 'No record could be used: the plan has no workload. Check the problems listed.' });
  const workloads: FittedWorkload[] = [];
  const fits: WorkloadFit[] = [];
  const names = [...accs.keys()].sort();
  const taken = new Set<string>();
  for (const key of names) {
    const acc = accs.get(key)!;
    const fitted = fitWorkload(acc, period!, minDay, conversations, warnings, taken);
    workloads.push(fitted.workload);
    fits.push(fitted.fit);
  }
  const allModels = new Map<string, number>();
  for (const acc of accs.values()) for (const [model, calls] of acc.models) allModels.set(model, (allModels.get(model) ?? 0) + calls);
  const plan: FittedPlan = {
    version: 1,
    title,
    description:
      period === null
        ? `Fitted by llm-spend from ${used} records.`
        : `Fitted by llm-spend from ${used} records, ${period.from.slice(0, 10)} to ${new Date((maxDay) * DAY_MS).toISOString().slice(0, 10)} (UTC).`,
    models: mostCalls(allModels).map((entry) => entry.key),
    workloads,
  };
  return {
    plan,
    report: { period, counts: { read: read + skipped, used, problems, skipped }, problems: { byCode, listed }, workloads: fits, warnings },
  };
}

function spendOf(spend: ReadonlyMap<number, bigint>): string {
  let total = new Dec(0);
  for (const [scale, units] of spend) total = total.plus(new Dec(units.toString()).div(new Dec(10).pow(scale)));
  return fromDec(total);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function volumeOf(daily: ReadonlyMap<number, number>, total: number, period: { days: number }, minDay: number): { calls: number; growth?: { rate: number; per: 'month' }; fit: WorkloadFit['volume'] } & { unitCount: number } {
  const counts = new Array<number>(period.days).fill(0);
  for (const [day, count] of daily) counts[day - minDay] = (counts[day - minDay] ?? 0) + count;
  const growth = fitGrowth(counts);
  const rate = growth !== null && growth.significant ? growth.ratePerMonth : undefined;
  const periodMs = new Dec(period.days * DAY_MS);
  const effectiveDays = effectiveMilliseconds(periodMs, rate).div(DAY_MS);
  const calls = round(new Dec(total).div(effectiveDays).toNumber(), 4);
  return {
    calls,
    ...(rate === undefined ? {} : { growth: { rate, per: 'month' as const } }),
    unitCount: total,
    fit: {
      unit: 'calls',
      days: period.days,
      daysWithCalls: counts.filter((count) => count > 0).length,
      meanPerDay: round(total / period.days, 4),
      growth,
      callsPerDay: calls,
    },
  };
}

function fitWorkload(
  acc: Acc,
  period: { from: string; to: string; days: number },
  minDay: number,
  conversations: boolean,
  warnings: FitWarning[],
  taken: Set<string>,
): { workload: FittedWorkload; fit: WorkloadFit } {
  let name = acc.name.replace(CONTROL, ' ').trim();
  if (name.length === 0) name = '(unnamed)';
  while (taken.has(name)) name = `${name} (2)`;
  taken.add(name);
  if (name !== acc.name) warnings.push({ code: 'renamed-workload', workload: name, message: `The workload ${showValue(acc.name)} is named ${showValue(name)} in the plan (a name is one line without control characters, unique).` });
  const models = mostCalls(acc.models);
  const model = models[0]!.key;
  if (models.length > 1) {
    warnings.push({
      code: 'mixed-models',
      workload: name,
      message: `${name}: its calls ran on ${models.length} models (${models.map((entry) => `${entry.key} ${entry.calls}`).join(', ')}); the plan runs it on ${model}, with the token distributions of all its calls. Tag the calls by model to fit them apart.`,
    });
  }
  const tiers = mostCalls(acc.tiers);
  const tier = tiers[0]!.key;
  if (tiers.length > 1) warnings.push({ code: 'mixed-tiers', workload: name, message: `${name}: its calls used ${tiers.map((entry) => `${entry.key} ${entry.calls}`).join(', ')}; the plan uses ${tier}.` });

  const n = acc.input.length;
  const billed = acc.billedOutput.values();
  const outputFit = n === 0 ? null : fitDistribution(billed).fit;
  const maxOutputTokens = outputFit === null ? undefined : outputFit.max > 0 ? outputFit.max : undefined;

  // Cache.
  let hits = 0;
  const cachedCounts = new Map<number, number>();
  for (let index = 0; index < n; index += 1) {
    const cached = acc.cached.get(index);
    if (cached > 0) {
      hits += 1;
      cachedCounts.set(cached, (cachedCounts.get(cached) ?? 0) + 1);
    }
  }
  let prefix = 0;
  let prefixCount = -1;
  for (const [value, count] of cachedCounts) if (count > prefixCount || (count === prefixCount && value > prefix)) [prefix, prefixCount] = [value, count];
  let explained = 0;
  for (let index = 0; index < n; index += 1) {
    const cached = acc.cached.get(index);
    if (cached > 0 && (cached === prefix || (cached === acc.input.get(index) && cached < prefix))) explained += 1;
  }
  const cachedShare = acc.sumInput === 0 ? 0 : round(acc.sumCached / acc.sumInput, 4);
  const hitRate = n === 0 ? 0 : round(hits / n, 4);
  const prefixExplains = hits === 0 ? 0 : round(explained / hits, 4);
  if (acc.sumWrite + acc.sumWrite1h > 0 && acc.sumCached === 0) {
    warnings.push({ code: 'cache-writes', workload: name, message: `${name}: its calls wrote to the cache but never read from it; the plan has no cache (writes are billed as input).` });
  }

  // Sessions and conversations.
  let conversationFit: WorkloadFit['conversation'] = null;
  let conversation: FittedWorkload['conversation'];
  let sessionDaily: Map<number, number> | undefined;
  if (acc.sessions.size > 0) {
    const sessions = [...acc.sessions.values()].map((turns) =>
      [...turns].sort((a, b) => a.atMs - b.atMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.index - b.index),
    );
    const turnCounts = Float64Array.from(sessions, (turns) => turns.length);
    const turnsFit = fitCount(turnCounts);
    const later: number[] = [];
    const user: number[] = [];
    const first: number[] = [];
    let negative = 0;
    for (const turns of sessions) {
      first.push(turns[0]!.index);
      for (let t = 1; t < turns.length; t += 1) {
        const previous = turns[t - 1]!.index;
        const current = turns[t]!.index;
        later.push(current);
        const message = acc.input.get(current) - acc.input.get(previous) - acc.visible.get(previous);
        if (message < 0) negative += 1;
        user.push(Math.max(0, message));
      }
    }
    const sessionShare = n === 0 ? 0 : acc.withSession / n;
    let reason: string;
    let use = false;
    if (!conversations) reason = 'conversations: false';
    else if (acc.aggregateRecords > 0) reason = 'aggregate records have no sessions';
    else if (sessionShare < SESSION_SHARE) reason = `${(sessionShare * 100).toFixed(1)} % of the calls have a session id (fewer than ${SESSION_SHARE * 100} %)`;
    else if (later.length < 20) reason = `${later.length} later turns (fewer than 20): too few to fit the history`;
    else if (negative / later.length > HISTORY_MISMATCH_SHARE) {
      reason = `on ${((negative / later.length) * 100).toFixed(1)} % of later turns the input is smaller than the history it should re-send (more than ${HISTORY_MISMATCH_SHARE * 100} %)`;
      warnings.push({ code: 'history-mismatch', workload: name, message: `${name}: sessions found, but ${reason}; the plan has one call per record (tokens), not a conversation.` });
    } else {
      use = true;
      reason = `${sessions.length} sessions; the history adds up on ${(100 - (negative / later.length) * 100).toFixed(1)} % of later turns`;
    }
    if (use) {
      const userFit = fitDistribution(Float64Array.from(user));
      const assistantFit = fitDistribution(acc.visible.values());
      const reasoningFit = acc.reasoningSeen ? fitDistribution(acc.reasoning.values()) : undefined;
      const meanFirst = first.reduce((sum, index) => sum + acc.input.get(index), 0) / first.length;
      const sortedUser = Float64Array.from(user).sort();
      const meanUser = sortedUser.reduce((sum, value) => sum + value, 0) / sortedUser.length;
      const systemTokens = round(Math.max(0, meanFirst - meanUser), 2);
      conversation = {
        turns: turnsFit.spec,
        userTokensPerTurn: userFit.spec,
        assistantTokensPerTurn: assistantFit.spec,
        ...(systemTokens > 0 ? { systemTokens } : {}),
        ...(reasoningFit !== undefined && !(reasoningFit.fit.kind === 'fixed' && reasoningFit.spec === 0) ? { reasoningTokensPerTurn: reasoningFit.spec } : {}),
      };
      conversationFit = {
        sessions: sessions.length,
        turns: turnsFit.fit,
        used: true,
        reason,
        userTokensPerTurn: userFit.fit,
        assistantTokensPerTurn: assistantFit.fit,
        ...(reasoningFit === undefined ? {} : { reasoningTokensPerTurn: reasoningFit.fit }),
        systemTokens,
      };
      sessionDaily = new Map();
      for (const turns of sessions) {
        const day = Math.floor(turns[0]!.atMs / DAY_MS);
        sessionDaily.set(day, (sessionDaily.get(day) ?? 0) + 1);
      }
    } else {
      conversationFit = { sessions: sessions.length, turns: turnsFit.fit, used: false, reason };
    }
  }

  // Volume.
  const volume = sessionDaily !== undefined ? volumeOf(sessionDaily, acc.sessions.size, period, minDay) : volumeOf(acc.daily, acc.calls, period, minDay);
  const volumeFit: WorkloadFit['volume'] = sessionDaily !== undefined ? { ...volume.fit, unit: 'conversations' } : volume.fit;

  // Tokens.
  let tokens: FittedWorkload['tokens'];
  let tokensFit: WorkloadFit['tokens'] = null;
  if (conversation === undefined) {
    if (n > 0) {
      const input = fitDistribution(acc.input.values());
      const output = fitDistribution(acc.visible.values());
      const reasoning = acc.reasoningSeen ? fitDistribution(acc.reasoning.values()) : undefined;
      const withReasoning = reasoning !== undefined && !(reasoning.fit.kind === 'fixed' && reasoning.spec === 0);
      tokens = { input: input.spec, output: output.spec, ...(withReasoning ? { reasoning: reasoning.spec } : {}) };
      tokensFit = { input: input.fit, output: output.fit, ...(reasoning === undefined ? {} : { reasoning: reasoning.fit }) };
    } else {
      const calls = Math.max(1, acc.aggCalls);
      const reasoning = round(acc.aggReasoning / calls, 2);
      tokens = { input: round(acc.aggInput / calls, 2), output: round((acc.aggOutput - acc.aggReasoning) / calls, 2), ...(reasoning > 0 ? { reasoning } : {}) };
    }
    if (acc.aggregateRecords > 0) {
      warnings.push({
        code: 'aggregate-records',
        workload: name,
        message:
          n > 0
            ? `${name}: ${acc.aggregateRecords} aggregate record(s) (provider exports) count in its volume only; its token distributions come from its ${n} per-call records.`
            : `${name}: its records are aggregates (provider exports), which give volume and mean tokens, not distributions: its tokens are fixed at the means. Fit from per-call logs for distributions and bands.`,
      });
    }
  }

  let cache: FittedWorkload['cache'];
  let written: WorkloadFit['cache']['written'] = 'none';
  if (acc.sumCached > 0) {
    if (conversation === undefined && n > 0 && acc.aggregateRecords === 0 && prefixExplains >= PREFIX_SHARE) {
      cache = { prefixTokens: prefix, hitRate, ...(acc.sumWrite1h > acc.sumWrite ? { ttl: '1h' as const } : {}) };
      written = 'prefix';
    } else if (cachedShare > 0) {
      cache = { cachedShare };
      written = 'share';
    }
  }

  const described =
    `${acc.records} records, ${acc.calls} calls` +
    (acc.tag === null ? ` on ${model}` : ` tagged ${acc.tag}=${name}`) +
    (conversation !== undefined ? `, ${acc.sessions.size} sessions` : '');
  const workload: FittedWorkload = {
    name,
    description: `Fitted from ${described}.`,
    model,
    ...(models.length > 1 ? { models: models.map((entry) => entry.key) } : {}),
    volume: { calls: volume.calls, per: 'day', ...(volume.growth === undefined ? {} : { growth: volume.growth }) },
    ...(conversation === undefined ? { tokens: tokens! } : { conversation }),
    ...(cache === undefined ? {} : { cache }),
    ...(tier === 'standard' ? {} : { tier }),
    ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
  };
  const fit: WorkloadFit = {
    name,
    tag: acc.tag,
    records: acc.records,
    calls: acc.calls,
    aggregateRecords: acc.aggregateRecords,
    models: models.map((entry) => ({ model: entry.key, calls: entry.calls })),
    volume: volumeFit,
    tokens: tokensFit,
    conversation: conversationFit,
    cache: { cachedShare, hitRate, prefixTokens: prefix, prefixExplains, written },
    maxOutputTokens: outputFit === null ? null : { max: outputFit.max, p999: outputFit.p999 },
    spend: spendOf(acc.spend),
  };
  return { workload, fit };
}

// ------------------------------------------------------------------------------ comparePlan

/** A workload of a plan, as {@link comparePlan} reads it: a workload with a name and its model(s). */
export type ComparableWorkload = WorkloadInput & {
  readonly name: string;
  readonly model?: string | undefined;
  readonly models?: readonly string[] | undefined;
};

/** A plan as {@link comparePlan} reads it: a fitted plan, or a plan file parsed by parsePlan. */
export interface ComparablePlan {
  readonly models?: readonly string[] | undefined;
  readonly at?: string | undefined;
  readonly seed?: number | undefined;
  readonly workloads: readonly ComparableWorkload[];
}

/** Options of {@link comparePlan}. */
export interface ComparePlanOptions {
  /** As in {@link FitPlanOptions.workloadTag}: how records are matched to workloads by name. */
  readonly workloadTag?: string | undefined;
  /** The table. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /**
   * The period to compare over (`from` inclusive, `to` exclusive): the forecast covers it, and
   * only records whose `at` lies in it count as actual (the others are counted as `outside`).
   * @defaultValue the log's, in whole UTC days (first record's midnight to the midnight after the last)
   */
  readonly period?: { readonly from: string; readonly to: string } | undefined;
  /**
   * Price the whole forecast at this one date. @defaultValue none: the period is cut at every
   * price change of the workload's models within it and each piece is priced at its own prices
   * (as the records are, each at its own date); a plan's `at` is not used
   */
  readonly at?: string | undefined;
  /** The projection's seed. @defaultValue the plan's, else projectSpend's */
  readonly seed?: number | undefined;
}

/** One piece of a forecast: a sub-period priced at the prices in effect at its `from` (`at` when given). */
export interface ForecastPiece {
  readonly from: string;
  readonly to: string;
  /** The date its prices are taken at. */
  readonly at: string;
  /** Expected calls and spend, and the spend's p50/p90/p99 (projectSpend's, over the piece). */
  readonly calls: string;
  readonly spend: string;
  readonly p50: string;
  readonly p90: string;
  readonly p99: string;
}

/** One workload: forecast against actual. Money as exact USD strings; relative errors as numbers. */
export interface WorkloadComparison {
  readonly name: string;
  /** The model forecast on (the workload's `model`, else its first candidate, else the plan's). */
  readonly model: string | null;
  /**
   * The forecast over the period (projectSpend): calls (conversations for a conversation
   * workload) and spend, with the band `low`–`high`: `high` is the projection's p90 and `low` its
   * p10, taken as p50 − (p90 − p50) (the p90 mirrored about the median: projectSpend reports no
   * p10; exact for a symmetric band), at least 0. Null when the workload could not be projected (see warnings).
   */
  readonly forecast: {
    readonly calls: string;
    readonly spend: string;
    readonly p50: string;
    readonly p90: string;
    readonly p99: string;
    readonly low: string;
    readonly high: string;
    /** The price periods the forecast sums (one unless a price of its models changes within the period, or `at` is given). */
    readonly pieces: readonly ForecastPiece[];
  } | null;
  /** What happened: calls (sessions for a conversation workload), records and spend (summarizeSpend). */
  readonly actual: { readonly calls: number; readonly records: number; readonly spend: string };
  /** actual − forecast, and (actual − forecast) / forecast (null when the forecast is 0). */
  readonly error: { readonly calls: number; readonly spend: string; readonly relativeCalls: number | null; readonly relativeSpend: number | null } | null;
  /** Whether the actual spend lies in the band [low, high]. */
  readonly withinBand: boolean | null;
  readonly warnings: readonly string[];
}

/** What {@link comparePlan} returns. */
export interface PlanComparison {
  readonly period: { readonly from: string; readonly to: string };
  readonly workloads: readonly WorkloadComparison[];
  /** Actual spend whose workload key is in no workload of the plan, by key. */
  readonly unplanned: ReadonlyArray<{ readonly name: string; readonly calls: number; readonly spend: string }>;
  /** Sums over the plan's workloads: forecast (expected; the band as the sum of the workloads' bands, which is exact when they move together and wider otherwise) and actual. */
  readonly total: { readonly forecast: string; readonly low: string; readonly high: string; readonly actual: string; readonly error: string; readonly relativeError: number | null; readonly withinBand: boolean };
  /**
   * summarizeSpend's counts of the records in the period, and `outside`: records read but left
   * out because their `at` is outside `period`. `read` = `priced` + `problems` + `skipped` + `outside`.
   */
  readonly counts: { readonly read: number; readonly priced: number; readonly problems: number; readonly skipped: number; readonly outside: number };
}

const NONE = '(none)';
const WORKLOAD_FIELDS = ['volume', 'tokens', 'conversation', 'steps', 'cache', 'images', 'tools', 'tier', 'maxOutputTokens'] as const;

function checkDate(value: unknown, path: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new LlmSpendError('INVALID_USAGE', `${path} must be an ISO date such as "2026-08-01"; got ${showValue(value)}.`, { path });
  return ms;
}

function relative(error: Dec, base: Dec): number | null {
  return base.isZero() ? null : round(error.div(base).toNumber(), 6);
}

/**
 * The instants strictly inside (fromMs, toMs) where a price period of one of `models` starts
 * (`from`) or ends (`until`), sorted and distinct. Unknown models have none (the projection
 * reports them).
 */
function priceChanges(models: readonly string[], fromMs: number, toMs: number, pricing: PricingTable | undefined): number[] {
  const cuts = new Set<number>();
  for (const id of models) {
    const entry = findModel(id, pricing === undefined ? {} : { pricing });
    if (entry === undefined) continue;
    for (const price of entry.prices) {
      for (const date of [price.from, price.until]) {
        if (date === undefined) continue;
        const ms = Date.parse(date);
        if (ms > fromMs && ms < toMs) cuts.add(ms);
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

interface Forecast {
  readonly value: NonNullable<WorkloadComparison['forecast']>;
  readonly warnings: readonly string[];
}

/**
 * Projects a workload over [fromMs, toMs) cut at `cuts`: each piece is a `{ from, to }` range
 * priced at `at`, else at its own start. Growth keeps compounding from `fromMs`: a piece
 * [a, b) is projected without growth, its volume scaled by W / (b − a) with W = E(b − from) −
 * E(a − from) its volume-weighted length (E = effectiveMilliseconds), so that the pieces' calls
 * add up to the whole period's. Expected calls and spend are summed exactly; the band's p50,
 * p90 and p99 are the sums of the pieces' (see {@link comparePlan}).
 */
function forecastOf(input: WorkloadInput, model: string, fromMs: number, toMs: number, cuts: readonly number[], at: string | undefined, pricing: PricingTable | undefined, seed: number | undefined): Forecast {
  const parsed = parseWorkload(input);
  const rate = parsed.volume.growth?.rate;
  const { growth: _growth, ...flatVolume } = parsed.volume;
  const flat = { ...parsed, volume: flatVolume };
  const bounds = [fromMs, ...cuts, toMs];
  const pieces: ForecastPiece[] = [];
  const warnings = new Set<string>();
  let calls = new Dec(0);
  let spend = new Dec(0);
  let p50 = new Dec(0);
  let p90 = new Dec(0);
  let p99 = new Dec(0);
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    const a = bounds[index]!;
    const b = bounds[index + 1]!;
    const from = new Date(a).toISOString();
    const to = new Date(b).toISOString();
    const pieceAt = at ?? from;
    const options = { model, period: { from, to }, at: pieceAt, ...(pricing === undefined ? {} : { pricing }), ...(seed === undefined ? {} : { seed }) };
    let projection: SpendProjection;
    if (bounds.length === 2 || rate === undefined || rate === 0) projection = projectParsed(parsed, options);
    else {
      const weighted = effectiveMilliseconds(new Dec(b - fromMs), rate).minus(effectiveMilliseconds(new Dec(a - fromMs), rate));
      projection = projectParsed(flat, options, { volumeScale: weighted.div(b - a) });
    }
    for (const warning of projection.warnings) warnings.add(`${warning.code}: ${warning.message}`);
    pieces.push({ from, to, at: pieceAt, calls: projection.calls.expected, spend: projection.spend.expected, p50: projection.spend.p50, p90: projection.spend.p90, p99: projection.spend.p99 });
    calls = calls.plus(projection.calls.expected);
    spend = spend.plus(projection.spend.expected);
    p50 = p50.plus(projection.spend.p50);
    p90 = p90.plus(projection.spend.p90);
    p99 = p99.plus(projection.spend.p99);
  }
  const low = Dec.max(0, p50.minus(p90.minus(p50)));
  return {
    value: { calls: fromDec(calls), spend: fromDec(spend), p50: fromDec(p50), p90: fromDec(p90), p99: fromDec(p99), low: fromDec(low), high: fromDec(p90), pieces },
    warnings: [...warnings],
  };
}

/**
 * Holds a plan against what happened: each workload is projected (projectSpend) over the
 * period on its `model` (else its first candidate, else the plan's first model), and compared
 * with the actual calls and spend of the records in the period matched to it by name
 * (summarizeSpend grouped by the workload tags and the model, matched as {@link fitPlan} names
 * workloads): the error (actual − forecast), the relative error, and whether the actual spend
 * lies in the forecast's band (p10 to p90, the p10 mirrored from the p90 about the median). A
 * conversation workload counts sessions as its calls.
 *
 * **Prices.** The records are priced at their own dates, and so is the forecast: the period is
 * cut at every price change (a `prices[].from` or `until` in the table) of the workload's models
 * (its model and its steps') within it, and each piece is projected as a `{ from, to }` range at
 * the prices in effect at its start (`forecast.pieces`). Growth compounds from the whole period's
 * start across the cuts (a piece's calls are those of the same stretch of one projection over
 * the whole period). Given `at`, the whole period is priced at that date in one piece.
 *
 * **Summing the pieces.** Expected calls and spend are summed exactly. The band's p50, p90 and
 * p99 are the sums of the pieces' quantiles. That is exact when the pieces move together
 * (comonotone: the volume's uncertainty is one rate shared by every piece), and conservative
 * otherwise: for independent near-normal pieces (per-call token noise over many calls) the
 * excesses over the mean add while the standard deviations add in quadrature, so the summed p90
 * lies above the p90 of the sum and the band is wider than the sum's. (Quantiles are not
 * subadditive in general, so for heavy-tailed pieces this is a convention, not a bound.) The
 * workloads' bands are summed into the total's the same way.
 *
 * **Period.** Records whose `at` lies outside `period` (`from` inclusive, `to` exclusive) are
 * left out of the actual spend and counted in `counts.outside`.
 *
 * @param plan - a fitted plan, or a plan file as parsePlan returns it (its `at` is not used: see `options.at`)
 * @param items - what readUsageLog yields (read once)
 * @param options - workloadTag, pricing, period, at, seed
 * @returns per workload forecast (with its price pieces), actual, error and band check; the totals; spend in no workload; counts
 * @throws LlmSpendError `INVALID_USAGE` for bad options or items, `INVALID_PLAN` for a plan without workloads; projection errors propagate
 * @example
 * ```ts
 * import { comparePlan, fitPlan } from 'llm-spend/actual';
 * const items = Array.from({ length: 60 }, (_, index) => ({
 *   ok: true as const,
 *   record: {
 *     at: `2026-08-${String(1 + (index % 30)).padStart(2, '0')}T12:00:00Z`, model: 'gpt-5.4-mini', calls: 1, aggregate: false,
 *     usage: { inputTokens: 1000, outputTokens: 100 }, tags: { workload: 'triage' },
 *     origin: { line: index + 1, format: 'llm-spend-jsonl' as const },
 *   },
 * }));
 * const { plan } = await fitPlan(items);
 * const comparison = await comparePlan(plan, items);
 * comparison.workloads[0]?.error?.spend; // "0"
 * comparison.total.withinBand; // true
 * const firstWeek = await comparePlan(plan, items, { period: { from: '2026-08-01', to: '2026-08-08' } });
 * firstWeek.counts.outside; // 46
 * ```
 */
export async function comparePlan(plan: ComparablePlan, items: AsyncIterable<ReadItem> | Iterable<ReadItem>, options: ComparePlanOptions = {}): Promise<PlanComparison> {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.workloads) || plan.workloads.length === 0) {
    throw new LlmSpendError('INVALID_PLAN', `comparePlan takes a plan with workloads (fitPlan's plan, or parsePlan's); got ${showValue(plan)}.`, { path: 'plan' });
  }
  if (typeof options !== 'object' || options === null) throw new LlmSpendError('INVALID_USAGE', `comparePlan options must be an object; got ${showValue(options)}.`, { path: 'options' });
  const tags = tagChain(options.workloadTag, 'comparePlan');
  const pricing = options.pricing;
  let window: { fromMs: number; toMs: number } | null = null;
  if (options.period !== undefined) {
    if (typeof options.period !== 'object' || options.period === null) throw new LlmSpendError('INVALID_USAGE', `comparePlan period must be { from, to } ISO dates such as { from: "2026-08-01", to: "2026-09-01" }; got ${showValue(options.period)}.`, { path: 'period' });
    const fromMs = checkDate(options.period.from, 'period.from');
    const toMs = checkDate(options.period.to, 'period.to');
    if (!(toMs > fromMs)) throw new LlmSpendError('INVALID_USAGE', `comparePlan period.to (${options.period.to}) must be after period.from (${options.period.from}).`, { path: 'period.to' });
    window = { fromMs, toMs };
  }
  if (options.at !== undefined) checkDate(options.at, 'at');
  const conversational = new Set(plan.workloads.filter((workload) => workload.conversation !== undefined).map((workload) => workload.name));
  const sessionsByKey = new Map<string, Set<string>>();
  let outside = 0;
  const iterator = iteratorOf(items, 'comparePlan');
  async function* tee(): AsyncGenerator<ReadItem, unknown> {
    for (;;) {
      const step = await iterator.next();
      if (step.done === true) return step.value;
      const item = step.value as ReadItem;
      if (window !== null && isItem(item) && item.ok) {
        const ms = Date.parse(item.record.at);
        if (ms < window.fromMs || ms >= window.toMs) {
          outside += 1;
          continue;
        }
      }
      if (conversational.size > 0 && isItem(item) && item.ok && typeof item.record.session === 'string') {
        const entry = findModel(item.record.model, pricing === undefined ? {} : { pricing });
        const { key } = keyOf(item.record, tags, entry?.id ?? item.record.model);
        if (conversational.has(key)) {
          let set = sessionsByKey.get(key);
          if (set === undefined) {
            set = new Set();
            sessionsByKey.set(key, set);
          }
          set.add(item.record.session);
        }
      }
      yield item;
    }
  }
  const groupBy: SpendGroupKey[] = [...tags.map((tag): SpendGroupKey => `tag:${tag}`), 'model'];
  const report = await summarizeSpend(tee(), { groupBy, ...(pricing === undefined ? {} : { pricing }) });
  const actual = new Map<string, { calls: number; records: number; spend: Dec }>();
  for (const row of report.rows) {
    let key = row.key['model']!;
    for (const tag of tags) {
      const value = row.key[`tag:${tag}`];
      if (value !== undefined && value !== NONE && value.length > 0) {
        key = value;
        break;
      }
    }
    const known = actual.get(key) ?? { calls: 0, records: 0, spend: new Dec(0) };
    actual.set(key, { calls: known.calls + row.calls, records: known.records + row.records, spend: known.spend.plus(toDec(row.cost.total)) });
  }

  if (window === null) {
    if (report.dateRange === null) throw new LlmSpendError('INVALID_USAGE', 'comparePlan found no priced record to take the period from; pass options.period ({ from, to }).', { path: 'period' });
    const first = Math.floor(Date.parse(report.dateRange.from) / DAY_MS);
    const last = Math.floor(Date.parse(report.dateRange.to) / DAY_MS);
    window = { fromMs: first * DAY_MS, toMs: (last + 1) * DAY_MS };
  }
  const { fromMs, toMs } = window;
  const period = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
  const at = options.at;
  const seed = options.seed ?? plan.seed;

  const rows: WorkloadComparison[] = [];
  let totalForecast = new Dec(0);
  let totalLow = new Dec(0);
  let totalHigh = new Dec(0);
  let totalActual = new Dec(0);
  const names = new Set<string>();
  for (const workload of plan.workloads) {
    names.add(workload.name);
    const warnings: string[] = [];
    const model = workload.model ?? workload.models?.[0] ?? plan.models?.[0] ?? null;
    const happened = actual.get(workload.name) ?? { calls: 0, records: 0, spend: new Dec(0) };
    const actualCalls = workload.conversation !== undefined ? (sessionsByKey.get(workload.name)?.size ?? 0) : happened.calls;
    totalActual = totalActual.plus(happened.spend);
    let forecast: WorkloadComparison['forecast'] = null;
    if (model === null) warnings.push('no model: give the workload a model, or the plan models');
    else if (model.includes(':')) warnings.push(`${model} is a cascade or split option: comparePlan projects single models only`);
    else {
      const input: Record<string, unknown> = {};
      for (const field of WORKLOAD_FIELDS) if (workload[field] !== undefined) input[field] = workload[field];
      const steps: readonly WorkloadStepInput[] = workload.steps ?? [];
      const stepModels = steps.flatMap((step) => (typeof step?.model === 'string' ? [step.model] : []));
      const cuts = at === undefined ? priceChanges([model, ...stepModels], fromMs, toMs, pricing) : [];
      const result = forecastOf(input as unknown as WorkloadInput, model, fromMs, toMs, cuts, at, pricing, seed);
      forecast = result.value;
      warnings.push(...result.warnings);
      totalForecast = totalForecast.plus(forecast.spend);
      totalLow = totalLow.plus(forecast.low);
      totalHigh = totalHigh.plus(forecast.high);
    }
    let error: WorkloadComparison['error'] = null;
    let withinBand: boolean | null = null;
    if (forecast !== null) {
      const spendError = happened.spend.minus(forecast.spend);
      const callsError = new Dec(actualCalls).minus(forecast.calls);
      error = { calls: round(callsError.toNumber(), 4), spend: fromDec(spendError), relativeCalls: relative(callsError, new Dec(forecast.calls)), relativeSpend: relative(spendError, new Dec(forecast.spend)) };
      withinBand = happened.spend.gte(forecast.low) && happened.spend.lte(forecast.high);
    }
    rows.push({ name: workload.name, model, forecast, actual: { calls: actualCalls, records: happened.records, spend: fromDec(happened.spend) }, error, withinBand, warnings });
  }
  const unplanned = [...actual.entries()]
    .filter(([key]) => !names.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, calls: value.calls, spend: fromDec(value.spend) }));
  const totalError = totalActual.minus(totalForecast);
  return {
    period,
    workloads: rows,
    unplanned,
    total: {
      forecast: fromDec(totalForecast),
      low: fromDec(totalLow),
      high: fromDec(totalHigh),
      actual: fromDec(totalActual),
      error: fromDec(totalError),
      relativeError: relative(totalError, totalForecast),
      withinBand: totalActual.gte(totalLow) && totalActual.lte(totalHigh),
    },
    counts: { ...report.counts, read: report.counts.read + outside, outside },
  };
}
