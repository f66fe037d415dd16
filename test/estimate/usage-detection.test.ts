// Issue 9: the usage of a payload is read by what the payload is (its provider's markers), and
// everything the provider bills is counted: Anthropic thinking, iterations and both cache TTLs,
// Gemini thoughts whichever way candidatesTokenCount counts them, tool-use audio, the AI SDK's
// raw provider usage, LangChain, OpenTelemetry spans, LiteLLM proxy responses, service tiers.
// Expected values are worked by hand from the provider's price page (pricing-facts.md).
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/estimate/estimate.js';
import { usageFromAiSdk, usageFromAnthropic, usageFromGemini, usageFromLangChain, usageFromOpenAI, usageFromOtelSpan } from '../../src/estimate/adapters.js';
import { readUsage } from '../../src/estimate/response.js';
import { isLlmSpendError } from '../../src/errors.js';

function invalid(run: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isLlmSpendError(caught, 'INVALID_USAGE'), String(caught)).toBe(true);
  for (const fragment of fragments) expect((caught as Error).message).toContain(fragment);
}

/** The Anthropic Message of issue 9: cache reads, both cache TTLs, thinking and two web searches. */
const claudeMessage = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  usage: {
    input_tokens: 50,
    cache_read_input_tokens: 10_000,
    cache_creation_input_tokens: 3000,
    cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
    output_tokens: 400,
    output_tokens_details: { thinking_tokens: 150 },
    server_tool_use: { web_search_requests: 2 },
    service_tier: 'standard',
    inference_geo: 'us',
  },
};

describe('an Anthropic Message with output_tokens_details (once misread as an OpenAI Responses usage)', () => {
  it('is read as Anthropic: cache reads, both writes, thinking and web searches, $0.02755 on claude-haiku-4-5', () => {
    const read = readUsage(claudeMessage);
    expect(read).toEqual({
      source: 'anthropic',
      tier: 'standard',
      model: 'claude-haiku-4-5',
      otherModels: [],
      usage: { inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, reasoningTokens: 150, webSearchCalls: 2 },
      requests: [{ model: null, usage: { inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, reasoningTokens: 150, webSearchCalls: 2 } }],
    });
    // 50 × $1 + 10,000 × $0.10 + 2,000 × $1.25 + 1,000 × $2.00 + 400 × $5 per million = $0.00755; 2 searches × $10/1K = $0.02
    expect(estimateCost({ model: 'claude-haiku-4-5', ...read.usage }).total).toBe('0.02755');
    expect(usageFromAnthropic(claudeMessage)).toEqual(read.usage);
  });

  it('usageFromOpenAI refuses it (and its bare usage) instead of pricing it without the cache: $0.00205', () => {
    invalid(() => usageFromOpenAI(claudeMessage), 'Anthropic Message', 'usageFromAnthropic');
    invalid(() => usageFromOpenAI(claudeMessage.usage), 'only Anthropic sends', 'usageFromAnthropic');
    invalid(() => usageFromOpenAI({ input_tokens: 10, output_tokens: 5, output_tokens_details: { thinking_tokens: 2 } }), 'thinking_tokens');
  });

  it('usageFromAnthropic refuses OpenAI payloads', () => {
    invalid(() => usageFromAnthropic({ object: 'response', usage: { input_tokens: 1, output_tokens: 1 } }), 'OpenAI response');
    invalid(() => usageFromAnthropic({ input_tokens: 10, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 } }), 'usageFromOpenAI');
    invalid(() => usageFromAnthropic({ prompt_tokens: 10, completion_tokens: 5 }), 'prompt_tokens');
  });

  it('thinking is an of-which part of output_tokens, never larger', () => {
    invalid(() => usageFromAnthropic({ input_tokens: 1, output_tokens: 10, output_tokens_details: { thinking_tokens: 11 } }), 'thinking_tokens (11) exceeds output_tokens (10)');
  });
});

