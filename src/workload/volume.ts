import { LlmSpendError, showValue } from '../errors.js';
import { parseDateInput } from '../pricing/dates.js';
import { MAX_PERIOD_YEARS } from '../limits.js';
import { Dec } from '../money/decimal.js';
import { logNormalMass, normalCdf, normalQuantile, normalQuantileFast, normalSf, solveIncreasing, Z90 } from './math.js';
import type { Random } from './random.js';

/**
 * The units a call rate can be given in (`volume.per`).
 *
 * @example
 * ```ts
 * import { VOLUME_UNITS } from 'llm-spend/projection';
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
 * import { PERIOD_NAMES } from 'llm-spend/projection';
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
  readonly family: 'fixed' | 'normal' | 'shifted-lognormal' | 'reflected-shifted-lognormal' | 'tilted-lognormal';
  readonly mean: number;
  /** The mean as a decimal: exactly `expected` when it was given. */
  readonly meanDec: Dec;
  readonly variance: number;
  quantile(p: number): number;
  /** The value at normal score z, i.e. quantile(Φ(z)) without the round trip. */
  atScore(z: number): number;
  cdf(x: number): number;
  draw(random: Random): number;
  /** The fitted parameters, for reports: X = shift ± exp(μ + σZ), or mean ± sd·Z; for the tilted lognormal μ, σ and the tilt d. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Set when the fitted shape is lopsided (a tilted fit whose density jumps by more than ×5 at low or high): a sentence for a warning. */
  readonly lopsided?: string;
  /**
   * Set when the plain fit reached below 0 calls and was capped at 0 (`capAtZero`): the share of
   * periods that now have exactly 0 calls, and the plain fit's mean that the capped mean replaces.
   */
  readonly capped?: { readonly share: number; readonly plainMean: number };
}

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

/** Shares of the three buckets of a tilted fit: (0, low], (low, high], (high, ∞). */
const BUCKET_SHARES = [0.1, 0.8, 0.1] as const;

/** The density of a tilted fit may jump by at most this factor at low or high before the fit is called lopsided. */
export const LOPSIDED_JUMP = 5;

/**
 * The smallest mean a non-negative volume with p10 = low and p90 = high can have is
 * 0.8·low + 0.1·high (10 % at 0, 80 % at low, 10 % at high), and it is not attained: every
 * `expected` strictly above it is accepted. @internal
 */
export function lowestUncertainMean(low: number, high: number): number {
  return 0.8 * low + 0.1 * high;
}

/** Why a { low, expected, high } volume cannot be fitted, or undefined when it can. @internal */
export function uncertainVolumeProblem(low: number, expected: number, high: number): { field: 'low' | 'expected' | 'high'; message: string } | undefined {
  if (high < low) return { field: 'high', message: `high (${high}) is below low (${low}); low and high are the p10 and p90, so low ≤ high` };
  if (low === high && expected === low) return undefined;
  const bound = lowestUncertainMean(low, high);
  if (!(expected > bound)) {
    return {
      field: 'expected',
      message:
        `expected is the mean, and a volume that is never below 0 calls with p10 = ${low} and p90 = ${high} has a mean above 0.8·low + 0.1·high = ${round(bound)} ` +
        `(10 % of periods at 0 or more, 80 % at ${low} or more, 10 % at ${high} or more), so ${expected} is not possible. ` +
        `If ${expected} is your middle or most likely value, write { low: ${low}, median: ${expected}, high: ${high} }`,
    };
  }
  return undefined;
}

