// The expected cost of one call of a workload, split by price set (base, long-context tiers)
// and by part (uncached input, cached input, cache writes, output, reasoning, images, fees).
//
// Expected token counts are decimals: exact for fixed, uniform, sample and histogram
// distributions, the float value of the closed form for normal and lognormal ones. Money is
// then Σ tokens × price in decimal.js. Where the input distribution reaches a long-context
// threshold or the context limit, it is split at those points with its CDF and partial moments
// (closed forms), so no Monte Carlo is needed for one call. Variances are floats.
import { Dec } from '../money/decimal.js';
import { fixedDist, practicalMax, type Dist, type Node, type RangeMoments } from '../workload/distributions.js';
import type { Random } from '../workload/random.js';
import { roundRandomly } from '../workload/random.js';
import { contextLimit, missingPrice, type ContextLimit, type PricePlan, type TokenPrices } from './plan.js';

const ZERO = new Dec(0);
const ONE = new Dec(1);

/** Expected tokens of one call (or conversation) priced with one price set. */
export interface TokenBuckets {
  /** Uncached input, images included. */
  uncached: Dec;
  /** Of which image tokens. */
  images: Dec;
  cached: Dec;
  write: Dec;
  write1h: Dec;
  /** All billed output, reasoning included. */
  output: Dec;
  /** Of which reasoning. */
  reasoning: Dec;
}

export function emptyBuckets(): TokenBuckets {
  return { uncached: ZERO, images: ZERO, cached: ZERO, write: ZERO, write1h: ZERO, output: ZERO, reasoning: ZERO };
}

/** What one job (a call, a conversation) is expected to cost, and how it spreads. */
export interface UnitResult {
  readonly plan: PricePlan;
  readonly limit: ContextLimit;
  /** Expected tokens per job, by price set; only calls that fit are counted. */
  readonly sets: readonly TokenBuckets[];
  /** Expected billed web searches per job. */
  readonly searches: Dec;
  /** E[cost of a job] in USD. */
  readonly meanCost: Dec;
  /** Var[cost of a job] (USD², float). */
  readonly variance: number;
  /**
   * E[(C − E C)³], for the band's skew (Cornish–Fisher) term: for a call, linearised in the
   * token counts (C ≈ a·input + b·billed output, independent); for a conversation, from the
   * spread of whole turns. An approximation: it only corrects the normal band.
   */
  readonly thirdCentral?: number;
  /** Share of calls (conversations) that do not fit the context: unpriced. */
  readonly overflowShare: number;
  /** Share of calls (conversation turns) priced at a long-context tier. */
  readonly longContextShare: number;
  /** Share of calls (turns) whose output + reasoning reached maxOutputTokens. */
  readonly clampedShare: number;
  /** The prefix cache is below the model's minimum cacheable length, so it never caches. */
  readonly cacheBelowMinimum: boolean;
  /** The cached prefix is longer than some prompts: on those, only the prompt is cached (or written). */
  readonly prefixLongerThanPrompt?: boolean;
  /** Set when the expectation needed a Monte Carlo correction. */
  readonly monteCarlo?: { readonly draws: number; readonly standardError: number };
  /** One seeded draw of a job's cost (float USD), for Monte Carlo bands. */
  sample(random: Random): number;
}

/** Cache behaviour of a unit, resolved against the model. */
export type CacheModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'share'; readonly share: number }
  | { readonly kind: 'prefix'; readonly prefixTokens: number; readonly hitRate: number; readonly writeTo: 'write' | 'write1h' | 'input' };

/** Resolves a workload's cache description against a plan. */
export function cacheModel(
  cache: { readonly cachedShare: number } | { readonly prefixTokens: number; readonly hitRate: number; readonly ttl?: '5m' | '1h' | undefined } | undefined,
  plan: PricePlan,
): { model: CacheModel; belowMinimum: boolean } {
  if (cache === undefined) return { model: { kind: 'none' }, belowMinimum: false };
  if ('cachedShare' in cache) {
    if (cache.cachedShare > 0 && plan.sets.some((set) => set.cachedInput === undefined)) throw missingPrice(plan, 'cached-input');
    return { model: cache.cachedShare === 0 ? { kind: 'none' } : { kind: 'share', share: cache.cachedShare }, belowMinimum: false };
  }
  const minimum = plan.minCacheableTokens ?? 0;
  if (cache.prefixTokens < minimum || cache.prefixTokens === 0) return { model: { kind: 'none' }, belowMinimum: cache.prefixTokens < minimum };
  if (cache.hitRate > 0 && plan.sets.some((set) => set.cachedInput === undefined)) throw missingPrice(plan, 'cached-input');
  let writeTo: 'write' | 'write1h' | 'input' = 'input';
  if (cache.ttl === '1h') {
    if (plan.write1hPriced) writeTo = 'write1h';
    else if (plan.writeBilled) throw missingPrice(plan, '1-hour cache-write');
  } else if (plan.writeBilled) writeTo = 'write';
  return { model: { kind: 'prefix', prefixTokens: cache.prefixTokens, hitRate: cache.hitRate, writeTo }, belowMinimum: false };
}

