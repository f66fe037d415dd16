import { LlmSpendError, showValue } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { NORMAL_SCORE_NODES, normalCdf, normalMass, normalPdf, normalQuantile, normalQuantileFast, normalSf, Z95 } from './math.js';
import { createRandom, DEFAULT_SEED, roundRandomly, type Random } from './random.js';

/**
 * A token-count (or turn-count) distribution as written in a workload. A bare number means
 * `{ fixed: n }`. Parameters describe the untruncated distribution:
 *
 * - `{ fixed: n }`: always n.
 * - `{ uniform: [min, max] }`: uniform on [min, max].
 * - `{ normal: { mean, sd } }`: a normal with that mean and standard deviation, truncated at 0
 *   (so its mean is a little above `mean` when `sd` is large).
 * - `{ lognormal: { median, p95 } }`: σ = ln(p95 / median) / 1.6449, μ = ln(median).
 * - `{ lognormal: { mean, p95 } }`: σ = z − √(z² − 2·ln(p95 / mean)), z = 1.6449; only when
 *   mean ≤ p95 ≤ 3.87 × mean (no lognormal has a p95 further above its mean).
 * - `{ samples: [...] }`: each observed value equally likely (an empirical distribution).
 * - `{ histogram: [{ upTo, share }, ...] }`: bucket i is uniform on (previous upTo, upTo],
 *   starting at 0; shares sum to 1.
 */
export type DistributionSpec =
  | { readonly fixed: number }
  | { readonly uniform: readonly [number, number] }
  | { readonly normal: { readonly mean: number; readonly sd: number } }
  | { readonly lognormal: { readonly median: number; readonly p95: number } | { readonly mean: number; readonly p95: number } }
  | { readonly samples: readonly number[] }
  | { readonly histogram: ReadonlyArray<{ readonly upTo: number; readonly share: number }> };

/** A distribution as written: a number (fixed) or a {@link DistributionSpec}. */
export type DistributionInput = number | DistributionSpec;

/**
 * The kinds of distribution a workload can use.
 *
 * @example
 * ```ts
 * import { DISTRIBUTION_KINDS } from 'llm-spend/projection';
 * DISTRIBUTION_KINDS; // ["fixed", "uniform", "normal", "lognormal", "samples", "histogram"]
 * ```
 */
export const DISTRIBUTION_KINDS = ['fixed', 'uniform', 'normal', 'lognormal', 'samples', 'histogram'] as const;

/** A distribution kind. */
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

/**
 * A token-count distribution with its moments, quantiles and a seeded sampler. Moments use
 * continuous values; the sampler rounds draws to whole tokens (randomized rounding, which
 * keeps the mean).
 */
export interface TokenDistribution {
  readonly kind: DistributionKind;
  /** E[X]. */
  readonly mean: number;
  /** E[X²]. */
  readonly secondMoment: number;
  /** Var[X] = E[X²] − E[X]². */
  readonly variance: number;
  /** The smallest value the distribution takes. */
  readonly min: number;
  /** The largest value the distribution takes (Infinity for normal and lognormal). */
  readonly max: number;
  /** The p-quantile, p in [0, 1]. */
  quantile(p: number): number;
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** A seeded generator of whole-token draws; the same seed gives the same draws. */
  sampler(seed?: number): () => number;
}

/** Probability and partial moments of X over a range. @internal */
export interface RangeMoments {
  /** P(X in range). */
  readonly p: number;
  /** E[X · 1{X in range}]. */
  readonly m1: number;
  /** E[X² · 1{X in range}]. */
  readonly m2: number;
  /** `p` as a decimal (exact for fixed, uniform, samples and histograms). */
  readonly pDec: Dec;
  /** `m1` as a decimal (exact for fixed, uniform, samples and histograms). */
  readonly m1Dec: Dec;
}

/** A weighted point used to integrate over a distribution. @internal */
export interface Node {
  readonly w: number;
  readonly wDec: Dec;
  readonly x: number;
}

/** The internal distribution: public moments plus exact decimals, ranges and draws. @internal */
export interface Dist extends TokenDistribution {
  /** Whether the moments below are exact rationals (fixed, uniform, samples, histogram). */
  readonly exact: boolean;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  /** E[X^k], k = 0..4. */
  moment(k: number): number;
  /** Moments over lo ⊲ X ⊳ hi; the flags matter only where X has atoms. */
  range(lo: number, loInclusive: boolean, hi: number, hiInclusive: boolean): RangeMoments;
  /** Points and weights integrating E[f(X)]: exact for fixed and samples, quadrature otherwise. */
  nodes(): readonly Node[];
  /** One continuous draw. */
  draw(random: Random): number;
}

