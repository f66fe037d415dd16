import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPricingTable, estimateCost, getModel, LlmSpendError, withOverrides } from '../../src/index.js';
import { pricingFromLiteLLM } from '../../src/pricing/convert/litellm.js';
import { unitsToDecimal } from '../oracle.js';
import { fcOptions } from '../seed.js';

// Real entries of LiteLLM's model_prices_and_context_window.json (see test/fixtures/README.md).
const fixtureText = readFileSync(new URL('../fixtures/litellm-model-prices.json', import.meta.url), 'utf8');
const fixture = (): unknown => JSON.parse(fixtureText);
const checkedAt = '2026-11-25';
const converted = pricingFromLiteLLM(fixture(), { checkedAt });
const pricing = converted.table;

function standard(id: string, table = pricing) {
  const period = getModel(id, { pricing: table }).prices[0];
  if (period === undefined) throw new Error(`no price for ${id}`);
  return period;
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

describe('pricingFromLiteLLM: hand-checked conversions of real entries', () => {
  it('gpt-4o-mini: 1.5e-7 / 7.5e-8 / 6e-7 per token are "0.15" / "0.075" / "0.6" per 1M, with batch and priority tiers', () => {
    const period = standard('gpt-4o-mini');
    expect(period.standard).toEqual({ inputPerMillion: '0.15', cachedInputPerMillion: '0.075', outputPerMillion: '0.6' });
    expect(period.batch).toEqual({ inputPerMillion: '0.075', outputPerMillion: '0.3' });
    expect(period.priority).toEqual({ inputPerMillion: '0.25', cachedInputPerMillion: '0.125', outputPerMillion: '1' });
    expect(period.flex).toBeUndefined(); // LiteLLM lists no flex price for gpt-4o-mini: absent, not guessed
    expect(period.sources).toEqual([{ url: 'LiteLLM model_prices_and_context_window.json', checkedAt }]);
    const entry = getModel('gpt-4o-mini', { pricing });
    expect(entry).toMatchObject({ provider: 'openai', maxInputTokens: 128_000, maxOutputTokens: 16_384, reasoning: false, aliases: [] });
    expect(entry.contextWindow).toBeUndefined(); // LiteLLM publishes no context window
    expect(entry.modalities).toEqual({ input: ['text', 'image', 'pdf'], output: ['text'] });
  });

  it('the worked example: 1,234 input of which 1,000 cached + 567 output on gpt-4o-mini = 234×0.15 + 1000×0.075 + 567×0.6 per 1M = "0.0004503"', () => {
    const cost = estimateCost({ model: 'gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing });
    expect(cost).toMatchObject({ input: '0.0000351', cachedInput: '0.000075', output: '0.0003402', total: '0.0004503' });
    // batch: 1234×0.075 + 567×0.3 per 1M = 0.00009255 + 0.0001701; LiteLLM has no batch cached price, so report cached tokens as input
    expect(estimateCost({ model: 'gpt-4o-mini', tier: 'batch', inputTokens: 1234, outputTokens: 567, pricing }).total).toBe('0.00026265');
  });

  it('claude-haiku-4-5: cache writes (5 min, 1 h) and the minimum cacheable prefix', () => {
    const entry = getModel('claude-haiku-4-5', { pricing });
    expect(entry.prices[0]?.standard).toEqual({
      inputPerMillion: '1',
      cachedInputPerMillion: '0.1',
      cacheWritePerMillion: '1.25',
      cacheWrite1hPerMillion: '2',
      outputPerMillion: '5',
    });
    expect(entry).toMatchObject({ minCacheableTokens: 4096, reasoning: true, maxInputTokens: 200_000, maxOutputTokens: 64_000 });
    // 10,000 input of which 2,000 read and 3,000 written for 1 h, 100 output:
    // 5000×1 + 2000×0.1 + 3000×2 + 100×5 per 1M = 0.005 + 0.0002 + 0.006 + 0.0005
    expect(estimateCost({ model: 'claude-haiku-4-5', inputTokens: 10_000, cachedInputTokens: 2000, cacheWrite1hTokens: 3000, outputTokens: 100, pricing }).total).toBe('0.0117');
  });

  it('groq/llama-3.1-8b-instant keeps its provider-prefixed key as its id', () => {
    expect(standard('groq/llama-3.1-8b-instant').standard).toEqual({ inputPerMillion: '0.05', outputPerMillion: '0.08' });
    expect(getModel('groq/llama-3.1-8b-instant', { pricing }).provider).toBe('groq');
  });

  it('gemini: the audio input price is kept; a reasoning price equal to the output price is accepted', () => {
    const entry = getModel('gemini/gemini-2.5-flash-preview-09-2025', { pricing });
    expect(entry.prices[0]?.standard).toEqual({ inputPerMillion: '0.3', cachedInputPerMillion: '0.075', outputPerMillion: '2.5', audioInputPerMillion: '1' });
    expect(entry.modalities.input).toEqual(['text', 'image', 'audio', 'video', 'pdf']);
    expect(entry.prices[0]?.sources[0]?.note).toBe(
      'LiteLLM cites https://developers.googleblog.com/en/continuing-to-bring-you-our-latest-models-with-an-improved-gemini-2-5-flash-and-flash-lite-release/',
    );
  });

  it('converts JSON numbers through String(n): float noise in the file is kept exactly and reported', () => {
    // 1.5000999999999998e-07 per token × 10^6 = 0.15000999999999998 per 1M (never 0.15001 nor a float product)
    expect(standard('databricks/databricks-meta-llama-3-1-8b-instruct').standard).toEqual({
      inputPerMillion: '0.15000999999999998',
      outputPerMillion: '0.45003000000000007',
    });
    expect(converted.warnings).toContainEqual({
      code: 'PRICE_PRECISION',
      message:
        'databricks/databricks-meta-llama-3-1-8b-instruct: input_cost_per_token, output_cost_per_token have more than 15 significant digits (binary float noise in the file?); converted exactly as written.',
    });
  });
});

describe('pricingFromLiteLLM: long-context thresholds', () => {
  it('gpt-5.4 `_above_272k_tokens` (LiteLLM: prompt tokens > 272,000) becomes fromInputTokens 272,001', () => {
    const period = standard('gpt-5.4');
    expect(period.standard).toEqual({
      inputPerMillion: '2.5',
      cachedInputPerMillion: '0.25',
      outputPerMillion: '15',
      longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '5', cachedInputPerMillion: '0.5', outputPerMillion: '22.5' } }],
    });
    // 272,000 × 2.5 + 1,000 × 15 per 1M = 0.68 + 0.015
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_000, outputTokens: 1000, pricing })).toMatchObject({ longContext: false, total: '0.695' });
    // 272,001 × 5 + 1,000 × 22.5 per 1M = 1.360005 + 0.0225: the whole request at the long-context price
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_001, outputTokens: 1000, pricing })).toMatchObject({ longContext: true, total: '1.382505' });
  });

  it('gpt-5.4 tiers: flex and priority as written; priority has no long-context price, so long requests on it are refused', () => {
    const period = standard('gpt-5.4');
    expect(period.flex).toEqual({ inputPerMillion: '1.25', cachedInputPerMillion: '0.13', outputPerMillion: '7.5' });
    expect(period.batch).toEqual({ inputPerMillion: '1.25', outputPerMillion: '7.5' });
    expect(period.priority).toEqual({ inputPerMillion: '5', cachedInputPerMillion: '0.5', outputPerMillion: '30' });
    expect(() => estimateCost({ model: 'gpt-5.4', tier: 'priority', inputTokens: 272_001, outputTokens: 1, pricing })).toThrowError(
      expect.objectContaining({ code: 'TIER_UNAVAILABLE' }),
    );
  });

  it('gpt-5.4 regional: the ×1.1 uplift LiteLLM lists becomes a full regional price set, long context included', () => {
    const regional = standard('gpt-5.4').regional;
    expect(regional).toMatchObject({
      inputPerMillion: '2.75',
      cachedInputPerMillion: '0.275',
      outputPerMillion: '16.5',
      longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '5.5', cachedInputPerMillion: '0.55', outputPerMillion: '24.75' } }],
    });
    expect(regional?.source?.note).toBe('standard prices × 1.1 (LiteLLM regional_processing_uplift_multiplier_eu, regional_processing_uplift_multiplier_us)');
    expect(standard('gpt-5.4-mini').regional).toMatchObject({ inputPerMillion: '0.825', cachedInputPerMillion: '0.0825', outputPerMillion: '4.95' });
  });

  it('claude-sonnet-4-5 `_above_200k_tokens` becomes 200,001 with every cache price, and the cap below it is reported', () => {
    expect(standard('claude-sonnet-4-5').standard.longContext).toEqual([
      {
        fromInputTokens: 200_001,
        prices: { inputPerMillion: '6', cachedInputPerMillion: '0.6', cacheWritePerMillion: '7.5', cacheWrite1hPerMillion: '12', outputPerMillion: '22.5' },
      },
    ]);
    expect(converted.warnings).toContainEqual({
      code: 'LONG_CONTEXT_UNREACHABLE',
      message:
        'claude-sonnet-4-5: the long-context price starts at 200001 input tokens, above max_input_tokens 200000; requests that large are refused as CONTEXT_EXCEEDED unless you raise maxInputTokens.',
    });
    expect(() => estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_001, outputTokens: 1, pricing })).toThrowError(
      expect.objectContaining({ code: 'CONTEXT_EXCEEDED' }),
    );
    // With the 1M-context beta cap: 200,000 × 3 per 1M = 0.6; 200,001 × 6 per 1M = 1.200006
    const wide = withOverrides(pricing, { 'claude-sonnet-4-5': { maxInputTokens: 1_000_000 } });
    expect(estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_000, outputTokens: 0, pricing: wide }).total).toBe('0.6');
    expect(estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_001, outputTokens: 0, pricing: wide }).total).toBe('1.200006');
  });

  it('reads a tier suffix after the threshold (`input_cost_per_token_above_200k_tokens_priority`, vertex_ai/gemini-3-pro-preview)', () => {
    const period = standard('vertex_ai/gemini-3-pro-preview');
    expect(period.priority).toEqual({
      inputPerMillion: '3.6',
      cachedInputPerMillion: '0.36',
      outputPerMillion: '21.6',
      longContext: [{ fromInputTokens: 200_001, prices: { inputPerMillion: '7.2', cachedInputPerMillion: '0.72', outputPerMillion: '32.4' } }],
    });
    // a long-context cache-write price without a base one is kept where it is given
    expect(period.standard.longContext?.[0]?.prices).toEqual({ inputPerMillion: '4', cachedInputPerMillion: '0.4', cacheWritePerMillion: '0.25', outputPerMillion: '18' });
    expect(period.standard.cacheWritePerMillion).toBeUndefined();
  });

  it('reads a tier suffix before the threshold the same way (synthetic entry)', () => {
    const { table } = pricingFromLiteLLM(
      {
        m: {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 2e-6,
          input_cost_per_token_above_128k_tokens: 2e-6,
          input_cost_per_token_priority: 3e-6,
          output_cost_per_token_priority: 4e-6,
          input_cost_per_token_priority_above_128k_tokens: 5e-6,
          output_cost_per_token_priority_above_128k_tokens: 6e-6,
        },
      },
      { checkedAt },
    );
    expect(standard('m', table).priority?.longContext).toEqual([{ fromInputTokens: 128_001, prices: { inputPerMillion: '5', outputPerMillion: '6' } }]);
  });

  it('xAI thresholds are inclusive in LiteLLM (prompt tokens ≥ N), so fromInputTokens is N (synthetic entry)', () => {
    // litellm/litellm_core_utils/llm_cost_calc/utils.py: _INCLUSIVE_THRESHOLD_PROVIDERS = {"xai"}
    const entry = { litellm_provider: 'xai', mode: 'chat', input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, input_cost_per_token_above_128k_tokens: 6e-6, output_cost_per_token_above_128k_tokens: 3e-5 };
    const { table } = pricingFromLiteLLM({ 'xai/grok-x': entry, 'other/grok-x': { ...entry, litellm_provider: 'other' } }, { checkedAt });
    expect(standard('xai/grok-x', table).standard.longContext?.[0]?.fromInputTokens).toBe(128_000);
    expect(standard('other/grok-x', table).standard.longContext?.[0]?.fromInputTokens).toBe(128_001);
  });

  it('a long-context tier without an output price takes the base output price (as LiteLLM bills it), with a warning', () => {
    const result = pricingFromLiteLLM({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, input_cost_per_token_above_200k_tokens: 2e-6 } }, { checkedAt });
    expect(standard('m', result.table).standard.longContext).toEqual([{ fromInputTokens: 200_001, prices: { inputPerMillion: '2', outputPerMillion: '2' } }]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['LONG_CONTEXT_PRICE_INHERITED']);
  });

  it('an above-threshold price without an input price at that threshold is not used (LiteLLM keys thresholds on input prices)', () => {
    const result = pricingFromLiteLLM({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, output_cost_per_token_above_200k_tokens: 3e-6 } }, { checkedAt });
    expect(standard('m', result.table).standard.longContext).toBeUndefined();
    expect(result.warnings).toEqual([
      { code: 'UNCONVERTED_PRICES', message: '1 converted model carries "output_cost_per_token_above_200k_tokens", which llm-spend does not convert (those charges are not in the table): m.' },
    ]);
  });
});

