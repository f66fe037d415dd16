// The expected cost of one multi-turn conversation. Each turn re-sends the history: turn t's
// input = system + all earlier user and (billed, visible) assistant tokens + this turn's user
// tokens, so over T turns the input is s·T + u·T(T+1)/2 + a·T(T−1)/2 and, with a random T,
// E = s·E[T] + u·(E[T²] + E[T])/2 + a·(E[T²] − E[T])/2. Reasoning is billed per turn and
// not re-sent.
//
// That closed form holds while no turn can reach a long-context threshold or the context
// limit, and while a cached prefix fits in every turn. Otherwise the closed form is kept and
// a seeded Monte Carlo estimates only the correction (true cost − closed-form cost on the
// same draws): the exact part stays exact and the noise is confined to the turns that
// cross a threshold.
import { LlmSpendError } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { MAX_SIMULATED_TURNS } from '../limits.js';
import { fixedDist, practicalMax, type Dist } from '../workload/distributions.js';
import { contextLimit, missingPrice, type PricePlan, type TokenPrices } from './plan.js';
import { createRandom, roundRandomly, type Random } from '../workload/random.js';
import { costOfBuckets, emptyBuckets, fitBound, fits, inputCost, outputModel, prefixRate, setIndex, type CacheModel, type OutputModel, type TokenBuckets, type UnitResult } from './unit.js';

const TWO = new Dec(2);

/** Everything a conversation unit needs. */
export interface ConversationSpec {
  readonly plan: PricePlan;
  readonly turns: Dist;
  readonly user: Dist;
  readonly assistant: Dist;
  readonly system: Dist | undefined;
  readonly reasoning: Dist | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly cache: CacheModel;
  readonly cacheBelowMinimum: boolean;
  /** Images sent with each user turn (and re-sent with the history). */
  readonly images: { readonly perCall: Dist; readonly tokensPerImage: number } | undefined;
  /** Web searches per turn. */
  readonly searches: Dist | undefined;
  readonly seed: number;
  readonly draws: number;
}

/** One simulated turn; a single mutable record is reused across turns (no allocation). */
interface Turn {
  user: number;
  images: number;
  visible: number;
  reasoning: number;
  searches: number;
  hit: boolean;
}

function newTurn(): Turn {
  return { user: 0, images: 0, visible: 0, reasoning: 0, searches: 0, hit: false };
}

function drawTurn(spec: ConversationSpec, output: OutputModel, searches: Dist, random: Random, turn: Turn): void {
  turn.user = Math.max(0, roundRandomly(spec.user.draw(random), random));
  turn.images = spec.images === undefined ? 0 : Math.max(0, roundRandomly(spec.images.perCall.draw(random), random)) * spec.images.tokensPerImage;
  output.draw(random, turn);
  turn.searches = searches.variance === 0 && Number.isInteger(searches.mean) ? searches.mean : Math.max(0, roundRandomly(searches.draw(random), random));
  turn.hit = spec.cache.kind === 'prefix' ? random.next() < spec.cache.hitRate : false;
}

