import { LlmSpendError, showValue } from '../errors.js';
import { parseDateInput } from '../pricing/dates.js';
import { MAX_CALLS } from '../limits.js';
import { Dec, ROUNDING } from '../money/decimal.js';
import { fromDec, toDec, type UsdInput } from '../money/usd.js';
import type { ModelEntry } from '../pricing/schema.js';
import type { ModelId, PricingTable } from '../pricing/table.js';
import { parseWorkload, type Workload, type WorkloadInput } from '../workload/schema.js';
import { GROWTH_STEP_HOURS, HOUR_MS, MILLISECONDS, PERIOD_NAMES, type Period, type PeriodName, type ResolvedPeriod } from '../workload/volume.js';
import { projectDetailed, projectParsed, round9, type ProjectSpendOptions, type SpendProjection } from './project.js';

/** Which spend a budget checks: the expectation, or a percentile of the band. */
export type BudgetPercentile = 'expected' | 'p50' | 'p90' | 'p99';

const PERCENTILES: readonly BudgetPercentile[] = ['expected', 'p50', 'p90', 'p99'];

/** A projection budget: an amount per period (`{ usd, per }`), or a bare amount for the `period` option. */
export type ProjectionBudget = UsdInput | { readonly usd: UsdInput; readonly per: PeriodName };

/** Options of {@link maxVolumeWithinBudget}. */
export interface MaxVolumeOptions {
  readonly model: ModelId | ModelEntry;
  readonly budget: ProjectionBudget;
  /** The budget's period when the budget is a bare amount. @defaultValue the budget's `per`, else "month" */
  readonly period?: Period;
  /** Which spend must fit. @defaultValue "expected" */
  readonly percentile?: BudgetPercentile;
  readonly pricing?: PricingTable;
  readonly at?: string | Date;
  readonly seed?: number;
  readonly draws?: number;
}

/** The result of {@link maxVolumeWithinBudget}. */
export interface MaxVolume {
  readonly model: string;
  readonly percentile: BudgetPercentile;
  /** The budget per period (USD). */
  readonly budget: string;
  /** The unit of `callsPerUnit`: the workload's `volume.per`. */
  readonly per: Workload['volume']['per'];
  /**
   * The largest expected call rate (calls per `per`) whose spend fits, rounded down to 9
   * decimals; null when a call costs nothing, so any volume fits. For an uncertain volume the
   * whole distribution is scaled and this is its expected rate.
   */
  readonly callsPerUnit: string | null;
  /** Expected calls over the budget's period at that rate. */
  readonly callsPerPeriod: string | null;
  /** The projection at that rate. */
  readonly projection: SpendProjection;
}

function projectionOptions(options: { readonly model: ModelId | ModelEntry; readonly pricing?: PricingTable | undefined; readonly at?: string | Date | undefined; readonly seed?: number | undefined; readonly draws?: number | undefined }): ProjectSpendOptions {
  return {
    model: options.model,
    ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.draws === undefined ? {} : { draws: options.draws }),
  };
}

function checkPercentile(percentile: unknown): BudgetPercentile {
  if (percentile === undefined) return 'expected';
  if (typeof percentile === 'string' && (PERCENTILES as readonly string[]).includes(percentile)) return percentile as BudgetPercentile;
  throw new LlmSpendError('INVALID_WORKLOAD', `percentile must be one of ${PERCENTILES.join(', ')}; got ${showValue(percentile)}.`, { path: 'percentile' });
}

function spendAt(projection: SpendProjection, percentile: BudgetPercentile): Dec {
  return new Dec(percentile === 'expected' ? projection.spend.expected : projection.spend[percentile]);
}

