// The candidates: each model projected once on the workload (priced without images when it
// takes none), with what the checks need (spend, band, capability rating, modalities, context
// overflow, lifecycle), and the models that cannot serve the workload as written.
import { isLlmSpendError, type LlmSpendErrorCode } from '../errors.js';
import { Dec } from '../money/decimal.js';
import type { Modality, ModelEntry } from '../pricing/schema.js';
import { lifecycleDuring, type LifecycleStanding, type LifecycleWindow } from '../pricing/lifecycle.js';
import { pricePlan } from '../projection/plan.js';
import { projectSpend, type SpendProjection } from '../projection/project.js';
import type { Workload, WorkloadInput } from '../workload/index.js';
import { toDist } from '../workload/distributions.js';
import { indexRating } from './capability-index.js';
import type { NormalizedConstraints } from './constraints.js';
import type { RecommendationWarning } from './types.js';

const SKIPPED: readonly LlmSpendErrorCode[] = ['PRICE_UNAVAILABLE', 'TIER_UNAVAILABLE', 'PRICE_NOT_IN_EFFECT', 'INVALID_WORKLOAD'];

/** A candidate model projected on the workload, with the figures the options are built from. */
export interface ModelInfo {
  readonly entry: ModelEntry;
  readonly projection: SpendProjection;
  /** Warnings of the recommender about this model. */
  readonly notes: readonly RecommendationWarning[];
  readonly perCall: Dec;
  readonly expected: Dec;
  readonly band: { readonly p50: Dec; readonly p90: Dec; readonly p99: Dec };
  readonly sd: number;
  readonly sdVolume: number;
  readonly sdTokens: number;
  readonly calls: number;
  readonly capability: number | null;
  readonly modalities: readonly Modality[];
  readonly overflow: number;
  /** Share of the spend the calls that do not fit would be (their cost as if they fitted, base prices). */
  readonly overflowSpend: number;
  /** Whether the model is alive over the period. */
  readonly lifecycle: LifecycleStanding;
}

/** A candidate that cannot serve the workload as written, or is shut down during the period. */
export type Unavailable = { model: string; code: LlmSpendErrorCode | 'MODEL_SHUT_DOWN'; message: string; replacement?: string };

function withoutImages(workload: WorkloadInput): WorkloadInput {
  const { images: _images, ...rest } = workload;
  if (rest.steps === undefined) return rest;
  return { ...rest, steps: rest.steps.map(({ images: _stepImages, ...step }) => step) };
}

function decOf(value: string): Dec {
  return new Dec(value);
}

/**
 * The share of the spend that the calls which do not fit would be, for a `tokens` workload:
 * (a·E[I; I > L] + b·E[out]·P(I > L)) / (a·E[I] + b·E[out]) at the base prices a, b. Longer
 * prompts cost more, so this is above the share of calls. Conversations and pipelines: the share
 * of calls (conversations) is used.
 */
function overflowSpendShare(workload: Workload, entry: ModelEntry, projection: SpendProjection, at: string | Date | undefined): number {
  const share = projection.contextOverflow.share;
  const limit = projection.contextOverflow.limitInputTokens;
  if (!(share > 0) || workload.tokens === undefined || limit === null) return share;
  try {
    const input = toDist(workload.tokens.input);
    const output = toDist(workload.tokens.output).mean + (workload.tokens.reasoning === undefined ? 0 : toDist(workload.tokens.reasoning).mean);
    const prices = (pricePlan(entry, workload.tier ?? 'standard', at).sets[0] as { float: { input: number; output: number } }).float;
    const over = input.range(limit, false, Number.POSITIVE_INFINITY, true);
    const total = prices.input * input.mean + prices.output * output;
    const value = total > 0 ? (prices.input * over.m1 + prices.output * output * over.p) / total : share;
    return Number.isFinite(value) ? Math.min(1, Math.max(share, value)) : share;
  } catch {
    return share;
  }
}

function infoOf(entry: ModelEntry, projection: SpendProjection, constraints: NormalizedConstraints, notes: readonly RecommendationWarning[], lifecycle: LifecycleStanding, workload?: Workload): ModelInfo {
  // Capability: the user's rating, else OpenAI's 1–5 rating, else the Artificial Analysis index mapped to that scale (issue 12).
  const rating = constraints.capability.get(entry.id) ?? entry.performance?.rating?.capability ?? indexRating(entry.id, constraints.floor?.from)?.rating ?? null;
  return {
    entry,
    projection,
    notes,
    perCall: decOf(projection.perCall),
    expected: decOf(projection.spend.expected),
    band: { p50: decOf(projection.spend.p50), p90: decOf(projection.spend.p90), p99: decOf(projection.spend.p99) },
    sd: Number(projection.band.standardDeviation),
    sdVolume: Number(projection.band.fromVolume),
    sdTokens: Number(projection.band.fromTokens),
    calls: Number(projection.calls.expected),
    capability: rating,
    modalities: entry.modalities.input,
    overflow: projection.contextOverflow.share,
    overflowSpend: workload === undefined ? projection.contextOverflow.share : overflowSpendShare(workload, entry, projection, constraints.at),
    lifecycle,
  };
}

/** Projects every candidate once; those that cannot serve the workload are listed as unavailable. */
export function projectCandidates(
  c: NormalizedConstraints,
  plain: WorkloadInput,
  parsed: Workload,
  sendsImages: boolean,
  lifeWindow: LifecycleWindow,
): { infos: ModelInfo[]; unavailable: Unavailable[] } {
  const infos: ModelInfo[] = [];
  const unavailable: Unavailable[] = [];
for (const entry of c.candidates) {
  // A model that cannot take the workload's images still gets an option (failing the
  // modalities check, so that it shows why it is out), priced without the images.
  const blind = sendsImages && !entry.modalities.input.includes('image');
  try {
    const projection = projectSpend(blind ? withoutImages(plain) : plain, {
      model: entry,
      period: c.period,
      ...(c.pricing === undefined ? {} : { pricing: c.pricing }),
      ...(c.at === undefined ? {} : { at: c.at }),
      ...(c.start === undefined ? {} : { start: c.start }),
      ...(c.seed === undefined ? {} : { seed: c.seed }),
    });
    const notes: RecommendationWarning[] = blind ? [{ code: 'NO_IMAGE_INPUT', message: `${entry.id} takes no image input: priced without the images, and out on modalities.` }] : [];
    const lifecycle = lifecycleDuring(entry, lifeWindow);
    if (lifecycle.state === 'shut-down') {
      unavailable.push({ model: entry.id, code: 'MODEL_SHUT_DOWN', message: lifecycle.reason, ...(lifecycle.replacement === undefined ? {} : { replacement: lifecycle.replacement }) });
    }
    infos.push(infoOf(entry, projection, c, notes, lifecycle, parsed));
  } catch (error) {
    if (isLlmSpendError(error) && SKIPPED.includes(error.code)) unavailable.push({ model: entry.id, code: error.code, message: error.message });
    else throw error;
  }
}
  return { infos, unavailable };
}
