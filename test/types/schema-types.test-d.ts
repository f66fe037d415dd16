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
import {
  cacheSchema,
  conversationSchema,
  IMAGE_DETAILS,
  imagesSchema,
  stepSchema,
  tokensSchema,
  toolsSchema,
  volumeSchema,
  workloadObjectSchema,
  workloadSchema,
} from '../../src/workload/schema.js';
import type { ImageDetail } from '../../src/workload/images.js';
import type {
  CacheInput,
  ConversationInput,
  ImagesInput,
  ToolsInput,
  VolumeInput,
  Workload,
  WorkloadCache,
  WorkloadConversation,
  WorkloadImages,
  WorkloadInput,
  WorkloadStep,
  WorkloadStepInput,
  WorkloadTokens,
  WorkloadTokensInput,
  WorkloadTools,
  WorkloadVolume,
} from '../../src/workload/types.js';
import { planBudgetSchema, planConstraintsSchema, planObjectSchema, planPoliciesSchema, planSchema, planWorkloadSchema } from '../../src/cli/plan/schema.js';
import type {
  Plan,
  PlanBudget,
  PlanBudgetInput,
  PlanConstraints,
  PlanInput,
  PlanPolicies,
  PlanPoliciesInput,
  PlanWorkload,
  PlanWorkloadInput,
} from '../../src/cli/plan/types.js';
import { baselineSchema, type Baseline } from '../../src/cli/report/diff.js';

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

describe('workload: the interfaces equal what the schemas parse and accept', () => {
  it('volume, tokens, cache, images, tools, conversation', () => {
    expectTypeOf<Out<typeof volumeSchema>>().toEqualTypeOf<WorkloadVolume>();
    expectTypeOf<In<typeof volumeSchema>>().toEqualTypeOf<VolumeInput>();
    expectTypeOf<Out<typeof tokensSchema>>().toEqualTypeOf<WorkloadTokens>();
    expectTypeOf<In<typeof tokensSchema>>().toEqualTypeOf<WorkloadTokensInput>();
    expectTypeOf<Out<typeof cacheSchema>>().toEqualTypeOf<WorkloadCache>();
    expectTypeOf<In<typeof cacheSchema>>().toEqualTypeOf<CacheInput>();
    expectTypeOf<Out<typeof imagesSchema>>().toEqualTypeOf<WorkloadImages>();
    expectTypeOf<In<typeof imagesSchema>>().toEqualTypeOf<ImagesInput>();
    expectTypeOf<Out<typeof toolsSchema>>().toEqualTypeOf<WorkloadTools>();
    expectTypeOf<In<typeof toolsSchema>>().toEqualTypeOf<ToolsInput>();
    expectTypeOf<Out<typeof conversationSchema>>().toEqualTypeOf<WorkloadConversation>();
    expectTypeOf<In<typeof conversationSchema>>().toEqualTypeOf<ConversationInput>();
  });

  it('steps and whole workloads', () => {
    expectTypeOf<Out<typeof stepSchema>>().toEqualTypeOf<WorkloadStep>();
    expectTypeOf<In<typeof stepSchema>>().toEqualTypeOf<WorkloadStepInput>();
    expectTypeOf<Out<typeof workloadObjectSchema>>().toEqualTypeOf<Workload>();
    expectTypeOf<In<typeof workloadObjectSchema>>().toEqualTypeOf<WorkloadInput>();
  });

  it('the exported workloadSchema parses a WorkloadInput into a Workload', () => {
    expectTypeOf<z.output<typeof workloadSchema>>().toEqualTypeOf<Workload>();
    expectTypeOf<z.input<typeof workloadSchema>>().toEqualTypeOf<WorkloadInput>();
  });

  it('the image details list the constant', () => {
    expectTypeOf<(typeof IMAGE_DETAILS)[number]>().toEqualTypeOf<ImageDetail>();
  });
});

describe('plan: the interfaces equal what the schemas parse and accept', () => {
  it('budgets, constraints, policies', () => {
    expectTypeOf<Out<typeof planBudgetSchema>>().toEqualTypeOf<PlanBudget>();
    expectTypeOf<In<typeof planBudgetSchema>>().toEqualTypeOf<PlanBudgetInput>();
    expectTypeOf<Out<typeof planConstraintsSchema>>().toEqualTypeOf<PlanConstraints>();
    expectTypeOf<In<typeof planConstraintsSchema>>().toEqualTypeOf<PlanConstraints>();
    expectTypeOf<Out<typeof planPoliciesSchema>>().toEqualTypeOf<PlanPolicies>();
    expectTypeOf<In<typeof planPoliciesSchema>>().toEqualTypeOf<PlanPoliciesInput>();
  });

  it('workloads and whole plans', () => {
    expectTypeOf<Out<typeof planWorkloadSchema>>().toEqualTypeOf<PlanWorkload>();
    expectTypeOf<In<typeof planWorkloadSchema>>().toEqualTypeOf<PlanWorkloadInput>();
    expectTypeOf<Out<typeof planObjectSchema>>().toEqualTypeOf<Plan>();
    expectTypeOf<In<typeof planObjectSchema>>().toEqualTypeOf<PlanInput>();
  });

  it('the exported planSchema parses a PlanInput into a Plan', () => {
    expectTypeOf<z.output<typeof planSchema>>().toEqualTypeOf<Plan>();
    expectTypeOf<z.input<typeof planSchema>>().toEqualTypeOf<PlanInput>();
  });
});

describe('report: the baseline a diff reads', () => {
  it('equals what baselineSchema parses', () => {
    expectTypeOf<Out<typeof baselineSchema>>().toEqualTypeOf<Baseline>();
  });
});
