// The strategies: an option drafted from the candidates as a single model, a cascade (the small
// model first, a share escalates to the large one and pays both) or a split (a router sends a
// share to the larger model), with its spend, band and latency distribution.
import { Dec } from '../money/decimal.js';
import type { NormalizedConstraints, RecommendStrategy } from './constraints.js';
import type { ModelInfo } from './candidates.js';
import { mixtureOf, sumOf, type LatencyDist } from './latency.js';
import { Z_OF } from './math.js';
import type { ModelLatency } from './model-latency.js';
import type { CascadeDetails, SplitDetails } from './types.js';

/** An option before its checks: the models it calls, its spend and its latency distribution. */
export interface Draft {
  readonly id: string;
  readonly strategy: RecommendStrategy;
  readonly parts: ReadonlyArray<{ readonly info: ModelInfo; readonly answers: boolean; readonly called: boolean }>;
  readonly cascade?: CascadeDetails;
  readonly split?: SplitDetails;
  readonly spend: { readonly expected: Dec; readonly p50: Dec; readonly p90: Dec; readonly p99: Dec };
  readonly perCall: Dec;
  readonly latency: LatencyDist | null;
  readonly latencyMethod: 'exact' | 'monte-carlo';
  readonly combinedBand: boolean;
}

/**
 * The band of a combination: each percentile is the same combination of the models' percentiles
 * (exact when the band comes from the volume, which every model shares), widened by the
 * routing noise the combination adds (normal approximation).
 */
function combinedSpend(
  weights: readonly [number, number],
  a: ModelInfo,
  b: ModelInfo,
  tokenVariance: number,
): { expected: Dec; p50: Dec; p90: Dec; p99: Dec } {
  const [wa, wb] = weights;
  const wA = new Dec(wa);
  const wB = new Dec(wb);
  const expected = a.expected.times(wA).plus(b.expected.times(wB));
  const sdVolume = wa * a.sdVolume + wb * b.sdVolume;
  const sd = Math.sqrt(sdVolume * sdVolume + Math.max(0, tokenVariance));
  const comonotonic = wa * a.sd + wb * b.sd;
  const widen = sd - comonotonic;
  const at = (key: 'p50' | 'p90' | 'p99'): Dec => {
    const base = a.band[key].times(wA).plus(b.band[key].times(wB));
    const value = base.plus(new Dec(Z_OF[key] * widen));
    return value.isNegative() ? new Dec(0) : value;
  };
  return { expected, p50: at('p50'), p90: at('p90'), p99: at('p99') };
}

function cascadeDraft(small: ModelInfo, large: ModelInfo, p: number, latencyOf: (info: ModelInfo) => ModelLatency): Draft {
  const n = small.calls;
  const muL = large.perCall.toNumber();
  // Var[c_s + B·c_l] = Var_s + p·Var_l + p(1−p)μ_l² + 2p·Cov(c_s, c_l), with the covariance at
  // its bound sd_s·sd_l (both models see the same tokens); times E[N] in the band's units.
  const tokenVariance = small.sdTokens ** 2 + p * large.sdTokens ** 2 + 2 * p * small.sdTokens * large.sdTokens + n * p * (1 - p) * muL * muL;
  const spend = combinedSpend([1, p], small, large, tokenVariance);
  const perCall = small.perCall.plus(large.perCall.times(new Dec(p)));
  const breakEvenRate = large.perCall.isZero() ? null : new Dec(1).minus(small.perCall.div(large.perCall)).toNumber();
  const savingVsLarge = large.perCall.isZero() ? null : new Dec(1).minus(perCall.div(large.perCall)).toNumber();
  const ls = latencyOf(small);
  const ll = p > 0 ? latencyOf(large) : undefined;
  let latency: LatencyDist | null = null;
  if (ls.dist !== null && (ll === undefined || ll.dist !== null)) {
    latency = ll?.dist == null ? ls.dist : mixtureOf([{ dist: ls.dist, w: 1 - p }, { dist: sumOf(ls.dist, ll.dist), w: p }]);
  }
  return {
    id: `cascade:${small.entry.id}>${large.entry.id}`,
    strategy: 'cascade',
    parts: [
      { info: small, answers: p < 1, called: true },
      { info: large, answers: p > 0, called: p > 0 },
    ],
    cascade: { small: small.entry.id, large: large.entry.id, escalationRate: p, breakEvenRate, savingVsLarge },
    spend,
    perCall,
    latency,
    latencyMethod: ls.method === 'monte-carlo' || ll?.method === 'monte-carlo' ? 'monte-carlo' : 'exact',
    combinedBand: true,
  };
}