function budgetAndPeriod(budget: ProjectionBudget, period: Period | undefined): { amount: Dec; period: Period } {
  if (typeof budget === 'object' && budget !== null) {
    if (!(PERIOD_NAMES as readonly string[]).includes(budget.per)) {
      throw new LlmSpendError('INVALID_WORKLOAD', `budget.per must be one of ${PERIOD_NAMES.join(', ')}; got ${showValue(budget.per)}.`, { path: 'budget.per' });
    }
    if (period !== undefined && period !== budget.per) {
      throw new LlmSpendError('INVALID_WORKLOAD', `The budget is per ${budget.per} but period is ${showValue(period)}; give one of them.`, { path: 'period' });
    }
    return { amount: nonNegative(toDec(budget.usd, 'budget.usd'), 'budget.usd'), period: budget.per };
  }
  return { amount: nonNegative(toDec(budget, 'budget'), 'budget'), period: period ?? 'month' };
}

function nonNegative(value: Dec, path: string): Dec {
  if (value.isNegative()) throw new LlmSpendError('INVALID_MONEY', `${path} cannot be negative; got ${value.toFixed()}.`, { path });
  return value;
}

function rateOf(workload: Workload): Dec {
  const calls = workload.volume.calls;
  if (typeof calls === 'number') return new Dec(calls);
  return 'expected' in calls ? new Dec(calls.expected) : new Dec(calls.median);
}

/** The workload with its volume scaled so that its expected (or median) rate is 1. */
function unitVolume(workload: Workload): { workload: Workload; scale: Dec } {
  const rate = rateOf(workload);
  if (rate.isZero()) return { workload: { ...workload, volume: { ...workload.volume, calls: 1 } }, scale: new Dec(1) };
  return { workload, scale: new Dec(1).div(rate) };
}

/**
 * The largest call rate whose spend over a period fits a budget: the expected spend by
 * default (exact: budget ÷ expected cost per unit of rate), or a percentile of the band on
 * request (found by bisection; the band grows with the rate). The workload's growth and the
 * shape of an uncertain volume are kept; only the rate is scaled.
 *
 * @returns the rate in calls per the workload's `volume.per`, rounded down to 9 decimals, and the projection at it
 * @throws LlmSpendError `INVALID_WORKLOAD`, `INVALID_MONEY` (a bad or negative budget), and the errors of projectSpend
 * @example
 * ```ts
 * import { maxVolumeWithinBudget } from 'llm-spend/projection';
 * const fit = maxVolumeWithinBudget(
 *   { volume: { calls: 1, per: 'month' }, tokens: { input: 1000, output: 200 } },
 *   { model: 'gpt-5.4-nano', budget: { usd: '450', per: 'month' } },
 * );
 * fit.callsPerUnit; // "1000000"
 * fit.projection.spend.expected; // "450"
 * ```
 */
