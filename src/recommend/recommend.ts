// recommendModel: which model (or cascade, or split) should serve a workload, against a
// budget, latency limits, a capability floor, quality, modalities and context fit. This file
// assembles it: candidates (candidates.ts), their latency (model-latency.ts), options by
// strategy (strategies.ts), each evaluated and checked (evaluate.ts, checks.ts), then the
// choice, frontier and explanation (explanation.ts); its public types are in types.ts.
import { LlmSpendError } from '../errors.js';
import type { Modality } from '../pricing/schema.js';
import { lifecycleWindow } from '../pricing/lifecycle.js';
import { parseWorkload } from '../workload/index.js';
import { resolvePeriod } from '../workload/volume.js';
import { projectCandidates, type ModelInfo } from './candidates.js';
import { normalizeConstraints, workloadProfiles, type RecommendConstraints } from './constraints.js';
import { evaluateOption } from './evaluate.js';
import { byChoiceRule, chooseOption, explain, paretoFrontier } from './explanation.js';
import { modelLatency, type LatencyContext, type ModelLatency } from './model-latency.js';
import { buildDrafts } from './strategies.js';
import type { Recommendation, RecommendationOption, RecommendationWarning, RecommendWorkload } from './types.js';

const DEFAULT_SEED = 20260317;

/**
 * Recommends how to serve a workload: which model (by default gpt-5.4-mini or gpt-5.4-nano), or
 * a cascade (the small model first, a share `escalationRate` escalates and pays both), or a
 * split (a router sends a share `splitShare` to the larger model), against a budget, latency
 * limits, a capability floor (from the task kind), measured quality, input modalities and
 * context fit. Every option lists its expected and p90 spend, p50/p95/p99 latency, capability,
 * and one check per constraint with its margin. The choice is the cheapest feasible option by
 * expected spend (ties: lower p95 latency, then higher capability, then id); with none
 * feasible, `choice` is null and `bindingConstraint` and `nearest` say what binds.
 *
 * Latency per call is TTFT + (reasoning + output tokens) / speed under a lognormal slowdown
 * (see {@link DEFAULT_LATENCY_TAIL_SIGMA}); a cascade's is the mixture "small call" / "small
 * call then large call", so its tail comes from the mixture, not from the means. A budget
 * checks expected spend unless `budget.percentile` says otherwise. Same inputs and seed →
 * same result. See docs/recommend.md.
 *
 * @param workload - a workload (as for projectSpend), optionally with `latencyProfiles` per model
 * @param constraints - candidates, budget, latency, task or minCapability, modalities, quality,
 *   strategies with escalationRate / splitShare, profiles, and pricing/at/seed/period
 * @returns the choice (or null with the binding constraint and nearest option), every option,
 *   the cost–latency frontier, unavailable candidates, assumptions and an explanation
 * @throws LlmSpendError `INVALID_CONSTRAINTS` (negative budget, unknown task kind, a share
 *   outside [0, 1], a cascade without escalationRate, an unknown field), `UNKNOWN_MODEL` (a
 *   candidate or a key of capability, quality or latencyProfiles), `INVALID_WORKLOAD`
 * @example
 * ```ts
 * import { recommendModel } from 'llm-spend/projection';
 * // 50,000 support tickets a day to triage into 12 queues.
 * const triage = { volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 20 } } as const;
 * const result = recommendModel(triage, {
 *   task: 'classification',
 *   budget: { usd: '1000', per: 'month' },
 *   latency: { p95Ms: 5000 },
 * });
 * result.choice?.id; // "gpt-5.4-nano"
 * result.choice?.spend.expected; // "342.1875"
 * result.options.map((option) => [option.id, option.feasible]); // [["gpt-5.4-nano", true], ["gpt-5.4-mini", false]]
 * recommendModel(triage, { task: 'coding' }).choice?.id; // "gpt-5.4-mini"
 * ```
 */
export function recommendModel(workload: RecommendWorkload, constraints: RecommendConstraints = {}): Recommendation {
  const c = normalizeConstraints(constraints);
  if (typeof workload !== 'object' || workload === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', 'recommendModel needs a workload such as { volume: { calls: 50000, per: "day" }, tokens: { input: 800, output: 40 } }.', { path: '(root)' });
  }
  const { latencyProfiles: rawProfiles, ...plain } = workload;
  const fromWorkload = workloadProfiles(rawProfiles, c.pricing);
  const parsed = parseWorkload(plain);
  const seed = c.seed ?? DEFAULT_SEED;

  // Required modalities: the constraint's, plus image input when the workload sends images.
  const required: Modality[] = [...c.modalities];
  const sendsImages = parsed.images !== undefined || (parsed.steps ?? []).some((step) => step.images !== undefined);
  if (sendsImages && !required.includes('image')) required.push('image');

  // The period's dates, for lifecycle: a range's own, else from start, at or the table's date.
  const lifeWindow = lifecycleWindow(resolvePeriod(c.period), { start: c.start, at: c.at, pricing: c.pricing });
  const window = { to: new Date(lifeWindow.toMs).toISOString().slice(0, 10) };

  // Project every candidate once.
  const { infos, unavailable } = projectCandidates(c, plain, parsed, sendsImages, lifeWindow);

  const latencyContext: LatencyContext = { workload: parsed, constraints: c, fromWorkload, seed };
  const latencyCache = new Map<string, ModelLatency>();
  const latencyOf = (info: ModelInfo): ModelLatency => {
    let known = latencyCache.get(info.entry.id);
    if (known === undefined) {
      known = modelLatency(latencyContext, info.entry);
      latencyCache.set(info.entry.id, known);
    }
    return known;
  };

  // Options.
  const drafts = buildDrafts(infos, c, latencyOf);

  const period = infos[0]?.projection.period ?? { name: typeof c.period === 'string' ? c.period : 'range', hours: '0' };
  const options: RecommendationOption[] = drafts.map((draft) => evaluateOption(draft, latencyOf, c, required, period, window, seed));
  options.sort(byChoiceRule);

  const { choice, nearest, bindingConstraint } = chooseOption(options);

  const warnings: RecommendationWarning[] = [];
  const unrated = infos.filter((info) => info.capability === null).map((info) => info.entry.id);
  if (c.floor !== undefined && unrated.length > 0) {
    warnings.push({
      code: 'CAPABILITY_UNKNOWN',
      message: `No capability rating for ${unrated.join(', ')}: they fail the floor of ${c.floor.value} unless you rate them (capability: { '${unrated[0] ?? ''}': 1-5 }).`,
    });
  }
  const partial: Omit<Recommendation, 'explanation'> = {
    choice,
    bindingConstraint,
    nearest,
    options,
    frontier: paretoFrontier(options),
    unavailable,
    assumptions: {
      period,
      budgetSpend: c.budget?.percentile ?? null,
      capabilityFloor: c.floor ?? null,
      modalities: required,
      maxContextOverflowShare: c.maxContextOverflowShare,
      maxContextOverflowSpendShare: c.maxContextOverflowSpendShare,
      seed,
    },
    warnings,
  };
  return { ...partial, explanation: explain(partial, c) };
}