/** The cost of one conversation, part by part. */
export function conversationUnit(spec: ConversationSpec): UnitResult {
  const { plan, cache } = spec;
  const limit = contextLimit(plan.entry, spec.maxOutputTokens, practicalMax(spec.assistant) + (spec.reasoning === undefined ? 0 : practicalMax(spec.reasoning)));
  const output = outputModel(spec.assistant, spec.reasoning, spec.maxOutputTokens);
  const system = spec.system ?? fixedDist(0);
  const searches = spec.searches ?? fixedDist(0);
  if (searches.mean > 0 && plan.searchFee === undefined) throw missingPrice(plan, 'web-search fee (fees.webSearchPerThousandCalls)');
  const bound = fitBound(limit, plan);
  const base = plan.sets[0] as TokenPrices;
  const perImage = spec.images?.tokensPerImage ?? 0;
  const imageCount = spec.images?.perCall ?? fixedDist(0);

  // ---- the closed form, on the base price set, with whole turns
  const whole = wholeTurns(spec.turns);
  const t1 = whole.t1;
  const t2 = whole.t2;
  const userMean = spec.user.meanDec.plus(imageCount.meanDec.times(perImage));
  const imageMean = imageCount.meanDec.times(perImage);
  const userWeight = t2.plus(t1).div(TWO); // Σ over turns of (T − t + 1)
  const assistantWeight = t2.minus(t1).div(TWO); // Σ of (T − t)
  const input = system.meanDec.times(t1).plus(userMean.times(userWeight)).plus(output.meanVisible.times(assistantWeight));
  const images = imageMean.times(userWeight);
  const linear = emptyBuckets();
  linear.output = output.meanBilled.times(t1);
  linear.reasoning = output.meanReasoning.times(t1);
  let searchesPerConversation = searches.meanDec.times(t1);
  applyCache(linear, cache, input, images, t1);

  // ---- is a threshold or a partial prefix in play?
  const firstThreshold = Math.min(plan.sets[1]?.fromInputTokens ?? Number.POSITIVE_INFINITY, bound.inclusive ? bound.x + 1e-9 : bound.x);
  // The largest turn is the last of the longest conversation: system + T·(user + assistant).
  // Bound it by the means, eight standard deviations of the sum, and one extreme (1 − 1e-9
  // quantile) user and assistant message: a tail beyond that is negligible (≲ 1e-9).
  const turnsMax = Math.max(0, practicalMax(spec.turns));
  const assistantMax = Math.min(practicalMax(spec.assistant), spec.maxOutputTokens ?? Number.POSITIVE_INFINITY);
  const userMeanFloat = spec.user.mean + imageCount.mean * perImage;
  const spread = Math.sqrt(turnsMax * (spec.user.variance + imageCount.variance * perImage * perImage + spec.assistant.variance));
  const largestTurn =
    practicalMax(system) +
    turnsMax * (userMeanFloat + spec.assistant.mean) +
    8 * spread +
    (practicalMax(spec.user) - spec.user.mean) +
    perImage * (practicalMax(imageCount) - imageCount.mean) +
    Math.max(0, assistantMax - spec.assistant.mean);
  const thresholdsInPlay = largestTurn >= firstThreshold;
  const smallestFirstPrompt = system.min + spec.user.min;
  const prefixPartial = cache.kind === 'prefix' && cache.prefixTokens > smallestFirstPrompt;

  const f = base.float;
  const fee = plan.searchFee?.toNumber() ?? 0;
  const linearCost = (turn: Turn, x: number): number => turnCost(cache, f, x, turn, fee, true);

  let sets: TokenBuckets[] = plan.sets.map((_, index) => (index === 0 ? linear : emptyBuckets()));
  const moments = analyticVariance(spec, output, system, searches, imageCount, fee);
  let variance = moments.variance;
  let overflowShare = 0;
  let longContextShare = 0;
  let monteCarlo: UnitResult['monteCarlo'];

  if (thresholdsInPlay || prefixPartial) {
    const random = createRandom(spec.seed);
    const n = spec.draws;
    if (n * Math.max(1, spec.turns.mean) > MAX_SIMULATED_TURNS) {
      throw new LlmSpendError(
        'INVALID_WORKLOAD',
        `This conversation needs a Monte Carlo of ${n} conversations × ${Number(spec.turns.mean.toPrecision(4))} turns on average, above the limit of ${MAX_SIMULATED_TURNS} simulated turns: ` +
          `pass fewer draws (at most ${Math.max(0, Math.floor(MAX_SIMULATED_TURNS / Math.max(1, spec.turns.mean)))}).`,
        { path: 'draws', draws: n },
      );
    }
    const trueSums = plan.sets.map(() => new Float64Array(7));
    const linearSums = new Float64Array(7);
    let trueSearches = 0;
    let linearSearches = 0;
    let cut = 0;
    let turnsFitted = 0;
    let turnsLong = 0;
    let sumCost = 0;
    let sumCost2 = 0;
    let sumDiff = 0;
    let sumDiff2 = 0;
    const turn = newTurn();
    for (let draw = 0; draw < n; draw += 1) {
      const turns = Math.max(0, roundRandomly(spec.turns.draw(random), random));
      const sys = Math.max(0, roundRandomly(system.draw(random), random));
      let history = 0;
      let ended = false;
      let costTrue = 0;
      let costLinear = 0;
      for (let t = 0; t < turns; t += 1) {
        drawTurn(spec, output, searches, random, turn);
        const x = sys + history + turn.user + turn.images;
        addTurn(linearSums, cache, x, turn, true);
        linearSearches += turn.searches;
        costLinear += linearCost(turn, x);
        if (!ended) {
          if (!fits(bound, x)) {
            ended = true;
            cut += 1;
          } else {
            const index = setIndex(plan, x);
            addTurn(trueSums[index] as Float64Array, cache, x, turn, false);
            trueSearches += turn.searches;
            costTrue += turnCost(cache, (plan.sets[index] as TokenPrices).float, x, turn, fee, false);
            turnsFitted += 1;
            if (index > 0) turnsLong += 1;
          }
        }
        history += turn.user + turn.images + turn.visible;
      }
      sumCost += costTrue;
      sumCost2 += costTrue * costTrue;
      const diff = costTrue - costLinear;
      sumDiff += diff;
      sumDiff2 += diff * diff;
    }
    const perDraw = (value: number): Dec => new Dec(value).div(n);
    const mean = sumCost / n;
    variance = Math.max(0, sumCost2 / n - mean * mean);
    const diffMean = sumDiff / n;
    const correctionError = Math.sqrt(Math.max(0, sumDiff2 / n - diffMean * diffMean) / n);
    const directError = Math.sqrt(variance / n);
    // Keep the closed form and add the simulated correction (true − closed form on the same
    // draws), unless the simulation alone is less noisy (when most conversations overflow).
    // The correction is unbiased but can leave a bucket below zero when the closed form is far
    // off (a cached prefix longer than most prompts bills negative uncached input in the
    // closed form): then the direct simulation, non-negative by construction, is used.
    const build = (correct: boolean): TokenBuckets[] =>
      plan.sets.map((_, index) => {
        const sums = trueSums[index] as Float64Array;
        const buckets = correct && index === 0 ? { ...linear } : emptyBuckets();
        BUCKET_KEYS.forEach((key, k) => {
          const simulated = perDraw(sums[k] ?? 0);
          buckets[key] = correct && index === 0 ? buckets[key].plus(simulated).minus(perDraw(linearSums[k] ?? 0)) : simulated;
        });
        return buckets;
      });
    let corrected = correctionError <= directError;
    sets = build(corrected);
    if (corrected && sets.some((buckets) => BUCKET_KEYS.some((key) => buckets[key].isNegative() && !buckets[key].isZero()))) {
      corrected = false;
      sets = build(false);
    }
    searchesPerConversation = corrected ? searchesPerConversation.plus(perDraw(trueSearches - linearSearches)) : perDraw(trueSearches);
    monteCarlo = { draws: n, standardError: corrected ? correctionError : directError };
    overflowShare = cut / n;
    longContextShare = turnsFitted === 0 ? 0 : turnsLong / turnsFitted;
  }

  const meanCost = costOfBuckets(plan, sets, searchesPerConversation).total;
  const result: UnitResult = {
    plan,
    limit,
    sets,
    searches: searchesPerConversation,
    meanCost,
    variance,
    thirdCentral: moments.thirdCentral,
    overflowShare,
    longContextShare,
    clampedShare: output.clampedShare,
    cacheBelowMinimum: spec.cacheBelowMinimum,
    prefixLongerThanPrompt: prefixPartial,
    sample: (random) => sampleConversation(spec, output, system, searches, bound, fee, random),
  };
  return monteCarlo === undefined ? result : { ...result, monteCarlo };
}