describe('Anthropic iterations (server-side loops and compaction)', () => {
  // The AI SDK's test quotes Anthropic's compaction docs: the iterations add up to 203,000 in / 4,500 out.
  const compacted = {
    type: 'message',
    model: 'claude-sonnet-4-5',
    usage: {
      input_tokens: 45_000,
      output_tokens: 1234,
      iterations: [
        { type: 'compaction', input_tokens: 180_000, output_tokens: 3500 },
        { type: 'message', input_tokens: 23_000, output_tokens: 1000 },
      ],
    },
  };

  it('bills the sum of the iterations, not the top-level counts, each iteration priced as its own request', () => {
    expect(usageFromAnthropic(compacted)).toEqual({ inputTokens: 203_000, outputTokens: 4500 });
    const read = readUsage(compacted);
    expect(read.requests).toEqual([
      { model: null, usage: { inputTokens: 180_000, outputTokens: 3500 } },
      { model: null, usage: { inputTokens: 23_000, outputTokens: 1000 } },
    ]);
    // 180,000 × $3 + 3,500 × $15 = $0.5925 and 23,000 × $3 + 1,000 × $15 = $0.084 per million: $0.6765.
    // Neither request reaches Sonnet 4.5's >200K price, though their sum does.
    const totals = read.requests.map((request) => estimateCost({ model: 'claude-sonnet-4-5', ...request.usage }).total);
    expect(totals).toEqual(['0.5925', '0.084']);
    // Priced as one summed usage, the sum would cross the threshold: refused, never mis-tiered.
    // (issue 11: the >200K price exists only before the 1M beta's retirement on 2026-04-30, so the date is given.)
    expect(() => estimateCost({ model: 'claude-sonnet-4-5', ...usageFromAnthropic(compacted), aggregate: true, at: '2026-04-01' })).toThrow(/one by one/);
  });

  it('sums each iteration\'s cache counts, and takes the top level\'s where the iterations carry none', () => {
    const withCache = {
      input_tokens: 10,
      output_tokens: 20,
      cache_read_input_tokens: 999,
      iterations: [
        { type: 'message', input_tokens: 100, output_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 } },
        { type: 'message', input_tokens: 50, output_tokens: 5, cache_read_input_tokens: 2000 },
      ],
    };
    expect(usageFromAnthropic(withCache)).toEqual({ inputTokens: 3450, outputTokens: 15, cachedInputTokens: 3000, cacheWriteTokens: 100, cacheWrite1hTokens: 200 });
    const topLevelCache = { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 500, iterations: [{ type: 'message', input_tokens: 100, output_tokens: 10 }] };
    expect(usageFromAnthropic(topLevelCache)).toEqual({ inputTokens: 600, outputTokens: 10, cachedInputTokens: 500 });
  });

  it('iterations served by another model (advisor, fallback) are listed apart by readUsage and refused by usageFromAnthropic', () => {
    const advised = {
      type: 'message',
      model: 'claude-haiku-4-5',
      usage: {
        input_tokens: 10,
        output_tokens: 20,
        iterations: [
          { type: 'message', input_tokens: 1000, output_tokens: 100 },
          { type: 'advisor_message', model: 'claude-sonnet-4-5', input_tokens: 2000, output_tokens: 50 },
        ],
      },
    };
    expect(readUsage(advised)).toMatchObject({
      usage: { inputTokens: 1000, outputTokens: 100 },
      otherModels: [{ model: 'claude-sonnet-4-5', usage: { inputTokens: 2000, outputTokens: 50 } }],
      requests: [
        { model: null, usage: { inputTokens: 1000, outputTokens: 100 } },
        { model: 'claude-sonnet-4-5', usage: { inputTokens: 2000, outputTokens: 50 } },
      ],
    });
    invalid(() => usageFromAnthropic(advised), 'claude-sonnet-4-5', 'readUsage');
  });
});