/** Per-token price (float) of a cached prefix: the cached price on a hit, else the miss's write (or plain input) price. */
export function prefixRate(cache: Extract<CacheModel, { kind: 'prefix' }>, f: TokenPrices['float'], hit: boolean): number {
  if (hit) return f.cachedInput;
  return cache.writeTo === 'write' ? f.cacheWrite : cache.writeTo === 'write1h' ? f.cacheWrite1h : f.input;
}

/** Input cost (float USD) of x input tokens, `cacheable` of which are the cached prefix. For draws and variances. */
export function inputCost(cache: CacheModel, f: TokenPrices['float'], x: number, cacheable: number, hit: boolean): number {
  if (cache.kind === 'none') return x * f.input;
  if (cache.kind === 'share') return x * (f.input * (1 - cache.share) + f.cachedInput * cache.share);
  return cacheable * prefixRate(cache, f, hit) + (x - cacheable) * f.input;
}

// ---------------------------------------------------------------- output

/** Billed output per call: visible output plus reasoning, capped together at maxOutputTokens. */
export interface OutputModel {
  /** E[billed output + reasoning]. */
  readonly meanBilled: Dec;
  /** E[billed visible output]. */
  readonly meanVisible: Dec;
  /** E[billed reasoning]. */
  readonly meanReasoning: Dec;
  readonly meanBilledFloat: number;
  readonly meanVisibleFloat: number;
  /** E[billed²]. */
  readonly secondBilled: number;
  /** E[visible²]. */
  readonly secondVisible: number;
  /** E[visible · billed]. */
  readonly visibleTimesBilled: number;
  /** P(output + reasoning > maxOutputTokens). */
  readonly clampedShare: number;
  /** Whether billed output never varies. */
  readonly constant: boolean;
  /** One draw of whole billed visible and reasoning tokens, written into `into` (no allocation). */
  draw(random: Random, into: { visible: number; reasoning: number }): void;
}

/**
 * The billed output of a call. Reasoning comes first, so a cap cuts the visible answer first:
 * billed reasoning = min(R, M), billed visible = min(O, M − billed reasoning).
 */