const BUCKET_KEYS = ['uncached', 'images', 'cached', 'write', 'write1h', 'output', 'reasoning'] as const;

/** Splits expected input into cache buckets (closed form: a prefix caches P tokens per turn). */
function applyCache(buckets: TokenBuckets, cache: CacheModel, input: Dec, images: Dec, turns: Dec): void {
  if (cache.kind === 'none') {
    buckets.uncached = input;
    buckets.images = images;
    return;
  }
  if (cache.kind === 'share') {
    const share = new Dec(cache.share);
    buckets.cached = input.times(share);
    buckets.uncached = input.minus(buckets.cached);
    buckets.images = images.times(new Dec(1).minus(share));
    return;
  }
  const prefix = new Dec(cache.prefixTokens).times(turns);
  const hit = new Dec(cache.hitRate);
  buckets.cached = prefix.times(hit);
  const missed = prefix.minus(buckets.cached);
  buckets.uncached = input.minus(prefix);
  if (cache.writeTo === 'write') buckets.write = missed;
  else if (cache.writeTo === 'write1h') buckets.write1h = missed;
  else buckets.uncached = buckets.uncached.plus(missed);
  buckets.images = images;
}

/** The cached (or written) prefix of one turn: P tokens in the closed form, at most the prompt before this turn's images otherwise. */
function cacheable(cache: CacheModel, x: number, turn: Turn, closedForm: boolean): number {
  if (cache.kind !== 'prefix') return 0;
  return closedForm ? cache.prefixTokens : Math.min(cache.prefixTokens, x - turn.images);
}