describe('Gemini', () => {
  it('bills the thoughts once whether candidatesTokenCount excludes them (documented) or already includes them (totalTokenCount tells)', () => {
    // LiteLLM's fixture: 10 candidate tokens that already include 5 thoughts; total = 10 + 10.
    expect(usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 20 })).toEqual({ inputTokens: 10, outputTokens: 10, reasoningTokens: 5 });
    expect(usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 25 })).toEqual({ inputTokens: 10, outputTokens: 15, reasoningTokens: 5 });
    // Without a total, Gemini's documented convention: candidates exclude the thoughts.
    expect(usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: 10, thoughtsTokenCount: 5 })).toEqual({ inputTokens: 10, outputTokens: 15, reasoningTokens: 5 });
    invalid(() => usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 99 }), 'totalTokenCount (99)');
    invalid(() => usageFromGemini({ promptTokenCount: 10, candidatesTokenCount: 3, thoughtsTokenCount: 5, totalTokenCount: 13 }), 'thoughtsTokenCount (5) exceeds candidatesTokenCount (3)');
  });

  it('prices tool-use prompt tokens in the AUDIO modality at the audio input rate', () => {
    const usage = usageFromGemini({
      promptTokenCount: 1000,
      toolUsePromptTokenCount: 400,
      candidatesTokenCount: 100,
      totalTokenCount: 1500,
      toolUsePromptTokensDetails: [{ modality: 'AUDIO', tokenCount: 300 }, { modality: 'TEXT', tokenCount: 100 }],
    });
    expect(usage).toEqual({ inputTokens: 1400, outputTokens: 100, audioInputTokens: 300 });
    // gemini-2.5-flash: 1,100 text × $0.30 + 300 audio × $1.00 + 100 × $2.50 per million
    expect(estimateCost({ model: 'gemini-2.5-flash', ...usage }).total).toBe('0.00088');
  });
});

describe('the AI SDK', () => {
  it('reads the raw provider usage the AI SDK 6 keeps: Anthropic 1-hour writes and web searches are billed', () => {
    const stepUsage = {
      inputTokens: 13_050,
      inputTokenDetails: { noCacheTokens: 50, cacheReadTokens: 10_000, cacheWriteTokens: 3000 },
      outputTokens: 400,
      outputTokenDetails: { textTokens: 250, reasoningTokens: 150 },
      totalTokens: 13_450,
      raw: claudeMessage.usage,
    };
    const usage = usageFromAiSdk(stepUsage);
    expect(usage).toEqual(usageFromAnthropic(claudeMessage));
    expect(estimateCost({ model: 'claude-haiku-4-5', ...usage }).total).toBe('0.02755');
    // Without raw, the normalized counts price every write at the 5-minute rate and lose the searches: $0.0068.
    const { raw: _raw, ...normalized } = stepUsage;
    expect(estimateCost({ model: 'claude-haiku-4-5', ...usageFromAiSdk(normalized) }).total).toBe('0.0068');
  });

  it('a generateText result is read step by step, from each step\'s provider usage', () => {
    const step = { usage: { inputTokens: 13_050, outputTokens: 400, totalTokens: 13_450 }, providerMetadata: { anthropic: { usage: claudeMessage.usage } } };
    const result = { text: 'ok', steps: [step, step], totalUsage: { inputTokens: 26_100, outputTokens: 800, totalTokens: 26_900 }, response: { modelId: 'claude-haiku-4-5' } };
    const read = readUsage(result);
    expect(read).toMatchObject({ source: 'ai-sdk', tier: 'standard', model: 'claude-haiku-4-5' });
    expect(read.requests).toHaveLength(2);
    expect(estimateCost({ model: 'claude-haiku-4-5', ...read.usage, aggregate: true }).total).toBe('0.0551');
  });

  it('an un-awaited totalUsage (a Promise) is refused with the fix', () => {
    invalid(() => usageFromAiSdk(Promise.resolve({ inputTokens: 1, outputTokens: 1 }) as unknown), 'await');
    invalid(() => readUsage({ text: Promise.resolve(''), totalUsage: Promise.resolve({}) } as unknown), 'fullStream');
  });
});

