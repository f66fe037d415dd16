// The band of a projection: p50, p90 and p99 of the spend S = C₁ + … + C_N over a period,
// with N calls (jobs) and per-call costs C of mean μ and variance σ².
//
// - Nothing random (fixed volume, a constant cost): every percentile is the expectation.
// - Small volume (E[N] < 200): a seeded Monte Carlo of whole periods (N drawn, then N costs).
// - Otherwise the CLT given N, S | N ≈ Normal(Nμ, Nσ²), mixed over the volume distribution:
//   F_S(s) = E_N[Φ((s − Nμ)/(σ√N))]. Its variance is E[N]σ² + Var[N]μ², and when the volume
//   is uncertain its percentiles follow the volume's (p90 spend ≈ μ × p90 calls), which a
//   single normal with that variance would not.
import { Dec } from '../money/decimal.js';
import type { VolumeDistribution } from '../workload/volume.js';
import { NORMAL_SCORE_NODES, normalCdf, normalQuantile } from './projection-math.js';
import { createRandom, roundRandomly, sortedQuantile, type Random } from './projection-random.js';

/** Below this many expected calls the band comes from a Monte Carlo of whole periods. */
export const SMALL_VOLUME = 200;

/** Within a Monte Carlo period, more calls than this are summed by the CLT instead of one by one. */
const LARGE_DRAW = 2000;

/** How a band was computed. */
export type BandMethod = 'exact' | 'normal' | 'mixture' | 'monte-carlo';

export interface BandInput {
  /** E[cost of one job], float USD. */
  readonly meanCost: number;
  /** Var[cost of one job]. */
  readonly varianceCost: number;
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
  /** sd of S from the volume: √Var[N] · μ. */
  readonly sdFromVolume: number;
  /** sd of S from per-call token noise: √E[N] · σ. */
  readonly sdFromTokens: number;
  /** P(N < 0) under the fitted volume (those draws count as no calls). */
  readonly negativeVolumeShare: number;
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

/** Var[max(0, V)] of a volume distribution (Var[V] when it never goes below 0). */
function clampedVariance(volume: VolumeDistribution): number {
  if (volume.variance === 0 || volume.cdf(0) === 0) return volume.variance;
  let first = 0;
  let second = 0;
  for (const { z, w } of NORMAL_SCORE_NODES) {
    const x = Math.max(0, volume.atScore(z));
    first += w * x;
    second += w * x * x;
  }
  return Math.max(0, second - first * first);
}

/** The band of a projection. */
export function computeBand(input: BandInput): Band {
  const { meanCost: mu, varianceCost, volume, factor } = input;
  const sigma = Math.sqrt(Math.max(0, varianceCost));
  const expectedCalls = volume.mean * factor;
  // The band counts a fitted volume below 0 as no calls: its spread is that of max(0, N).
  const sdFromVolume = Math.sqrt(clampedVariance(volume)) * factor * mu;
  const sdFromTokens = Math.sqrt(Math.max(0, expectedCalls)) * sigma;
  const negativeVolumeShare = volume.variance === 0 ? (volume.mean < 0 ? 1 : 0) : volume.cdf(0);
  const common = { sdFromVolume, sdFromTokens, negativeVolumeShare };
  const fixedVolume = volume.variance === 0;
  const wholeCalls = Number.isInteger(expectedCalls);
  if (fixedVolume && (sigma === 0 || expectedCalls === 0) && (wholeCalls || mu === 0)) {
    return { p50: input.expected, p90: input.expected, p99: input.expected, method: 'exact', ...common };
  }
  if (expectedCalls < SMALL_VOLUME) return monteCarloBand(input, common);
  if (fixedVolume) {
    const [p50, p90, p99] = ordered(LEVELS.map((p) => atLeastZero(input.expected, normalQuantile(p) * sdFromTokens)));
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
      for (const node of volumeNodes) total += node.w * (node.n === 0 ? (s >= 0 ? 1 : 0) : normalCdf((s - node.n * mu) / (sigma * Math.sqrt(node.n))));
      return total;
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

function monteCarloBand(input: BandInput, common: Pick<Band, 'sdFromVolume' | 'sdFromTokens' | 'negativeVolumeShare'>): Band {
  const expectedCalls = Math.max(1, input.volume.mean * input.factor);
  const budget = 400_000;
  const replicates = Math.max(500, Math.min(4000, Math.floor(budget / (expectedCalls * Math.max(1, input.drawWeight)))));
  const random = createRandom(input.seed + 1);
  const totals = new Float64Array(replicates);
  const sigma = Math.sqrt(Math.max(0, input.varianceCost));
  for (let index = 0; index < replicates; index += 1) {
    const rate = input.volume.draw(random);
    const calls = roundRandomly(Math.max(0, rate * input.factor), random);
    let total = 0;
    if (calls > LARGE_DRAW) {
      // A heavy-tailed volume can draw far more calls than expected: sum those by the CLT.
      total = Math.max(0, calls * input.meanCost + sigma * Math.sqrt(calls) * normalQuantile(random.next()));
    } else {
      for (let call = 0; call < calls; call += 1) total += input.sample(random);
    }
    totals[index] = total;
  }
  totals.sort();
  const [p50, p90, p99] = ordered(LEVELS.map((p) => new Dec(sortedQuantile(totals, p))));
  return { p50, p90, p99, method: 'monte-carlo', draws: replicates, ...common };
}
