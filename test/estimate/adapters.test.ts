import { describe, expect, it } from 'vitest';
import { usageFromAiSdk, usageFromAnthropic, usageFromGemini, usageFromOpenAI } from '../../src/estimate/adapters.js';
import { estimateCost } from '../../src/estimate/estimate.js';
import { LlmSpendError } from '../../src/errors.js';
import type { Usage } from '../../src/estimate/usage.js';

// Expected costs are worked by hand from the list prices (USD per 1M tokens) in
// /work/shared/reference/pricing-facts.md; the arithmetic is written beside each figure.
//   gpt-4o-mini       input 0.15, cached 0.075, output 0.60
//   gpt-5.4-mini      input 0.75, cached 0.075, output 4.50
//   claude-haiku-4-5  input 1.00, cache read 0.10, 5m write 1.25, 1h write 2.00, output 5.00, web search $10 / 1K
//   gemini-2.5-flash  input 0.30, cached 0.03, output 2.50, audio input 1.00

/** Runs `call`, expects an LlmSpendError INVALID_USAGE whose message contains every fragment. */
function expectInvalid(call: () => unknown, ...fragments: readonly string[]): LlmSpendError {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LlmSpendError);
  const error = caught as LlmSpendError;
  expect(error.code).toBe('INVALID_USAGE');
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

/** The keys of a usage whose value is undefined (exactOptionalPropertyTypes: there must be none). */
function undefinedKeys(usage: Usage): string[] {
  return Object.entries(usage)
    .filter(([, value]) => value === undefined)
    .map(([key]) => key);
}

// ------------------------------------------------------------------------- OpenAI