describe('LangChain usage_metadata', () => {
  const metadata = { input_tokens: 1234, output_tokens: 567, total_tokens: 1801, input_token_details: { cache_read: 1000 }, output_token_details: { reasoning: 100 } };

  it('usageFromOpenAI refuses it instead of reading it as a Responses usage without cache (+83% on gpt-5.4-mini)', () => {
    invalid(() => usageFromOpenAI(metadata), 'usageFromLangChain');
    invalid(() => usageFromOpenAI({ content: 'hi', usage_metadata: metadata }), 'usageFromLangChain');
    // What the misreading cost: 1,234 × $0.75 + 567 × $4.50 = $0.0034770 against the right $0.002802.
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, outputTokens: 567 }).total).toBe('0.003477');
  });

  it('usageFromLangChain reads it: gpt-5.4-mini $0.002802', () => {
    const usage = usageFromLangChain({ content: 'hi', usage_metadata: metadata, response_metadata: { model_name: 'gpt-5.4-mini' } });
    expect(usage).toEqual({ inputTokens: 1234, outputTokens: 567, cachedInputTokens: 1000, reasoningTokens: 100 });
    expect(estimateCost({ model: 'gpt-5.4-mini', ...usage }).total).toBe('0.002802');
    expect(readUsage({ content: 'hi', usage_metadata: metadata, response_metadata: { model_name: 'gpt-5.4-mini' } })).toMatchObject({ source: 'langchain', model: 'gpt-5.4-mini' });
  });

  it('reads Anthropic cache writes with their TTL split', () => {
    const usage = usageFromLangChain({
      input_tokens: 13_050,
      output_tokens: 400,
      input_token_details: { cache_read: 10_000, cache_creation: 3000, ephemeral_5m_input_tokens: 2000, ephemeral_1hr_input_tokens: 1000 },
    });
    expect(usage).toEqual({ inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000 });
    invalid(() => usageFromLangChain({ input_tokens: 5, output_tokens: 1, input_token_details: { cache_read: 6 } }), 'exceeds input_tokens');
    invalid(() => usageFromLangChain({ input_tokens: 50, output_tokens: 1, input_token_details: { cache_creation: 10, ephemeral_5m_input_tokens: 2 } }), 'do not add up');
  });
});

describe('OpenTelemetry GenAI spans', () => {
  it('reads gen_ai.usage.* from an OTLP JSON span and from flat attributes', () => {
    const span = {
      name: 'chat claude-haiku-4-5',
      attributes: [
        { key: 'gen_ai.provider.name', value: { stringValue: 'anthropic' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '13050' } },
        { key: 'gen_ai.usage.cache_read.input_tokens', value: { intValue: '10000' } },
        { key: 'gen_ai.usage.cache_creation.input_tokens', value: { intValue: '3000' } },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: '400' } },
      ],
    };
    expect(usageFromOtelSpan(span)).toEqual({ inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 3000 });
    expect(readUsage(span).source).toBe('otel');
    expect(usageFromOtelSpan({ 'gen_ai.usage.prompt_tokens': 10, 'gen_ai.usage.completion_tokens': 5, 'gen_ai.usage.reasoning.output_tokens': 2 })).toEqual({ inputTokens: 10, outputTokens: 5, reasoningTokens: 2 });
  });

  it('refuses an instrumentation that reports the input without the cache, and non-integer counts', () => {
    invalid(() => usageFromOtelSpan({ 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.cache_read.input_tokens': 10_000, 'gen_ai.usage.output_tokens': 1 }), 'without them');
    invalid(() => usageFromOtelSpan({ attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '1e3' } }] }), 'whole, non-negative');
    invalid(() => usageFromOtelSpan({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.prompt_tokens': 11, 'gen_ai.usage.output_tokens': 1 }), 'differ');
  });
});

describe('LiteLLM proxy responses (Chat Completions shape)', () => {
  it('for an OpenAI model, the OpenAI adapter reads it exactly (prompt_tokens includes the cache)', () => {
    const response = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-5.4-mini',
      choices: [],
      usage: { prompt_tokens: 1234, completion_tokens: 567, total_tokens: 1801, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 0 } },
    };
    expect(estimateCost({ model: 'gpt-5.4-mini', ...usageFromOpenAI(response) }).total).toBe('0.002802');
  });

  it('for a Claude model, reads the cache writes and their TTL split (current LiteLLM), and refuses the older ambiguous shape', () => {
    const current = {
      object: 'chat.completion',
      usage: {
        prompt_tokens: 13_050,
        completion_tokens: 400,
        total_tokens: 13_450,
        cache_read_input_tokens: 10_000,
        cache_creation_input_tokens: 3000,
        prompt_tokens_details: { cached_tokens: 10_000, cache_creation_tokens: 3000, cache_creation_token_details: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 } },
        server_tool_use: { web_search_requests: 2 },
      },
    };
    const usage = usageFromOpenAI(current);
    expect(usage).toEqual({ inputTokens: 13_050, outputTokens: 400, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, webSearchCalls: 2 });
    expect(estimateCost({ model: 'claude-haiku-4-5', ...usage }).total).toBe('0.02755');
    invalid(() => usageFromOpenAI({ prompt_tokens: 13_050, completion_tokens: 400, cache_creation_input_tokens: 3000 }), 'older LiteLLM');
  });
});

