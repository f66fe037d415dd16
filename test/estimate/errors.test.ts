import { describe, expect, it } from 'vitest';
import { checkContext, createCostEstimator, estimateCost, getModel, isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../../src/index.js';

function thrown(action: () => unknown): LlmSpendError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(LlmSpendError);
    return error as LlmSpendError;
  }
  throw new Error('expected an LlmSpendError, nothing was thrown');
}

function expectCode(action: () => unknown, code: LlmSpendErrorCode, ...messageParts: string[]): LlmSpendError {
  const error = thrown(action);
  expect(error.code).toBe(code);
  for (const part of messageParts) expect(error.message).toContain(part);
  expect(isLlmSpendError(error, code)).toBe(true);
  return error;
}

const base = { model: 'gpt-5.4-mini', inputTokens: 100, outputTokens: 10 } as const;

describe('bad usages throw INVALID_USAGE, never a number', () => {
  it.each([
    ['negative input', { inputTokens: -1 }, 'inputTokens cannot be negative; got -1'],
    ['negative output', { outputTokens: -5 }, 'outputTokens cannot be negative'],
    ['fractional', { inputTokens: 1.5 }, 'inputTokens must be a whole number of tokens; got 1.5'],
    ['NaN', { outputTokens: Number.NaN }, 'outputTokens must be a number, not NaN'],
    ['Infinity', { inputTokens: Number.POSITIVE_INFINITY }, 'inputTokens must be finite'],
    ['a string', { inputTokens: '100' }, 'inputTokens must be a number, not a string; got "100"'],
    ['beyond 2^53', { inputTokens: 2 ** 60 }, 'safe integer'],
    ['null', { cachedInputTokens: null }, 'cachedInputTokens must be a number'],
    ['a negative part', { cachedInputTokens: -1 }, 'cachedInputTokens cannot be negative'],
    ['a fractional reasoning count', { reasoningTokens: 0.5 }, 'reasoningTokens must be a whole number'],
    ['a bigint', { outputTokens: 10n }, 'outputTokens must be a number, not bigint'],
  ])('%s', (_name, patch, message) => {
    expectCode(() => estimateCost({ ...base, ...(patch as object) } as never), 'INVALID_USAGE', message);
  });

  it('a missing required count', () => {
    expectCode(() => estimateCost({ model: 'gpt-5.4-mini', inputTokens: 10 } as never), 'INVALID_USAGE', 'outputTokens is required');
  });

  it('cached tokens larger than input (the Anthropic convention passed raw)', () => {
    const error = expectCode(() => estimateCost({ ...base, cachedInputTokens: 101 }), 'INVALID_USAGE', 'exceed inputTokens (100)', 'usageFromAnthropic');
    expect(error.details).toMatchObject({ inputTokens: 100, cachedInputTokens: 101 });
  });

  it('cached + writes larger than input', () => {
    expectCode(() => estimateCost({ model: 'claude-haiku-4-5', inputTokens: 100, cachedInputTokens: 60, cacheWriteTokens: 30, cacheWrite1hTokens: 11, outputTokens: 0 }), 'INVALID_USAGE', '(101) exceed inputTokens (100)');
  });

  it('reasoning larger than output (the Gemini convention passed raw)', () => {
    expectCode(() => estimateCost({ ...base, reasoningTokens: 11 }), 'INVALID_USAGE', 'reasoningTokens (11) exceed outputTokens (10)', 'usageFromGemini');
  });

  it('audio or image parts larger than the uncached input', () => {
    expectCode(() => estimateCost({ model: 'gemini-2.5-flash', inputTokens: 100, cachedInputTokens: 50, audioInputTokens: 60, outputTokens: 0 }), 'INVALID_USAGE', 'exceed the uncached input (50)');
  });

  it('cached audio larger than the cached input', () => {
    expectCode(() => estimateCost({ model: 'gemini-2.5-flash', inputTokens: 100, cachedInputTokens: 50, cachedAudioInputTokens: 51, outputTokens: 0 }), 'INVALID_USAGE', 'cachedAudioInputTokens (51) exceed cachedInputTokens (50)');
    expectCode(() => estimateCost({ model: 'gpt-4o-mini', inputTokens: 100, cachedInputTokens: 50, cachedAudioInputTokens: 5, outputTokens: 0 }), 'PRICE_UNAVAILABLE', 'cached audio-input');
  });

  it('not an object', () => {
    expectCode(() => estimateCost(null as never), 'INVALID_USAGE');
    expectCode(() => createCostEstimator('gpt-5.4-mini')(undefined as never), 'INVALID_USAGE');
  });

  it('an aggregate that reaches a long-context threshold cannot be priced', () => {
    expectCode(() => estimateCost({ model: 'gpt-5.4', inputTokens: 10_000_000, outputTokens: 0, aggregate: true }), 'INVALID_USAGE', 'long context', '272001'); // issue 11: the tier starts at 272,001 (">272K")
  });
});

