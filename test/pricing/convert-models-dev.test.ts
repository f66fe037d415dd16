import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost, findModel, getModel, LlmSpendError } from '../../src/index.js';
import { pricingFromModelsDev } from '../../src/pricing/convert/models-dev.js';
import { unitsToDecimal } from '../oracle.js';
import { fcOptions } from '../seed.js';

// models.dev api.json assembled from real TOML files of anomalyco/models.dev (see test/fixtures/README.md).
const fixtureText = readFileSync(new URL('../fixtures/models-dev-api.json', import.meta.url), 'utf8');
const fixture = (): unknown => JSON.parse(fixtureText);
const checkedAt = '2026-11-25';
const converted = pricingFromModelsDev(fixture(), { checkedAt });
const pricing = converted.table;

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

/** A one-provider catalog with the given models. */
function catalog(models: Record<string, unknown>, provider = 'acme'): unknown {
  return { [provider]: { id: provider, name: provider, models } };
}

const plain = { cost: { input: 1, output: 2 }, limit: { context: 100_000, output: 8_000 }, modalities: { input: ['text'], output: ['text'] } };

describe('pricingFromModelsDev: ids and aliases', () => {
  it('ids are <provider>/<model>; the bare id is an alias only when unambiguous and nobody else\'s id', () => {
    expect(pricing.models.map((entry) => [entry.id, entry.aliases])).toEqual([
      ['anthropic/claude-sonnet-4-5', ['claude-sonnet-4-5']],
      ['anthropic/claude-haiku-4-5', ['claude-haiku-4-5']],
      ['openai/gpt-5.4', ['gpt-5.4']],
      ['openai/gpt-4o', ['gpt-4o']],
      ['google/gemini-2.5-pro', ['gemini-2.5-pro']],
      ['google/gemini-2.5-flash', ['gemini-2.5-flash']],
      ['groq/openai/gpt-oss-120b', []], // "openai/gpt-oss-120b" is served by groq and openrouter: ambiguous
      ['openrouter/openai/gpt-oss-120b', []],
      ['openrouter/openai/gpt-4o-mini', ['openai/gpt-4o-mini']],
      ['openrouter/openai/gpt-4o', []], // "openai/gpt-4o" is the id of OpenAI's own entry
      ['openrouter/anthropic/claude-sonnet-4.5', ['anthropic/claude-sonnet-4.5']],
    ]);
    expect(getModel('claude-sonnet-4-5', { pricing }).id).toBe('anthropic/claude-sonnet-4-5');
    expect(getModel('openai/gpt-4o', { pricing }).prices[0]?.standard.inputPerMillion).toBe('5');
    expect(findModel('openai/gpt-oss-120b', { pricing })).toBeUndefined();
    expect(getModel('groq/openai/gpt-oss-120b', { pricing })).toMatchObject({ provider: 'groq', hostModelId: 'openai/gpt-oss-120b' });
  });

  it('with providers, a bare id that is unambiguous in the subset gets its alias', () => {
    const groq = pricingFromModelsDev(fixture(), { checkedAt, providers: ['groq'] });
    expect(groq.table.models.map((entry) => [entry.id, entry.aliases])).toEqual([['groq/openai/gpt-oss-120b', ['openai/gpt-oss-120b']]]);
    expect(groq.skipped).toEqual([]); // other providers are not listed as skipped
  });

  it('two providers producing the same id keep the first, deterministically, and the table is valid', () => {
    const result = pricingFromModelsDev({ a: { models: { 'b/c': plain } }, 'a/b': { models: { c: { ...plain, cost: { input: 9, output: 9 } } } } }, { checkedAt });
    expect(result.table.models.map((entry) => entry.id)).toEqual(['a/b/c']);
    expect(result.table.models[0]?.prices[0]?.standard.inputPerMillion).toBe('1');
    expect(result.skipped).toEqual([{ id: 'a/b/c', reason: 'duplicate id: an earlier provider and model produced the same id; the first is kept' }]);
  });
});