describe('usageFromOpenAI', () => {
  // OpenAI prompt caching guide: prompt_tokens 2006, of which cached_tokens 1920.
  const cachingGuide = {
    prompt_tokens: 2006,
    completion_tokens: 300,
    total_tokens: 2306,
    prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };

  it('chat completions: prompt_tokens already includes cached_tokens (2006 with 1920 cached -> 2006 input, not 3926)', () => {
    const usage = usageFromOpenAI(cachingGuide);
    expect(usage).toEqual({ inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 });
    expect(usage.inputTokens).not.toBe(3926);
    expect(undefinedKeys(usage)).toEqual([]);
  });

  it('accepts a whole ChatCompletion response with .usage', () => {
    const completion = { id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4o-mini', choices: [], usage: cachingGuide };
    expect(usageFromOpenAI(completion)).toEqual({ inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 });
  });

  it('chat completions: completion_tokens already includes reasoning_tokens (not added again)', () => {
    const usage = usageFromOpenAI({ prompt_tokens: 100, completion_tokens: 1500, completion_tokens_details: { reasoning_tokens: 1200 } });
    expect(usage).toEqual({ inputTokens: 100, outputTokens: 1500, reasoningTokens: 1200 });
  });

  it('responses API: input_tokens includes cached_tokens, output_tokens includes reasoning_tokens', () => {
    const response = {
      id: 'resp_1',
      object: 'response',
      output: [],
      usage: {
        input_tokens: 5000,
        input_tokens_details: { cached_tokens: 4096 },
        output_tokens: 1200,
        output_tokens_details: { reasoning_tokens: 1000 },
        total_tokens: 6200,
      },
    };
    expect(usageFromOpenAI(response)).toEqual({ inputTokens: 5000, outputTokens: 1200, cachedInputTokens: 4096, reasoningTokens: 1000 });
  });

  it('missing or null details are zero parts; zero parts are left out of the result', () => {
    expect(usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 5 })).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: null, completion_tokens_details: null })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
    });
    expect(usageFromOpenAI({ input_tokens: 0, output_tokens: 0, input_tokens_details: { cached_tokens: 0 } })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('does not map prompt_tokens_details.audio_tokens (left inside inputTokens, priced as input)', () => {
    const usage = usageFromOpenAI({ prompt_tokens: 500, completion_tokens: 10, prompt_tokens_details: { audio_tokens: 400, cached_tokens: 0 } });
    expect(usage).toEqual({ inputTokens: 500, outputTokens: 10 });
  });

  it('round trip gpt-4o-mini: 86 x 0.15 + 1920 x 0.075 + 300 x 0.60 per 1M = "0.0003369"', () => {
    // uncached 2006 - 1920 = 86 -> 0.0000129; cached 1920 -> 0.000144; output 300 -> 0.00018
    const cost = estimateCost({ model: 'gpt-4o-mini', ...usageFromOpenAI(cachingGuide) });
    expect(cost.input).toBe('0.0000129');
    expect(cost.cachedInput).toBe('0.000144');
    expect(cost.output).toBe('0.00018');
    expect(cost.total).toBe('0.0003369');
    // The double-counting bug (input 2006 + 1920 = 3926) would have priced 2006 uncached: 0.0003009 + 0.000144 + 0.00018.
    expect(cost.total).not.toBe('0.0006249');
  });

  it('round trip gpt-5.4-mini (Responses): 904 x 0.75 + 4096 x 0.075 + 1200 x 4.50 per 1M = "0.0063852", reasoning billed once', () => {
    // uncached 904 -> 0.000678; cached 4096 -> 0.0003072; output 1200 (reasoning included) -> 0.0054
    const usage = usageFromOpenAI({ input_tokens: 5000, input_tokens_details: { cached_tokens: 4096 }, output_tokens: 1200, output_tokens_details: { reasoning_tokens: 1000 } });
    const cost = estimateCost({ model: 'gpt-5.4-mini', ...usage });
    expect(cost.total).toBe('0.0063852');
    expect(cost.output).toBe('0.0054');
    expect(cost.reasoning).toBe('0.0045'); // of which, not added: billing reasoning twice would give 0.0108852
  });

  describe('bad input', () => {
    it('non-object input', () => {
      expectInvalid(() => usageFromOpenAI(null), 'usageFromOpenAI', 'got null');
      expectInvalid(() => usageFromOpenAI('{"prompt_tokens":1}'), 'got a string');
      expectInvalid(() => usageFromOpenAI(42), 'got number 42');
      expectInvalid(() => usageFromOpenAI([]), 'got an array');
      expectInvalid(() => usageFromOpenAI(undefined), 'got undefined');
    });
    it('a response without usage (stream without include_usage)', () => {
      expectInvalid(() => usageFromOpenAI({ id: 'chatcmpl-1', usage: null }), "response's usage is null", 'include_usage');
      expectInvalid(() => usageFromOpenAI({ id: 'chatcmpl-1', usage: 'n/a' }), "response's usage must be an object");
    });
    it('missing required field is an error, never a silent 0', () => {
      expectInvalid(() => usageFromOpenAI({ completion_tokens: 5 }), 'prompt_tokens is required and missing');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 5 }), 'completion_tokens is required and missing');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: null, completion_tokens: 5 }), 'prompt_tokens is required', 'null');
      expectInvalid(() => usageFromOpenAI({ output_tokens: 5 }), 'input_tokens is required');
      expectInvalid(() => usageFromOpenAI({ total_tokens: 5 }), 'prompt_tokens (Chat Completions) or input_tokens (Responses API) is required', 'total_tokens');
      expectInvalid(() => usageFromOpenAI({}), 'is required');
    });
    it('mixed Chat Completions and Responses fields', () => {
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 5, completion_tokens: 1, input_tokens: 5, output_tokens: 1 }), 'both Chat Completions fields');
    });
    it('negative, NaN, infinite, string, fractional and unsafe counts', () => {
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: -1, completion_tokens: 5 }), 'prompt_tokens cannot be negative; got -1');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: Number.NaN, completion_tokens: 5 }), 'prompt_tokens must be a number, not NaN');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: Number.POSITIVE_INFINITY, completion_tokens: 5 }), 'prompt_tokens must be finite');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: '2006', completion_tokens: 5 }), 'prompt_tokens must be a number, not a string ("2006")');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 10.5, completion_tokens: 5 }), 'prompt_tokens must be a whole number of tokens; got 10.5');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 2 ** 53, completion_tokens: 5 }), 'prompt_tokens must be a safe integer');
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: -3 } }), 'prompt_tokens_details.cached_tokens cannot be negative');
      expectInvalid(
        () => usageFromOpenAI({ input_tokens: 10, output_tokens: 5, output_tokens_details: { reasoning_tokens: 1.25 } }),
        'output_tokens_details.reasoning_tokens must be a whole number',
      );
      expectInvalid(() => usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: 7 }), 'prompt_tokens_details must be an object');
    });
    it('parts over their whole: cached > prompt, reasoning > completion', () => {
      const error = expectInvalid(
        () => usageFromOpenAI({ prompt_tokens: 1920, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 2006 } }),
        'prompt_tokens_details.cached_tokens (2006) exceeds prompt_tokens (1920)',
        'already includes the cached tokens',
      );
      expect(error.details).toMatchObject({ partValue: 2006, wholeValue: 1920 });
      expectInvalid(
        () => usageFromOpenAI({ input_tokens: 10, output_tokens: 100, output_tokens_details: { reasoning_tokens: 101 } }),
        'output_tokens_details.reasoning_tokens (101) exceeds output_tokens (100)',
      );
    });
  });
});