export function outputModel(output: Dist, reasoning: Dist | undefined, cap: number | undefined): OutputModel {
  const r = reasoning ?? fixedDist(0);
  const draw = (random: Random, into: { visible: number; reasoning: number }): void => {
    const o = Math.max(0, roundRandomly(output.draw(random), random));
    const rr = reasoning === undefined ? 0 : Math.max(0, roundRandomly(r.draw(random), random));
    if (cap === undefined) {
      into.visible = o;
      into.reasoning = rr;
      return;
    }
    const billedReasoning = Math.min(rr, cap);
    into.visible = Math.min(o, cap - billedReasoning);
    into.reasoning = billedReasoning;
  };
  const constant = output.variance === 0 && r.variance === 0;
  if (cap === undefined) {
    const meanBilled = output.meanDec.plus(r.meanDec);
    return {
      meanBilled,
      meanVisible: output.meanDec,
      meanReasoning: r.meanDec,
      meanBilledFloat: output.mean + r.mean,
      meanVisibleFloat: output.mean,
      secondBilled: output.secondMoment + 2 * output.mean * r.mean + r.secondMoment,
      secondVisible: output.secondMoment,
      visibleTimesBilled: output.secondMoment + output.mean * r.mean,
      clampedShare: 0,
      constant,
      draw,
    };
  }
  // Condition on the reasoning draw: exact nodes for fixed and sample distributions.
  const nodes: readonly Node[] = r.variance === 0 ? [{ w: 1, wDec: ONE, x: r.mean }] : r.nodes();
  let meanBilled = ZERO;
  let meanVisible = ZERO;
  let secondBilled = 0;
  let secondVisible = 0;
  let cross = 0;
  let clamped = 0;
  for (const node of nodes) {
    const rb = Math.min(node.x, cap);
    const room = cap - rb;
    // visible = min(O, room): E = E[O; O ≤ room] + room · P(O > room).
    const below: RangeMoments = output.range(Number.NEGATIVE_INFINITY, true, room, true);
    const over = 1 - below.p;
    const overDec = ONE.minus(below.pDec);
    const visDec = below.m1Dec.plus(new Dec(room).times(overDec));
    const vis = below.m1 + room * over;
    const vis2 = below.m2 + room * room * over;
    meanVisible = meanVisible.plus(node.wDec.times(visDec));
    meanBilled = meanBilled.plus(node.wDec.times(visDec.plus(new Dec(rb))));
    secondVisible += node.w * vis2;
    secondBilled += node.w * (rb * rb + 2 * rb * vis + vis2);
    cross += node.w * (rb * vis + vis2);
    // Clamped when O + r > cap (certain when the reasoning alone is over the cap).
    clamped += node.w * (node.x > cap ? 1 : 1 - output.range(Number.NEGATIVE_INFINITY, true, cap - node.x, true).p);
  }
  // E[billed reasoning] = E[R; R ≤ M] + M · P(R > M).
  const reasoningBelow = r.range(Number.NEGATIVE_INFINITY, true, cap, true);
  const meanReasoning = reasoningBelow.m1Dec.plus(new Dec(cap).times(ONE.minus(reasoningBelow.pDec)));
  return {
    meanBilled,
    meanVisible,
    meanReasoning,
    meanBilledFloat: meanBilled.toNumber(),
    meanVisibleFloat: meanVisible.toNumber(),
    secondBilled,
    secondVisible,
    visibleTimesBilled: cross,
    clampedShare: Math.min(1, Math.max(0, clamped)),
    constant,
    draw,
  };
}

// ---------------------------------------------------------------- input regions

interface Bound {
  readonly x: number;
  readonly inclusive: boolean;
}

interface Interval {
  readonly lo: Bound;
  readonly hi: Bound;
}

const MINUS_INFINITY: Bound = { x: Number.NEGATIVE_INFINITY, inclusive: true };
const PLUS_INFINITY: Bound = { x: Number.POSITIVE_INFINITY, inclusive: true };

function tighterLow(a: Bound, b: Bound): Bound {
  if (a.x !== b.x) return a.x > b.x ? a : b;
  return a.inclusive ? b : a;
}

function tighterHigh(a: Bound, b: Bound): Bound {
  if (a.x !== b.x) return a.x < b.x ? a : b;
  return a.inclusive ? b : a;
}

function isEmpty(interval: Interval): boolean {
  return interval.lo.x > interval.hi.x || (interval.lo.x === interval.hi.x && !(interval.lo.inclusive && interval.hi.inclusive));
}

function shift(bound: Bound, by: number): Bound {
  return { x: bound.x - by, inclusive: bound.inclusive };
}

function rangeOf(dist: Dist, interval: Interval): RangeMoments | undefined {
  if (isEmpty(interval)) return undefined;
  const moments = dist.range(interval.lo.x, interval.lo.inclusive, interval.hi.x, interval.hi.inclusive);
  return moments.p === 0 && moments.pDec.isZero() ? undefined : moments;
}

/** The upper bound of the inputs that fit and can be priced. */
export function fitBound(limit: ContextLimit, plan: PricePlan): Bound {
  const byContext: Bound = { x: limit.maxInputTokens, inclusive: true };
  const byTier: Bound = { x: plan.unpricedFrom, inclusive: false };
  return tighterHigh(byContext, byTier);
}

/** Index of the price set for an input of x tokens. */
export function setIndex(plan: PricePlan, x: number): number {
  let index = 0;
  for (let j = 1; j < plan.sets.length; j += 1) if (x >= (plan.sets[j]?.fromInputTokens ?? Number.POSITIVE_INFINITY)) index = j;
  return index;
}

/** Whether an input of x tokens fits and can be priced. */
export function fits(bound: Bound, x: number): boolean {
  return bound.inclusive ? x <= bound.x : x < bound.x;
}