function addTurn(sums: Float64Array, cache: CacheModel, x: number, turn: Turn, closedForm: boolean): void {
  // Order: uncached, images, cached, write, write1h, output, reasoning.
  let uncached = x;
  let images = turn.images;
  if (cache.kind === 'share') {
    // The share is applied as a fraction in the closed form; keep the sums linear in x.
    sums[2] = (sums[2] ?? 0) + x * cache.share;
    uncached = x * (1 - cache.share);
    images = turn.images * (1 - cache.share);
  } else if (cache.kind === 'prefix') {
    const prefix = cacheable(cache, x, turn, closedForm);
    if (turn.hit) sums[2] = (sums[2] ?? 0) + prefix;
    else if (cache.writeTo === 'write') sums[3] = (sums[3] ?? 0) + prefix;
    else if (cache.writeTo === 'write1h') sums[4] = (sums[4] ?? 0) + prefix;
    if (turn.hit || cache.writeTo !== 'input') uncached = x - prefix;
  }
  sums[0] = (sums[0] ?? 0) + uncached;
  sums[1] = (sums[1] ?? 0) + images;
  sums[5] = (sums[5] ?? 0) + turn.visible + turn.reasoning;
  sums[6] = (sums[6] ?? 0) + turn.reasoning;
}

function turnCost(cache: CacheModel, f: TokenPrices['float'], x: number, turn: Turn, fee: number, closedForm: boolean): number {
  return inputCost(cache, f, x, cacheable(cache, x, turn, closedForm), turn.hit) + (turn.visible + turn.reasoning) * f.output + turn.searches * fee;
}

function sampleConversation(spec: ConversationSpec, output: OutputModel, system: Dist, searches: Dist, bound: { x: number; inclusive: boolean }, fee: number, random: Random): number {
  const turns = Math.max(0, roundRandomly(spec.turns.draw(random), random));
  const sys = Math.max(0, roundRandomly(system.draw(random), random));
  let history = 0;
  let cost = 0;
  const turn = newTurn();
  for (let t = 0; t < turns; t += 1) {
    drawTurn(spec, output, searches, random, turn);
    const x = sys + history + turn.user + turn.images;
    if (!fits(bound, x)) break;
    cost += turnCost(spec.cache, (spec.plan.sets[setIndex(spec.plan, x)] as TokenPrices).float, x, turn, fee, false);
    history += turn.user + turn.images + turn.visible;
  }
  return cost;
}