// ------------------------------------------------------------------------- Anthropic

describe('usageFromAnthropic', () => {
  const message = {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content: [{ type: 'text', text: '...' }],
    stop_reason: 'end_turn',
    usage: {
      input_tokens: 50,
      cache_read_input_tokens: 10_000,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
      output_tokens: 400,
      server_tool_use: { web_search_requests: 2 },
      service_tier: 'standard',
    },
  };

  it('input_tokens excludes cache reads and writes: inputTokens = 50 + 10000 + 3000 = 13050, writes split 5m/1h', () => {
    const usage = usageFromAnthropic(message);
    expect(usage).toEqual({
      inputTokens: 13_050,
      outputTokens: 400,
      cachedInputTokens: 10_000,
      cacheWriteTokens: 2000,
      cacheWrite1hTokens: 1000,
      webSearchCalls: 2,
    });
    expect(usage.reasoningTokens).toBeUndefined();
    expect('reasoningTokens' in usage).toBe(false);
    expect(undefinedKeys(usage)).toEqual([]);
  });

  it('accepts the usage object as well as the message', () => {
    expect(usageFromAnthropic(message.usage)).toEqual(usageFromAnthropic(message));
  });

  it('without the cache_creation split every write is a 5-minute write', () => {
    expect(usageFromAnthropic({ input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 3000, output_tokens: 400 })).toEqual({
      inputTokens: 13_050,
      outputTokens: 400,
      cachedInputTokens: 10_000,
      cacheWriteTokens: 3000,
    });
  });

  it('null cache fields (as some SDK versions send) count as absent', () => {
    expect(usageFromAnthropic({ input_tokens: 12, output_tokens: 7, cache_creation_input_tokens: null, cache_read_input_tokens: null, cache_creation: null, server_tool_use: null })).toEqual({
      inputTokens: 12,
      outputTokens: 7,
    });
  });

  it('a split without cache_creation_input_tokens takes the split as the writes', () => {
    expect(usageFromAnthropic({ input_tokens: 1, output_tokens: 1, cache_creation: { ephemeral_1h_input_tokens: 4096 } })).toEqual({
      inputTokens: 4097,
      outputTokens: 1,
      cacheWrite1hTokens: 4096,
    });
  });

  it('output_tokens includes thinking; reasoning is not reported apart and is left out', () => {
    const usage = usageFromAnthropic({ input_tokens: 100, output_tokens: 5000 });
    expect(usage).toEqual({ inputTokens: 100, outputTokens: 5000 });
  });

  it('round trip claude-haiku-4-5 with 5m and 1h writes and 2 web searches = "0.02755"', () => {
    // uncached 50 x 1.00 = 0.00005; reads 10000 x 0.10 = 0.001; 5m writes 2000 x 1.25 = 0.0025;
    // 1h writes 1000 x 2.00 = 0.002; output 400 x 5.00 = 0.002; searches 2 x $0.01 = 0.02
    // tokens: 0.00755; total 0.02755
    const cost = estimateCost({ model: 'claude-haiku-4-5', ...usageFromAnthropic(message) });
    expect(cost.input).toBe('0.00005');
    expect(cost.cachedInput).toBe('0.001');
    expect(cost.cacheWrite).toBe('0.0025');
    expect(cost.cacheWrite1h).toBe('0.002');
    expect(cost.output).toBe('0.002');
    expect(cost.fees).toBe('0.02');
    expect(cost.total).toBe('0.02755');
  });

  it('round trip claude-haiku-4-5 without the split (all 5m writes) = "0.0068"', () => {
    // 0.00005 + 0.001 + 3000 x 1.25 = 0.00375 + 0.002 = 0.0068
    const usage = usageFromAnthropic({ input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 3000, output_tokens: 400 });
    expect(estimateCost({ model: 'claude-haiku-4-5', ...usage }).total).toBe('0.0068');
  });

  it('regression: taking input_tokens as the whole input would make the cache parts exceed it', () => {
    // A peer that maps input_tokens -> inputTokens and cache_read -> cachedInputTokens hands
    // estimateCost a part larger than its whole; the adapter output is always consistent.
    expect(() => estimateCost({ model: 'claude-haiku-4-5', inputTokens: 50, cachedInputTokens: 10_000, outputTokens: 400 })).toThrow(LlmSpendError);
    expect(() => estimateCost({ model: 'claude-haiku-4-5', ...usageFromAnthropic(message) })).not.toThrow();
  });

  describe('bad input', () => {
    it('non-object input and a message without usage', () => {
      expectInvalid(() => usageFromAnthropic(null), 'usageFromAnthropic', 'got null');
      expectInvalid(() => usageFromAnthropic('usage'), 'got a string');
      expectInvalid(() => usageFromAnthropic({ id: 'msg_01', usage: undefined }), "response's usage is undefined");
    });
    it('missing required field', () => {
      expectInvalid(() => usageFromAnthropic({ output_tokens: 15 }), 'input_tokens is required and missing');
      expectInvalid(() => usageFromAnthropic({ input_tokens: 15 }), 'output_tokens is required and missing');
    });
    it('negative, NaN, string, fractional counts', () => {
      expectInvalid(() => usageFromAnthropic({ input_tokens: -5, output_tokens: 1 }), 'input_tokens cannot be negative; got -5');
      expectInvalid(() => usageFromAnthropic({ input_tokens: 5, output_tokens: Number.NaN }), 'output_tokens must be a number, not NaN');
      expectInvalid(() => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_read_input_tokens: '100' }), 'cache_read_input_tokens must be a number, not a string');
      expectInvalid(() => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 0.5 }), 'cache_creation_input_tokens must be a whole number');
      expectInvalid(
        () => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 10, cache_creation: { ephemeral_5m_input_tokens: -10, ephemeral_1h_input_tokens: 20 } }),
        'cache_creation.ephemeral_5m_input_tokens cannot be negative',
      );
      expectInvalid(() => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, server_tool_use: { web_search_requests: 1.5 } }), 'server_tool_use.web_search_requests must be a whole number');
      expectInvalid(() => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation: 'both' }), 'cache_creation must be an object');
    });
    it('a 5m/1h split that does not add up to cache_creation_input_tokens', () => {
      const error = expectInvalid(
        () => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 3000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 500 } }),
        'ephemeral_5m_input_tokens (2000)',
        'ephemeral_1h_input_tokens (500) = 2500',
        'cache_creation_input_tokens is 3000',
      );
      expect(error.details).toMatchObject({ cache_creation_input_tokens: 3000 });
      // parts over the whole, too
      expectInvalid(
        () => usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 100, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 101 } }),
        'cache_creation_input_tokens is 100',
      );
    });
    it('a total past 2^53 - 1', () => {
      expectInvalid(
        () => usageFromAnthropic({ input_tokens: Number.MAX_SAFE_INTEGER, output_tokens: 1, cache_read_input_tokens: 1 }),
        'input_tokens + cache_creation_input_tokens + cache_read_input_tokens',
        'larger than 2^53 - 1',
      );
    });
  });
});