/** Everything a one-call unit needs. */
export interface CallSpec {
  readonly plan: PricePlan;
  readonly input: Dist;
  readonly output: Dist;
  readonly reasoning: Dist | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly cache: CacheModel;
  readonly cacheBelowMinimum: boolean;
  /** Images per call and tokens per image, when the call carries images. */
  readonly images: { readonly perCall: Dist; readonly tokensPerImage: number } | undefined;
  readonly searches: Dist | undefined;
}

interface CostState {
  /** Probability of this cache state (hit, miss) within the region. */
  readonly q: number;
  readonly qDec: Dec;
  readonly hit: boolean;
}

/** The expected cost of one call, split analytically at price and context thresholds. */
export function callUnit(spec: CallSpec): UnitResult {
  const { plan, input, cache } = spec;
  const limit = contextLimit(plan.entry, spec.maxOutputTokens, practicalMax(spec.output) + (spec.reasoning === undefined ? 0 : practicalMax(spec.reasoning)));
  const output = outputModel(spec.output, spec.reasoning, spec.maxOutputTokens);
  const searches = spec.searches ?? fixedDist(0);
  const fee = plan.searchFee;
  if (searches.mean > 0 && fee === undefined) throw missingPrice(plan, 'web-search fee (fees.webSearchPerThousandCalls)');
  const feeFloat = fee?.toNumber() ?? 0;
  const bound = fitBound(limit, plan);
  const perImage = spec.images?.tokensPerImage ?? 0;
  const shifts: readonly Node[] =
    spec.images === undefined || perImage === 0
      ? [{ w: 1, wDec: ONE, x: 0 }]
      : (spec.images.perCall.variance === 0 ? [{ w: 1, wDec: ONE, x: spec.images.perCall.mean }] : spec.images.perCall.nodes()).map((node) => ({ ...node, x: node.x * perImage }));

  const sets = plan.sets.map(() => emptyBuckets());
  let second = 0;
  let overflow = 0;
  let longContext = 0;
  const states: readonly CostState[] =
    cache.kind === 'prefix'
      ? [
          { q: cache.hitRate, qDec: new Dec(cache.hitRate), hit: true },
          { q: 1 - cache.hitRate, qDec: ONE.minus(new Dec(cache.hitRate)), hit: false },
        ].filter((state) => state.q > 0)
      : [{ q: 1, qDec: ONE, hit: false }];
  // Output and fees do not depend on the input: Y = p_out·B + fee·W.
  const meanW = searches.meanDec;
  let searchesTotal = ZERO;
  for (const node of shifts) {
    const s = node.x;
    const sDec = new Dec(s);
    if (bound.x !== Number.POSITIVE_INFINITY) {
      // The share that does not fit: inputs above the bound (or at it, when it is exclusive).
      const outside = rangeOf(input, { lo: { x: bound.x - s, inclusive: !bound.inclusive }, hi: PLUS_INFINITY });
      overflow += node.w * (outside?.p ?? 0);
    }
    for (let j = 0; j < plan.sets.length; j += 1) {
      const prices = plan.sets[j] as TokenPrices;
      const next = plan.sets[j + 1];
      const lo: Bound = j === 0 ? MINUS_INFINITY : { x: prices.fromInputTokens, inclusive: true };
      const hi = tighterHigh(next === undefined ? PLUS_INFINITY : { x: next.fromInputTokens, inclusive: false }, bound);
      const region: Interval = { lo: shift(lo, s), hi: shift(hi, s) };
      if (isEmpty(region)) continue;
      // Under a prefix cache, split where the text input passes the prefix length.
      const parts: Array<{ interval: Interval; belowPrefix: boolean }> =
        cache.kind === 'prefix'
          ? [
              { interval: { lo: region.lo, hi: tighterHigh(region.hi, { x: cache.prefixTokens, inclusive: true }) }, belowPrefix: true },
              { interval: { lo: tighterLow(region.lo, { x: cache.prefixTokens, inclusive: false }), hi: region.hi }, belowPrefix: false },
            ]
          : [{ interval: region, belowPrefix: false }];
      const buckets = sets[j] as TokenBuckets;
      const f = prices.float;
      const meanY = f.output * output.meanBilledFloat + feeFloat * searches.mean;
      const secondY = f.output * f.output * output.secondBilled + 2 * f.output * feeFloat * output.meanBilledFloat * searches.mean + feeFloat * feeFloat * searches.secondMoment;
      for (const part of parts) {
        const m = rangeOf(input, part.interval);
        if (m === undefined) continue;
        const w = node.wDec;
        const pDec = w.times(m.pDec);
        const x1 = w.times(m.m1Dec.plus(sDec.times(m.pDec)));
        const images = w.times(sDec.times(m.pDec));
        if (j > 0) longContext += node.w * m.p;
        buckets.output = buckets.output.plus(output.meanBilled.times(pDec));
        buckets.reasoning = buckets.reasoning.plus(output.meanReasoning.times(pDec));
        searchesTotal = searchesTotal.plus(meanW.times(pDec));
        if (cache.kind === 'none') {
          buckets.uncached = buckets.uncached.plus(x1);
          buckets.images = buckets.images.plus(images);
        } else if (cache.kind === 'share') {
          const c = new Dec(cache.share);
          buckets.cached = buckets.cached.plus(x1.times(c));
          buckets.uncached = buckets.uncached.plus(x1.times(ONE.minus(c)));
          buckets.images = buckets.images.plus(images.times(ONE.minus(c)));
        } else {
          const cacheable = part.belowPrefix ? w.times(m.m1Dec) : w.times(new Dec(cache.prefixTokens).times(m.pDec));
          const hit = new Dec(cache.hitRate);
          buckets.cached = buckets.cached.plus(cacheable.times(hit));
          const missed = cacheable.times(ONE.minus(hit));
          if (cache.writeTo === 'write') buckets.write = buckets.write.plus(missed);
          else if (cache.writeTo === 'write1h') buckets.write1h = buckets.write1h.plus(missed);
          else buckets.uncached = buckets.uncached.plus(missed);
          buckets.uncached = buckets.uncached.plus(x1.minus(cacheable));
          buckets.images = buckets.images.plus(images);
        }
        // E[C²] over this part: input cost α·I + β per cache state, plus the independent Y.
        for (const state of states) {
          const { alpha, beta } = inputCostLine(cache, f, s, part.belowPrefix, state.hit);
          const linear = alpha * m.m1 + beta * m.p;
          second += node.w * state.q * (alpha * alpha * m.m2 + 2 * alpha * beta * m.m1 + beta * beta * m.p + 2 * linear * meanY + m.p * secondY);
        }
      }
    }
  }
  const meanCost = costOfBuckets(plan, sets, searchesTotal).total;
  const meanFloat = meanCost.toNumber();
  // A call whose cost never varies has no variance (the float difference would leave dust).
  const constant =
    output.constant && input.variance === 0 && searches.variance === 0 && (spec.images?.perCall.variance ?? 0) === 0 && (cache.kind !== 'prefix' || cache.hitRate === 0 || cache.hitRate === 1);
  return {
    plan,
    limit,
    sets,
    searches: searchesTotal,
    meanCost,
    variance: constant ? 0 : Math.max(0, second - meanFloat * meanFloat),
    thirdCentral: constant ? 0 : linearThirdCentral(spec, output, meanFloat, feeFloat * searches.mean),
    overflowShare: Math.min(1, Math.max(0, overflow)),
    longContextShare: Math.min(1, Math.max(0, longContext)),
    clampedShare: output.clampedShare,
    cacheBelowMinimum: spec.cacheBelowMinimum,
    prefixLongerThanPrompt: cache.kind === 'prefix' && cache.prefixTokens > input.min,
    sample: (random) => sampleCall(spec, output, bound, searches, feeFloat, random),
  };
}

