import { describe, expectTypeOf, it } from 'vitest';
import { createCostEstimator, estimateCost, getModel, type CostBreakdown, type CostEstimate, type Lifecycle, type ModelId, type ModelStatus, type Usage } from '../../src/index.js';
import { type ConstraintCheck, type ConstraintName, type LifecycleCheck, type ProjectionWarning, type RecommendConstraints } from '../../src/projection/index.js';

describe('public types', () => {
  it('ModelId offers the bundled ids and still accepts any string', () => {
    expectTypeOf<'gpt-5.4-mini'>().toExtend<ModelId>();
    expectTypeOf<'groq/llama-4-scout'>().toExtend<ModelId>();
    expectTypeOf<string>().toExtend<ModelId>();
  });

  it('money comes out as strings', () => {
    expectTypeOf(estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1, outputTokens: 1 }).total).toEqualTypeOf<string>();
    expectTypeOf<CostEstimate>().toExtend<CostBreakdown>();
    expectTypeOf(createCostEstimator('gpt-4o-mini')).returns.toEqualTypeOf<CostEstimate>();
    expectTypeOf(getModel('gpt-5.4').contextWindow).toEqualTypeOf<number | undefined>();
  });

  it('a usage needs input and output counts', () => {
    // @ts-expect-error outputTokens is required
    const partial: Usage = { inputTokens: 1 };
    expectTypeOf(partial).toExtend<Usage>();
    // @ts-expect-error token counts are numbers, not strings
    estimateCost({ model: 'gpt-5.4-nano', inputTokens: '1', outputTokens: 1 });
    // @ts-expect-error an unknown tier name
    estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1, outputTokens: 1, tier: 'turbo' });
  });

  it('a cost estimate says the model\'s status and, when not active, its lifecycle (issue 11)', () => {
    expectTypeOf<CostEstimate['status']>().toEqualTypeOf<ModelStatus>();
    expectTypeOf<CostEstimate['lifecycle']>().toEqualTypeOf<Lifecycle | undefined>();
    expectTypeOf<keyof CostEstimate>().toEqualTypeOf<keyof CostBreakdown | 'model' | 'tier' | 'longContext' | 'status' | 'lifecycle' | 'priceWindow'>();
  });

  it('planning names lifecycle: a check, a constraint name, warning codes and a start date', () => {
    expectTypeOf<LifecycleCheck>().toExtend<ConstraintCheck>();
    expectTypeOf<'lifecycle'>().toExtend<ConstraintName>();
    expectTypeOf<LifecycleCheck['actual']>().toEqualTypeOf<string | null>();
    expectTypeOf<'MODEL_SHUT_DOWN' | 'MODEL_DEPRECATED'>().toExtend<ProjectionWarning['code']>();
    expectTypeOf<RecommendConstraints['start']>().toEqualTypeOf<string | Date | undefined>();
  });
});