describe('service tiers reported by the response', () => {
  it('OpenAI service_tier (default = standard) and Anthropic usage.service_tier', () => {
    const chat = { object: 'chat.completion', service_tier: 'flex', usage: { prompt_tokens: 1000, completion_tokens: 100 } };
    expect(readUsage(chat).tier).toBe('flex');
    expect(readUsage({ ...chat, service_tier: 'default' }).tier).toBe('standard');
    expect(readUsage({ ...chat, service_tier: 'priority' }).tier).toBe('priority');
    expect(readUsage({ ...chat, service_tier: 'scale' }).tier).toBeNull();
    expect(readUsage({ ...claudeMessage, usage: { ...claudeMessage.usage, service_tier: 'batch' } }).tier).toBe('batch');
    invalid(() => readUsage({ ...chat, service_tier: 'turbo' }), 'turbo');
    invalid(() => readUsage({ ...claudeMessage, usage: { ...claudeMessage.usage, speed: 'fast' } }), 'fast mode');
  });

  it('a Responses API response counts its web_search_call items', () => {
    const response = {
      object: 'response',
      model: 'gpt-5.4-mini',
      service_tier: 'default',
      output: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }, { type: 'message', content: [] }],
      usage: { input_tokens: 1000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 100, output_tokens_details: { reasoning_tokens: 0 } },
    };
    expect(readUsage(response)).toMatchObject({ source: 'openai-responses', tier: 'standard', usage: { inputTokens: 1000, outputTokens: 100, webSearchCalls: 1 } });
  });
});

describe('ambiguous and unknown shapes are errors with a hint, never a guess', () => {
  it('a bare { input_tokens, output_tokens } needs the provider', () => {
    invalid(() => readUsage({ input_tokens: 10, output_tokens: 5 }), 'both an OpenAI Responses usage and an Anthropic usage');
    expect(readUsage({ input_tokens: 10, output_tokens: 5 }, { provider: 'anthropic' }).source).toBe('anthropic');
    expect(readUsage({ input_tokens: 10, output_tokens: 5 }, { provider: 'openai' }).source).toBe('openai-responses');
  });

  it('an object of no provider names its keys', () => {
    invalid(() => readUsage({ tokens: 5, cost: 1 }), 'no usage found', 'tokens, cost');
    invalid(() => readUsage(null as unknown), 'takes a provider response');
    invalid(() => readUsage(Promise.resolve({}) as unknown), 'await');
  });
});

describe('error details are safe to serialize', () => {
  it('a BigInt count, a caller object or a symbol is printed, not copied, so JSON.stringify(details) never throws', () => {
    for (const payload of [{ usage: { prompt_tokens: 0n, completion_tokens: 1 } }, { usage: { prompt_tokens: { deep: { object: 1 } }, completion_tokens: 1 } }, { usage: { prompt_tokens: Symbol('x'), completion_tokens: 1 } }, 10n]) {
      let caught: unknown;
      try {
        usageFromOpenAI(payload as never);
      } catch (error) {
        caught = error;
      }
      expect(isLlmSpendError(caught, 'INVALID_USAGE')).toBe(true);
      expect(() => JSON.stringify((caught as { details: unknown }).details)).not.toThrow();
    }
  });
});
