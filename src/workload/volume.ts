import { LlmSpendError, showValue } from '../errors.js';
import { parseDateInput } from '../internal/iso-date.js';
import { MAX_PERIOD_YEARS } from '../internal/limits.js';
import { Dec } from '../money/decimal.js';
import { normalCdf, normalQuantile, normalQuantileFast, normalSf, solveIncreasing, Z90 } from '../internal/projection-math.js';
import type { Random } from '../internal/projection-random.js';

/**
 * The units a call rate can be given in (`volume.per`).
 *
 * @example
 * ```ts
 * import { VOLUME_UNITS } from 'llm-spend';
 * VOLUME_UNITS; // ["second", "minute", "hour", "day", "week", "month"]
 * ```
 */
export const VOLUME_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;
/** A call-rate unit. */
export type VolumeUnit = (typeof VOLUME_UNITS)[number];

/**
 * The named projection periods. A day is 24 hours, a week 168, a month 730 and a year 8,760,
 * as cloud cost tools count; pass `{ from, to }` dates for calendar accuracy.
 *
 * @example
 * ```ts
 * import { PERIOD_NAMES } from 'llm-spend';
 * PERIOD_NAMES; // ["day", "week", "month", "year"]
 * ```
 */
export const PERIOD_NAMES = ['day', 'week', 'month', 'year'] as const;
/** A named period. */
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** A projection period: a named period, or a `{ from, to }` date range (ISO-8601) for calendar accuracy. */
export type Period = PeriodName | { readonly from: string; readonly to: string };

/** Milliseconds in each unit and period (integers, so that conversions divide once, last). */
export const MILLISECONDS: Readonly<Record<VolumeUnit | PeriodName, Dec>> = {
  second: new Dec(1000),
  minute: new Dec(60_000),
  hour: new Dec(3_600_000),
  day: new Dec(86_400_000),
  week: new Dec(604_800_000),
  month: new Dec(2_628_000_000),
  year: new Dec(31_536_000_000),
};

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** Growth compounds once every this many hours (one 730-hour month). */
export const GROWTH_STEP_HOURS = 730;

/** A period resolved to milliseconds, with its dates when it was given as a range. @internal */
export interface ResolvedPeriod {
  readonly name: PeriodName | 'range';
  /** The period's length in milliseconds (exact). */
  readonly ms: Dec;
  readonly from?: string;
  readonly to?: string;
}

function parseDate(text: unknown, field: string): number {
  if (typeof text !== 'string') parseDateInput(Number.NaN, `period.${field}`, 'INVALID_WORKLOAD');
  return parseDateInput(text, `period.${field}`, 'INVALID_WORKLOAD');
}