const ZERO = new Dec(0);
const ONE = new Dec(1);
const NONE: RangeMoments = { p: 0, m1: 0, m2: 0, pDec: ZERO, m1Dec: ZERO };

function dec(value: number): Dec {
  return new Dec(value);
}

function moments(p: number, m1: number, m2: number, pDec?: Dec, m1Dec?: Dec): RangeMoments {
  return { p, m1, m2, pDec: pDec ?? dec(p), m1Dec: m1Dec ?? dec(m1) };
}

function contains(value: number, lo: number, loInclusive: boolean, hi: number, hiInclusive: boolean): boolean {
  return (loInclusive ? value >= lo : value > lo) && (hiInclusive ? value <= hi : value < hi);
}

function makeSampler(dist: Dist): (seed?: number) => () => number {
  return (seed = DEFAULT_SEED) => {
    const random = createRandom(seed);
    return () => Math.max(0, roundRandomly(dist.draw(random), random));
  };
}

function quadratureNodes(quantile: (p: number) => number): Node[] {
  return NORMAL_SCORE_NODES.map(({ z, w }) => ({ w, wDec: dec(w), x: quantile(z < 0 ? normalCdf(z) : 1 - normalSf(z)) }));
}

class Fixed implements Dist {
  readonly kind: DistributionKind;
  readonly exact = true;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance = 0;
  readonly min: number;
  readonly max: number;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  readonly sampler: (seed?: number) => () => number;
  constructor(readonly value: number, kind: DistributionKind = 'fixed') {
    this.kind = kind;
    this.mean = value;
    this.secondMoment = value * value;
    this.min = value;
    this.max = value;
    this.meanDec = dec(value);
    this.secondMomentDec = this.meanDec.times(this.meanDec);
    this.sampler = makeSampler(this);
  }
  moment(k: number): number {
    return this.value ** k;
  }
  quantile(): number {
    return this.value;
  }
  cdf(x: number): number {
    return x >= this.value ? 1 : 0;
  }
  range(lo: number, loInclusive: boolean, hi: number, hiInclusive: boolean): RangeMoments {
    if (!contains(this.value, lo, loInclusive, hi, hiInclusive)) return NONE;
    return moments(1, this.value, this.secondMoment, ONE, this.meanDec);
  }
  nodes(): readonly Node[] {
    return [{ w: 1, wDec: ONE, x: this.value }];
  }
  draw(): number {
    return this.value;
  }
}

class Uniform implements Dist {
  readonly kind = 'uniform' as const;
  readonly exact = true;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance: number;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  readonly sampler: (seed?: number) => () => number;
  private readonly aDec: Dec;
  private readonly widthDec: Dec;
  private nodeCache: Node[] | undefined;
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    this.mean = (min + max) / 2;
    this.secondMoment = (min * min + min * max + max * max) / 3;
    this.variance = ((max - min) * (max - min)) / 12;
    this.aDec = dec(min);
    const bDec = dec(max);
    this.widthDec = bDec.minus(this.aDec);
    this.meanDec = this.aDec.plus(bDec).div(2);
    this.secondMomentDec = this.aDec.pow(2).plus(this.aDec.times(bDec)).plus(bDec.pow(2)).div(3);
    this.sampler = makeSampler(this);
  }
  moment(k: number): number {
    return (this.max ** (k + 1) - this.min ** (k + 1)) / ((k + 1) * (this.max - this.min));
  }
  quantile(p: number): number {
    return this.min + Math.min(1, Math.max(0, p)) * (this.max - this.min);
  }
  cdf(x: number): number {
    return x <= this.min ? 0 : x >= this.max ? 1 : (x - this.min) / (this.max - this.min);
  }
  range(lo: number, _loInclusive: boolean, hi: number, _hiInclusive?: boolean): RangeMoments {
    const l = Math.max(lo, this.min);
    const h = Math.min(hi, this.max);
    if (!(h > l)) return NONE;
    const width = this.max - this.min;
    const lDec = l === this.min ? this.aDec : dec(l);
    const hDec = h === this.max ? this.aDec.plus(this.widthDec) : dec(h);
    return moments(
      (h - l) / width,
      (h * h - l * l) / (2 * width),
      (h ** 3 - l ** 3) / (3 * width),
      hDec.minus(lDec).div(this.widthDec),
      hDec.pow(2).minus(lDec.pow(2)).div(this.widthDec.times(2)),
    );
  }
  nodes(): readonly Node[] {
    this.nodeCache ??= quadratureNodes((p) => this.quantile(p));
    return this.nodeCache;
  }
  draw(random: Random): number {
    return this.min + random.next() * (this.max - this.min);
  }
}

