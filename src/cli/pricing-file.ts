// A pricing file given to the CLI: llm-spend's own table, LiteLLM's
// model_prices_and_context_window.json, or a models.dev catalog, told apart by their shape.
import { LlmSpendError } from '../errors.js';
import { pricingFromGenaiPrices } from '../pricing/convert/genai-prices.js';
import { pricingFromLiteLLM } from '../pricing/convert/litellm.js';
import { detectPricingSourceFormat } from '../pricing/load.js';
import { pricingFromModelsDev } from '../pricing/convert/models-dev.js';
import type { ConversionWarning, SkippedModel } from '../pricing/convert/shared.js';
import { createPricingTable, type PricingTable } from '../pricing/table.js';
import type { PricingDataInput } from '../pricing/schema.js';

/** The pricing file formats the CLI reads. */
export type PricingFormat = 'llm-spend' | 'genai-prices' | 'litellm' | 'models-dev';

/** @internal A loaded pricing file. */
export interface LoadedPricing {
  readonly table: PricingTable;
  readonly format: PricingFormat;
  readonly skipped: readonly SkippedModel[];
  readonly warnings: readonly ConversionWarning[];
}

/**
 * @internal Which format a parsed pricing file is in: llm-spend's own (`version` and a `models`
 * list), genai-prices (providers with `models` lists), models.dev (providers, each with a `models`
 * object), or LiteLLM (models with `*_cost_per_token` or `litellm_provider` fields); undefined when
 * none fits. The same detection as `loadPricing`, with plan files' name for models.dev.
 */
export function detectPricingFormat(json: unknown): PricingFormat | undefined {
  const format = detectPricingSourceFormat(json);
  return format === 'models.dev' ? 'models-dev' : format;
}

/**
 * @internal Builds a pricing table from a parsed pricing file.
 * @param json - the parsed file
 * @param options - the file name (for errors), a format (detected when absent), the date the
 *   file was checked (required by the converters), and the providers to keep
 */
export function pricingFromFile(
  json: unknown,
  options: { readonly file: string; readonly format?: PricingFormat | undefined; readonly checkedAt: string; readonly providers?: readonly string[] | undefined },
): LoadedPricing {
  const format = options.format ?? detectPricingFormat(json);
  if (format === undefined) {
    throw new LlmSpendError(
      'INVALID_PRICING',
      `${options.file}: not a pricing file llm-spend knows: expected llm-spend's own table ({ version: 1, checkedAt, models: [...] }), genai-prices data (providers with models), LiteLLM's model_prices_and_context_window.json or a models.dev catalog (api.json). Name the format with pricing.format if it is one of them.`,
      { file: options.file },
    );
  }
  const common = { checkedAt: options.checkedAt, sourceUrl: options.file, ...(options.providers === undefined ? {} : { providers: options.providers }) };
  try {
    if (format === 'llm-spend') return { table: createPricingTable(json as PricingDataInput), format, skipped: [], warnings: [] };
    const converted = format === 'litellm' ? pricingFromLiteLLM(json, common) : format === 'genai-prices' ? pricingFromGenaiPrices(json, common) : pricingFromModelsDev(json, common);
    return { table: converted.table, format, skipped: converted.skipped, warnings: converted.warnings };
  } catch (error) {
    if (error instanceof LlmSpendError) throw new LlmSpendError(error.code, `${options.file} (${format}): ${error.message}`, { ...error.details, file: options.file });
    throw error;
  }
}
