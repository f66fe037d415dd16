import { describe, expect, it } from 'vitest';
import {
  createPricingTable,
  defaultPricing,
  estimateCost,
  findModel,
  getModel,
  listModels,
  LlmSpendError,
  selectPricePeriod,
  withOverrides,
  type ModelEntryInput,
  type PricingDataInput,
} from '../../src/index.js';

const source = { url: 'https://example.com/prices', checkedAt: '2026-11-01' };

function entry(overrides: Partial<ModelEntryInput> = {}): ModelEntryInput {
  return {
    id: 'acme-small',
    provider: 'acme',
    contextWindow: 100_000,
    maxOutputTokens: 8_000,
    modalities: { input: ['text'], output: ['text'] },
    reasoning: false,
    prices: [{ standard: { inputPerMillion: '0.30', outputPerMillion: '1.20' }, sources: [source] }],
    ...overrides,
  };
}

function table(models: unknown[]): PricingDataInput {
  return { version: 1, checkedAt: '2026-11-01', models } as PricingDataInput;
}

function pricingError(action: () => unknown): LlmSpendError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LlmSpendError);
    expect((error as LlmSpendError).code).toBe('INVALID_PRICING');
    return error as LlmSpendError;
  }
  throw new Error('expected INVALID_PRICING');
}