class Histogram implements Dist {
  readonly kind = 'histogram' as const;
  readonly exact = true;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance: number;
  readonly min: number;
  readonly max: number;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  readonly sampler: (seed?: number) => () => number;
  private readonly buckets: ReadonlyArray<{ readonly share: number; readonly shareDec: Dec; readonly uniform: Uniform; readonly cumulative: number }>;
  private nodeCache: Node[] | undefined;
  constructor(spec: ReadonlyArray<{ readonly upTo: number; readonly share: number }>) {
    const total = spec.reduce((sum, bucket) => sum.plus(dec(bucket.share)), ZERO);
    let previous = 0;
    let cumulative = 0;
    const buckets = [];
    for (const bucket of spec) {
      const shareDec = dec(bucket.share).div(total);
      const share = shareDec.toNumber();
      cumulative += share;
      buckets.push({ share, shareDec, uniform: new Uniform(previous, bucket.upTo), cumulative });
      previous = bucket.upTo;
    }
    this.buckets = buckets;
    const used = buckets.filter((bucket) => bucket.share > 0);
    this.min = used[0]?.uniform.min ?? 0;
    this.max = used[used.length - 1]?.uniform.max ?? 0;
    this.mean = buckets.reduce((sum, bucket) => sum + bucket.share * bucket.uniform.mean, 0);
    this.secondMoment = buckets.reduce((sum, bucket) => sum + bucket.share * bucket.uniform.secondMoment, 0);
    this.variance = Math.max(0, this.secondMoment - this.mean * this.mean);
    this.meanDec = buckets.reduce((sum, bucket) => sum.plus(bucket.shareDec.times(bucket.uniform.meanDec)), ZERO);
    this.secondMomentDec = buckets.reduce((sum, bucket) => sum.plus(bucket.shareDec.times(bucket.uniform.secondMomentDec)), ZERO);
    this.sampler = makeSampler(this);
  }
  moment(k: number): number {
    return this.buckets.reduce((sum, bucket) => sum + bucket.share * bucket.uniform.moment(k), 0);
  }
  quantile(p: number): number {
    const target = Math.min(1, Math.max(0, p));
    let below = 0;
    for (const bucket of this.buckets) {
      if (bucket.share > 0 && target <= bucket.cumulative) return bucket.uniform.quantile((target - below) / bucket.share);
      below = bucket.cumulative;
    }
    return this.max;
  }
  cdf(x: number): number {
    return Math.min(1, this.buckets.reduce((sum, bucket) => sum + bucket.share * bucket.uniform.cdf(x), 0));
  }
  range(lo: number, loInclusive: boolean, hi: number, hiInclusive: boolean): RangeMoments {
    let p = 0;
    let m1 = 0;
    let m2 = 0;
    let pDec = ZERO;
    let m1Dec = ZERO;
    for (const bucket of this.buckets) {
      if (bucket.share === 0) continue;
      const part = bucket.uniform.range(lo, loInclusive, hi, hiInclusive);
      if (part.p === 0 && part.pDec.isZero()) continue;
      p += bucket.share * part.p;
      m1 += bucket.share * part.m1;
      m2 += bucket.share * part.m2;
      pDec = pDec.plus(bucket.shareDec.times(part.pDec));
      m1Dec = m1Dec.plus(bucket.shareDec.times(part.m1Dec));
    }
    return { p, m1, m2, pDec, m1Dec };
  }
  nodes(): readonly Node[] {
    this.nodeCache ??= quadratureNodes((q) => this.quantile(q));
    return this.nodeCache;
  }
  draw(random: Random): number {
    const u = random.next();
    for (const bucket of this.buckets) {
      if (bucket.share > 0 && u <= bucket.cumulative) return bucket.uniform.draw(random);
    }
    const last = this.buckets[this.buckets.length - 1];
    return last === undefined ? 0 : last.uniform.draw(random);
  }
}

