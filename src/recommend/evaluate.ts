// An option evaluated: a draft's latency percentiles, capability (the lowest of the models that
// answer), quality, constraint checks and warnings, as the RecommendationOption users see.
import type { Modality } from '../pricing/schema.js';
import type { SpendProjection } from '../projection/project.js';
import type { ModelInfo } from './candidates.js';
import { checksOf } from './checks.js';
import type { NormalizedConstraints } from './constraints.js';
import { round12, round9, sharePercent } from './format.js';
import { roundMs, type LatencyProfile } from './latency.js';
import type { ModelLatency } from './model-latency.js';
import type { Draft } from './strategies.js';
import type { OptionLatency, RecommendationOption, RecommendationWarning } from './types.js';

/** The option of a draft, with every check and warning. */
export function evaluateOption(
  draft: Draft,
  latencyOf: (info: ModelInfo) => ModelLatency,
  c: NormalizedConstraints,
  required: readonly Modality[],
  period: SpendProjection['period'],
  window: { readonly to: string },
  seed: number,
): RecommendationOption {
  const called = draft.parts.filter((part) => part.called);
  const answering = draft.parts.filter((part) => part.answers);
  const missing = called.flatMap((part) => latencyOf(part.info).missing.map((item) => item.reason));
  const profiles: Record<string, LatencyProfile> = {};
  for (const part of called) for (const [model, profile] of latencyOf(part.info).profiles) profiles[model] = profile;
  const latency: OptionLatency | null =
    draft.latency === null || missing.length > 0
      ? null
      : {
          p50Ms: roundMs(draft.latency.quantile(0.5)),
          p95Ms: roundMs(draft.latency.quantile(0.95)),
          p99Ms: roundMs(draft.latency.quantile(0.99)),
          meanMs: roundMs(draft.latency.mean),
          method: draft.latencyMethod,
          profiles,
        };
  const ratings = answering.map((part) => part.info.capability);
  const capability = ratings.some((value) => value === null) ? null : Math.min(...(ratings as number[]));
  let quality: number | null = c.quality.get(draft.id) ?? null;
  if (quality === null) {
    const scores = draft.parts.map((part) => c.quality.get(part.info.entry.id));
    if (draft.strategy === 'single') quality = scores[0] ?? null;
    else if (scores.every((score) => score !== undefined)) {
      const w = draft.strategy === 'cascade' ? (draft.cascade?.escalationRate ?? 0) : (draft.split?.share ?? 0);
      quality = (1 - w) * (scores[0] as number) + w * (scores[1] as number);
    }
  }
  const checks = checksOf(draft, latency, missing, capability, quality, c, required, period, window);
  const warnings: RecommendationWarning[] = [];
  for (const part of called) {
    for (const warning of part.info.projection.warnings) {
      const spend = warning.code === 'CONTEXT_OVERFLOW' ? ` Those calls would be ${sharePercent(part.info.overflowSpend)} of the spend.` : '';
      warnings.push({ code: warning.code, message: `${part.info.entry.id}: ${warning.message}${spend}` });
    }
    warnings.push(...part.info.notes);
  }
  if (missing.length > 0 && (c.latency.p50Ms !== undefined || c.latency.p95Ms !== undefined || c.latency.p99Ms !== undefined)) {
    warnings.push({ code: 'LATENCY_UNKNOWN', message: missing.join('; ') });
  }
  if (latency?.method === 'monte-carlo') {
    warnings.push({ code: 'LATENCY_MONTE_CARLO', message: `Latency per task of a pipeline comes from seeded draws (seed ${seed}), as many as it takes (20,000 to 640,000) for p50, p95 and p99 to be within ±1 % (95 % interval).` });
  }
  if (draft.combinedBand && draft.parts.every((part) => part.info.sd > 0)) {
    warnings.push({
      code: 'SPEND_BAND_COMBINED',
      message: "The band (p50/p90/p99) combines the models' bands at the same percentile (exact for volume uncertainty) and adds the routing noise by a normal approximation; the expectation is exact.",
    });
  }
  return {
    id: draft.id,
    strategy: draft.strategy,
    models: draft.parts.map((part) => part.info.entry.id),
    ...(draft.cascade === undefined ? {} : { cascade: draft.cascade }),
    ...(draft.split === undefined ? {} : { split: draft.split }),
    spend: { expected: round9(draft.spend.expected), p50: round9(draft.spend.p50), p90: round9(draft.spend.p90), p99: round9(draft.spend.p99) },
    perCall: round12(draft.perCall),
    latency,
    capability,
    quality,
    feasible: checks.every((check) => check.pass),
    checks,
    projections: draft.parts.map((part) => part.info.projection),
    warnings,
  };
}