/** The distribution of whole turns: T rounded randomly (⌊T⌋ or ⌈T⌉, keeping the mean), as draws are. */
export interface WholeTurns {
  /** E[T] (randomized rounding keeps it). */
  readonly t1: Dec;
  /** E[T²] of whole turns: E[T²] + E[{T}(1 − {T})]; exact for fixed, uniform, samples and histograms. */
  readonly t2: Dec;
  /** E[T^k] of whole turns, k = 1..4. */
  moment(k: number): number;
  /** P(T = k) over whole k, when the support is small enough to list (else undefined: continuous moments are used). */
  readonly pmf: ReadonlyArray<{ readonly k: number; readonly p: number }> | undefined;
}

const wholeTurnsCache = new WeakMap<Dist, WholeTurns>();
/** Whole turns are listed up to this many values; beyond, the continuous moments stand (the correction is at most 1/4 turn²). */
const MAX_LISTED_TURNS = 200_000;

/**
 * Turns are whole numbers: a conversation of T = 2.4 turns is 2 turns 60 % of the time and 3
 * turns 40 %. The closed form uses the moments of those whole turns, P(T = k) =
 * E[(T − (k−1)); k−1 < T ≤ k] + E[(k+1 − T); k < T ≤ k+1], exact for the exact kinds.
 */
export function wholeTurns(turns: Dist): WholeTurns {
  const cached = wholeTurnsCache.get(turns);
  if (cached !== undefined) return cached;
  const lowest = Math.max(0, Math.floor(turns.min)) - 1;
  const highest = Math.ceil(practicalMax(turns)) + 1;
  let result: WholeTurns;
  if (!(highest - lowest <= MAX_LISTED_TURNS)) {
    result = { t1: turns.meanDec, t2: turns.secondMomentDec, moment: (k) => turns.moment(k), pmf: undefined };
  } else {
    const pmfDec = new Map<number, Dec>();
    const add = (k: number, value: Dec): void => {
      pmfDec.set(k, (pmfDec.get(k) ?? new Dec(0)).plus(value));
    };
    for (let k = lowest; k < highest; k += 1) {
      // (k, k+1]: weight (k+1 − T) to k and (T − k) to k + 1.
      const range = turns.range(k, false, k + 1, true);
      if (range.p === 0 && range.pDec.isZero()) continue;
      const toHigh = range.m1Dec.minus(range.pDec.times(k));
      add(k, range.pDec.minus(toHigh));
      add(k + 1, toHigh);
    }
    const pmf = [...pmfDec.entries()].filter(([, p]) => !p.isZero()).map(([k, p]) => ({ k, p: p.toNumber(), pDec: p }));
    const t2Listed = pmf.reduce((sum, entry) => sum.plus(entry.pDec.times(entry.k * entry.k)), new Dec(0));
    // Exact kinds: E[T²] of the listed whole turns, exactly. Others: the continuous E[T²] plus the
    // rounding term E[{T}(1 − {T})] = E[T_whole²; listed] − E[T²; listed] (the far tail cancels).
    const t2 = turns.exact ? t2Listed : turns.secondMomentDec.plus(t2Listed.minus(new Dec(turns.range(lowest, false, highest, true).m2)));
    const rounding = t2.minus(turns.secondMomentDec).toNumber();
    const listed = [1, 2, 3, 4].map((m) => pmf.reduce((sum, entry) => sum + entry.p * entry.k ** m, 0));
    // Non-exact kinds: E[(T + ε)^k] with E[ε | T] = 0 and E[ε² | T] = {T}(1 − {T}), to second order.
    const continuous = [turns.mean, t2.toNumber(), turns.moment(3) + 3 * turns.mean * rounding, turns.moment(4) + 6 * turns.secondMoment * rounding];
    result = {
      t1: turns.meanDec,
      t2,
      moment: (k) => (turns.exact ? (listed[k - 1] ?? Number.NaN) : (continuous[k - 1] ?? Number.NaN)),
      pmf: pmf.map(({ k, p }) => ({ k, p })),
    };
  }
  wholeTurnsCache.set(turns, result);
  return result;
}