describe('pricingFromModelsDev: hand-checked conversions of real entries', () => {
  it('anthropic/claude-sonnet-4-5: prices per 1M as written, limits, dates and names', () => {
    const entry = getModel('anthropic/claude-sonnet-4-5', { pricing });
    expect(entry.prices[0]).toEqual({
      standard: { inputPerMillion: '3', cachedInputPerMillion: '0.3', cacheWritePerMillion: '3.75', outputPerMillion: '15' },
      sources: [{ url: 'models.dev api.json', checkedAt, note: 'models.dev last_updated 2025-09-29' }],
    });
    expect(entry).toMatchObject({
      provider: 'anthropic',
      hostModelId: 'claude-sonnet-4-5',
      displayName: 'Claude Sonnet 4.5 (latest)',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
      releaseDate: '2025-09-29',
      knowledgeCutoff: '2025-07-31',
      reasoning: true,
      status: 'active',
      modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
    });
  });

  it('the worked example on openrouter/openai/gpt-4o-mini (0.15 / 0.075 / 0.6 per 1M) = "0.0004503"', () => {
    expect(getModel('openai/gpt-4o-mini', { pricing }).prices[0]?.standard).toEqual({ inputPerMillion: '0.15', cachedInputPerMillion: '0.075', outputPerMillion: '0.6' });
    expect(estimateCost({ model: 'openai/gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing }).total).toBe('0.0004503');
  });

  it('gemini: the audio input price is kept; a month-only knowledge date ("2025-01") is dropped', () => {
    const entry = getModel('gemini-2.5-flash', { pricing });
    expect(entry.prices[0]?.standard).toEqual({ inputPerMillion: '0.3', cachedInputPerMillion: '0.03', outputPerMillion: '2.5', audioInputPerMillion: '1' });
    expect(entry.knowledgeCutoff).toBeUndefined();
    expect(entry.modalities.input).toEqual(['text', 'image', 'audio', 'video', 'pdf']);
    // 1,000 input of which 400 audio, 100 output: 600×0.3 + 400×1 + 100×2.5 per 1M = 0.00018 + 0.0004 + 0.00025
    expect(estimateCost({ model: 'gemini-2.5-flash', inputTokens: 1000, audioInputTokens: 400, outputTokens: 100, pricing }).total).toBe('0.00083');
  });

  it('limit.input becomes maxInputTokens (openrouter/openai/gpt-oss-120b)', () => {
    expect(getModel('openrouter/openai/gpt-oss-120b', { pricing })).toMatchObject({ contextWindow: 131_072, maxInputTokens: 131_072, maxOutputTokens: 4096 });
    expect(getModel('openrouter/openai/gpt-oss-120b', { pricing }).prices[0]?.standard).toEqual({ inputPerMillion: '0.039', outputPerMillion: '0.19' });
  });
});

describe('pricingFromModelsDev: long-context thresholds', () => {
  it('context_over_200k (prompts of more than 200,000 tokens) becomes fromInputTokens 200,001 (openai/gpt-5.4)', () => {
    expect(getModel('gpt-5.4', { pricing }).prices[0]?.standard.longContext).toEqual([
      { fromInputTokens: 200_001, prices: { inputPerMillion: '5', cachedInputPerMillion: '0.5', outputPerMillion: '22.5' } },
    ]);
    // 200,000 × 2.5 + 1,000 × 15 per 1M = 0.5 + 0.015; 200,001 × 5 + 1,000 × 22.5 per 1M = 1.000005 + 0.0225
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 200_000, outputTokens: 1000, pricing })).toMatchObject({ longContext: false, total: '0.515' });
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 200_001, outputTokens: 1000, pricing })).toMatchObject({ longContext: true, total: '1.022505' });
  });

  it('cost.tiers { type: "context", size: 200000 } becomes fromInputTokens 200,001 (google/gemini-2.5-pro)', () => {
    expect(getModel('gemini-2.5-pro', { pricing }).prices[0]?.standard).toEqual({
      inputPerMillion: '1.25',
      cachedInputPerMillion: '0.125',
      outputPerMillion: '10',
      longContext: [{ fromInputTokens: 200_001, prices: { inputPerMillion: '2.5', cachedInputPerMillion: '0.25', outputPerMillion: '15' } }],
    });
    // 200,000 × 1.25 + 1,000 × 10 per 1M = 0.25 + 0.01; 200,001 × 2.5 + 1,000 × 15 per 1M = 0.5000025 + 0.015
    expect(estimateCost({ model: 'gemini-2.5-pro', inputTokens: 200_000, outputTokens: 1000, pricing }).total).toBe('0.26');
    expect(estimateCost({ model: 'gemini-2.5-pro', inputTokens: 200_001, outputTokens: 1000, pricing }).total).toBe('0.5150025');
  });

  it('openrouter/anthropic/claude-sonnet-4.5: a tier with cache prices; 200,001 tokens with 100,000 cached reads', () => {
    expect(getModel('anthropic/claude-sonnet-4.5', { pricing }).prices[0]?.standard.longContext).toEqual([
      { fromInputTokens: 200_001, prices: { inputPerMillion: '6', cachedInputPerMillion: '0.6', cacheWritePerMillion: '7.5', outputPerMillion: '22.5' } },
    ]);
    // 100,001 × 6 + 100,000 × 0.6 per 1M = 0.600006 + 0.06
    expect(estimateCost({ model: 'anthropic/claude-sonnet-4.5', inputTokens: 200_001, cachedInputTokens: 100_000, outputTokens: 0, pricing }).total).toBe('0.660006');
  });

  it('tiers win over context_over_200k; tiers are sorted; a missing required tier price is inherited with a warning', () => {
    const result = pricingFromModelsDev(
      catalog({
        m: {
          ...plain,
          limit: { context: 1_000_000, output: 8_000 },
          cost: {
            input: 1,
            output: 2,
            context_over_200k: { input: 99, output: 99 },
            tiers: [
              { tier: { type: 'context', size: 400_000 }, input: 4, output: 5 },
              { tier: { size: 128_000 }, input: 3 },
            ],
          },
        },
      }),
      { checkedAt },
    );
    expect(result.table.models[0]?.prices[0]?.standard.longContext).toEqual([
      { fromInputTokens: 128_001, prices: { inputPerMillion: '3', outputPerMillion: '2' } },
      { fromInputTokens: 400_001, prices: { inputPerMillion: '4', outputPerMillion: '5' } },
    ]);
    expect(result.warnings).toEqual([
      { code: 'LONG_CONTEXT_PRICE_INHERITED', message: 'acme/m: cost.tiers[1] has no output price; the base output price applies above 128000 tokens too.' },
    ]);
  });

  it('reports a long-context price the model can never reach', () => {
    const result = pricingFromModelsDev(catalog({ m: { ...plain, cost: { input: 1, output: 2, context_over_200k: { input: 2, output: 4 } } } }), { checkedAt });
    expect(result.warnings).toEqual([
      {
        code: 'LONG_CONTEXT_UNREACHABLE',
        message: 'acme/m: the long-context price starts at 200001 input tokens, above the model\'s context window of 100000; requests that large are refused as CONTEXT_EXCEEDED.',
      },
    ]);
  });
});

