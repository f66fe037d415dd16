// The statistics behind fitPlan: a distribution of whole-token counts fitted as a fixed value, a
// lognormal (method of moments on log tokens, checked by a Kolmogorov–Smirnov distance) or a
// histogram of quantile bins; and a growth trend fitted by least squares on log daily counts.
import { normalCdf, Z95 } from '../../workload/math.js';

/** A token distribution as fitPlan writes it into a plan (plain numbers, no exponent). */
export type FittedDistribution =
  | number
  | { readonly lognormal: { readonly median: number; readonly p95: number } }
  | { readonly histogram: ReadonlyArray<{ readonly upTo: number; readonly share: number }> }
  | { readonly samples: readonly number[] };

/** How one distribution was fitted, with the figures behind the choice. */
export interface DistributionFit {
  /** What the plan holds: `fixed` (every value equal), `lognormal`, `histogram`, or `samples` (fewer than {@link MIN_FIT_SAMPLES} values). */
  readonly kind: 'fixed' | 'lognormal' | 'histogram' | 'samples';
  /** Values fitted. */
  readonly n: number;
  /** Their mean, median (p50), p95, p99.9 and maximum. */
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p999: number;
  readonly max: number;
  /** Share of values that are 0 (a lognormal cannot hold them). */
  readonly zeroShare: number;
  /**
   * The lognormal fitted by the method of moments on ln(tokens) (absent when a value is 0 or
   * all are equal): μ, σ, its mean e^(μ+σ²/2), the Kolmogorov–Smirnov distance `ksD` to the
   * values (with a continuity correction: a count k is the continuous value in [k − ½, k + ½)),
   * the asymptotic Kolmogorov `pValue` of that distance (Stephens' small-sample form; conservative,
   * since μ and σ come from the same values), the `threshold` D was held to, and whether the
   * lognormal was accepted.
   */
  readonly lognormal?: {
    readonly mu: number;
    readonly sigma: number;
    readonly mean: number;
    readonly ksD: number;
    readonly pValue: number;
    readonly threshold: number;
    readonly accepted: boolean;
  };
  /** For a histogram: its buckets and its mean's relative error against the values' mean. */
  readonly histogram?: { readonly buckets: number; readonly meanError: number };
  /** Why this kind was chosen, in one sentence. */
  readonly reason: string;
}

/** Below this many values, the values themselves are the distribution (`samples`). */
export const MIN_FIT_SAMPLES = 20;
/** The largest KS distance a lognormal is accepted with (or the 5 % Lilliefors critical value 0.886/√n when larger). */
export const KS_MAX_DISTANCE = 0.05;
/** The largest relative gap between the lognormal's mean and the values' mean (or 2 standard errors when larger). */
export const LOGNORMAL_MAX_MEAN_GAP = 0.02;
/** The cumulative shares at which histogram bins end: 24 bins at most, finer in the tail. */
export const HISTOGRAM_QUANTILES: readonly number[] = [
  0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 1,
];

/** Rounds to `decimals` places (plain decimals: every value fitPlan writes lies between 1e-4 and 1e9). */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const result = Math.round(value * factor) / factor;
  return result === 0 ? 0 : result;
}

/** The p-quantile of sorted values (the smallest value with at least p of them at or below it). */
export function quantileOfSorted(sorted: Float64Array | readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * The asymptotic Kolmogorov p-value of a distance D over n values, with Stephens' correction
 * λ = (√n + 0.12 + 0.11/√n)·D: Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²).
 */
export function kolmogorovPValue(d: number, n: number): number {
  const root = Math.sqrt(n);
  const lambda = (root + 0.12 + 0.11 / root) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k += 1) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** KS distance between sorted whole counts and a lognormal, continuity-corrected. */
export function ksDistanceLognormal(sorted: Float64Array, mu: number, sigma: number): number {
  const n = sorted.length;
  const cdf = (x: number): number => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
  let d = 0;
  let index = 0;
  while (index < n) {
    const value = sorted[index]!;
    let end = index;
    while (end < n && sorted[end] === value) end += 1;
    const below = index / n;
    const atOrBelow = end / n;
    d = Math.max(d, Math.abs(cdf(value - 0.5) - below), Math.abs(cdf(value + 0.5) - atOrBelow));
    index = end;
  }
  return d;
}