// ------------------------------------------------------------------------- Gemini

describe('usageFromGemini', () => {
  const response = {
    candidates: [{ content: { parts: [{ text: '...' }], role: 'model' }, finishReason: 'STOP' }],
    modelVersion: 'gemini-2.5-flash',
    usageMetadata: {
      promptTokenCount: 10_000,
      cachedContentTokenCount: 6000,
      candidatesTokenCount: 800,
      thoughtsTokenCount: 1200,
      totalTokenCount: 12_000,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10_000 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 6000 }],
    },
  };

  it('prompt includes cached content; output = candidates + thoughts (candidates exclude thoughts)', () => {
    const usage = usageFromGemini(response);
    expect(usage).toEqual({ inputTokens: 10_000, outputTokens: 2000, cachedInputTokens: 6000, reasoningTokens: 1200 });
    expect(undefinedKeys(usage)).toEqual([]);
  });

  it('accepts the usageMetadata object as well as the response', () => {
    expect(usageFromGemini(response.usageMetadata)).toEqual(usageFromGemini(response));
  });

  it('audio: audioInputTokens = AUDIO prompt tokens - AUDIO cached tokens', () => {
    const usage = usageFromGemini({
      promptTokenCount: 12_000,
      cachedContentTokenCount: 8000,
      candidatesTokenCount: 500,
      thoughtsTokenCount: 1500,
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: 10_000 },
        { modality: 'AUDIO', tokenCount: 2000 },
      ],
      cacheTokensDetails: [
        { modality: 'TEXT', tokenCount: 7500 },
        { modality: 'AUDIO', tokenCount: 500 },
      ],
    });
    expect(usage).toEqual({ inputTokens: 12_000, outputTokens: 2000, cachedInputTokens: 8000, reasoningTokens: 1500, audioInputTokens: 1500, cachedAudioInputTokens: 500 });
  });

  it('toolUsePromptTokenCount is added to inputTokens as uncached input', () => {
    expect(usageFromGemini({ promptTokenCount: 1000, toolUsePromptTokenCount: 250, candidatesTokenCount: 40 })).toEqual({ inputTokens: 1250, outputTokens: 40 });
  });

  it('zero counts omitted by Gemini JSON are zeros (only promptTokenCount is required)', () => {
    // A blocked prompt: no candidates, so Gemini leaves candidatesTokenCount out.
    expect(usageFromGemini({ promptTokenCount: 37, totalTokenCount: 37 })).toEqual({ inputTokens: 37, outputTokens: 0 });
    expect(usageFromGemini({ promptTokenCount: 37, promptTokensDetails: [{ modality: 'AUDIO' }] })).toEqual({ inputTokens: 37, outputTokens: 0 });
  });

  it('round trip gemini-2.5-flash with thoughts and cached content = "0.00638"', () => {
    // uncached 4000 x 0.30 = 0.0012; cached 6000 x 0.03 = 0.00018; output 2000 x 2.50 = 0.005
    const cost = estimateCost({ model: 'gemini-2.5-flash', ...usageFromGemini(response) });
    expect(cost.input).toBe('0.0012');
    expect(cost.cachedInput).toBe('0.00018');
    expect(cost.output).toBe('0.005');
    expect(cost.reasoning).toBe('0.003');
    expect(cost.total).toBe('0.00638');
    // Dropping the thoughts (output = candidates only) would have given 0.0012 + 0.00018 + 0.002 = 0.00338.
    expect(cost.total).not.toBe('0.00338');
  });

  it('round trip gemini-2.5-flash with audio, cached and uncached = "0.007525"', () => {
    // uncached 12000 - 8000 = 4000, of which audio 2000 - 500 = 1500:
    // audio 1500 x 1.00 = 0.0015; text 2500 x 0.30 = 0.00075;
    // cached 8000, of which audio 500: 7500 x 0.03 + 500 x 0.10 = 0.000225 + 0.00005; output 2000 x 2.50 = 0.005
    const usage = usageFromGemini({
      promptTokenCount: 12_000,
      cachedContentTokenCount: 8000,
      candidatesTokenCount: 500,
      thoughtsTokenCount: 1500,
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: 10_000 },
        { modality: 'AUDIO', tokenCount: 2000 },
      ],
      cacheTokensDetails: [
        { modality: 'TEXT', tokenCount: 7500 },
        { modality: 'AUDIO', tokenCount: 500 },
      ],
    });
    const cost = estimateCost({ model: 'gemini-2.5-flash', ...usage });
    expect(cost.input).toBe('0.00225');
    expect(cost.cachedInput).toBe('0.000275');
    expect(cost.total).toBe('0.007525');
  });

  describe('bad input', () => {
    it('non-object input and a response without usageMetadata', () => {
      expectInvalid(() => usageFromGemini(undefined), 'usageFromGemini', 'got undefined');
      expectInvalid(() => usageFromGemini(true), 'got boolean true');
      expectInvalid(() => usageFromGemini({ candidates: [], usageMetadata: null }), "response's usageMetadata is null");
    });
    it('missing required promptTokenCount', () => {
      expectInvalid(() => usageFromGemini({ candidatesTokenCount: 5 }), 'promptTokenCount is required and missing');
    });
    it('negative, NaN, string, fractional counts', () => {
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: -1 }), 'candidatesTokenCount cannot be negative; got -1');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, thoughtsTokenCount: Number.NaN }), 'thoughtsTokenCount must be a number, not NaN');
      expectInvalid(() => usageFromGemini({ promptTokenCount: '10' }), 'promptTokenCount must be a number, not a string');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, cachedContentTokenCount: 2.5 }), 'cachedContentTokenCount must be a whole number');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: -2 }] }), 'promptTokensDetails[0].tokenCount cannot be negative');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, promptTokensDetails: { AUDIO: 2 } }), 'promptTokensDetails must be a list');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, promptTokensDetails: [7] }), 'promptTokensDetails[0] must be an object');
      expectInvalid(() => usageFromGemini({ promptTokenCount: 10, cacheTokensDetails: [{ modality: 3, tokenCount: 2 }] }), 'cacheTokensDetails[0].modality must be a string');
    });
    it('parts over their whole: cached > prompt', () => {
      expectInvalid(() => usageFromGemini({ promptTokenCount: 100, cachedContentTokenCount: 101 }), 'cachedContentTokenCount (101) exceeds promptTokenCount (100)');
    });
    it('audio: cached AUDIO larger than prompt AUDIO throws (no floor at 0)', () => {
      const error = expectInvalid(
        () =>
          usageFromGemini({
            promptTokenCount: 1000,
            cachedContentTokenCount: 800,
            promptTokensDetails: [
              { modality: 'TEXT', tokenCount: 700 },
              { modality: 'AUDIO', tokenCount: 300 },
            ],
            cacheTokensDetails: [
              { modality: 'TEXT', tokenCount: 400 },
              { modality: 'AUDIO', tokenCount: 400 },
            ],
          }),
        'cacheTokensDetails AUDIO tokens (400) exceed promptTokensDetails AUDIO tokens (300)',
        'uncached audio would be -100',
      );
      expect(error.details).toMatchObject({ promptAudioTokens: 300, cachedAudioTokens: 400 });
    });
    it('audio breakdowns larger than the counts they break down', () => {
      expectInvalid(
        () => usageFromGemini({ promptTokenCount: 100, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 150 }] }),
        'promptTokensDetails AUDIO tokens (150) exceeds promptTokenCount (100)',
      );
      expectInvalid(
        () => usageFromGemini({ promptTokenCount: 100, cachedContentTokenCount: 10, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 50 }], cacheTokensDetails: [{ modality: 'AUDIO', tokenCount: 20 }] }),
        'cacheTokensDetails AUDIO tokens (20) exceeds cachedContentTokenCount (10)',
      );
      expectInvalid(
        () =>
          usageFromGemini({
            promptTokenCount: 100,
            cachedContentTokenCount: 90,
            promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 50 }],
            cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 90 }],
          }),
        'uncached AUDIO tokens',
        '(50) exceeds uncached prompt tokens',
        '(10)',
      );
    });
  });
});

