import { describe, expect, it } from 'vitest';
import { createPricingTable, defaultPricing, estimateCost, findModel, getModel, listModels, selectPricePeriod, withOverrides } from '../../src/index.js';
import { expectSpendError } from '../fuzz/expect-error.js';

describe('lookups refuse bad input with typed errors (issue 10)', () => {
  it('getModel(id, null) is a typed error, not a TypeError', () => {
    expectSpendError(() => getModel('gpt-5.4-nano', null as never), 'UNKNOWN_MODEL', 'options must be an object');
    expectSpendError(() => findModel('gpt-5.4-nano', 7 as never), 'UNKNOWN_MODEL', 'options');
    expectSpendError(() => getModel('gpt-5.4-nano', { pricing: 'x' as never }), 'INVALID_PRICING', 'pricing must be a table');
  });

  it('selectPricePeriod(42) is INVALID_PRICING', () => {
    expectSpendError(() => selectPricePeriod(42 as never), 'INVALID_PRICING', 'got 42');
    expectSpendError(() => selectPricePeriod({} as never), 'INVALID_PRICING');
  });

  it('a model id of "a/" × 20000 does not overflow the stack: UNKNOWN_MODEL at once', () => {
    const start = performance.now();
    expectSpendError(() => getModel('a/'.repeat(20_000)), 'UNKNOWN_MODEL', 'at most 256 characters');
    expect(findModel('a/'.repeat(20_000))).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('an unknown 1 MB id fails fast with no "did you mean" search (it took 7.7 s)', () => {
    const start = performance.now();
    const error = expectSpendError(() => getModel('x'.repeat(1_000_000)), 'UNKNOWN_MODEL', '(1000000 characters)');
    expect(error.message.length).toBeLessThan(300);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('provider prefixes still resolve, including a host and a provider prefix, without recursion', () => {
    expect(getModel('openai/gpt-5.4-nano').id).toBe('gpt-5.4-nano');
    expect(findModel('anthropic/openai/gpt-5.4-nano')).toBeUndefined();
    expect(findModel('openai/openai/gpt-5.4-nano')?.id).toBe('gpt-5.4-nano');
    expect(findModel('/gpt-5.4-nano')).toBeUndefined();
  });

  it('at "2026-02-30" and at "1" are refused, real dates and Dates accepted', () => {
    const call = { model: 'gpt-5.4-nano', inputTokens: 1000, outputTokens: 0 } as const;
    expectSpendError(() => estimateCost({ ...call, at: '2026-02-30' }), 'INVALID_USAGE', '"2026-02-30"');
    expectSpendError(() => estimateCost({ ...call, at: '1' }), 'INVALID_USAGE', 'got "1"');
    expectSpendError(() => estimateCost({ ...call, at: '2026-13-01' }), 'INVALID_USAGE');
    expectSpendError(() => estimateCost({ ...call, at: '2026-06-01T24:00:00Z' }), 'INVALID_USAGE');
    expectSpendError(() => estimateCost({ ...call, at: new Date(Number.NaN) }), 'INVALID_USAGE', 'an invalid Date');
    expectSpendError(() => estimateCost({ ...call, at: 1_780_000_000_000 as never }), 'INVALID_USAGE');
    // gpt-5.4-nano input is $0.20 per million: 1000 tokens cost $0.0002.
    expect(estimateCost({ ...call, at: '2026-06-01' }).total).toBe('0.0002');
    expect(estimateCost({ ...call, at: '2028-02-29T12:30:00+02:00' }).total).toBe('0.0002');
    expect(estimateCost({ ...call, at: new Date('2026-06-01T00:00:00Z') }).total).toBe('0.0002');
    expectSpendError(() => estimateCost({ ...call, at: '2027-02-29' }), 'INVALID_USAGE');
  });

  it('a BigInt or symbol tier is TIER_UNAVAILABLE (no JSON.stringify of a BigInt)', () => {
    expectSpendError(() => estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1, outputTokens: 1, tier: 5n as never }), 'TIER_UNAVAILABLE', '5n');
    expectSpendError(() => estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1, outputTokens: 1, tier: Symbol('t') as never }), 'TIER_UNAVAILABLE', 'a symbol');
  });

  it('withOverrides and listModels refuse non-objects', () => {
    expectSpendError(() => withOverrides(defaultPricing, null as never), 'INVALID_PRICING');
    expectSpendError(() => withOverrides(null as never, {}), 'INVALID_PRICING');
    expectSpendError(() => listModels({ inputModalities: 'text' as never }), 'INVALID_PRICING');
  });

  it('a price with more digits than the limit, or a huge exponent, is refused by the table schema', () => {
    const model = (inputPerMillion: string) => ({
      id: 'm',
      provider: 'p',
      contextWindow: 1000,
      maxOutputTokens: 100,
      modalities: { input: ['text' as const], output: ['text' as const] },
      reasoning: false,
      prices: [{ standard: { inputPerMillion, outputPerMillion: '1' }, sources: [{ url: 'x', checkedAt: '2026-01-01' }] }],
    });
    const table = (price: string) => createPricingTable({ version: 1, checkedAt: '2026-01-01', models: [model(price)] });
    expectSpendError(() => table(`0.${'0'.repeat(40)}1`), 'INVALID_PRICING', 'at most 30 digits');
    expectSpendError(() => table('1e-9000000000000000'), 'INVALID_PRICING');
    expectSpendError(() => table('1e40'), 'INVALID_PRICING');
    // 30 decimals per million is still exact: 10^6 tokens × 1e-30 USD per million = 1e-30 USD.
    const pricing = table(`0.${'0'.repeat(29)}1`);
    expect(estimateCost({ model: 'm', inputTokens: 1_000_000, outputTokens: 0, aggregate: true, pricing }).total).toBe(`0.${'0'.repeat(29)}1`);
    expectSpendError(() => createPricingTable({ version: 1, checkedAt: '2026-02-30', models: [model('1')] }), 'INVALID_PRICING');
  });
});