/** Shares of `counts` rounded to 4 decimals that sum to exactly 1 (largest remainders). */
function roundShares(counts: readonly number[], total: number): number[] {
  const units = 10_000;
  const raw = counts.map((count) => (count / total) * units);
  const floors = raw.map(Math.floor);
  let left = units - floors.reduce((sum, value) => sum + value, 0);
  const order = raw.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] = floors[index]! + 1;
    left -= 1;
  }
  return floors.map((value) => value / units);
}

/**
 * A histogram of sorted whole counts: bins end at the values at {@link HISTOGRAM_QUANTILES}
 * (equal ends merged; a bin split at its largest gap between neighbouring values when that gap is
 * more than half its range, so two modes are not blurred into one bucket), each bound a
 * half-integer k + ½ so that the count k lies inside its bucket and a bucket of evenly spread
 * counts has its midpoint at their mean; a bucket of share 0 runs from 0 to just below the
 * smallest value, and over any gap before a bin that is wider than the bin; the last bucket ends
 * where its midpoint is the mean of its values (the tail is where a midpoint would be most wrong).
 * At most 24 quantile bins, plus the splits and the empty buckets.
 */
function histogramOf(sorted: Float64Array, mean: number): { buckets: Array<{ upTo: number; share: number }>; meanError: number } {
  const n = sorted.length;
  // Bin ends (indexes of the last value of each bin) at the quantiles; a bin whose largest gap
  // between neighbouring values is more than half its range is split there (two modes).
  const lastIndexes: number[] = [];
  let start = 0;
  for (const p of HISTOGRAM_QUANTILES) {
    const value = quantileOfSorted(sorted, p);
    let end = start;
    while (end < n && sorted[end]! <= value) end += 1;
    if (end === start) continue;
    let gapAt = -1;
    let gap = 0;
    for (let index = start; index < end - 1; index += 1) {
      const width = sorted[index + 1]! - sorted[index]!;
      if (width > gap) [gap, gapAt] = [width, index];
    }
    if (gapAt >= 0 && gap > (sorted[end - 1]! - sorted[start]!) / 2) lastIndexes.push(gapAt);
    lastIndexes.push(end - 1);
    start = end;
  }
  const bins: Array<{ lo: number; hi: number; count: number; sum: number }> = [];
  let first = 0;
  for (const last of lastIndexes) {
    let sum = 0;
    for (let index = first; index <= last; index += 1) sum += sorted[index]!;
    bins.push({ lo: sorted[first]!, hi: sorted[last]!, count: last - first + 1, sum });
    first = last + 1;
  }
  const shares = roundShares(
    bins.map((bin) => bin.count),
    n,
  );
  const buckets: Array<{ upTo: number; share: number }> = [];
  let lower = 0;
  bins.forEach((bin, at) => {
    // A gap before the bin wider than the bin itself gets a bucket of share 0.
    const from = bin.lo - 0.5;
    if (from > lower && (at === 0 || from - lower > bin.hi - bin.lo + 1)) {
      buckets.push({ upTo: from, share: 0 });
      lower = from;
    }
    let upTo = bin.hi + 0.5;
    if (at === bins.length - 1) upTo = Math.max(lower + 0.5, round((2 * bin.sum) / bin.count - lower, 1));
    if (!(upTo > lower)) upTo = lower + 0.5;
    buckets.push({ upTo, share: shares[at]! });
    lower = upTo;
  });
  let histogramMean = 0;
  let previous = 0;
  for (const bucket of buckets) {
    histogramMean += (bucket.share * (previous + bucket.upTo)) / 2;
    previous = bucket.upTo;
  }
  return { buckets, meanError: mean === 0 ? 0 : histogramMean / mean - 1 };
}