describe('unknown models throw UNKNOWN_MODEL with suggestions', () => {
  it('a typo suggests the closest ids', () => {
    const error = expectCode(() => estimateCost({ ...base, model: 'gpt-5.4-mnii' }), 'UNKNOWN_MODEL', 'Unknown model "gpt-5.4-mnii"', 'Did you mean "gpt-5.4-mini"');
    expect((error.details['suggestions'] as string[])[0]).toBe('gpt-5.4-mini');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'prototype'])('%j is just an unknown model', (id) => {
    expectCode(() => estimateCost({ ...base, model: id }), 'UNKNOWN_MODEL');
    expectCode(() => getModel(id), 'UNKNOWN_MODEL');
  });

  it('a provider prefix must match the model provider or host', () => {
    expectCode(() => getModel('anthropic/gpt-5.4-mini'), 'UNKNOWN_MODEL');
    expect(getModel('openai/gpt-5.4-mini').id).toBe('gpt-5.4-mini');
  });

  it('a non-string id', () => {
    expectCode(() => getModel(42 as never), 'UNKNOWN_MODEL', 'must be a string');
  });
});

describe('tiers, context and prices', () => {
  it('priority on a model that has none: TIER_UNAVAILABLE naming the tiers it has', () => {
    expectCode(() => estimateCost({ ...base, model: 'gpt-5.4-nano', tier: 'priority' }), 'TIER_UNAVAILABLE', 'gpt-5.4-nano has no priority price', 'standard, batch, flex, regional');
    expectCode(() => createCostEstimator('groq/llama-4-scout', { tier: 'batch' }), 'TIER_UNAVAILABLE');
  });

  it('an unknown tier name', () => {
    expectCode(() => estimateCost({ ...base, tier: 'turbo' as never }), 'TIER_UNAVAILABLE', 'Unknown service tier "turbo"');
  });

  it('priority excludes long context on gpt-5.4', () => {
    // issue 11: 272,000 is still the base price (">272K"): 272,000 × 5.00/1M = 1.36
    expect(estimateCost({ model: 'gpt-5.4', tier: 'priority', inputTokens: 272_000, outputTokens: 0 }).total).toBe('1.36');
    expectCode(() => estimateCost({ model: 'gpt-5.4', tier: 'priority', inputTokens: 272_001, outputTokens: 0 }), 'TIER_UNAVAILABLE', 'long-context');
  });

  it('a call larger than the model accepts is not priced: CONTEXT_EXCEEDED', () => {
    expectCode(() => estimateCost({ model: 'gpt-5.4-mini', inputTokens: 272_001, outputTokens: 0 }), 'CONTEXT_EXCEEDED', 'max input 272000');
    expectCode(() => estimateCost({ model: 'gpt-4o-mini', inputTokens: 120_000, outputTokens: 16_384 }), 'CONTEXT_EXCEEDED', 'context window 128000');
    expectCode(() => estimateCost({ model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 16_385 }), 'CONTEXT_EXCEEDED', 'max output 16384');
  });

  it('cached tokens on a model without a cached price: PRICE_UNAVAILABLE, not $0 and not a guess', () => {
    expectCode(() => estimateCost({ model: 'groq/llama-4-scout', inputTokens: 100, cachedInputTokens: 50, outputTokens: 0 }), 'PRICE_UNAVAILABLE', 'no cached-input price');
    expectCode(() => estimateCost({ model: 'gpt-5.4-mini', inputTokens: 100, cacheWrite1hTokens: 50, outputTokens: 0 }), 'PRICE_UNAVAILABLE', 'cache-write (1-hour)');
    expectCode(() => estimateCost({ model: 'gpt-4o-mini', inputTokens: 100, audioInputTokens: 50, outputTokens: 0 }), 'PRICE_UNAVAILABLE', 'audio-input');
    expectCode(() => estimateCost({ model: 'gemini-2.5-flash', inputTokens: 100, outputTokens: 0, webSearchCalls: 1 }), 'PRICE_UNAVAILABLE', 'web-search');
  });

  it('a date before the model was priced: PRICE_NOT_IN_EFFECT', () => {
    expectCode(() => estimateCost({ ...base, at: '2026-03-16' }), 'PRICE_NOT_IN_EFFECT', 'gpt-5.4-mini had no price in effect at 2026-03-16', '2026-03-17');
    expectCode(() => getModel('gpt-5.4-mini', { at: '2025-01-01' }), 'PRICE_NOT_IN_EFFECT');
  });

  it('a date that is not a date', () => {
    expectCode(() => estimateCost({ ...base, at: 'yesterday' }), 'INVALID_USAGE', '`at` must be an ISO-8601 date');
  });

  it('checkContext validates counts too', () => {
    expectCode(() => checkContext({ model: 'gpt-5.4-mini', inputTokens: -1, maxOutputTokens: 0 }), 'INVALID_USAGE');
    expectCode(() => checkContext({ model: 'nope', inputTokens: 1, maxOutputTokens: 0 }), 'UNKNOWN_MODEL');
  });
});
