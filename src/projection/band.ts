// The band of a projection: p50, p90 and p99 of the spend S = C₁ + … + C_N over a period,
// with N calls (jobs) and per-call costs C of mean μ and variance σ².
//
// - Nothing random (fixed volume, a constant cost): every percentile is the expectation.
// - Small volume (E[N] < 200), or a known volume whose spend is still too skewed for the
//   corrected normal (|γ_S| > 0.3): a seeded Monte Carlo of whole periods (N drawn, then N
//   costs), with as many periods as it takes for each percentile's 95 % interval to be within
//   ±1 % (up to a work budget; the error reached is reported).
// - Otherwise the CLT given N, S | N ≈ Normal(Nμ, Nσ²) with a Cornish–Fisher (Edgeworth) skew
//   term γ_N = κ₃/(σ³√N), mixed over the volume distribution:
//   F_S(s) = E_N[Φ(t) − φ(t)(t² − 1)γ_N/6], t = (s − Nμ)/(σ√N). Its variance is
//   E[N]σ² + Var[N]μ², and when the volume is uncertain its percentiles follow the volume's
//   (p90 spend ≈ μ × p90 calls), which a single normal with that variance would not.
import { Dec } from '../money/decimal.js';
import type { VolumeDistribution } from '../workload/volume.js';
import { NORMAL_SCORE_NODES, normalCdf, normalQuantile } from '../workload/math.js';
import { createRandom, roundRandomly, sortedQuantile, type Random } from '../workload/random.js';

/** Below this many expected calls the band comes from a Monte Carlo of whole periods. */
export const SMALL_VOLUME = 200;

/** Within a Monte Carlo period, more calls than this are summed by the CLT (with the skew term) instead of one by one. */
const LARGE_DRAW = 2000;

/** The Monte Carlo band aims at this relative half-width of each percentile's 95 % interval. */
export const MONTE_CARLO_TARGET_ERROR = 0.01;

/** Work budget of a Monte Carlo band, in simulated calls (turns of conversations, calls of tasks). */
const WORK_BUDGET = 24_000_000;
/** At most this many simulated periods (memory: 8 bytes each). */
const MAX_PERIODS = 4_000_000;
const MIN_PERIODS = 2000;

/** Above this skewness of the spend, a known volume's band is simulated rather than corrected. */
const MAX_CORRECTED_SKEW = 0.3;

/** How a band was computed. */
export type BandMethod = 'exact' | 'normal' | 'mixture' | 'monte-carlo';

export interface BandInput {
  /** E[cost of one job], float USD. */
  readonly meanCost: number;
  /** Var[cost of one job]. */
  readonly varianceCost: number;
  /** E[(C − μ)³] of one job's cost (0 when unknown): the skew term. */
  readonly thirdCentralCost?: number;
  /** The call-rate distribution, per volume unit. */
  readonly volume: VolumeDistribution;
  /** Calls in the period per unit of rate: N = V × factor. */
  readonly factor: number;
  /** E[S], exact. */
  readonly expected: Dec;
  /** One seeded draw of a job's cost. */
  readonly sample: (random: Random) => number;
  /** Rough work per job draw (turns of a conversation, calls of a task), to size the Monte Carlo. */
  readonly drawWeight: number;
  readonly seed: number;
}

export interface Band {
  readonly p50: Dec;
  readonly p90: Dec;
  readonly p99: Dec;
  readonly method: BandMethod;
  readonly draws?: number;
  /** Monte Carlo only: the largest relative half-width of the 95 % interval of p50, p90 and p99. */
  readonly simulationError?: number;
  /** sd of S from the volume: √Var[N] · μ. */
  readonly sdFromVolume: number;
  /** sd of S from per-call token noise: √E[N] · σ. */
  readonly sdFromTokens: number;
  /**
   * The share of periods with 0 calls that a plain fit put below 0 (the volume is capped at 0,
   * `capAtZero`: its CDF at 0 is the share AT 0, of which this came from below); 0 otherwise.
   */
  readonly zeroVolumeShare: number;
}

const LEVELS = [0.5, 0.9, 0.99] as const;

function atLeastZero(expected: Dec, offset: number): Dec {
  const value = expected.plus(new Dec(offset));
  return value.isNegative() ? new Dec(0) : value;
}

function ordered(values: readonly Dec[]): [Dec, Dec, Dec] {
  const [a = new Dec(0), b = new Dec(0), c = new Dec(0)] = values;
  const p90 = Dec.max(a, b);
  return [a, p90, Dec.max(p90, c)];
}

