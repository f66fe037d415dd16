// llm-spend/convert: pricing tables from other catalogs (LiteLLM, models.dev, genai-prices) and
// loading a table at run time (an https URL or text already read). This entry validates what it
// reads with zod; the per-call core (`llm-spend`, `llm-spend/core`) does not load it.
export { pricingFromLiteLLM } from './litellm.js';
export type { LiteLLMConversionOptions } from './litellm.js';
export { pricingFromModelsDev } from './models-dev.js';
export type { ModelsDevConversionOptions } from './models-dev.js';
export { pricingFromGenaiPrices } from './genai-prices.js';
export type { GenaiPricesConversionOptions } from './genai-prices.js';
export type { ConversionOptions, ConversionWarning, ConversionWarningCode, PricingConversion, SkippedModel } from './shared.js';
export { loadPricing, PRICING_FORMATS } from '../load.js';
export type { LoadPricingOptions, PricingFetch, PricingFetchResponse, PricingSourceFormat } from '../load.js';
// The types these signatures use, so that one import serves a conversion.
export type { PricingData, PricingDataInput } from '../schema.js';
export type { PricingTable } from '../table.js';