// ------------------------------------------------------------------------- Vercel AI SDK

describe('usageFromAiSdk', () => {
  it('v5: inputTokens includes cachedInputTokens, outputTokens includes reasoningTokens', () => {
    expect(usageFromAiSdk({ inputTokens: 2006, outputTokens: 300, totalTokens: 2306, cachedInputTokens: 1920 })).toEqual({
      inputTokens: 2006,
      outputTokens: 300,
      cachedInputTokens: 1920,
    });
    expect(usageFromAiSdk({ inputTokens: 100, outputTokens: 1500, totalTokens: 1600, reasoningTokens: 1200, cachedInputTokens: undefined })).toEqual({
      inputTokens: 100,
      outputTokens: 1500,
      reasoningTokens: 1200,
    });
  });

  it('v6: input and output details (Anthropic provider: cache writes inside inputTokens)', () => {
    const usage = usageFromAiSdk({
      inputTokens: 13_050,
      inputTokenDetails: { noCacheTokens: 50, cacheReadTokens: 10_000, cacheWriteTokens: 3000 },
      outputTokens: 400,
      outputTokenDetails: { textTokens: undefined, reasoningTokens: undefined },
      totalTokens: 13_450,
      cachedInputTokens: 10_000,
    });
    expect(usage).toEqual({ inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 3000 });
    expect(undefinedKeys(usage)).toEqual([]);
  });

  it('v6: Google provider (output = text + reasoning)', () => {
    const usage = usageFromAiSdk({
      inputTokens: 10_000,
      inputTokenDetails: { noCacheTokens: 4000, cacheReadTokens: 6000, cacheWriteTokens: undefined },
      outputTokens: 2000,
      outputTokenDetails: { textTokens: 800, reasoningTokens: 1200 },
      totalTokens: 12_000,
      reasoningTokens: 1200,
      cachedInputTokens: 6000,
    });
    expect(usage).toEqual({ inputTokens: 10_000, outputTokens: 2000, cachedInputTokens: 6000, reasoningTokens: 1200 });
  });

  it('v6 with every detail undefined (provider reports only totals)', () => {
    expect(
      usageFromAiSdk({
        inputTokens: 10,
        inputTokenDetails: { noCacheTokens: undefined, cacheReadTokens: undefined, cacheWriteTokens: undefined },
        outputTokens: 3,
        outputTokenDetails: { textTokens: undefined, reasoningTokens: undefined },
        totalTokens: 13,
      }),
    ).toEqual({ inputTokens: 10, outputTokens: 3 });
  });

  it('round trip v5 gpt-4o-mini = "0.0003369" (the same as usageFromOpenAI)', () => {
    const cost = estimateCost({ model: 'gpt-4o-mini', ...usageFromAiSdk({ inputTokens: 2006, outputTokens: 300, totalTokens: 2306, cachedInputTokens: 1920 }) });
    expect(cost.total).toBe('0.0003369');
  });

  it('round trip v6 claude-haiku-4-5, writes at the 5-minute price = "0.0068"', () => {
    // 50 x 1.00 + 10000 x 0.10 + 3000 x 1.25 + 400 x 5.00 per 1M = 0.00005 + 0.001 + 0.00375 + 0.002
    const usage = usageFromAiSdk({
      inputTokens: 13_050,
      inputTokenDetails: { noCacheTokens: 50, cacheReadTokens: 10_000, cacheWriteTokens: 3000 },
      outputTokens: 400,
      outputTokenDetails: { textTokens: undefined, reasoningTokens: undefined },
      totalTokens: 13_450,
    });
    expect(estimateCost({ model: 'claude-haiku-4-5', ...usage }).total).toBe('0.0068');
  });

  it('round trip v6 gemini-2.5-flash = "0.00638" (the same as usageFromGemini)', () => {
    const usage = usageFromAiSdk({
      inputTokens: 10_000,
      inputTokenDetails: { noCacheTokens: 4000, cacheReadTokens: 6000, cacheWriteTokens: undefined },
      outputTokens: 2000,
      outputTokenDetails: { textTokens: 800, reasoningTokens: 1200 },
      totalTokens: 12_000,
    });
    expect(estimateCost({ model: 'gemini-2.5-flash', ...usage }).total).toBe('0.00638');
  });

  describe('bad input', () => {
    it('non-object input and a whole result', () => {
      expectInvalid(() => usageFromAiSdk(null), 'usageFromAiSdk', 'got null');
      expectInvalid(() => usageFromAiSdk(7), 'got number 7');
      expectInvalid(() => usageFromAiSdk({ text: 'hi', usage: {}, totalUsage: {} }), 'not a whole result', 'result.totalUsage');
    });
    it('missing required field (provider reported no usage)', () => {
      expectInvalid(() => usageFromAiSdk({ inputTokens: undefined, outputTokens: 5, totalTokens: undefined }), 'inputTokens is required and missing');
      expectInvalid(() => usageFromAiSdk({ inputTokens: 5 }), 'outputTokens is required and missing');
    });
    it('negative, NaN, string, fractional counts', () => {
      expectInvalid(() => usageFromAiSdk({ inputTokens: -1, outputTokens: 5 }), 'inputTokens cannot be negative');
      expectInvalid(() => usageFromAiSdk({ inputTokens: 1, outputTokens: Number.NaN }), 'outputTokens must be a number, not NaN');
      expectInvalid(() => usageFromAiSdk({ inputTokens: '1', outputTokens: 5 }), 'inputTokens must be a number, not a string');
      expectInvalid(() => usageFromAiSdk({ inputTokens: 1, outputTokens: 5, reasoningTokens: 0.5 }), 'reasoningTokens must be a whole number');
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 10, outputTokens: 5, inputTokenDetails: { noCacheTokens: -1, cacheReadTokens: 11, cacheWriteTokens: 0 } }),
        'inputTokenDetails.noCacheTokens cannot be negative',
      );
      expectInvalid(() => usageFromAiSdk({ inputTokens: 10, outputTokens: 5, outputTokenDetails: 'none' }), 'outputTokenDetails must be an object');
    });
    it('v5: cachedInputTokens > inputTokens names the provider quirk (inputTokens without cache)', () => {
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 50, outputTokens: 400, totalTokens: 450, cachedInputTokens: 10_000 }),
        'cachedInputTokens (10000) exceeds inputTokens (50)',
        'some providers (Anthropic among them) report inputTokens WITHOUT cache reads and writes',
        'usageFromAnthropic',
      );
    });
    it('v5: reasoningTokens > outputTokens, or a totalTokens showing output excludes reasoning (Google quirk)', () => {
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 10_000, outputTokens: 800, totalTokens: 12_000, reasoningTokens: 1200 }),
        'reasoningTokens (1200) exceeds outputTokens (800)',
        'usageFromGemini',
      );
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 10_000, outputTokens: 1500, totalTokens: 12_700, reasoningTokens: 1200 }),
        'totalTokens (12700) = inputTokens (10000) + outputTokens (1500) + reasoningTokens (1200)',
        'WITHOUT the reasoning tokens',
      );
    });
    it('v6: parts over their whole and details that do not add up', () => {
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 100, outputTokens: 5, inputTokenDetails: { noCacheTokens: undefined, cacheReadTokens: 90, cacheWriteTokens: 20 } }),
        'cacheReadTokens + cacheWriteTokens (110) exceeds inputTokens (100)',
      );
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 100, outputTokens: 5, inputTokenDetails: { noCacheTokens: 50, cacheReadTokens: 40, cacheWriteTokens: 0 } }),
        'noCacheTokens (50) + cacheReadTokens (40) + cacheWriteTokens (0) = 90, but inputTokens is 100',
      );
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 100, outputTokens: 50, outputTokenDetails: { textTokens: undefined, reasoningTokens: 60 } }),
        'outputTokenDetails.reasoningTokens (60) exceeds outputTokens (50)',
      );
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 100, outputTokens: 50, outputTokenDetails: { textTokens: 50, reasoningTokens: 20 } }),
        'textTokens (50) + reasoningTokens (20) = 70, but outputTokens is 50',
      );
      expectInvalid(
        () => usageFromAiSdk({ inputTokens: 100, outputTokens: 50, inputTokenDetails: { cacheReadTokens: 30 }, cachedInputTokens: 40 }),
        'inputTokenDetails.cacheReadTokens (30) and cachedInputTokens (40)',
      );
    });
  });
});

// ------------------------------------------------------------------------- all adapters

describe('all adapters', () => {
  it('every error is an LlmSpendError with code INVALID_USAGE and details naming the adapter', () => {
    for (const [name, adapter] of [
      ['usageFromOpenAI', usageFromOpenAI],
      ['usageFromAnthropic', usageFromAnthropic],
      ['usageFromGemini', usageFromGemini],
      ['usageFromAiSdk', usageFromAiSdk],
    ] as const) {
      const error = expectInvalid(() => adapter('not a usage'), name);
      expect(error.details).toMatchObject({ adapter: name });
    }
  });
});