/** κ₃ of X: E[X³] − 3μE[X²] + 2μ³. */
function thirdCentralOf(dist: Dist): number {
  if (dist.variance === 0) return 0;
  const mu = dist.mean;
  return dist.moment(3) - 3 * mu * dist.moment(2) + 2 * mu ** 3;
}

/** κ₃ of a call's cost, linearised: a·(input + images) + b·(output + reasoning), independent parts. */
function linearThirdCentral(spec: CallSpec, output: OutputModel, meanCost: number, fees: number): number {
  const b = (spec.plan.sets[0] as TokenPrices).float.output;
  const inputMean = spec.input.mean + (spec.images === undefined ? 0 : spec.images.perCall.mean * spec.images.tokensPerImage);
  const a = inputMean > 0 ? Math.max(0, (meanCost - fees - b * output.meanBilledFloat) / inputMean) : 0;
  const images = spec.images === undefined ? 0 : thirdCentralOf(spec.images.perCall) * spec.images.tokensPerImage ** 3;
  const third = a ** 3 * (thirdCentralOf(spec.input) + images) + b ** 3 * (thirdCentralOf(spec.output) + (spec.reasoning === undefined ? 0 : thirdCentralOf(spec.reasoning)));
  return Number.isFinite(third) ? third : 0;
}

