import { isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../errors.js';
import { Dec, ROUNDING } from '../money/decimal.js';
import { fromDec } from '../money/usd.js';
import type { ModelEntry } from '../pricing/schema.js';
import type { ModelId, PricingTable } from '../pricing/table.js';
import { resolveEntry } from './plan.js';
import { parseWorkload, type WorkloadInput } from '../workload/schema.js';
import type { Period } from '../workload/volume.js';
import { projectParsed, round9, type SpendProjection } from './project.js';

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /** The model the others are compared with ("migrating from gpt-4o-mini"); projected even when not in the list. */
  readonly baseline?: ModelId | ModelEntry;
  /** @defaultValue "month" */
  readonly period?: Period;
  readonly pricing?: PricingTable;
  readonly at?: string | Date;
  /** When a named period starts, for the lifecycle warnings (`MODEL_SHUT_DOWN`, `MODEL_DEPRECATED`) of each projection. @defaultValue `at`, else the table's `checkedAt` */
  readonly start?: string | Date;
  /** One seed for every model, so their Monte Carlo steps share draws. */
  readonly seed?: number;
  readonly draws?: number;
}

/** A difference in expected spend: USD and percent of the reference (null when the reference is $0). */
export interface SpendDifference {
  /** This model's expected spend minus the reference's (USD, 9 decimals; negative = cheaper). */
  readonly usd: string;
  /** The difference as a percentage of the reference, rounded half-even to 2 decimals. */
  readonly percent: string | null;
}

/** One model in a comparison. */
export interface ModelComparisonRow {
  readonly model: string;
  readonly projection: SpendProjection;
  /** Difference to the cheapest model. */
  readonly vsCheapest: SpendDifference;
  /** Difference to the baseline, when one was given. */
  readonly vsBaseline?: SpendDifference;
}

/** The result of {@link compareModels}. */
export interface ModelComparison {
  /** Models that can serve the workload, cheapest expected spend first (ties by id). */
  readonly rows: readonly ModelComparisonRow[];
  /** The cheapest model's id, or null when none could be priced. */
  readonly cheapest: string | null;
  /** The baseline's projection, when one was given. */
  readonly baseline?: SpendProjection;
  /** Models that cannot serve this workload as written (no price for a tier, a fee or an image formula; no image input), with why. */
  readonly unavailable: ReadonlyArray<{ readonly model: string; readonly code: LlmSpendErrorCode; readonly message: string }>;
}

// Errors that say "this model cannot price this workload" rather than "the call is wrong".
const SKIPPED: readonly LlmSpendErrorCode[] = ['PRICE_UNAVAILABLE', 'TIER_UNAVAILABLE', 'PRICE_NOT_IN_EFFECT', 'INVALID_WORKLOAD'];

function difference(value: Dec, reference: Dec): SpendDifference {
  const diff = value.minus(reference);
  return {
    usd: round9(diff),
    percent: reference.isZero() ? null : fromDec(diff.div(reference).times(100).toDecimalPlaces(2, ROUNDING['half-even'])),
  };
}

/**
 * Projects one workload on several models and lines them up, cheapest expected spend first,
 * each with its difference to the cheapest and to a baseline model. Every model uses the same
 * seed. A model that cannot serve the workload as written (say, web searches on a model with
 * no search fee, or images on a text-only model) is listed under `unavailable`, not thrown.
 *
 * @param workload - the workload, validated once
 * @param models - model ids, aliases or entries
 * @returns rows sorted by expected spend, the cheapest id, the baseline, the unavailable models
 * @throws LlmSpendError `INVALID_WORKLOAD` for a bad workload or an empty model list; `UNKNOWN_MODEL`
 * @example
 * ```ts
 * import { compareModels } from 'llm-spend/projection';
 * const comparison = compareModels(
 *   { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } },
 *   ['gpt-5.4-mini', 'gpt-5.4-nano'],
 *   { baseline: 'gpt-4o-mini' },
 * );
 * comparison.cheapest; // "gpt-5.4-nano"
 * comparison.rows.map((row) => row.projection.spend.expected); // ["450", "1650"]
 * comparison.rows[1]?.vsCheapest; // { usd: "1200", percent: "266.67" }
 * comparison.rows[0]?.vsBaseline; // { usd: "180", percent: "66.67" } (gpt-4o-mini: "270")
 * ```
 */
export function compareModels(workload: WorkloadInput, models: ReadonlyArray<ModelId | ModelEntry>, options: CompareModelsOptions = {}): ModelComparison {
  const parsed = parseWorkload(workload);
  if (!Array.isArray(models) || models.length === 0) {
    throw new LlmSpendError('INVALID_WORKLOAD', 'compareModels needs at least one model.', { path: 'models' });
  }
  if (typeof options !== 'object' || options === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', 'compareModels options must be an object such as { period, baseline }.', { path: 'options' });
  }
  if (models.length > 1000) throw new LlmSpendError('INVALID_WORKLOAD', 'compareModels compares at most 1000 models at once.', { path: 'models' });
  const common = {
    ...(options.period === undefined ? {} : { period: options.period }),
    ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.start === undefined ? {} : { start: options.start }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.draws === undefined ? {} : { draws: options.draws }),
  };
  const projections: SpendProjection[] = [];
  const unavailable: Array<{ model: string; code: LlmSpendErrorCode; message: string }> = [];
  const seen = new Set<string>();
  for (const model of models) {
    const entry = resolveEntry(model, { pricing: options.pricing });
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    try {
      projections.push(projectParsed(parsed, { ...common, model: entry }));
    } catch (error) {
      if (isLlmSpendError(error) && SKIPPED.includes(error.code)) unavailable.push({ model: entry.id, code: error.code, message: error.message });
      else throw error;
    }
  }
  const spend = (projection: SpendProjection): Dec => new Dec(projection.spend.expected);
  projections.sort((a, b) => spend(a).comparedTo(spend(b)) || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  let baseline: SpendProjection | undefined;
  if (options.baseline !== undefined) {
    const entry = resolveEntry(options.baseline, { pricing: options.pricing });
    baseline = projections.find((projection) => projection.model === entry.id) ?? projectParsed(parsed, { ...common, model: entry });
  }
  const cheapest = projections[0];
  const rows = projections.map((projection): ModelComparisonRow => ({
    model: projection.model,
    projection,
    vsCheapest: difference(spend(projection), cheapest === undefined ? new Dec(0) : spend(cheapest)),
    ...(baseline === undefined ? {} : { vsBaseline: difference(spend(projection), spend(baseline)) }),
  }));
  return { rows, cheapest: cheapest?.model ?? null, ...(baseline === undefined ? {} : { baseline }), unavailable };
}