function splitDraft(small: ModelInfo, large: ModelInfo, s: number, latencyOf: (info: ModelInfo) => ModelLatency): Draft {
  const n = small.calls;
  const gap = small.perCall.minus(large.perCall).toNumber();
  const tokenVariance = (1 - s) * small.sdTokens ** 2 + s * large.sdTokens ** 2 + n * s * (1 - s) * gap * gap;
  const spend = combinedSpend([1 - s, s], small, large, tokenVariance);
  const perCall = small.perCall.times(new Dec(1 - s)).plus(large.perCall.times(new Dec(s)));
  const ls = s < 1 ? latencyOf(small) : undefined;
  const ll = s > 0 ? latencyOf(large) : undefined;
  let latency: LatencyDist | null = null;
  if ((ls === undefined || ls.dist !== null) && (ll === undefined || ll.dist !== null)) {
    const parts: Array<{ dist: LatencyDist; w: number }> = [];
    if (ls?.dist != null) parts.push({ dist: ls.dist, w: 1 - s });
    if (ll?.dist != null) parts.push({ dist: ll.dist, w: s });
    latency = mixtureOf(parts);
  }
  return {
    id: `split:${small.entry.id}+${large.entry.id}`,
    strategy: 'split',
    parts: [
      { info: small, answers: s < 1, called: s < 1 },
      { info: large, answers: s > 0, called: s > 0 },
    ],
    split: { small: small.entry.id, large: large.entry.id, share: s },
    spend,
    perCall,
    latency,
    latencyMethod: ls?.method === 'monte-carlo' || ll?.method === 'monte-carlo' ? 'monte-carlo' : 'exact',
    combinedBand: true,
  };
}

/** Every option the strategies allow: single models, then each cheaper/dearer pair as a cascade and a split. */
export function buildDrafts(infos: readonly ModelInfo[], c: NormalizedConstraints, latencyOf: (info: ModelInfo) => ModelLatency): Draft[] {
  const drafts: Draft[] = [];
  if (c.strategies.includes('single')) {
    for (const info of infos) {
      const latency = latencyOf(info);
      drafts.push({
        id: info.entry.id,
        strategy: 'single',
        parts: [{ info, answers: true, called: true }],
        spend: { expected: info.expected, ...info.band },
        perCall: info.perCall,
        latency: latency.dist,
        latencyMethod: latency.method,
        combinedBand: false,
      });
    }
  }
  // A cascade that never escalates, or a split that sends everything one way, is a single
  // model under another name: left out when single models are options anyway.
  const singles = c.strategies.includes('single');
  const cascades = c.strategies.includes('cascade') && c.escalationRate !== undefined && (c.escalationRate > 0 || !singles);
  const splits = c.strategies.includes('split') && c.splitShare !== undefined && ((c.splitShare > 0 && c.splitShare < 1) || !singles);
  const byCost = [...infos].sort((a, b) => a.perCall.comparedTo(b.perCall) || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  for (let i = 0; i < byCost.length; i += 1) {
    for (let j = i + 1; j < byCost.length; j += 1) {
      const small = byCost[i] as ModelInfo;
      const large = byCost[j] as ModelInfo;
      if (cascades && c.escalationRate !== undefined) drafts.push(cascadeDraft(small, large, c.escalationRate, latencyOf));
      if (splits && c.splitShare !== undefined) drafts.push(splitDraft(small, large, c.splitShare, latencyOf));
    }
  }
  return drafts;
}