/**
 * Fits a distribution to whole token counts (any order). All equal: that value (`fixed`). Fewer
 * than {@link MIN_FIT_SAMPLES}: the values (`samples`). Otherwise a lognormal by the method of
 * moments on ln(tokens) when no value is 0, its KS distance is at most
 * max({@link KS_MAX_DISTANCE}, 0.886/√n) and its mean is within
 * max({@link LOGNORMAL_MAX_MEAN_GAP}, 2 standard errors) of the values' mean; else a histogram.
 */
export function fitDistribution(values: Float64Array): { spec: FittedDistribution; fit: DistributionFit } {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let zeros = 0;
  for (const value of sorted) {
    sum += value;
    if (value === 0) zeros += 1;
  }
  const mean = n === 0 ? 0 : sum / n;
  const base = {
    n,
    mean: round(mean, 4),
    p50: quantileOfSorted(sorted, 0.5),
    p95: quantileOfSorted(sorted, 0.95),
    p999: quantileOfSorted(sorted, 0.999),
    max: n === 0 ? 0 : sorted[n - 1]!,
    zeroShare: n === 0 ? 0 : round(zeros / n, 4),
  };
  if (n === 0 || sorted[0] === sorted[n - 1]) {
    const value = n === 0 ? 0 : sorted[0]!;
    return { spec: value, fit: { ...base, kind: 'fixed', reason: n === 0 ? 'no values: 0' : `every value is ${value}` } };
  }
  if (n < MIN_FIT_SAMPLES) {
    return { spec: { samples: Array.from(sorted) }, fit: { ...base, kind: 'samples', reason: `${n} values (fewer than ${MIN_FIT_SAMPLES}): the values themselves` } };
  }
  let variance = 0;
  for (const value of sorted) variance += (value - mean) ** 2;
  const standardError = Math.sqrt(variance / (n - 1) / n) / mean;
  let lognormal: DistributionFit['lognormal'];
  let spec: FittedDistribution | undefined;
  if (zeros === 0) {
    let logSum = 0;
    for (const value of sorted) logSum += Math.log(value);
    const mu = logSum / n;
    let logVar = 0;
    for (const value of sorted) logVar += (Math.log(value) - mu) ** 2;
    const sigma = Math.sqrt(logVar / (n - 1));
    const median = round(Math.exp(mu), 2);
    const p95 = round(Math.exp(mu + Z95 * sigma), 2);
    const fittedMean = Math.exp(mu + (sigma * sigma) / 2);
    const ksD = ksDistanceLognormal(sorted, mu, sigma);
    const threshold = Math.max(KS_MAX_DISTANCE, 0.886 / Math.sqrt(n));
    const meanGap = Math.abs(fittedMean / mean - 1);
    const accepted = ksD <= threshold && meanGap <= Math.max(LOGNORMAL_MAX_MEAN_GAP, 2 * standardError) && p95 > median && median > 0 && p95 / median <= 10_000;
    lognormal = { mu: round(mu, 6), sigma: round(sigma, 6), mean: round(fittedMean, 4), ksD: round(ksD, 6), pValue: round(kolmogorovPValue(ksD, n), 6), threshold: round(threshold, 6), accepted };
    if (accepted) {
      spec = { lognormal: { median, p95 } };
      return { spec, fit: { ...base, kind: 'lognormal', lognormal, reason: `lognormal: KS D = ${lognormal.ksD} ≤ ${lognormal.threshold}, mean within ${(meanGap * 100).toFixed(2)} %` } };
    }
  }
  const { buckets, meanError } = histogramOf(sorted, mean);
  const why =
    lognormal === undefined
      ? `${zeros} value(s) are 0, which a lognormal cannot hold`
      : lognormal.ksD > lognormal.threshold
        ? `the lognormal fits badly (KS D = ${lognormal.ksD} > ${lognormal.threshold})`
        : `the lognormal's mean (${lognormal.mean}) is off the values' mean (${base.mean})`;
  return {
    spec: { histogram: buckets },
    fit: { ...base, kind: 'histogram', ...(lognormal === undefined ? {} : { lognormal }), histogram: { buckets: buckets.length, meanError: round(meanError, 6) }, reason: `histogram of ${buckets.length} buckets: ${why}` },
  };
}