export function maxVolumeWithinBudget(workload: WorkloadInput, options: MaxVolumeOptions): MaxVolume {
  if (typeof options !== 'object' || options === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', `maxVolumeWithinBudget needs options { model, budget }; got ${showValue(options)}.`, { path: 'options', value: showValue(options) });
  }
  const parsed = parseWorkload(workload);
  const percentile = checkPercentile(options.percentile);
  const { amount, period } = budgetAndPeriod(options.budget, options.period);
  const base = projectionOptions(options);
  const withPeriod: ProjectSpendOptions = { ...base, period };
  const { workload: unit, scale } = unitVolume(parsed);
  const atRate = (rate: Dec): SpendProjection => projectParsed(unit, withPeriod, { volumeScale: scale.times(rate) });
  const one = projectDetailed(unit, withPeriod, { volumeScale: scale });
  const perUnitRate = one.expectedSpend;
  const result = (rate: Dec | null, projection: SpendProjection): MaxVolume => ({
    model: projection.model,
    percentile,
    budget: fromDec(amount),
    per: parsed.volume.per,
    callsPerUnit: rate === null ? null : fromDec(rate),
    callsPerPeriod: rate === null ? null : projection.calls.expected,
    projection,
  });
  if (perUnitRate.isZero()) return result(null, one.projection);
  // No answer may exceed the projection limit of MAX_CALLS calls over the period.
  const maxRate = one.expectedCalls.isZero() ? new Dec(MAX_CALLS) : new Dec(MAX_CALLS).div(one.expectedCalls).toDecimalPlaces(9, ROUNDING.down);
  const beyondLimit = (): LlmSpendError =>
    new LlmSpendError(
      'INVALID_WORKLOAD',
      `A budget of ${fromDec(amount)} USD per period buys more than ${MAX_CALLS} calls of this workload, the limit of llm-spend's projections (see docs/limits.md).`,
      { path: 'budget', budget: fromDec(amount) },
    );
  // The expected spend is linear in the rate: budget ÷ spend at one call per unit, rounded down.
  const rate = amount.div(perUnitRate).toDecimalPlaces(9, ROUNDING.down);
  if (rate.gt(maxRate)) throw beyondLimit();
  const projection = atRate(rate);
  if (percentile === 'expected') return result(rate, projection);
  // A percentile: bisect on the rate. It is at least 0 and, since p50 can sit below the
  // expectation, search upward from the expected-spend rate until it no longer fits.
  const fitsAt = (candidate: Dec): boolean => !spendAt(atRate(candidate), percentile).gt(amount);
  let low = new Dec(0);
  let high = Dec.min(maxRate, rate.times(2).plus('0.000000001'));
  for (let index = 0; index < 60 && fitsAt(high); index += 1) {
    if (high.gte(maxRate)) throw beyondLimit();
    low = high;
    high = Dec.min(maxRate, high.times(2));
  }
  for (let index = 0; index < 80; index += 1) {
    const mid = low.plus(high).div(2).toDecimalPlaces(9, ROUNDING.down);
    if (mid.lte(low) || mid.gte(high)) break;
    if (fitsAt(mid)) low = mid;
    else high = mid;
  }
  return result(low, atRate(low));
}

/** The argument of {@link budgetRunway}. */
export interface BudgetRunwayRequest {
  readonly workload: WorkloadInput;
  readonly model: ModelId | ModelEntry;
  /** The whole budget (USD), not per period. */
  readonly budget: UsdInput;
  /** Already spent out of it. @defaultValue "0" */
  readonly spent?: UsdInput;
  /** When spending at the workload's rate starts (ISO date); growth compounds every 730 hours from here. */
  readonly from: string;
  /** Which spend exhausts the budget. @defaultValue "expected" */
  readonly percentile?: BudgetPercentile;
  readonly pricing?: PricingTable;
  readonly at?: string | Date;
  readonly seed?: number;
  readonly draws?: number;
}

/** The result of {@link budgetRunway}. */
export interface BudgetRunway {
  readonly model: string;
  readonly percentile: BudgetPercentile;
  /** Budget minus spent (USD), never below `"0"`. */
  readonly remaining: string;
  /** How far spent is already above the budget (USD), else `"0"`. Money is never negative: an overspent budget says so here. */
  readonly overspent: string;
  /** When the remaining budget runs out (ISO timestamp, to the millisecond), or null when it lasts beyond 100 years (or the workload spends nothing). */
  readonly runsOutAt: string | null;
  /** Hours from `from` until then (9 decimals), or null. */
  readonly hours: string | null;
  /** Days from `from` until then (9 decimals), or null. */
  readonly days: string | null;
  /** Expected spend of the first 730-hour month at the starting rate (USD). */
  readonly firstMonthSpend: string;
}

const MAX_MONTHS = 1200;

/**
 * When a budget runs out at the workload's rate, with its growth compounding every 730 hours
 * from `from`. On expected spend the answer is exact: month by month until the cumulative
 * spend reaches the remaining budget, then linearly within that month. On a percentile the
 * run-out time is found by bisection on projections of `{ from, to }`.
 *
 * @returns the run-out time (ISO) and hours, days and the first month's spend; null when it never runs out within 100 years
 * @throws LlmSpendError `INVALID_WORKLOAD` (a bad `from` date or workload), `INVALID_MONEY`, and the errors of projectSpend
 * @example
 * ```ts
 * import { budgetRunway } from 'llm-spend/projection';
 * const runway = budgetRunway({
 *   workload: { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } },
 *   model: 'gpt-5.4-nano',
 *   budget: '900',
 *   from: '2026-12-01',
 * });
 * runway.hours; // "1460" (two 730-hour months at $450)
 * runway.runsOutAt; // "2027-01-30T20:00:00.000Z"
 * ```
 */