describe('pricingFromModelsDev: what is skipped, and why', () => {
  it('lists the models left out of the real fixture', () => {
    expect(converted.skipped).toEqual([
      { id: 'openai/text-embedding-ada-002', reason: 'cost.output is 0; pass keepZeroPrices: true to keep free models' },
      { id: 'openai/gpt-image-1', reason: 'does not output text (modalities.output: image)' },
      { id: 'openrouter/openai/gpt-oss-20b:free', reason: 'cost.input is 0; pass keepZeroPrices: true to keep free models' },
    ]);
    expect(converted.warnings).toEqual([]);
  });

  it('keepZeroPrices keeps documented free models (with a warning), and deprecated stays deprecated', () => {
    const kept = pricingFromModelsDev(fixture(), { checkedAt, keepZeroPrices: true });
    const free = getModel('openai/gpt-oss-20b:free', { pricing: kept.table });
    expect(free.id).toBe('openrouter/openai/gpt-oss-20b:free');
    expect(estimateCost({ model: free.id, inputTokens: 5000, outputTokens: 5000, pricing: kept.table }).total).toBe('0');
    expect(getModel('openai/text-embedding-ada-002', { pricing: kept.table })).toMatchObject({ status: 'deprecated' });
    expect(kept.warnings.filter((warning) => warning.code === 'ZERO_PRICE_KEPT').map((warning) => warning.message)).toEqual([
      'openai/text-embedding-ada-002: prices of 0 kept as the catalog says (cost.output); calls are priced at $0 for those.',
      'openrouter/openai/gpt-oss-20b:free: prices of 0 kept as the catalog says (cost.input, cost.output); calls are priced at $0 for those.',
    ]);
  });

  it('a model without cost is skipped, never priced at $0; so is one without an output price', () => {
    const result = pricingFromModelsDev(catalog({ nocost: { ...plain, cost: undefined }, half: { ...plain, cost: { input: 1 } } }), { checkedAt });
    expect(result.skipped).toEqual([
      { id: 'acme/nocost', reason: 'no cost: models.dev lists no price' },
      { id: 'acme/half', reason: 'no output price (cost.output)' },
    ]);
  });

  it('skips reasoning billed apart from output, and non-context tiers', () => {
    const result = pricingFromModelsDev(
      catalog({
        r: { ...plain, cost: { input: 1, output: 2, reasoning: 3 } },
        same: { ...plain, cost: { input: 1, output: 2, reasoning: 2 } },
        t: { ...plain, cost: { input: 1, output: 2, tiers: [{ tier: { type: 'time', size: 0 }, input: 0.5, output: 1 }] } },
      }),
      { checkedAt },
    );
    expect(result.table.models.map((entry) => entry.id)).toEqual(['acme/same']);
    expect(result.skipped).toEqual([
      { id: 'acme/r', reason: 'bills reasoning tokens at 3 per 1M (cost.reasoning), not at the output price 2; llm-spend bills reasoning as output' },
      { id: 'acme/t', reason: 'cost.tiers[0] is a "time" price tier; only context-size tiers are converted' },
    ]);
  });

  it('names cost fields it does not convert, once per field', () => {
    const result = pricingFromModelsDev(catalog({ a: { ...plain, cost: { input: 1, output: 2, output_audio: 10 } }, b: { ...plain, cost: { input: 1, output: 2, output_audio: 20 } } }), { checkedAt });
    expect(result.warnings).toEqual([
      { code: 'UNCONVERTED_PRICES', message: '2 converted models carry "cost.output_audio", which llm-spend does not convert (those charges are not in the table): acme/a, acme/b.' },
    ]);
  });

  it('a model whose limits contradict each other is skipped with the reason, not thrown', () => {
    const result = pricingFromModelsDev(catalog({ m: { ...plain, limit: { context: 1000, output: 8000 } } }), { checkedAt });
    expect(result.table.models).toEqual([]);
    expect(result.skipped).toEqual([{ id: 'acme/m', reason: "does not fit llm-spend's table: maxOutputTokens: maxOutputTokens cannot exceed contextWindow" }]);
  });
});