function jumpText(ratio: number): string {
  return ratio > 1000 ? 'more than ×1,000' : `×${ratio.toPrecision(2)}`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** One bucket of a tilted fit, in log space: (a, b] with a = ln of its lower end (−∞ at 0). */
interface Bucket {
  readonly share: number;
  readonly a: number;
  readonly b: number;
}

/** Moments and masses of one bucket of the lognormal (μ, σ) restricted to (e^a, e^b]. */
function bucketState(bucket: Bucket, mu: number, sigma: number) {
  const alphaA = (bucket.a - mu) / sigma;
  const alphaB = (bucket.b - mu) / sigma;
  const logMass = logNormalMass(alphaA, alphaB);
  return {
    alphaA,
    alphaB,
    logMass,
    mean: Math.exp(mu + (sigma * sigma) / 2 + logNormalMass(alphaA - sigma, alphaB - sigma) - logMass),
    second: Math.exp(2 * mu + 2 * sigma * sigma + logNormalMass(alphaA - 2 * sigma, alphaB - 2 * sigma) - logMass),
  };
}

/**
 * The normal score α in (αa, αb] with P(αa < Z ≤ α) = u·P(αa < Z ≤ αb) (v = 1 − u, given
 * separately so that the upper tail keeps its precision). Direct where the masses are
 * representable, by bisection on the log masses otherwise (extreme tilts).
 */
function scoreWithin(alphaA: number, alphaB: number, logMass: number, u: number, v: number): number {
  if (u <= 0) return alphaA;
  if (v <= 0) return alphaB;
  if (logMass > -600) {
    if (alphaA >= 0) {
      const qa = normalSf(alphaA);
      const qb = normalSf(alphaB);
      return -normalQuantile(qb + v * (qa - qb));
    }
    if (alphaB <= 0) {
      const ca = normalCdf(alphaA);
      const cb = normalCdf(alphaB);
      return normalQuantile(ca + u * (cb - ca));
    }
    const mass = Math.exp(logMass);
    const below = normalCdf(alphaA) + u * mass;
    if (below < 0.5) return normalQuantile(below);
    return -normalQuantile(normalSf(alphaB) + v * mass);
  }
  const target = logMass + Math.log(u);
  let lo = Number.isFinite(alphaA) ? alphaA : alphaB - 1e6;
  let hi = Number.isFinite(alphaB) ? alphaB : alphaA + 1e6;
  for (let index = 0; index < 200; index += 1) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (logNormalMass(alphaA, mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Fits `{ low, expected, high }`: `expected` is the mean and `low`/`high` are the p10 and p90,
 * exactly, for every triple a non-negative volume can have (expected > 0.8·low + 0.1·high).
 *
 * The family (a tilted lognormal): take the lognormal with p10 = low and p90 = high,
 * μ₀ = (ln low + ln high)/2, σ = ln(high/low)/(2·z₉₀); keep the buckets (0, low], (low, high]
 * and (high, ∞) at 10 / 80 / 10 %, and inside every bucket use the lognormal (μ₀ + d, σ)
 * restricted to that bucket. Each bucket's mean increases with d, from its lower end (d → −∞)
 * to its upper end (d → +∞), so the mean runs from 0.8·low + 0.1·high to ∞ and bisection finds
 * the one d that gives `expected`. d = 0 is the plain lognormal. Degenerate inputs: low = 0
 * puts 10 % at 0 calls and takes σ = 1 with p90 = high; low = high puts 80 % at that value and
 * takes σ = 1 around it. The fit never puts mass below 0 calls. @internal
 */
export function fitUncertainVolume(low: number, expected: number, high: number): VolumeDistribution {
  const problem = uncertainVolumeProblem(low, expected, high);
  if (problem !== undefined) throw new LlmSpendError('INVALID_WORKLOAD', `volume.calls.${problem.field}: ${problem.message}.`, { path: `volume.calls.${problem.field}` });
  const meanDec = new Dec(expected);
  if (low === high && expected === low) return { ...fixedVolume(expected), meanDec };
  const lnLow = low > 0 ? Math.log(low) : Number.NEGATIVE_INFINITY;
  const lnHigh = high > 0 ? Math.log(high) : Number.NEGATIVE_INFINITY;
  let mu0: number;
  let sigma: number;
  if (low > 0 && high > low) {
    mu0 = (lnLow + lnHigh) / 2;
    sigma = (lnHigh - lnLow) / (2 * Z90);
  } else {
    sigma = 1;
    mu0 = high > 0 ? (low === high ? lnHigh : lnHigh - Z90) : Math.log(10 * expected) - 0.5;
  }
  const buckets: Bucket[] = [
    { share: BUCKET_SHARES[0], a: Number.NEGATIVE_INFINITY, b: lnLow },
    { share: BUCKET_SHARES[1], a: lnLow, b: lnHigh },
    { share: BUCKET_SHARES[2], a: lnHigh, b: Number.POSITIVE_INFINITY },
  ];
  // A bucket of zero width is an atom at its end (0 when it is −∞ in log space).
  const atomOf = (bucket: Bucket): number | undefined => (bucket.a === bucket.b ? (bucket.b === Number.NEGATIVE_INFINITY ? 0 : Math.exp(bucket.b)) : undefined);
  const states = (d: number) => buckets.map((bucket) => (atomOf(bucket) === undefined ? bucketState(bucket, mu0 + d, sigma) : undefined));
  const meanAt = (d: number): number => {
    let total = 0;
    states(d).forEach((state, index) => {
      const bucket = buckets[index] as Bucket;
      total += bucket.share * (state === undefined ? (atomOf(bucket) ?? 0) : state.mean);
    });
    return total;
  };
  // Bracket the tilt, then bisect: the mean is strictly increasing in d.
  let lo = -sigma;
  let hi = sigma;
  for (let index = 0; index < 60 && !(meanAt(lo) < expected); index += 1) lo *= 2;
  for (let index = 0; index < 60 && !(meanAt(hi) > expected); index += 1) hi *= 2;
  const d = solveIncreasing((x) => meanAt(x) - expected, lo, hi);
  const fitted = states(d);
  const mu = mu0 + d;
  let second = 0;
  fitted.forEach((state, index) => {
    const bucket = buckets[index] as Bucket;
    const atom = atomOf(bucket) ?? 0;
    second += bucket.share * (state === undefined ? atom * atom : state.second);
  });
  const mean = meanAt(d);
  const variance = Math.max(0, second - mean * mean);
  const cumulative = [0, BUCKET_SHARES[0], BUCKET_SHARES[0] + BUCKET_SHARES[1], 1];
  // The value at lower-tail probability p, with q = 1 − p given separately.
  const at = (p: number, q: number): number => {
    if (p <= 0) return 0;
    if (q <= 0) return Number.POSITIVE_INFINITY;
    if (p === 0.1) return low;
    if (p === 0.9) return high;
    const index = p < 0.1 ? 0 : p < 0.9 ? 1 : 2;
    const bucket = buckets[index] as Bucket;
    const atom = atomOf(bucket);
    if (atom !== undefined) return atom;
    const state = fitted[index] as NonNullable<(typeof fitted)[number]>;
    const u = (p - (cumulative[index] as number)) / bucket.share;
    const v = index === 2 ? q / bucket.share : ((cumulative[index + 1] as number) - p) / bucket.share;
    return Math.exp(mu + sigma * scoreWithin(state.alphaA, state.alphaB, state.logMass, u, v));
  };
  const cdf = (x: number): number => {
    if (x < 0) return 0;
    let total = 0;
    for (let index = 0; index < 3; index += 1) {
      const bucket = buckets[index] as Bucket;
      const atom = atomOf(bucket);
      const state = fitted[index];
      if (atom !== undefined || state === undefined) {
        if (x >= (atom ?? 0)) total += bucket.share;
        continue;
      }
      if (x <= 0) break;
      const lnX = Math.log(x);
      if (lnX >= bucket.b) {
        total += bucket.share;
        continue;
      }
      if (lnX > bucket.a) total += bucket.share * Math.exp(logNormalMass(state.alphaA, (lnX - mu) / sigma) - state.logMass);
      break;
    }
    return Math.min(1, total);
  };
  // Lopsided: the density jumps by more than LOPSIDED_JUMP at low or at high.
  const jump = (left: number, right: number): number | undefined => {
    const l = fitted[left];
    const r = fitted[right];
    if (l === undefined || r === undefined) return undefined;
    return (buckets[left] as Bucket).share / Math.exp(l.logMass) / ((buckets[right] as Bucket).share / Math.exp(r.logMass));
  };
  const jumps = [
    { where: 'low', ratio: jump(0, 1) },
    { where: 'high', ratio: jump(1, 2) },
  ].filter((entry): entry is { where: string; ratio: number } => entry.ratio !== undefined && Number.isFinite(entry.ratio) && (entry.ratio > LOPSIDED_JUMP || entry.ratio < 1 / LOPSIDED_JUMP));
  const lopsided =
    jumps.length === 0
      ? undefined
      : `The volume { low: ${low}, expected: ${expected}, high: ${high} } is lopsided: to have that mean with p10 = ${low} and p90 = ${high}, the fitted density jumps ` +
        jumps.map((entry) => `${jumpText(entry.ratio >= 1 ? entry.ratio : 1 / entry.ratio)} at ${entry.where === 'low' ? low : high}`).join(' and ') +
        ` (calls bunch ${d < 0 ? 'toward the low end of each range' : 'toward the high end of each range'}). Check that ${expected} is the mean; if it is the middle or most likely value, write { low, median, high }.`;
  return {
    family: 'tilted-lognormal',
    // The fit's mean is `expected` to bisection precision (about 1e-15 relative; nearer 1e-6 for
    // a triple within a millionth of the bound, where the tilt is extreme): report the target.
    mean: Number.isFinite(mean) ? expected : mean,
    meanDec,
    variance,
    quantile: (p) => at(p, 1 - p),
    atScore: (z) => at(normalCdf(z), normalSf(z)),
    cdf,
    draw: (random) => {
      const p = random.next();
      return at(p, 1 - p);
    },
    parameters: { mu: mu0, sigma, tilt: d },
    ...(lopsided === undefined ? {} : { lopsided }),
  };
}

/**
 * Fits `{ low, median, high }` (p10, p50, p90) exactly with the same three-parameter lognormal:
 * σ = ln((high − median) / (median − low)) / z₉₀ (mirrored when negative, normal when zero).
 * This is the plain fit (the workload schema refuses a triple whose plain mean is negative); a
 * projection uses it through `capAtZero`, so that no probability lies below 0 calls.
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

/**
 * The part of a fitted volume below 0 calls: P(X < 0), E[(−X)⁺] and E[((−X)⁺)²], closed-form
 * for the normal and the (reflected) shifted lognormal; zeros for the families that are never
 * below 0.
 */
function belowZero(volume: VolumeDistribution): { share: number; first: number; second: number } {
  const none = { share: 0, first: 0, second: 0 };
  const p = volume.parameters;
  if (volume.family === 'normal') {
    const m = p['mean'] as number;
    const s = p['sd'] as number;
    const a = m / s;
    const share = normalCdf(-a);
    const pdf = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
    // E[(−X)⁺] = s·(φ(a) − a·Φ(−a)); E[X²; X < 0] = (m² + s²)·Φ(−a) − m·s·φ(a).
    return { share, first: Math.max(0, s * (pdf - a * share)), second: Math.max(0, (m * m + s * s) * share - m * s * pdf) };
  }
  if (volume.family !== 'shifted-lognormal' && volume.family !== 'reflected-shifted-lognormal') return none;
  const shift = p['shift'] as number;
  const mu = p['mu'] as number;
  const sigma = p['sigma'] as number;
  const m1 = Math.exp(mu + (sigma * sigma) / 2);
  const m2 = Math.exp(2 * mu + 2 * sigma * sigma);
  if (volume.family === 'shifted-lognormal') {
    // X = shift + Y, Y lognormal (μ, σ): below 0 when Y < c = −shift.
    if (shift >= 0) return none;
    const c = -shift;
    const beta = (Math.log(c) - mu) / sigma;
    const share = normalCdf(beta);
    return {
      share,
      first: Math.max(0, c * share - m1 * normalCdf(beta - sigma)),
      second: Math.max(0, c * c * share - 2 * c * m1 * normalCdf(beta - sigma) + m2 * normalCdf(beta - 2 * sigma)),
    };
  }
  // X = shift − Y: below 0 when Y > shift.
  if (shift <= 0) return { share: 1, first: -volume.mean, second: volume.variance + volume.mean * volume.mean };
  const beta = (Math.log(shift) - mu) / sigma;
  const share = normalSf(beta);
  return {
    share,
    first: Math.max(0, m1 * normalSf(beta - sigma) - shift * share),
    second: Math.max(0, m2 * normalSf(beta - 2 * sigma) - 2 * shift * m1 * normalSf(beta - sigma) + shift * shift * share),
  };
}

/**
 * Caps a fitted volume at 0 calls: the probability the plain fit puts below 0 becomes a share
 * of periods with exactly 0 calls. Quantiles, scores and draws are max(0, ·) (so a p10, p50 or
 * p90 that is ≥ 0 is unchanged), the CDF is 0 below 0 and P(X ≤ 0) at 0, the mean is
 * E[max(0, X)] = E[X] + E[(−X)⁺] and the variance that of max(0, X), both closed-form. A fit
 * with nothing below 0 is returned as it is. @internal
 */
export function capAtZero(volume: VolumeDistribution): VolumeDistribution {
  const below = belowZero(volume);
  if (below.share === 0 && below.first === 0) return volume;
  const { mean, variance } = volume;
  const cappedMean = mean + below.first;
  // Var[max(0, X)] = E[X²] − E[X²; X < 0] − E[max(0, X)]², without forming E[X]² twice.
  const cappedVariance = Math.max(0, variance - below.second - 2 * mean * below.first - below.first * below.first);
  return {
    family: volume.family,
    mean: cappedMean,
    meanDec: volume.meanDec.plus(new Dec(below.first)),
    variance: cappedVariance,
    quantile: (p) => (p <= below.share ? 0 : Math.max(0, volume.quantile(p))),
    atScore: (z) => Math.max(0, volume.atScore(z)),
    cdf: (x) => (x < 0 ? 0 : volume.cdf(x)),
    draw: (random) => Math.max(0, volume.draw(random)),
    parameters: volume.parameters,
    ...(volume.lopsided === undefined ? {} : { lopsided: volume.lopsided }),
    capped: { share: below.share, plainMean: mean },
  };
}

/** The constant distribution of a known rate. @internal */
export function knownVolume(rate: number): VolumeDistribution {
  return fixedVolume(rate);
}