/** The band of a projection. */
export function computeBand(input: BandInput): Band {
  const { meanCost: mu, varianceCost, volume, factor } = input;
  const sigma = Math.sqrt(Math.max(0, varianceCost));
  const expectedCalls = volume.mean * factor;
  // The volume is never below 0 calls (a plain fit that reached below is capped at 0, with its
  // mean and variance those of max(0, N)), so its moments, quantiles and draws agree.
  const sdFromVolume = Math.sqrt(volume.variance) * factor * mu;
  const sdFromTokens = Math.sqrt(Math.max(0, expectedCalls)) * sigma;
  const zeroVolumeShare = volume.capped?.share ?? 0;
  const common = { sdFromVolume, sdFromTokens, zeroVolumeShare };
  const fixedVolume = volume.variance === 0;
  const wholeCalls = Number.isInteger(expectedCalls);
  if (fixedVolume && (sigma === 0 || expectedCalls === 0) && (wholeCalls || mu === 0)) {
    return { p50: input.expected, p90: input.expected, p99: input.expected, method: 'exact', ...common };
  }
  const third = input.thirdCentralCost ?? 0;
  // Skewness of the sum of n calls: κ₃/(σ³√n).
  const skewAt = (n: number): number => (sigma === 0 || n <= 0 || !Number.isFinite(third) ? 0 : third / (sigma ** 3 * Math.sqrt(n)));
  if (expectedCalls < SMALL_VOLUME) return monteCarloBand(input, common);
  if (fixedVolume) {
    const gamma = skewAt(expectedCalls);
    if (Math.abs(gamma) > MAX_CORRECTED_SKEW && expectedCalls * Math.max(1, input.drawWeight) * MIN_PERIODS * 4 <= WORK_BUDGET) return monteCarloBand(input, common);
    const [p50, p90, p99] = ordered(LEVELS.map((p) => atLeastZero(input.expected, cornishFisher(normalQuantile(p), gamma) * sdFromTokens)));
    return { p50, p90, p99, method: 'normal', ...common };
  }
  if (sigma === 0) {
    const mean = volume.mean;
    const [p50, p90, p99] = ordered(LEVELS.map((p) => atLeastZero(input.expected, mu * factor * (volume.quantile(p) - mean))));
    return { p50, p90, p99, method: 'mixture', ...common };
  }
  const meanSpend = mu * expectedCalls;
  const sdTotal = Math.hypot(sdFromVolume, sdFromTokens);
  // Integrate over whichever source of spread is smoother at the scale of the other.
  const overVolume = sdFromTokens >= sdFromVolume;
  const volumeNodes = NORMAL_SCORE_NODES.map(({ z, w }) => ({ w, n: Math.max(0, volume.atScore(z) * factor) }));
  const cdf = (s: number): number => {
    if (overVolume) {
      let total = 0;
      for (const node of volumeNodes) total += node.w * (node.n === 0 ? (s >= 0 ? 1 : 0) : edgeworthCdf((s - node.n * mu) / (sigma * Math.sqrt(node.n)), skewAt(node.n)));
      return Math.min(1, Math.max(0, total));
    }
    if (s < 0) return 0;
    let total = 0;
    for (const { z, w } of NORMAL_SCORE_NODES) {
      // The calls n at which n·μ + σ·√n·z = s: with x = √n, μx² + σzx − s = 0.
      const x = (-sigma * z + Math.sqrt(sigma * sigma * z * z + 4 * mu * s)) / (2 * mu);
      total += w * volume.cdf((x * x) / factor);
    }
    return total;
  };
  const values = LEVELS.map((p) => {
    let low = Math.max(0, meanSpend - 20 * sdTotal);
    let high = meanSpend + 20 * sdTotal;
    for (let index = 0; index < 60 && cdf(high) < p; index += 1) high = high * 2 + sdTotal;
    if (cdf(low) >= p) return atLeastZero(input.expected, low - meanSpend);
    for (let index = 0; index < 100; index += 1) {
      const mid = (low + high) / 2;
      if (mid === low || mid === high) break;
      if (cdf(mid) >= p) high = mid;
      else low = mid;
    }
    return atLeastZero(input.expected, high - meanSpend);
  });
  const [p50, p90, p99] = ordered(values);
  return { p50, p90, p99, method: 'mixture', ...common };
}