export function budgetRunway(request: BudgetRunwayRequest): BudgetRunway {
  if (typeof request !== 'object' || request === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', `budgetRunway takes one object { workload, model, budget, from }; got ${showValue(request)}.`, { path: '(root)', value: showValue(request) });
  }
  const parsed = parseWorkload(request.workload);
  const percentile = checkPercentile(request.percentile);
  const budget = nonNegative(toDec(request.budget, 'budget'), 'budget');
  const spent = request.spent === undefined ? new Dec(0) : nonNegative(toDec(request.spent, 'spent'), 'spent');
  const remaining = budget.minus(spent);
  const fromMs = parseDateInput(typeof request.from === 'string' ? request.from : Number.NaN, 'from', 'INVALID_WORKLOAD');
  const options = projectionOptions(request);
  // Expected spend of the first 730-hour month, exact; month k spends that × (1 + g)^k.
  const first = projectDetailed(parsed, options, { resolvedPeriod: { name: 'month', ms: MILLISECONDS.month } });
  const base = {
    model: first.projection.model,
    percentile,
    remaining: fromDec(remaining.gt(0) ? remaining : new Dec(0)),
    overspent: fromDec(remaining.lt(0) ? remaining.neg() : new Dec(0)),
    firstMonthSpend: first.projection.spend.expected,
  };
  const answer = (hours: Dec | null): BudgetRunway => {
    if (hours === null) return { ...base, runsOutAt: null, hours: null, days: null };
    const ms = hours.times(HOUR_MS).toDecimalPlaces(0, ROUNDING.floor).toNumber();
    return { ...base, runsOutAt: new Date(fromMs + ms).toISOString(), hours: round9(hours), days: round9(hours.div(24)) };
  };
  if (!remaining.gt(0)) return answer(new Dec(0));
  const exactMonth = first.expectedSpend;
  if (exactMonth.isZero()) return answer(null);
  const growth = new Dec(1).plus(new Dec(parsed.volume.growth?.rate ?? 0));
  let cumulative = new Dec(0);
  let spend = exactMonth;
  let expectedHours: Dec | null = null;
  for (let k = 0; k < MAX_MONTHS; k += 1) {
    if (cumulative.plus(spend).gte(remaining)) {
      expectedHours = new Dec(k * GROWTH_STEP_HOURS).plus(remaining.minus(cumulative).div(spend).times(GROWTH_STEP_HOURS));
      break;
    }
    cumulative = cumulative.plus(spend);
    spend = spend.times(growth);
  }
  if (percentile === 'expected') return answer(expectedHours);
  // A percentile: the spend over [from, from + t] at that percentile grows with t; bisect on t.
  const spendOver = (hours: number): Dec => {
    const period: ResolvedPeriod = { name: 'range', ms: new Dec(hours).times(HOUR_MS) };
    return spendAt(projectParsed(parsed, options, { resolvedPeriod: period }), percentile);
  };
  let low = 0;
  let high = Math.max(1, (expectedHours?.toNumber() ?? GROWTH_STEP_HOURS) * 2);
  for (let index = 0; index < 40 && !spendOver(high).gte(remaining); index += 1) {
    low = high;
    high *= 2;
    if (high > MAX_MONTHS * GROWTH_STEP_HOURS) return answer(null);
  }
  for (let index = 0; index < 60; index += 1) {
    const mid = (low + high) / 2;
    if (high - low < 1e-6) break;
    if (spendOver(mid).gte(remaining)) high = mid;
    else low = mid;
  }
  return answer(new Dec(high).toDecimalPlaces(9, ROUNDING.up));
}