describe('createPricingTable', () => {
  it('accepts a custom table and prices from it', () => {
    const pricing = createPricingTable(table([entry()]));
    // 1000 × 0.30/1M + 100 × 1.20/1M = 0.0003 + 0.00012
    expect(estimateCost({ model: 'acme-small', inputTokens: 1000, outputTokens: 100, pricing }).total).toBe('0.00042');
  });

  it('reads JSON numbers through String(n), never through arithmetic: 1.5e-7 stays exact', () => {
    const pricing = createPricingTable(table([entry({ prices: [{ standard: { inputPerMillion: 0.15, outputPerMillion: 1.5e-7 }, sources: [source] }] })]));
    expect(getModel('acme-small', { pricing }).prices[0]?.standard).toMatchObject({ inputPerMillion: '0.15', outputPerMillion: '0.00000015' });
    // 10^7 output tokens × 0.00000015 per 1M = 0.0000015 (exact even with 8 decimals per million)
    expect(estimateCost({ model: 'acme-small', inputTokens: 0, outputTokens: 10_000_000, aggregate: true, pricing }).total).toBe('0.0000015');
  });

  it('names every bad field by path', () => {
    const error = pricingError(() =>
      createPricingTable(
        table([
          entry({ prices: [{ standard: { inputPerMillion: '-1', outputPerMillion: 'free' }, sources: [source] }] }),
          entry({ id: 'acme-2', contextWindow: 0 }),
        ]),
      ),
    );
    expect(error.message).toContain('models[0].prices[0].standard.inputPerMillion');
    expect(error.message).toContain('models[0].prices[0].standard.outputPerMillion');
    expect(error.message).toContain('"free"');
    expect(error.message).toContain('models[1].contextWindow');
  });

  it.each([
    ['a price without a source', entry({ prices: [{ standard: { inputPerMillion: '1', outputPerMillion: '1' }, sources: [] }] }), 'prices[0].sources'],
    ['a missing output price', entry({ prices: [{ standard: { inputPerMillion: '1' }, sources: [source] }] as never }), 'outputPerMillion'],
    ['NaN', entry({ prices: [{ standard: { inputPerMillion: Number.NaN, outputPerMillion: '1' }, sources: [source] }] }), 'inputPerMillion'],
    ['Infinity', entry({ prices: [{ standard: { inputPerMillion: Number.POSITIVE_INFINITY, outputPerMillion: '1' }, sources: [source] }] }), 'inputPerMillion'],
    ['an unknown key (typo)', entry({ prices: [{ standard: { inputPerMillion: '1', outputPerMilion: '1' } as never, sources: [source] }] }), 'outputPerMilion'],
    ['max input above the context', entry({ maxInputTokens: 200_000 }), 'maxInputTokens'],
    ['unsorted long-context tiers', entry({
      prices: [{ standard: { inputPerMillion: '1', outputPerMillion: '1', longContext: [{ fromInputTokens: 50, prices: { inputPerMillion: '2', outputPerMillion: '2' } }, { fromInputTokens: 10, prices: { inputPerMillion: '3', outputPerMillion: '3' } }] }, sources: [source] }],
    }), 'long-context tiers must be sorted'],
    ['overlapping price periods', entry({
      prices: [
        { from: '2026-01-01', until: '2026-06-01', standard: { inputPerMillion: '1', outputPerMillion: '1' }, sources: [source] },
        { from: '2026-05-01', standard: { inputPerMillion: '2', outputPerMillion: '2' }, sources: [source] },
      ],
    }), 'must not overlap'],
    ['a bad date', entry({ prices: [{ from: '2026-13-45', standard: { inputPerMillion: '1', outputPerMillion: '1' }, sources: [source] }] }), 'prices[0].from'],
    ['an unknown modality', entry({ modalities: { input: ['smell' as never], output: ['text'] } }), 'modalities.input[0]'],
  ])('refuses %s', (_name, bad, path) => {
    expect(pricingError(() => createPricingTable(table([bad]))).message).toContain(path);
  });

  it('refuses a name used by two models', () => {
    expect(pricingError(() => createPricingTable(table([entry(), entry({ id: 'acme-2', aliases: ['acme-small'] })]))).message).toContain('"acme-small" is used by both');
    expect(pricingError(() => createPricingTable(table([entry(), entry()]))).message).toContain('appears twice');
  });

  it('refuses a wrong version and a non-object', () => {
    pricingError(() => createPricingTable({ ...table([]), version: 2 } as never));
    pricingError(() => createPricingTable(null as never));
  });

  it('treats __proto__ inside JSON as data, not as a prototype', () => {
    const data = JSON.parse('{"version":1,"checkedAt":"2026-11-01","models":[],"__proto__":{"polluted":true}}') as PricingDataInput;
    pricingError(() => createPricingTable(data));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('validates a hand-made entry passed as a model', () => {
    expect(() => estimateCost({ model: { ...entry(), prices: [] } as never, inputTokens: 1, outputTokens: 1 })).toThrow(/INVALID|at least one price/);
    expect(estimateCost({ model: createPricingTable(table([entry()])).models[0]!, inputTokens: 1000, outputTokens: 0 }).total).toBe('0.0003');
  });
});

describe('effective dates', () => {
  const pricing = createPricingTable(
    table([
      entry({
        prices: [
          { from: '2026-01-01', standard: { inputPerMillion: '1.00', outputPerMillion: '4.00' }, sources: [source] },
          { from: '2026-07-01', standard: { inputPerMillion: '0.50', outputPerMillion: '2.00' }, sources: [source] },
        ],
      }),
    ]),
  );

  it('prices history at the price in effect then; omitted `at` is the newest', () => {
    const usage = { model: 'acme-small', inputTokens: 1_000_000, outputTokens: 0, aggregate: true, pricing } as const;
    expect(estimateCost({ ...usage, at: '2026-03-01' }).total).toBe('1');
    expect(estimateCost({ ...usage, at: '2026-06-30T23:59:59Z' }).total).toBe('1');
    expect(estimateCost({ ...usage, at: '2026-07-01' }).total).toBe('0.5');
    expect(estimateCost(usage).total).toBe('0.5');
    expect(() => estimateCost({ ...usage, at: '2025-12-31' })).toThrow(/no price in effect at 2025-12-31/);
  });

  it('selectPricePeriod picks the period', () => {
    const model = getModel('acme-small', { pricing });
    expect(selectPricePeriod(model, '2026-02-01').standard.inputPerMillion).toBe('1');
    expect(selectPricePeriod(model).standard.inputPerMillion).toBe('0.5');
  });
});

describe('withOverrides', () => {
  it('a negotiated discount on one price keeps every other price', () => {
    const pricing = withOverrides(defaultPricing, { 'gpt-5.4-mini': { prices: { standard: { inputPerMillion: '0.60' } } } });
    const standard = getModel('gpt-5.4-mini', { pricing }).prices[0]?.standard;
    expect(standard).toMatchObject({ inputPerMillion: '0.6', cachedInputPerMillion: '0.075', outputPerMillion: '4.5' });
    expect(getModel('gpt-5.4-mini', { pricing }).prices[0]?.batch?.inputPerMillion).toBe('0.375');
    // 234×0.60 + 1000×0.075 + 567×4.50 per 1M = 0.0001404 + 0.000075 + 0.0025515
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing }).total).toBe('0.0027669');
    // the original table is unchanged
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }).total).toBe('0.002802');
  });

  it('adds a new model, changes limits, removes a tier with null, resolves aliases', () => {
    const pricing = withOverrides(defaultPricing, {
      'acme-small': entry(),
      'gpt-5.4-nano-2026-03-17': { contextWindow: 500_000, prices: { flex: null } },
    });
    expect(getModel('acme-small', { pricing }).provider).toBe('acme');
    expect(getModel('gpt-5.4-nano', { pricing }).contextWindow).toBe(500_000);
    expect(() => estimateCost({ model: 'gpt-5.4-nano', tier: 'flex', inputTokens: 1, outputTokens: 1, pricing })).toThrow(/no flex price/);
  });

  it('a new model must be complete; a bad override names its path', () => {
    expect(pricingError(() => withOverrides(defaultPricing, { 'acme-tiny': { provider: 'acme' } })).message).toContain(`models[${defaultPricing.models.length}]`); // issue 11: the new entry comes after every bundled model
    expect(pricingError(() => withOverrides(defaultPricing, { 'gpt-5.4-mini': { prices: { standard: { inputPerMillion: '-1' } } } })).message).toContain('gpt-5.4-mini.prices[0].standard.inputPerMillion');
    pricingError(() => withOverrides(defaultPricing, { 'gpt-5.4-mini': 5 as never }));
  });

  it('a __proto__ key in a JSON patch is a (incomplete) model, not a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"provider": "x"}}') as Record<string, never>;
    pricingError(() => withOverrides(defaultPricing, patch));
  });
});