/** Resolves a period to milliseconds, exactly (a date range counts its milliseconds). @internal */
export function resolvePeriod(period: Period | undefined): ResolvedPeriod {
  if (period === undefined) return { name: 'month', ms: MILLISECONDS.month };
  if (typeof period === 'string') {
    if (!(PERIOD_NAMES as readonly string[]).includes(period)) {
      throw new LlmSpendError('INVALID_WORKLOAD', `period must be one of ${PERIOD_NAMES.join(', ')} or { from, to } dates; got ${showValue(period)}.`, { path: 'period', value: showValue(period) });
    }
    return { name: period, ms: MILLISECONDS[period] };
  }
  if (typeof period !== 'object' || period === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', `period must be one of ${PERIOD_NAMES.join(', ')} or { from, to } dates; got ${showValue(period)}.`, { path: 'period', value: showValue(period) });
  }
  const from = parseDate(period.from, 'from');
  const to = parseDate(period.to, 'to');
  if (!(to > from)) {
    throw new LlmSpendError('INVALID_WORKLOAD', `period.to (${period.to}) must be after period.from (${period.from}).`, { path: 'period.to', from: period.from, to: period.to });
  }
  if (to - from > MAX_PERIOD_YEARS * 8760 * HOUR_MS) {
    throw new LlmSpendError('INVALID_WORKLOAD', `period is longer than ${MAX_PERIOD_YEARS} years (of 8,760 hours), the longest llm-spend projects.`, { path: 'period.to', from: period.from, to: period.to });
  }
  return { name: 'range', ms: new Dec(to - from), from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/**
 * Volume-weighted length of a period that starts at 0: the rate at the start applies for the
 * first 730 hours, then grows by (1 + rate) every 730 hours. Without growth it is the
 * period's length. In milliseconds, exact.
 * @internal
 */
export function effectiveMilliseconds(ms: Dec, growthRate: number | undefined): Dec {
  if (growthRate === undefined || growthRate === 0) return ms;
  const factor = new Dec(1).plus(new Dec(growthRate));
  const step = MILLISECONDS.month;
  let total = new Dec(0);
  let start = new Dec(0);
  let weight = new Dec(1);
  while (start.lt(ms)) {
    const end = Dec.min(ms, start.plus(step));
    total = total.plus(end.minus(start).times(weight));
    start = end;
    weight = weight.times(factor);
  }
  return total;
}

/** The distribution of an uncertain call rate. @internal */
export interface VolumeDistribution {
  /** Which family was fitted. */
  readonly family: 'fixed' | 'normal' | 'shifted-lognormal' | 'reflected-shifted-lognormal';
  readonly mean: number;
  /** The mean as a decimal: exactly `expected` when it was given. */
  readonly meanDec: Dec;
  readonly variance: number;
  quantile(p: number): number;
  /** The value at normal score z, i.e. quantile(Φ(z)) without the round trip. */
  atScore(z: number): number;
  cdf(x: number): number;
  draw(random: Random): number;
  /** The fitted parameters, for reports: X = shift ± exp(μ + σZ), or mean ± sd·Z. */
  readonly parameters: Readonly<Record<string, number>>;
}

/**
 * The ratio (mean − p10) / (p90 − p10) of a shifted lognormal with shape σ. It falls from 0.5
 * at σ → 0 to a minimum near σ = 1, then rises: only the falling branch is used, so that
 * each admissible ratio has one, least-skewed, fit.
 */
function skewRatio(sigma: number): number {
  const z = Z90;
  return (Math.exp((sigma * sigma) / 2) - Math.exp(-z * sigma)) / (Math.exp(z * sigma) - Math.exp(-z * sigma));
}

const { sigmaAtMinimum, minimumRatio } = (() => {
  // Golden-section search for the minimum of skewRatio on (0, 3).
  let lo = 0.01;
  let hi = 3;
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let index = 0; index < 200; index += 1) {
    const a = hi - golden * (hi - lo);
    const b = lo + golden * (hi - lo);
    if (skewRatio(a) < skewRatio(b)) hi = b;
    else lo = a;
  }
  const sigma = (lo + hi) / 2;
  return { sigmaAtMinimum: sigma, minimumRatio: skewRatio(sigma) };
})();

/**
 * How far from low to high, as a share of (high − low), the mean of a fitted volume may lie:
 * [MIN, 1 − MIN] with MIN ≈ 0.412.
 */
export const VOLUME_MEAN_POSITION_RANGE: readonly [number, number] = [minimumRatio, 1 - minimumRatio];

function normalVolume(mean: number, meanDec: Dec, sd: number): VolumeDistribution {
  return {
    family: 'normal',
    mean,
    meanDec,
    variance: sd * sd,
    quantile: (p) => mean + sd * normalQuantile(p),
    atScore: (z) => mean + sd * z,
    cdf: (x) => normalCdf((x - mean) / sd),
    draw: (random) => mean + sd * normalQuantileFast(random.next()),
    parameters: { mean, sd },
  };
}

function shiftedLognormal(shift: number, mu: number, sigma: number, reflected: boolean, meanDec?: Dec): VolumeDistribution {
  const scaleMean = Math.exp(mu + (sigma * sigma) / 2);
  const mean = reflected ? shift - scaleMean : shift + scaleMean;
  const variance = Math.exp(2 * mu + sigma * sigma) * Math.expm1(sigma * sigma);
  return {
    family: reflected ? 'reflected-shifted-lognormal' : 'shifted-lognormal',
    mean,
    meanDec: meanDec ?? new Dec(mean),
    variance,
    quantile: (p) => (reflected ? shift - Math.exp(mu + sigma * normalQuantile(1 - p)) : shift + Math.exp(mu + sigma * normalQuantile(p))),
    atScore: (z) => (reflected ? shift - Math.exp(mu - sigma * z) : shift + Math.exp(mu + sigma * z)),
    cdf: (x) => {
      if (reflected) return x >= shift ? 1 : normalSf((Math.log(shift - x) - mu) / sigma);
      return x <= shift ? 0 : normalCdf((Math.log(x - shift) - mu) / sigma);
    },
    draw: (random) => {
      const y = Math.exp(mu + sigma * normalQuantileFast(random.next()));
      return reflected ? shift - y : shift + y;
    },
    parameters: { shift, mu, sigma },
  };
}

function fixedVolume(value: number): VolumeDistribution {
  return { family: 'fixed', mean: value, meanDec: new Dec(value), variance: 0, quantile: () => value, atScore: () => value, cdf: (x) => (x >= value ? 1 : 0), draw: () => value, parameters: { value } };
}

/** Why a { low, expected, high } volume cannot be fitted, or undefined when it can. @internal */
export function uncertainVolumeProblem(low: number, expected: number, high: number): { field: 'low' | 'expected' | 'high'; message: string } | undefined {
  if (low > expected) return { field: 'expected', message: `expected (${expected}) is below low (${low}); low ≤ expected ≤ high` };
  if (expected > high) return { field: 'high', message: `high (${high}) is below expected (${expected}); low ≤ expected ≤ high` };
  if (low === high) return undefined;
  const position = (expected - low) / (high - low);
  const [min, max] = VOLUME_MEAN_POSITION_RANGE;
  // 1e-9 of slack: large counts lose digits in the float position.
  if (position < min - 1e-9 || position > max + 1e-9) {
    const lowest = low + min * (high - low);
    const highest = low + max * (high - low);
    return {
      field: 'expected',
      message:
        `expected is the mean of the fitted volume (a three-parameter lognormal with p10 = low and p90 = high), ` +
        `and with low ${low} and high ${high} that mean lies between ${round(lowest)} and ${round(highest)}; ${expected} would need most calls bunched near ` +
        `${position < min ? 'low' : 'high'} with a long thin tail. If ${expected} is your most likely or middle value, write { low: ${low}, median: ${expected}, high: ${high} }`,
    };
  }
  return undefined;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Fits the volume distribution to `{ low, expected, high }`: `expected` is the mean and
 * `low`/`high` are the p10 and p90 of a three-parameter (shifted) lognormal,
 * X = shift + exp(μ + σZ); mirrored (shift − exp(μ + σZ)) when the mean lies above the middle
 * of low and high, and a normal when it lies exactly in the middle. Among the shapes that fit,
 * the least skewed is used. @internal
 */
export function fitUncertainVolume(low: number, expected: number, high: number): VolumeDistribution {
  const problem = uncertainVolumeProblem(low, expected, high);
  if (problem !== undefined) throw new LlmSpendError('INVALID_WORKLOAD', `volume.calls.${problem.field}: ${problem.message}.`, { path: `volume.calls.${problem.field}` });
  const meanDec = new Dec(expected);
  if (low === high) return { ...fixedVolume(expected), meanDec };
  const position = (expected - low) / (high - low);
  if (Math.abs(position - 0.5) < 1e-9) return normalVolume(expected, meanDec, (high - low) / (2 * Z90));
  const reflected = position > 0.5;
  const target = reflected ? 1 - position : position;
  // skewRatio falls on (0, sigmaAtMinimum]: solve skewRatio(σ) = target there.
  const sigma = target <= minimumRatio ? sigmaAtMinimum : solveIncreasing((s) => target - skewRatio(s), 1e-9, sigmaAtMinimum);
  const scale = (high - low) / (Math.exp(Z90 * sigma) - Math.exp(-Z90 * sigma));
  const mu = Math.log(scale);
  const shift = reflected ? high + scale * Math.exp(-Z90 * sigma) : low - scale * Math.exp(-Z90 * sigma);
  return shiftedLognormal(shift, mu, sigma, reflected, meanDec);
}

/**
 * Fits `{ low, median, high }` (p10, p50, p90) exactly with the same three-parameter lognormal:
 * σ = ln((high − median) / (median − low)) / z₉₀ (mirrored when negative, normal when zero).
 * @internal
 */
export function fitMedianVolume(low: number, median: number, high: number): VolumeDistribution {
  if (low === high) return fixedVolume(median);
  const ratio = (high - median) / (median - low);
  if (Math.abs(Math.log(ratio)) < 1e-12) return normalVolume(median, new Dec(median), (high - low) / (2 * Z90));
  const reflected = ratio < 1;
  const sigma = Math.abs(Math.log(ratio)) / Z90;
  const scale = (reflected ? high - median : median - low) / (1 - Math.exp(-Z90 * sigma));
  const shift = reflected ? median + scale : median - scale;
  return shiftedLognormal(shift, Math.log(scale), sigma, reflected);
}

/** The constant distribution of a known rate. @internal */
export function knownVolume(rate: number): VolumeDistribution {
  return fixedVolume(rate);
}
