// The public types are written out as named interfaces (src/*/types.ts); the zod schemas
// validate what users hand in. Each test here holds a schema's parsed type (z.output) and, where
// there is one, its written type (z.input) equal to the interface, field by field: a field
// added, dropped, renamed, made optional or given another type on either side fails it.
// Readonly-ness is the interfaces' own choice, so the schema side is compared deeply readonly.
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  feesSchema,
  lifecycleSchema,
  longContextTierSchema,
  MODALITIES,
  modelEntrySchema,
  pricePeriodSchema,
  priceSetSchema,
  pricingDataSchema,
  SERVICE_TIERS,
  sourceSchema,
  tierRatesSchema,
} from '../../src/pricing/schema.js';
import type {
  Fees,
  FeesInput,
  Lifecycle,
  LongContextTier,
  LongContextTierInput,
  Modality,
  ModelEntry,
  ModelEntryInput,
  PricePeriod,
  PricePeriodInput,
  PriceSet,
  PriceSetInput,
  PricingData,
  PricingDataInput,
  ServiceTier,
  Source,
  TierRates,
  TierRatesInput,
} from '../../src/pricing/types.js';

/** The schema side, made deeply readonly like the interfaces (functions left alone). */
type Frozen<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;
type Out<S extends z.ZodType> = Frozen<z.output<S>>;
type In<S extends z.ZodType> = Frozen<z.input<S>>;

describe('pricing: the interfaces equal what the schemas parse and accept', () => {
  it('price sets, tiers, fees, sources, lifecycle', () => {
    expectTypeOf<Out<typeof priceSetSchema>>().toEqualTypeOf<PriceSet>();
    expectTypeOf<In<typeof priceSetSchema>>().toEqualTypeOf<PriceSetInput>();
    expectTypeOf<Out<typeof longContextTierSchema>>().toEqualTypeOf<LongContextTier>();
    expectTypeOf<In<typeof longContextTierSchema>>().toEqualTypeOf<LongContextTierInput>();
    expectTypeOf<Out<typeof tierRatesSchema>>().toEqualTypeOf<TierRates>();
    expectTypeOf<In<typeof tierRatesSchema>>().toEqualTypeOf<TierRatesInput>();
    expectTypeOf<Out<typeof feesSchema>>().toEqualTypeOf<Fees>();
    expectTypeOf<In<typeof feesSchema>>().toEqualTypeOf<FeesInput>();
    expectTypeOf<Out<typeof sourceSchema>>().toEqualTypeOf<Source>();
    expectTypeOf<In<typeof sourceSchema>>().toEqualTypeOf<Source>();
    expectTypeOf<Out<typeof lifecycleSchema>>().toEqualTypeOf<Lifecycle>();
    expectTypeOf<In<typeof lifecycleSchema>>().toEqualTypeOf<Lifecycle>();
  });

  it('price periods, model entries and whole tables', () => {
    expectTypeOf<Out<typeof pricePeriodSchema>>().toEqualTypeOf<PricePeriod>();
    expectTypeOf<In<typeof pricePeriodSchema>>().toEqualTypeOf<PricePeriodInput>();
    expectTypeOf<Out<typeof modelEntrySchema>>().toEqualTypeOf<ModelEntry>();
    expectTypeOf<In<typeof modelEntrySchema>>().toEqualTypeOf<ModelEntryInput>();
    expectTypeOf<Out<typeof pricingDataSchema>>().toEqualTypeOf<PricingData>();
    expectTypeOf<In<typeof pricingDataSchema>>().toEqualTypeOf<PricingDataInput>();
  });

  it('the tier and modality unions list the constants', () => {
    expectTypeOf<(typeof SERVICE_TIERS)[number]>().toEqualTypeOf<ServiceTier>();
    expectTypeOf<(typeof MODALITIES)[number]>().toEqualTypeOf<Modality>();
  });
});