class Samples implements Dist {
  readonly kind = 'samples' as const;
  readonly exact = true;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance: number;
  readonly min: number;
  readonly max: number;
  readonly sampler: (seed?: number) => () => number;
  private readonly sorted: Float64Array;
  private decPrefix: Dec[] | undefined;
  private readonly prefix1: Float64Array;
  private readonly prefix2: Float64Array;
  private nodeCache: Node[] | undefined;
  private meanDecCache: Dec | undefined;
  private secondDecCache: Dec | undefined;
  constructor(values: readonly number[]) {
    this.sorted = Float64Array.from(values).sort();
    const n = this.sorted.length;
    this.prefix1 = new Float64Array(n + 1);
    this.prefix2 = new Float64Array(n + 1);
    for (let index = 0; index < n; index += 1) {
      const value = this.sorted[index] ?? 0;
      this.prefix1[index + 1] = (this.prefix1[index] ?? 0) + value;
      this.prefix2[index + 1] = (this.prefix2[index] ?? 0) + value * value;
    }
    this.min = this.sorted[0] ?? 0;
    this.max = this.sorted[n - 1] ?? 0;
    this.mean = (this.prefix1[n] ?? 0) / n;
    this.secondMoment = (this.prefix2[n] ?? 0) / n;
    this.variance = Math.max(0, this.secondMoment - this.mean * this.mean);
    this.sampler = makeSampler(this);
  }
  get meanDec(): Dec {
    this.meanDecCache ??= this.prefixDec()[this.sorted.length]?.div(this.sorted.length) ?? ZERO;
    return this.meanDecCache;
  }
  get secondMomentDec(): Dec {
    this.secondDecCache ??= Array.from(this.sorted).reduce((sum, value) => sum.plus(dec(value).pow(2)), ZERO).div(this.sorted.length);
    return this.secondDecCache;
  }
  private prefixDec(): Dec[] {
    if (this.decPrefix === undefined) {
      const prefix = [ZERO];
      let sum = ZERO;
      for (const value of this.sorted) {
        sum = sum.plus(dec(value));
        prefix.push(sum);
      }
      this.decPrefix = prefix;
    }
    return this.decPrefix;
  }
  /** The number of samples below x (or at most x). */
  private count(x: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.sorted[mid] ?? 0;
      if (inclusive ? value <= x : value < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  moment(k: number): number {
    let sum = 0;
    for (const value of this.sorted) sum += value ** k;
    return sum / this.sorted.length;
  }
  quantile(p: number): number {
    const n = this.sorted.length;
    const index = Math.min(n - 1, Math.max(0, Math.ceil(Math.min(1, Math.max(0, p)) * n) - 1));
    return this.sorted[index] ?? 0;
  }
  cdf(x: number): number {
    return this.count(x, true) / this.sorted.length;
  }
  range(lo: number, loInclusive: boolean, hi: number, hiInclusive: boolean): RangeMoments {
    const start = this.count(lo, !loInclusive);
    const end = this.count(hi, hiInclusive);
    if (end <= start) return NONE;
    const n = this.sorted.length;
    const prefix = this.prefixDec();
    const sumDec = (prefix[end] ?? ZERO).minus(prefix[start] ?? ZERO);
    return {
      p: (end - start) / n,
      m1: ((this.prefix1[end] ?? 0) - (this.prefix1[start] ?? 0)) / n,
      m2: ((this.prefix2[end] ?? 0) - (this.prefix2[start] ?? 0)) / n,
      pDec: new Dec(end - start).div(n),
      m1Dec: sumDec.div(n),
    };
  }
  nodes(): readonly Node[] {
    if (this.nodeCache === undefined) {
      const n = this.sorted.length;
      const nodes: Node[] = [];
      let index = 0;
      while (index < n) {
        const value = this.sorted[index] ?? 0;
        let next = index;
        while (next < n && this.sorted[next] === value) next += 1;
        nodes.push({ w: (next - index) / n, wDec: new Dec(next - index).div(n), x: value });
        index = next;
      }
      this.nodeCache = nodes;
    }
    return this.nodeCache;
  }
  draw(random: Random): number {
    return this.sorted[Math.min(this.sorted.length - 1, Math.floor(random.next() * this.sorted.length))] ?? 0;
  }
}

/** A normal(μ, σ) truncated to [0, ∞). */
class TruncatedNormal implements Dist {
  readonly kind = 'normal' as const;
  readonly exact = false;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance: number;
  readonly min = 0;
  readonly max = Number.POSITIVE_INFINITY;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  readonly sampler: (seed?: number) => () => number;
  /** P(untruncated > 0). */
  private readonly kept: number;
  /** P(untruncated ≤ 0). */
  private readonly lowerMass: number;
  private readonly alpha: number;
  private nodeCache: Node[] | undefined;
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    this.alpha = -mu / sigma;
    this.kept = normalSf(this.alpha);
    this.lowerMass = normalCdf(this.alpha);
    const whole = this.range(0, true, Number.POSITIVE_INFINITY, true);
    this.mean = whole.m1;
    this.secondMoment = whole.m2;
    this.variance = Math.max(0, this.secondMoment - this.mean * this.mean);
    this.meanDec = dec(this.mean);
    this.secondMomentDec = dec(this.secondMoment);
    this.sampler = makeSampler(this);
  }
  moment(k: number): number {
    // m_k = μ m_{k-1} + (k-1) σ² m_{k-2} for k ≥ 2 (truncation at 0 adds no boundary term).
    const values = [1, this.mu + (this.sigma * normalPdf(this.alpha)) / this.kept];
    for (let order = 2; order <= k; order += 1) values.push(this.mu * (values[order - 1] ?? 0) + (order - 1) * this.sigma ** 2 * (values[order - 2] ?? 0));
    return values[k] ?? 0;
  }
  quantile(p: number): number {
    if (p <= 0) return 0;
    if (p >= 1) return Number.POSITIVE_INFINITY;
    const z = p < 0.5 ? normalQuantile(normalCdf(this.alpha) + p * this.kept) : -normalQuantile((1 - p) * this.kept);
    return Math.max(0, this.mu + this.sigma * z);
  }
  cdf(x: number): number {
    if (x <= 0) return 0;
    return Math.min(1, normalMass(this.alpha, (x - this.mu) / this.sigma) / this.kept);
  }
  range(lo: number, _loInclusive: boolean, hi: number, _hiInclusive?: boolean): RangeMoments {
    const l = Math.max(0, lo);
    if (!(hi > l)) return NONE;
    const a = (l - this.mu) / this.sigma;
    const b = hi === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : (hi - this.mu) / this.sigma;
    const mass = normalMass(a, b);
    const pa = normalPdf(a);
    const pb = b === Number.POSITIVE_INFINITY ? 0 : normalPdf(b);
    const apa = a === Number.NEGATIVE_INFINITY ? 0 : a * pa;
    const bpb = b === Number.POSITIVE_INFINITY ? 0 : b * pb;
    const { mu, sigma } = this;
    const p = mass / this.kept;
    const m1 = (mu * mass + sigma * (pa - pb)) / this.kept;
    const m2 = ((mu * mu + sigma * sigma) * mass + 2 * mu * sigma * (pa - pb) + sigma * sigma * (apa - bpb)) / this.kept;
    return moments(p, Math.max(0, m1), Math.max(0, m2));
  }
  nodes(): readonly Node[] {
    this.nodeCache ??= quadratureNodes((p) => this.quantile(p));
    return this.nodeCache;
  }
  draw(random: Random): number {
    // Inverse transform on the kept part of the normal: Φ(α) + u·(1 − Φ(α)).
    const z = normalQuantileFast(this.lowerMass + random.next() * this.kept);
    return Math.max(0, this.mu + this.sigma * z);
  }
}

class Lognormal implements Dist {
  readonly kind = 'lognormal' as const;
  readonly exact = false;
  readonly mean: number;
  readonly secondMoment: number;
  readonly variance: number;
  readonly min = 0;
  readonly max = Number.POSITIVE_INFINITY;
  readonly meanDec: Dec;
  readonly secondMomentDec: Dec;
  readonly sampler: (seed?: number) => () => number;
  private nodeCache: Node[] | undefined;
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
    this.secondMoment = Math.exp(2 * mu + 2 * sigma * sigma);
    this.variance = this.mean * this.mean * Math.expm1(sigma * sigma);
    this.meanDec = dec(this.mean);
    this.secondMomentDec = dec(this.secondMoment);
    this.sampler = makeSampler(this);
  }
  moment(k: number): number {
    return Math.exp(k * this.mu + (k * k * this.sigma * this.sigma) / 2);
  }
  quantile(p: number): number {
    if (p <= 0) return 0;
    return Math.exp(this.mu + this.sigma * normalQuantile(p));
  }
  cdf(x: number): number {
    if (x <= 0) return 0;
    return normalCdf((Math.log(x) - this.mu) / this.sigma);
  }
  range(lo: number, _loInclusive: boolean, hi: number, _hiInclusive?: boolean): RangeMoments {
    if (!(hi > lo) || hi <= 0) return NONE;
    const { mu, sigma } = this;
    const a = lo <= 0 ? Number.NEGATIVE_INFINITY : (Math.log(lo) - mu) / sigma;
    const b = hi === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : (Math.log(hi) - mu) / sigma;
    if (a === Number.NEGATIVE_INFINITY && b === Number.POSITIVE_INFINITY) return moments(1, this.mean, this.secondMoment, ONE, this.meanDec);
    return moments(normalMass(a, b), this.mean * normalMass(a - sigma, b - sigma), this.secondMoment * normalMass(a - 2 * sigma, b - 2 * sigma));
  }
  nodes(): readonly Node[] {
    this.nodeCache ??= NORMAL_SCORE_NODES.map(({ z, w }) => ({ w, wDec: dec(w), x: Math.exp(this.mu + this.sigma * z) }));
    return this.nodeCache;
  }
  draw(random: Random): number {
    return Math.exp(this.mu + this.sigma * normalQuantileFast(random.next()));
  }
}

