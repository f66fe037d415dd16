// Pricing tables as `llm-spend` offers them: the lookups of ./lookup.ts with the table
// defaulting to the bundled catalog (./catalog.ts). `llm-spend/core` uses ./lookup.ts directly,
// so that a program pricing from its own table does not carry the catalog.
import { defaultPricing } from './catalog.js';
import { findModelIn, getModelIn, listModelsIn, resolveTable, type LookupOptions, type ModelFilter, type ModelId, type PricingTable } from './lookup.js';
import type { ModelEntry } from './types.js';

export { defaultPricing, PRICING_CHECKED_AT } from './catalog.js';
export {
  createPricingTable,
  indexOf,
  modelStatus,
  parseAt,
  selectPricePeriod,
  statusAtMs,
  tierRatesOf,
  validatedEntry,
  withOverrides,
} from './lookup.js';
export type { LookupOptions, ModelFilter, ModelId, ModelPatch, ModelStatus, PricingTable, WithPricing } from './lookup.js';

/**
 * Finds a model by id, alias (dated snapshot, provider-prefixed name) or provider prefix.
 *
 * @returns the entry, or `undefined` when no model has that name
 * @example
 * ```ts
 * import { findModel } from 'llm-spend';
 * findModel('openai/gpt-5.4-nano')?.id; // "gpt-5.4-nano"
 * findModel('no-such-model'); // undefined
 * ```
 */
export function findModel(id: ModelId, options: { readonly pricing?: PricingTable } = {}): ModelEntry | undefined {
  return findModelIn(resolveTable(options, 'findModel', defaultPricing), id);
}

/**
 * Gets a model by id, alias or provider prefix.
 *
 * @returns the entry
 * @throws LlmSpendError `UNKNOWN_MODEL` with the closest known ids as suggestions;
 *   `PRICE_NOT_IN_EFFECT` when `at` is given and the model had no price then
 * @example
 * ```ts
 * import { getModel } from 'llm-spend';
 * getModel('gpt-5.4-mini-2026-03-17').contextWindow; // 400000
 * ```
 */
export function getModel(id: ModelId, options: LookupOptions = {}): ModelEntry {
  const table = resolveTable(options, 'getModel', defaultPricing);
  return getModelIn(table, id, (options as LookupOptions).at);
}

/**
 * Lists the models of a table, optionally filtered.
 *
 * @example
 * ```ts
 * import { listModels } from 'llm-spend';
 * listModels({ provider: 'anthropic' }).some((model) => model.id === 'claude-sonnet-4-5'); // true
 * listModels({ aliveDuring: { from: '2026-11-01', to: '2026-12-31' } }).some((model) => model.id === 'gpt-4.1-nano'); // false
 * ```
 */
export function listModels(filter: ModelFilter = {}): readonly ModelEntry[] {
  return listModelsIn(resolveTable(filter, 'listModels', defaultPricing), filter);
}