/** The most values a fitted `samples` list holds. */
export const MAX_COUNT_SAMPLES = 2000;
/** The most distinct values a count (turns per session) may take to be written as `samples`. */
export const MAX_COUNT_VALUES = 100;

/**
 * Fits a small whole count (turns per session): when it takes at most {@link MAX_COUNT_VALUES}
 * distinct values, the values themselves as `samples` (all of them up to
 * {@link MAX_COUNT_SAMPLES}, else that many in proportion, by largest remainders: each
 * probability within 1/4,000), since a histogram would spread each count over a unit interval
 * and raise E[T²], which a conversation's history cost depends on; else {@link fitDistribution}.
 */
export function fitCount(values: Float64Array): { spec: FittedDistribution; fit: DistributionFit } {
  const general = fitDistribution(values);
  if (general.fit.kind === 'fixed' || general.fit.kind === 'samples') return general;
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  if (counts.size > MAX_COUNT_VALUES) return general;
  const distinct = [...counts.keys()].sort((a, b) => a - b);
  const n = values.length;
  const size = Math.min(n, MAX_COUNT_SAMPLES);
  const raw = distinct.map((value) => (counts.get(value)! / n) * size);
  const take = raw.map(Math.floor);
  let left = size - take.reduce((sum, value) => sum + value, 0);
  const order = raw.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    take[index] = take[index]! + 1;
    left -= 1;
  }
  const samples: number[] = [];
  distinct.forEach((value, index) => {
    for (let k = 0; k < take[index]!; k += 1) samples.push(value);
  });
  const { histogram: _histogram, ...rest } = general.fit;
  void _histogram;
  return { spec: { samples }, fit: { ...rest, kind: 'samples', reason: `${counts.size} distinct whole counts: ${samples.length} samples in proportion (${general.fit.reason.split(':')[0]} would blur whole counts)` } };
}

/** A growth trend fitted to daily counts. */
export interface GrowthFit {
  /** Days in the regression (days with at least one call). */
  readonly days: number;
  /** The fitted growth per day of ln(calls), and its t statistic. */
  readonly slopePerDay: number;
  readonly tStatistic: number;
  /** e^(slope·730/24) − 1, rounded to 4 decimals. */
  readonly ratePerMonth: number;
  /** Whether it is used: at least {@link MIN_GROWTH_DAYS} days spanned, |t| ≥ {@link GROWTH_T}, and a rate that does not round to 0. */
  readonly significant: boolean;
}

/** The fewest days a log must span for a growth trend to be fitted. */
export const MIN_GROWTH_DAYS = 14;
/** The |t| a trend's slope needs (stricter than 1.96: weekly patterns correlate the residuals). */
export const GROWTH_T = 3;

/** Least squares of ln(count) on the day index, over days with a count above 0. */
export function fitGrowth(daily: readonly number[]): GrowthFit | null {
  const points: Array<[number, number]> = [];
  daily.forEach((count, day) => {
    if (count > 0) points.push([day, Math.log(count)]);
  });
  const m = points.length;
  if (m < 3) return null;
  const meanX = points.reduce((s, [x]) => s + x, 0) / m;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / m;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let rss = 0;
  for (const [x, y] of points) rss += (y - meanY - slope * (x - meanX)) ** 2;
  const se = Math.sqrt(rss / (m - 2) / sxx);
  const t = se === 0 ? (slope === 0 ? 0 : Math.sign(slope) * Number.MAX_VALUE) : slope / se;
  const ratePerMonth = round(Math.min(100, Math.exp((slope * 730) / 24) - 1), 4);
  const significant = daily.length >= MIN_GROWTH_DAYS && Math.abs(t) >= GROWTH_T && ratePerMonth !== 0 && ratePerMonth > -1;
  return { days: m, slopePerDay: round(slope, 8), tStatistic: round(Math.max(-1e9, Math.min(1e9, t)), 4), ratePerMonth, significant };
}