describe('pricingFromLiteLLM: what is skipped, and why', () => {
  it('lists every model left out of the real fixture, in file order', () => {
    expect(converted.skipped.map((entry) => entry.id)).toEqual([
      'sample_spec',
      'gigachat/GigaChat-2-Lite',
      'github_copilot/gpt-4o-mini',
      'bedrock/eu-central-1/1-month-commitment/anthropic.claude-v1',
      'volcengine/doubao-seed-2-0-code-preview-260215',
      'gemini-2.5-pro-preview-tts',
      'cohere/embed-v4.0',
      'gpt-image-1.5',
    ]);
    const reason = (id: string): string => converted.skipped.find((entry) => entry.id === id)?.reason ?? '';
    expect(reason('sample_spec')).toBe('LiteLLM documentation entry, not a model');
    expect(reason('github_copilot/gpt-4o-mini')).toBe('no input price per token (input_cost_per_token)');
    expect(reason('bedrock/eu-central-1/1-month-commitment/anthropic.claude-v1')).toBe('no input price per token (input_cost_per_token)');
    expect(reason('gigachat/GigaChat-2-Lite')).toMatch(/^input_cost_per_token is 0 .*keepZeroPrices/);
    expect(reason('volcengine/doubao-seed-2-0-code-preview-260215')).toMatch(/^range-tiered prices \(tiered_pricing\) are not converted/);
    expect(reason('gemini-2.5-pro-preview-tts')).toBe('does not output text (supported_output_modalities: audio)');
    expect(reason('cohere/embed-v4.0')).toBe('mode "embedding" is not converted (converted modes: chat, completion, responses)');
    expect(reason('gpt-image-1.5')).toBe('mode "image_generation" is not converted (converted modes: chat, completion, responses)');
    expect(pricing.models.map((entry) => entry.id)).toEqual([
      'gpt-4o-mini',
      'gpt-4o-mini-2024-07-18',
      'gpt-5.4',
      'gpt-5.4-mini',
      'claude-haiku-4-5',
      'claude-sonnet-4-5',
      'vertex_ai/gemini-3-pro-preview',
      'gemini/gemini-2.5-flash-preview-09-2025',
      'groq/llama-3.1-8b-instant',
      'databricks/databricks-meta-llama-3-1-8b-instruct',
      'tensormesh/Qwen/Qwen3.6-27B-FP8',
    ]);
  });

  it('a price of 0 is unknown by default: the model is skipped, or an optional 0 price is dropped, never priced at $0', () => {
    expect(standard('tensormesh/Qwen/Qwen3.6-27B-FP8').standard).toEqual({ inputPerMillion: '0.32', outputPerMillion: '3.2' });
    expect(converted.warnings).toContainEqual({ code: 'ZERO_PRICE_IGNORED', message: 'tensormesh/Qwen/Qwen3.6-27B-FP8: prices of 0 treated as unknown: cache_read_input_token_cost.' });
    expect(() => estimateCost({ model: 'tensormesh/Qwen/Qwen3.6-27B-FP8', inputTokens: 100, cachedInputTokens: 50, outputTokens: 1, pricing })).toThrowError(
      expect.objectContaining({ code: 'PRICE_UNAVAILABLE' }),
    );
  });

  it('keepZeroPrices keeps documented free prices, and says so', () => {
    const kept = pricingFromLiteLLM(fixture(), { checkedAt, keepZeroPrices: true });
    expect(standard('gigachat/GigaChat-2-Lite', kept.table).standard).toEqual({ inputPerMillion: '0', outputPerMillion: '0' });
    expect(estimateCost({ model: 'gigachat/GigaChat-2-Lite', inputTokens: 1000, outputTokens: 1000, pricing: kept.table }).total).toBe('0');
    expect(kept.warnings).toContainEqual({
      code: 'ZERO_PRICE_KEPT',
      message: 'gigachat/GigaChat-2-Lite: prices of 0 kept as the file says (input_cost_per_token, output_cost_per_token); calls are priced at $0 for those.',
    });
    expect(kept.skipped.map((entry) => entry.id)).not.toContain('gigachat/GigaChat-2-Lite');
    // sample_spec's zeros are never a model
    expect(kept.skipped[0]).toEqual({ id: 'sample_spec', reason: 'LiteLLM documentation entry, not a model' });
  });

  it('embeddings are skipped by mode; asked for, their output price of 0 still needs keepZeroPrices', () => {
    const asked = pricingFromLiteLLM(fixture(), { checkedAt, modes: ['chat', 'embedding'] });
    expect(asked.skipped.find((entry) => entry.id === 'cohere/embed-v4.0')?.reason).toMatch(/^output_cost_per_token is 0/);
    const kept = pricingFromLiteLLM(fixture(), { checkedAt, modes: ['embedding'], keepZeroPrices: true });
    expect(kept.table.models.map((entry) => entry.id)).toEqual(['cohere/embed-v4.0']);
    expect(standard('cohere/embed-v4.0', kept.table).standard).toEqual({ inputPerMillion: '0.12', outputPerMillion: '0' });
  });

  it('providers limits the conversion; other providers are not listed as skipped', () => {
    const result = pricingFromLiteLLM(fixture(), { checkedAt, providers: ['anthropic', 'groq'] });
    expect(result.table.models.map((entry) => entry.id)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5', 'groq/llama-3.1-8b-instant']);
    expect(result.skipped.map((entry) => entry.id)).toEqual(['sample_spec']);
  });

  it('skips a model that bills reasoning apart from output (synthetic entry)', () => {
    const result = pricingFromLiteLLM({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, output_cost_per_reasoning_token: 3e-6 } }, { checkedAt });
    expect(result.skipped).toEqual([
      { id: 'm', reason: 'bills reasoning tokens at 3 per 1M (output_cost_per_reasoning_token), not at the output price 2; llm-spend bills reasoning as output' },
    ]);
  });

  it('leaves out a service tier with only some of its prices, with a warning', () => {
    const result = pricingFromLiteLLM({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, input_cost_per_token_flex: 5e-7 } }, { checkedAt });
    expect(standard('m', result.table).flex).toBeUndefined();
    expect(result.warnings).toEqual([{ code: 'INCOMPLETE_TIER', message: 'm: the flex tier has input_cost_per_token_flex but no output price; the flex tier is left out.' }]);
  });

  it('builds no regional tier when the EU and US multipliers differ', () => {
    const result = pricingFromLiteLLM(
      { m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, regional_processing_uplift_multiplier_eu: 1.1, regional_processing_uplift_multiplier_us: 1.2 } },
      { checkedAt },
    );
    expect(standard('m', result.table).regional).toBeUndefined();
    expect(result.warnings.map((warning) => warning.code)).toEqual(['REGIONAL_UPLIFT_AMBIGUOUS']);
  });

  it('names price fields it does not convert, once per field', () => {
    expect(converted.warnings).toContainEqual({
      code: 'UNCONVERTED_PRICES',
      message:
        '4 converted models carry "search_context_cost_per_query", which llm-spend does not convert (those charges are not in the table): gpt-4o-mini-2024-07-18, claude-sonnet-4-5, vertex_ai/gemini-3-pro-preview, gemini/gemini-2.5-flash-preview-09-2025.',
    });
  });
});

