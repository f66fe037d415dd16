export { createPricingTable, defaultPricing, findModel, getModel, listModels, modelStatus, PRICING_CHECKED_AT, selectPricePeriod, withOverrides } from './table.js';
export type { LookupOptions, ModelFilter, ModelId, ModelPatch, ModelStatus, PricingTable } from './table.js';
export { SERVICE_TIERS, MODALITIES } from './constants.js';
export type {
  Fees,
  Lifecycle,
  LongContextTier,
  Modality,
  ModelEntry,
  ModelEntryInput,
  PricePeriod,
  PriceSet,
  PricingData,
  PricingDataInput,
  ServiceTier,
  Source,
  TierRates,
} from './types.js';
export type { BundledModelId } from './data/models.js';