/** σ of a lognormal from its mean and p95, or undefined when no lognormal has them. @internal */
export function lognormalSigmaFromMean(mean: number, p95: number): number | undefined {
  const ratio = p95 / mean;
  const discriminant = Z95 * Z95 - 2 * Math.log(ratio);
  if (!(ratio >= 1) || discriminant < 0) return undefined;
  return Math.max(0, Z95 - Math.sqrt(discriminant));
}

/** The largest p95 / mean ratio a lognormal can have: e^{z²/2} ≈ 3.87. @internal */
export const LOGNORMAL_MAX_P95_OVER_MEAN = Math.exp((Z95 * Z95) / 2);

const distCache = new WeakMap<object, Dist>();

/**
 * The internal distribution of a parsed spec (memoized per spec object).
 * @internal
 */
export function toDist(spec: DistributionInput): Dist {
  if (typeof spec === 'number') return new Fixed(spec);
  const cached = distCache.get(spec);
  if (cached !== undefined) return cached;
  const dist = buildDist(spec);
  distCache.set(spec, dist);
  return dist;
}

/** Spreads narrower than this (relative) are treated as fixed: below it floats cannot tell them apart. */
const MIN_SIGMA = 1e-9;

function buildDist(spec: DistributionSpec): Dist {
  if ('fixed' in spec) return new Fixed(spec.fixed);
  if ('uniform' in spec) {
    const [min, max] = spec.uniform;
    return min === max ? new Fixed(min, 'uniform') : new Uniform(min, max);
  }
  if ('normal' in spec) {
    const { mean, sd } = spec.normal;
    return sd < MIN_SIGMA * Math.max(1, mean) ? new Fixed(Math.max(0, mean), 'normal') : new TruncatedNormal(mean, sd);
  }
  if ('lognormal' in spec) {
    const parameters = spec.lognormal;
    if ('median' in parameters) {
      const sigma = Math.log(parameters.p95 / parameters.median) / Z95;
      return sigma < MIN_SIGMA ? new Fixed(parameters.median, 'lognormal') : new Lognormal(Math.log(parameters.median), sigma);
    }
    const sigma = lognormalSigmaFromMean(parameters.mean, parameters.p95);
    if (sigma === undefined) {
      throw new LlmSpendError('INVALID_WORKLOAD', `No lognormal has mean ${parameters.mean} and p95 ${parameters.p95}.`, { path: 'lognormal.p95' });
    }
    return sigma < MIN_SIGMA ? new Fixed(parameters.mean, 'lognormal') : new Lognormal(Math.log(parameters.mean) - (sigma * sigma) / 2, sigma);
  }
  if ('samples' in spec) return new Samples(spec.samples);
  if ('histogram' in spec) return new Histogram(spec.histogram);
  throw new LlmSpendError('INVALID_WORKLOAD', `Unknown distribution ${showValue(spec)}.`, {});
}

/** A value no draw exceeds, except with probability about 1e-9. @internal */
export function practicalMax(dist: Dist): number {
  return Number.isFinite(dist.max) ? dist.max : dist.quantile(1 - 1e-9);
}

/** The constant distribution at a value. @internal */
export function fixedDist(value: number): Dist {
  return new Fixed(value);
}