/** Input cost of a call as α·I + β, I the text input tokens and s the image tokens. */
function inputCostLine(cache: CacheModel, f: TokenPrices['float'], s: number, belowPrefix: boolean, hit: boolean): { alpha: number; beta: number } {
  if (cache.kind === 'none') return { alpha: f.input, beta: f.input * s };
  if (cache.kind === 'share') {
    const rate = f.input * (1 - cache.share) + f.cachedInput * cache.share;
    return { alpha: rate, beta: rate * s };
  }
  const cachedRate = prefixRate(cache, f, hit);
  if (belowPrefix) return { alpha: cachedRate, beta: f.input * s };
  return { alpha: f.input, beta: cachedRate * cache.prefixTokens + f.input * (s - cache.prefixTokens) };
}

function sampleCall(spec: CallSpec, output: OutputModel, bound: Bound, searches: Dist, fee: number, random: Random): number {
  const text = Math.max(0, roundRandomly(spec.input.draw(random), random));
  const images = spec.images === undefined ? 0 : Math.max(0, roundRandomly(spec.images.perCall.draw(random), random)) * spec.images.tokensPerImage;
  const x = text + images;
  const drawn = { visible: 0, reasoning: 0 };
  output.draw(random, drawn);
  const { visible, reasoning } = drawn;
  const webSearches = Math.max(0, roundRandomly(searches.draw(random), random));
  const hit = spec.cache.kind === 'prefix' ? random.next() < spec.cache.hitRate : false;
  if (!fits(bound, x)) return 0;
  const f = (spec.plan.sets[setIndex(spec.plan, x)] as TokenPrices).float;
  const cacheable = spec.cache.kind === 'prefix' ? Math.min(spec.cache.prefixTokens, text) : 0;
  return inputCost(spec.cache, f, x, cacheable, hit) + (visible + reasoning) * f.output + webSearches * fee;
}

/** The money of expected tokens: each part and the total, in USD, exact decimals. */
export interface BucketCost {
  readonly input: Dec;
  readonly cachedInput: Dec;
  readonly cacheWrite: Dec;
  readonly cacheWrite1h: Dec;
  readonly output: Dec;
  readonly reasoning: Dec;
  readonly images: Dec;
  readonly fees: Dec;
  readonly total: Dec;
}

/** Prices expected tokens; a part with tokens but no price is an error, never $0. */
export function costOfBuckets(plan: PricePlan, sets: readonly TokenBuckets[], searches: Dec): BucketCost {
  let input = ZERO;
  let cachedInput = ZERO;
  let cacheWrite = ZERO;
  let cacheWrite1h = ZERO;
  let output = ZERO;
  let reasoning = ZERO;
  let images = ZERO;
  sets.forEach((buckets, index) => {
    const prices = plan.sets[index] as TokenPrices;
    input = input.plus(buckets.uncached.times(prices.input));
    images = images.plus(buckets.images.times(prices.input));
    output = output.plus(buckets.output.times(prices.output));
    reasoning = reasoning.plus(buckets.reasoning.times(prices.output));
    cachedInput = cachedInput.plus(priced(plan, buckets.cached, prices.cachedInput, 'cached-input'));
    cacheWrite = cacheWrite.plus(priced(plan, buckets.write, prices.cacheWrite, 'cache-write (5-minute)'));
    cacheWrite1h = cacheWrite1h.plus(priced(plan, buckets.write1h, prices.cacheWrite1h, 'cache-write (1-hour)'));
  });
  const fees = searches.isZero() ? ZERO : (() => {
    if (plan.searchFee === undefined) throw missingPrice(plan, 'web-search fee (fees.webSearchPerThousandCalls)');
    return searches.times(plan.searchFee);
  })();
  return { input, cachedInput, cacheWrite, cacheWrite1h, output, reasoning, images, fees, total: input.plus(cachedInput).plus(cacheWrite).plus(cacheWrite1h).plus(output).plus(fees) };
}

function priced(plan: PricePlan, tokens: Dec, price: Dec | undefined, what: string): Dec {
  if (tokens.isZero()) return ZERO;
  if (price === undefined) throw missingPrice(plan, what);
  return tokens.times(price);
}
