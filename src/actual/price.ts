// Pricing one usage record at its own date. The shared step of reports, what-if and
// reconciliation: every other part of actual/ prices through here.
import { isLlmSpendError, type LlmSpendErrorCode } from '../errors.js';
import { sumUsd } from '../money/index.js';
import { estimateCost, type CostEstimate } from '../estimate/estimate.js';
import type { ServiceTier } from '../pricing/schema.js';
import type { PricingTable } from '../pricing/table.js';
import type { RecordProblem, RecordProblemCode, UsageRecord } from './record.js';

/** Options of {@link priceRecord}. */
export interface PriceRecordOptions {
  /** The table to price from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /** Price under this model instead of the record's (what-if). Checks each request's context. */
  readonly model?: string | undefined;
  /** Price at this tier instead of the record's (what-if). */
  readonly tier?: ServiceTier | undefined;
}

/** A record priced: its cost at its own date, request by request, summed exactly. */
export interface PricedRecord {
  readonly ok: true;
  readonly record: UsageRecord;
  /** The table id of the model priced. */
  readonly model: string;
  /** The tier priced. */
  readonly tier: ServiceTier;
  /** The cost (breakdown and total, exact USD strings), summed over the record's requests. */
  readonly cost: CostEstimate;
}

/** A record that could not be priced (and why). */
export interface UnpricedRecord {
  readonly ok: false;
  readonly problem: RecordProblem;
}

const PROBLEM_OF: Partial<Record<LlmSpendErrorCode, RecordProblemCode>> = {
  UNKNOWN_MODEL: 'unknown-model',
  PRICE_NOT_IN_EFFECT: 'no-price-at-date',
  INVALID_USAGE: 'invalid-usage',
  CONTEXT_EXCEEDED: 'context-exceeded',
  TIER_UNAVAILABLE: 'tier-unavailable',
  PRICE_UNAVAILABLE: 'tier-unavailable',
};

/**
 * Prices one record at the price in effect on its date (`record.at`), at its tier (or
 * `standard`), request by request when the provider billed several. A record that cannot be
 * priced becomes a problem with its origin; it is never priced at $0.
 *
 * @example
 * ```ts
 * import { priceRecord } from 'llm-spend';
 * const priced = priceRecord({
 *   at: '2026-08-01T12:00:00Z', model: 'gpt-5.4-mini', calls: 1, aggregate: false, tags: {},
 *   usage: { inputTokens: 1000, outputTokens: 200 }, origin: { line: 1, format: 'llm-spend-jsonl' },
 * });
 * priced.ok && priced.cost.total; // "0.00165"
 * ```
 */
export function priceRecord(record: UsageRecord, options: PriceRecordOptions = {}): PricedRecord | UnpricedRecord {
  const model = options.model ?? record.model;
  const tier = options.tier ?? record.tier ?? 'standard';
  try {
    const requests = record.requests ?? [record.usage];
    const costs = requests.map((usage) =>
      estimateCost({ ...usage, model, tier, at: record.at, aggregate: record.aggregate, ...(options.pricing === undefined ? {} : { pricing: options.pricing }) }),
    );
    const cost = costs.length === 1 ? costs[0]! : sumEstimates(costs);
    return { ok: true, record, model: cost.model, tier: cost.tier, cost };
  } catch (error) {
    if (!isLlmSpendError(error)) throw error;
    const code = PROBLEM_OF[error.code];
    if (code === undefined) throw error;
    return { ok: false, problem: { code, message: error.message, origin: record.origin, model } };
  }
}

const PARTS = ['input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'images', 'fees', 'total'] as const;

function sumEstimates(costs: readonly CostEstimate[]): CostEstimate {
  const first = costs[0]!;
  const sums = Object.fromEntries(PARTS.map((part) => [part, sumUsd(costs.map((cost) => cost[part]))]));
  return { ...first, ...sums, longContext: costs.some((cost) => cost.longContext) };
}