describe('pricingFromModelsDev: malformed input and options', () => {
  it('rejects a catalog that is not an object', () => {
    for (const value of [null, [], 'api.json', 1]) {
      expect(pricingError(() => pricingFromModelsDev(value, { checkedAt })).message).toMatch(/^Invalid models\.dev catalog: expected an object keyed by provider id/);
    }
  });

  it('names the entry and field of a wrongly typed value', () => {
    expect(pricingError(() => pricingFromModelsDev({ acme: { models: [] } }, { checkedAt })).message).toBe(
      'Invalid models.dev file: entry "acme", field "models" must be an object keyed by model id; got an array.',
    );
    expect(pricingError(() => pricingFromModelsDev({ acme: 'x' }, { checkedAt })).message).toMatch(/entry "acme", field "\(provider\)" must be an object; got "x"/);
    expect(pricingError(() => pricingFromModelsDev(catalog({ m: { ...plain, cost: { input: '1', output: 'two' } } }), { checkedAt })).message).toBe(
      'Invalid models.dev file: entry "acme/m", field "cost.output" must be a non-negative number; got "two".',
    );
    expect(pricingError(() => pricingFromModelsDev(catalog({ m: { ...plain, cost: { input: 1, output: 2, tiers: {} } } }), { checkedAt })).message).toMatch(
      /entry "acme\/m", field "cost.tiers" must be an array/,
    );
    expect(pricingError(() => pricingFromModelsDev(catalog({ m: { ...plain, limit: { context: '1M' } } }), { checkedAt })).message).toMatch(
      /entry "acme\/m", field "limit.context" must be a whole, non-negative number of tokens; got "1M"/,
    );
    expect(pricingError(() => pricingFromModelsDev(catalog({ m: { ...plain, modalities: { input: 'text' } } }), { checkedAt })).message).toMatch(
      /field "modalities.input" must be an array of strings/,
    );
    expect(pricingError(() => pricingFromModelsDev(catalog({ m: { ...plain, reasoning: 'yes' } }), { checkedAt })).message).toMatch(/field "reasoning" must be true or false/);
  });

  it('onInvalidEntry: "skip" lists malformed providers and models as skipped', () => {
    const result = pricingFromModelsDev({ bad: 1, acme: { models: { broken: { ...plain, cost: 'free' }, ok: plain } } }, { checkedAt, onInvalidEntry: 'skip' });
    expect(result.table.models.map((entry) => entry.id)).toEqual(['acme/ok']);
    expect(result.skipped).toEqual([
      { id: 'bad', reason: 'malformed: field "(provider)" must be an object; got 1' },
      { id: 'acme/broken', reason: 'malformed: field "cost" must be an object; got "free"' },
    ]);
  });

  it('needs checkedAt from the caller', () => {
    expect(pricingError(() => pricingFromModelsDev(fixture(), {} as never)).message).toMatch(/^Converting a models\.dev file needs `checkedAt`/);
  });

  it('`__proto__` provider and model keys from JSON.parse are skipped and pollute nothing', () => {
    const parsed: unknown = JSON.parse(
      '{"__proto__": {"models": {"m": {"cost": {"input": 1, "output": 1}}}, "polluted": true},' +
        ' "acme": {"models": {"__proto__": {"cost": {"input": 1, "output": 1}}, "ok": {"cost": {"input": 1, "output": 2}}}}}',
    );
    const result = pricingFromModelsDev(parsed, { checkedAt });
    expect(result.table.models.map((entry) => [entry.id, entry.aliases])).toEqual([['acme/ok', ['ok']]]);
    expect(result.skipped).toEqual([
      { id: '__proto__', reason: 'a reserved name, never a provider id' },
      { id: 'acme/__proto__', reason: 'a reserved name, never a model id' },
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['models']).toBeUndefined();
  });
});

describe('pricingFromModelsDev: the result', () => {
  it('is deterministic', () => {
    expect(pricingFromModelsDev(fixture(), { checkedAt })).toEqual(converted);
  });

  it('property: a price per 1M with up to 12 significant digits is kept exactly (no scaling, no float arithmetic)', () => {
    const price = fc.record({ digits: fc.bigInt({ min: 1n, max: 999_999_999_999n }), exponent: fc.integer({ min: -18, max: 3 }) });
    fc.assert(
      fc.property(price, price, (input, output) => {
        const text = (p: { digits: bigint; exponent: number }): string =>
          p.exponent >= 0 ? unitsToDecimal(p.digits * 10n ** BigInt(p.exponent), 0) : unitsToDecimal(p.digits, -p.exponent);
        const parsed = JSON.parse(`{"p": {"models": {"m": {"cost": {"input": ${input.digits}e${input.exponent}, "output": ${output.digits}e${output.exponent}}}}}}`) as unknown;
        const result = pricingFromModelsDev(parsed, { checkedAt });
        expect(result.table.models[0]?.prices[0]?.standard).toEqual({ inputPerMillion: text(input), outputPerMillion: text(output) });
      }),
      fcOptions,
    );
  });
});