/**
 * Var[cost of a conversation] in closed form, with T turns: E[Var[C | T]] + Var[E[C | T]],
 * E[C | T] = c₁T + c₂T² (needs E[T³], E[T⁴]). Turns are independent; within a turn the
 * visible and billed output are taken with their covariance.
 */
function analyticVariance(spec: ConversationSpec, output: OutputModel, system: Dist, searches: Dist, imageCount: Dist, fee: number): { variance: number; thirdCentral: number } {
  const f = (spec.plan.sets[0] as TokenPrices).float;
  const cache = spec.cache;
  const perImage = spec.images?.tokensPerImage ?? 0;
  let inputRate = f.input;
  let perTurnSaving = 0;
  let hitVariance = 0;
  if (cache.kind === 'share') inputRate = f.input * (1 - cache.share) + f.cachedInput * cache.share;
  if (cache.kind === 'prefix') {
    const missRate = prefixRate(cache, f, false);
    const h = cache.hitRate;
    perTurnSaving = cache.prefixTokens * (h * (f.input - f.cachedInput) + (1 - h) * (f.input - missRate));
    hitVariance = cache.prefixTokens ** 2 * h * (1 - h) * (f.cachedInput - missRate) ** 2;
  }
  const outputRate = f.output;
  const mU = spec.user.mean + imageCount.mean * perImage;
  const vU = spec.user.variance + imageCount.variance * perImage * perImage;
  const mA = output.meanVisibleFloat;
  const vA = Math.max(0, output.secondVisible - mA * mA);
  const mB = output.meanBilledFloat;
  const vB = Math.max(0, output.secondBilled - mB * mB);
  const cAB = output.visibleTimesBilled - mA * mB;
  const whole = wholeTurns(spec.turns);
  const [t1, t2, t3, t4] = [1, 2, 3, 4].map((k) => whole.moment(k)) as [number, number, number, number];
  const c2 = (inputRate * (mU + mA)) / 2;
  const c1 = inputRate * system.mean + (inputRate * (mU - mA)) / 2 + outputRate * mB - perTurnSaving + fee * searches.mean;
  const expectedVariance =
    inputRate ** 2 * system.variance * t2 +
    (inputRate ** 2 * vU * (2 * t3 + 3 * t2 + t1)) / 6 +
    (inputRate ** 2 * vA * (2 * t3 - 3 * t2 + t1)) / 6 +
    inputRate * outputRate * cAB * (t2 - t1) +
    (outputRate ** 2 * vB + hitVariance + fee ** 2 * searches.variance) * t1;
  const varianceOfMean = c1 * c1 * (t2 - t1 * t1) + 2 * c1 * c2 * (t3 - t1 * t2) + c2 * c2 * (t4 - t2 * t2);
  // The third central moment (for the band's skew term) from the spread of turns alone:
  // E[(g(T) − E g)³] with g(T) = c₁T + c₂T² over the whole-turn distribution.
  let thirdCentral = 0;
  if (whole.pmf !== undefined) {
    const g = (k: number): number => c1 * k + c2 * k * k;
    const mean = whole.pmf.reduce((sum, entry) => sum + entry.p * g(entry.k), 0);
    thirdCentral = whole.pmf.reduce((sum, entry) => sum + entry.p * (g(entry.k) - mean) ** 3, 0);
  }
  return { variance: Math.max(0, expectedVariance + varianceOfMean), thirdCentral };
}