describe('pricingFromLiteLLM: malformed input and options', () => {
  it('rejects a file that is not an object', () => {
    for (const value of [null, [], 'prices', 42, undefined]) {
      expect(pricingError(() => pricingFromLiteLLM(value, { checkedAt })).message).toMatch(/^Invalid LiteLLM file: expected an object keyed by model name/);
    }
  });

  it('names the entry and the field of a wrongly typed value', () => {
    const bad = pricingError(() => pricingFromLiteLLM({ 'gpt-4o-mini': { input_cost_per_token: 'cheap', output_cost_per_token: 6e-7 } }, { checkedAt }));
    expect(bad.message).toBe('Invalid LiteLLM file: entry "gpt-4o-mini", field "input_cost_per_token" must be a non-negative number; got "cheap".');
    expect(bad.details).toMatchObject({ source: 'LiteLLM', model: 'gpt-4o-mini', field: 'input_cost_per_token', value: 'cheap' });
    expect(pricingError(() => pricingFromLiteLLM({ m: { input_cost_per_token: -1e-6, output_cost_per_token: 1e-6 } }, { checkedAt })).message).toMatch(
      /entry "m", field "input_cost_per_token" must be a non-negative finite number; got -0.000001/,
    );
    expect(pricingError(() => pricingFromLiteLLM({ m: { input_cost_per_token: Number.NaN, output_cost_per_token: 1e-6 } }, { checkedAt })).message).toMatch(/got NaN/);
    expect(pricingError(() => pricingFromLiteLLM({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6, max_input_tokens: '128k' } }, { checkedAt })).message).toBe(
      'Invalid LiteLLM file: entry "m", field "max_input_tokens" must be a whole, non-negative number of tokens; got "128k".',
    );
    expect(pricingError(() => pricingFromLiteLLM({ m: [] }, { checkedAt })).message).toBe('Invalid LiteLLM file: entry "m", field "(entry)" must be an object; got an array.');
    expect(pricingError(() => pricingFromLiteLLM({ m: { mode: 7 } }, { checkedAt })).message).toMatch(/field "mode" must be a string; got 7/);
  });

  it('onInvalidEntry: "skip" lists a malformed entry as skipped instead', () => {
    const result = pricingFromLiteLLM({ bad: { input_cost_per_token: {}, output_cost_per_token: 1e-6 }, good: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } }, { checkedAt, onInvalidEntry: 'skip' });
    expect(result.table.models.map((entry) => entry.id)).toEqual(['good']);
    expect(result.skipped).toEqual([{ id: 'bad', reason: 'malformed: field "input_cost_per_token" must be a non-negative number; got an object' }]);
  });

  it('needs checkedAt from the caller: the conversion never reads a clock', () => {
    expect(pricingError(() => pricingFromLiteLLM(fixture(), undefined as never)).message).toMatch(/needs `checkedAt`/);
    expect(pricingError(() => pricingFromLiteLLM(fixture(), { checkedAt: 'yesterday' })).message).toMatch(/needs `checkedAt`.*got "yesterday"/);
    const dated = pricingFromLiteLLM(fixture(), { checkedAt: '2026-12-01', sourceUrl: 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json' });
    expect(dated.table.checkedAt).toBe('2026-12-01');
    expect(standard('gpt-4o-mini', dated.table).sources).toEqual([
      { url: 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json', checkedAt: '2026-12-01' },
    ]);
  });

  it('`__proto__` from JSON.parse is a skipped name; it pollutes no prototype and prices nothing', () => {
    const parsed: unknown = JSON.parse(
      '{"__proto__": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6, "polluted": true},' +
        ' "m": {"__proto__": {"input_cost_per_token": 1e-6}, "output_cost_per_token": 2e-6},' +
        ' "constructor": {"input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}}',
    );
    const result = pricingFromLiteLLM(parsed, { checkedAt });
    expect(result.table.models).toEqual([]);
    expect(result.skipped).toEqual([
      { id: '__proto__', reason: 'a reserved name, never a model id' },
      { id: 'm', reason: 'no input price per token (input_cost_per_token)' },
      { id: 'constructor', reason: 'a reserved name, never a model id' },
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['input_cost_per_token']).toBeUndefined();
    // an inherited price (an object built in code with a prototype) is not read either
    const inherited = Object.create({ input_cost_per_token: 1e-6 }) as Record<string, unknown>;
    inherited['output_cost_per_token'] = 1e-6;
    expect(pricingFromLiteLLM({ m: inherited }, { checkedAt }).skipped).toEqual([{ id: 'm', reason: 'no input price per token (input_cost_per_token)' }]);
  });
});

describe('pricingFromLiteLLM: the result', () => {
  it('is deterministic, frozen, and a plain table that round-trips through createPricingTable', () => {
    const again = pricingFromLiteLLM(fixture(), { checkedAt });
    expect(again).toEqual(converted);
    expect(Object.isFrozen(pricing.models[0])).toBe(true);
    const roundTrip = createPricingTable(JSON.parse(JSON.stringify(pricing)));
    expect(roundTrip.models).toEqual(pricing.models);
  });

  it('property: a per-token price p of up to 12 significant digits converts to exactly p × 10^6', () => {
    // p = digits × 10^exponent, written as a JSON number; the oracle shifts the decimal point with BigInt.
    const price = fc.record({
      digits: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
      exponent: fc.integer({ min: -24, max: 0 }),
    });
    fc.assert(
      fc.property(price, price, ({ digits, exponent }, output) => {
        const json = `{"m": {"input_cost_per_token": ${digits}e${exponent}, "output_cost_per_token": ${output.digits}e${output.exponent}}}`;
        const parsed = JSON.parse(json) as unknown;
        const scaled = (mantissa: bigint, power: number): string =>
          power + 6 >= 0 ? unitsToDecimal(mantissa * 10n ** BigInt(power + 6), 0) : unitsToDecimal(mantissa, -(power + 6));
        const expectedInput = scaled(digits, exponent);
        const expectedOutput = scaled(output.digits, output.exponent);
        const result = pricingFromLiteLLM(parsed, { checkedAt, keepZeroPrices: true });
        expect(result.table.models[0]?.prices[0]?.standard).toEqual({ inputPerMillion: expectedInput, outputPerMillion: expectedOutput });
      }),
      fcOptions,
    );
  });
});