describe('lookups', () => {
  it('findModel returns undefined for unknown ids, getModel throws', () => {
    expect(findModel('nope')).toBeUndefined();
    expect(findModel('__proto__')).toBeUndefined();
    expect(findModel('openai/gpt-5.4-nano')?.id).toBe('gpt-5.4-nano');
    expect(() => getModel('nope')).toThrow(LlmSpendError);
  });

  it('listModels filters', () => {
    // issue 11: the catalog holds every Anthropic model the datasets price, not just these two
    expect(listModels({ provider: 'anthropic' }).map((model) => model.id)).toEqual(expect.arrayContaining(['claude-haiku-4-5', 'claude-sonnet-4-5']));
    expect(listModels({ provider: 'anthropic' }).every((model) => model.provider === 'anthropic')).toBe(true);
    expect(listModels({ host: 'groq', includeDeprecated: false }).map((model) => model.id)).toEqual(['groq/llama-4-scout']);
    expect(listModels({ inputModalities: ['audio'] }).map((model) => model.id)).toEqual(expect.arrayContaining(['gemini-2.5-flash', 'gemini-2.5-flash-lite']));
    expect(listModels({ inputModalities: ['audio'] }).every((model) => model.modalities.input.includes('audio'))).toBe(true);
    expect(listModels({ reasoning: false }).every((model) => !model.reasoning)).toBe(true);
    expect(listModels().length).toBe(defaultPricing.models.length);
  });

  it('a plain JSON object typed as a table is validated on first use', () => {
    const raw = JSON.parse(JSON.stringify(table([entry()]))) as never;
    expect(estimateCost({ model: 'acme-small', inputTokens: 1000, outputTokens: 0, pricing: raw }).total).toBe('0.0003');
    expect(() => estimateCost({ model: 'x', inputTokens: 1, outputTokens: 1, pricing: { version: 1, checkedAt: 'x', models: [] } as never })).toThrow(/Invalid pricing table/);
  });
});