/** The Cornish–Fisher quantile of a standardised sum with skewness γ (first order, |γ| capped at 1). */
export function cornishFisher(z: number, gamma: number): number {
  const g = Math.max(-1, Math.min(1, gamma));
  return z + ((z * z - 1) * g) / 6;
}

/** The Edgeworth CDF of a standardised sum with skewness γ: Φ(t) − φ(t)(t² − 1)γ/6, kept in [0, 1]. */
function edgeworthCdf(t: number, gamma: number): number {
  const g = Math.max(-1, Math.min(1, gamma));
  const value = normalCdf(t) - (Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI)) * ((t * t - 1) * g) / 6;
  return Math.min(1, Math.max(0, value));
}

/**
 * The relative half-width of the distribution-free 95 % interval of the p-quantile of sorted
 * draws (order statistics at Mp ∓ 1.96·√(Mp(1 − p))), relative to the quantile (or, when that is
 * 0, to a thousandth of the mean).
 */
export function quantileError(sorted: Float64Array, p: number, scale: number): number {
  const m = sorted.length;
  const spread = 1.96 * Math.sqrt(m * p * (1 - p));
  const lo = Math.max(0, Math.floor(m * p - spread) - 1);
  const hi = Math.min(m - 1, Math.ceil(m * p + spread));
  const low = sorted[lo] ?? 0;
  const high = sorted[hi] ?? 0;
  // A percentile that falls on the jump between two atoms of a discrete spend (1 conversation of
  // 1–8 whole turns: P(≤ 4 turns) = 0.5 exactly) is any value between them; no number of periods
  // narrows that, and it is not simulation error.
  const repeat = Math.ceil(m * 0.002);
  if (low !== high && sorted[Math.max(0, lo - repeat)] === low && sorted[Math.min(m - 1, hi + repeat)] === high) return 0;
  const half = (high - low) / 2;
  const value = sortedQuantile(sorted, p);
  const denominator = Math.max(Math.abs(value), scale * 1e-3);
  return denominator === 0 ? 0 : half / denominator;
}

function monteCarloBand(input: BandInput, common: Pick<Band, 'sdFromVolume' | 'sdFromTokens' | 'zeroVolumeShare'>): Band {
  const expectedCalls = Math.max(1, input.volume.mean * input.factor);
  const work = expectedCalls * Math.max(1, input.drawWeight);
  const maxPeriods = Math.max(MIN_PERIODS, Math.min(MAX_PERIODS, Math.floor(WORK_BUDGET / work)));
  const random = createRandom(input.seed + 1);
  const sigma = Math.sqrt(Math.max(0, input.varianceCost));
  const third = input.thirdCentralCost ?? 0;
  const scale = Math.max(0, input.meanCost * expectedCalls);
  let totals = new Float64Array(0);
  let target = Math.min(maxPeriods, MIN_PERIODS);
  let sorted = totals;
  let error = Number.POSITIVE_INFINITY;
  for (;;) {
    const grown = new Float64Array(target);
    grown.set(totals);
    for (let index = totals.length; index < target; index += 1) {
      const rate = input.volume.draw(random);
      const calls = roundRandomly(Math.max(0, rate * input.factor), random);
      let total = 0;
      if (calls > LARGE_DRAW) {
        // A heavy-tailed volume can draw far more calls than expected: sum those by the CLT, with the skew term.
        const gamma = sigma === 0 ? 0 : third / (sigma ** 3 * Math.sqrt(calls));
        total = Math.max(0, calls * input.meanCost + sigma * Math.sqrt(calls) * cornishFisher(normalQuantile(random.next()), gamma));
      } else {
        for (let call = 0; call < calls; call += 1) total += input.sample(random);
      }
      grown[index] = total;
    }
    totals = grown;
    sorted = Float64Array.from(totals).sort();
    error = Math.max(...LEVELS.map((p) => quantileError(sorted, p, scale)));
    if (error <= MONTE_CARLO_TARGET_ERROR || target >= maxPeriods) break;
    // The error falls as 1/√periods: ask for what the target needs, with a margin.
    target = Math.min(maxPeriods, Math.max(target * 2, Math.ceil(target * (error / MONTE_CARLO_TARGET_ERROR) ** 2 * 1.2)));
  }
  const [p50, p90, p99] = ordered(LEVELS.map((p) => new Dec(sortedQuantile(sorted, p))));
  return { p50, p90, p99, method: 'monte-carlo', draws: totals.length, simulationError: error, ...common };
}
