// Issue 9's matrix, OpenAI SDK (openai 6.49) over the local emulator: Chat Completions and the
// Responses API, plain and streamed, through createBudgetGuard. Written to the contract (see
// harness.ts), not to today's behaviour.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Emulator } from './emulator.js';
import { drain, expectExact, expectNothingSpent, expectSettled, expectWorstCase, field, newGuard, SETTLE_MS, within, useEmulator } from './harness.js';

const MODEL = 'gpt-5.4-mini';
// Reserve: 20,000 × $0.75 + 4,000 × $4.50 per million = $0.033 (standard).
const RESERVE = { model: MODEL, inputTokens: 20_000, maxOutputTokens: 4_000 } as const;
const MESSAGES: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Say hello.' }];
const TEXT = ['Hello', ' from', ' the', ' emulator', '.'];

let emu: Emulator;
let client: OpenAI;

useEmulator((started) => {
  emu = started;
  client = new OpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'test', maxRetries: 0 });
});

function chatTexts(chunks: readonly OpenAI.ChatCompletionChunk[]): string[] {
  return chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '')).filter((text) => text.length > 0);
}

function responsesTexts(events: readonly OpenAI.Responses.ResponseStreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
}

describe('OpenAI Chat Completions', () => {
  it('plain: cache read and reasoning, service_tier "default" → standard', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', usage: { prompt_tokens: 2006, completion_tokens: 300, cached_tokens: 1920, reasoning_tokens: 128 } });
    const before = emu.count('openai-chat');
    const result = await guard.run(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES, max_completion_tokens: 4000 }));
    expect(emu.count('openai-chat')).toBe(before + 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.response.choices[0]?.message.content).toBe(TEXT.join(''));
    expect(result.response.service_tier).toBe('default');
    expectExact(result.commit, MODEL, 'standard', { inputTokens: 2006, cachedInputTokens: 1920, outputTokens: 300, reasoningTokens: 128 });
    await expectSettled(guard);
  });

  it('plain: service_tier "flex" reported, no tier requested → priced at flex (hand-worked $0.0069)', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', service_tier: 'flex', usage: { prompt_tokens: 10_000, completion_tokens: 2000, cached_tokens: 4000, reasoning_tokens: 1500 } });
    const result = await guard.run(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES, service_tier: 'flex' }));
    expect(emu.count('openai-chat')).toBeGreaterThan(0);
    if (!result.ok) throw new Error('refused');
    expect(result.response.service_tier).toBe('flex');
    // 6,000 × 0.375 + 4,000 × 0.0375 + 2,000 × 2.25 per million
    expectExact(result.commit, MODEL, 'flex', { inputTokens: 10_000, cachedInputTokens: 4000, outputTokens: 2000, reasoningTokens: 1500 }, '0.0069');
    await expectSettled(guard);
  });

  it('plain: service_tier "priority" reported → priced at priority', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', service_tier: 'priority', usage: { prompt_tokens: 3000, completion_tokens: 500, cached_tokens: 1024 } });
    const result = await guard.run(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES, service_tier: 'priority' }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.service_tier).toBe('priority');
    expectExact(result.commit, MODEL, 'priority', { inputTokens: 3000, cachedInputTokens: 1024, outputTokens: 500 });
    await expectSettled(guard);
  });

  it('plain: priority requested (reserved at priority) but served at "default" → priced at standard', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', service_tier: 'default', usage: { prompt_tokens: 3000, completion_tokens: 500 } });
    const result = await guard.run({ ...RESERVE, tier: 'priority' }, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES, service_tier: 'priority' }));
    if (!result.ok) throw new Error('refused');
    expect(result.reservation.tier).toBe('priority');
    expectExact(result.commit, MODEL, 'standard', { inputTokens: 3000, outputTokens: 500 });
    await expectSettled(guard);
  });

  it('plain: an unreadable usage (cached_tokens > prompt_tokens) → worst case, usage-unreadable, reported to onError', async () => {
    const errors: unknown[] = [];
    const guard = newGuard(errors);
    emu.script({ endpoint: 'openai-chat', usage: { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 5000 } });
    const before = emu.count('openai-chat');
    const result = await guard.run(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
    expect(emu.count('openai-chat')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.usage?.prompt_tokens_details?.cached_tokens).toBe(5000);
    expectWorstCase(result.commit, result.reservation, ['usage-unreadable']);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    await expectSettled(guard);
  });

  for (const status of [500, 429] as const) {
    it(`plain: HTTP ${status} releases the reservation and rethrows the SDK error`, async () => {
      const guard = newGuard();
      emu.script({ endpoint: 'openai-chat', behaviour: { kind: 'http-error', status }, usage: { prompt_tokens: 1, completion_tokens: 1 } });
      const before = emu.count('openai-chat');
      const call = guard.run(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES }));
      await expect(call).rejects.toBeInstanceOf(OpenAI.APIError);
      await expect(call).rejects.toMatchObject({ status });
      expect(emu.count('openai-chat')).toBe(before + 1);
      await expectNothingSpent(guard);
    });
  }

  it('stream fully read, include_usage, service_tier "flex" → exact at flex', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', service_tier: 'flex', usage: { prompt_tokens: 5000, completion_tokens: 800, cached_tokens: 2048, reasoning_tokens: 512 } });
    const started = await guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true }, service_tier: 'flex' }),
    );
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(chatTexts(chunks)).toEqual(TEXT);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.prompt_tokens).toBe(5000);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, MODEL, 'flex', { inputTokens: 5000, cachedInputTokens: 2048, outputTokens: 800, reasoningTokens: 512 });
    await expectSettled(guard);
  });

  it('stream WITHOUT include_usage → worst case, stream-without-usage', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const started = await guard.runStream(RESERVE, () => client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true }));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(chatTexts(chunks)).toEqual(TEXT);
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-without-usage']);
    await expectSettled(guard);
  });

  it('stream aborted with AbortController mid-way → worst case', async () => {
    const guard = newGuard();
    const controller = new AbortController();
    emu.script({ endpoint: 'openai-chat', behaviour: { kind: 'stall', afterEvents: 3 }, usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const started = await guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal }),
    );
    if (!started.ok) throw new Error('refused');
    const { chunks } = await drain(started.stream, (_chunk, index) => {
      if (index === 1) controller.abort();
    });
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThanOrEqual(3);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    // The OpenAI SDK ends an aborted stream silently (no throw): the guard sees an end without usage.
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('consumer breaks mid-way → worst case, stream-incomplete; the SDK closes the connection', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', behaviour: { kind: 'stall', afterEvents: 3 }, usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const started = await guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    if (!started.ok) throw new Error('refused');
    let seen = 0;
    for await (const chunk of started.stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      seen += 1;
      if (seen === 2) break;
    }
    expect(seen).toBe(2);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
    await vi_waitFor(() => emu.requests.at(-1)?.outcome === 'client-closed');
  });

  it('socket dropped mid-stream → worst case, stream-incomplete; the error reaches the consumer', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', behaviour: { kind: 'drop', afterEvents: 3 }, usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const started = await guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(chunks.length).toBe(3);
    expect(error).toBeDefined();
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('stream: HTTP 500 before the first event releases the reservation and rethrows', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', behaviour: { kind: 'http-error', status: 500 }, usage: { prompt_tokens: 1, completion_tokens: 1 } });
    const call = guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    await expect(call).rejects.toMatchObject({ status: 500 });
    expect(emu.requests.at(-1)?.endpoint).toBe('openai-chat');
    await expectNothingSpent(guard);
  });

  it('stream never iterated, closed with stream.return() → worst case, committed settles', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const before = emu.count('openai-chat');
    const started = await guard.runStream(RESERVE, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    if (!started.ok) throw new Error('refused');
    expect(emu.count('openai-chat')).toBe(before + 1);
    await started.stream.return(undefined);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('stream never iterated and never closed → committed settles by itself at the reservation expiry', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-chat', usage: { prompt_tokens: 5000, completion_tokens: 800 } });
    const t0 = Date.now();
    const started = await guard.runStream({ ...RESERVE, ttlMs: 200 }, () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    if (!started.ok) throw new Error('refused');
    const commit = await within(started.committed, SETTLE_MS, 'committed (never iterated)');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });
});

describe('OpenAI Responses', () => {
  it('plain: cache read, reasoning, service_tier "priority" → priced at priority', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', service_tier: 'priority', usage: { input_tokens: 5000, output_tokens: 1200, cached_tokens: 4096, reasoning_tokens: 1000 } });
    const before = emu.count('openai-responses');
    const result = await guard.run(RESERVE, () => client.responses.create({ model: MODEL, input: 'Say hello.', max_output_tokens: 4000, service_tier: 'priority' }));
    expect(emu.count('openai-responses')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.output_text).toBe(TEXT.join(''));
    expect(result.response.service_tier).toBe('priority');
    expectExact(result.commit, MODEL, 'priority', { inputTokens: 5000, cachedInputTokens: 4096, outputTokens: 1200, reasoningTokens: 1000 });
    await expectSettled(guard);
  });

  it('plain: two web_search_call items → two web-search fees ($0.01 each on gpt-5.4-mini)', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', webSearchCalls: 2, usage: { input_tokens: 8000, output_tokens: 600, cached_tokens: 0 } });
    const result = await guard.run(RESERVE, () => client.responses.create({ model: MODEL, input: 'Search.', tools: [{ type: 'web_search' }] }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.output.filter((item) => item.type === 'web_search_call')).toHaveLength(2);
    // 8,000 × 0.75 + 600 × 4.50 per million + 2 × $0.01
    expectExact(result.commit, MODEL, 'standard', { inputTokens: 8000, outputTokens: 600, webSearchCalls: 2 }, '0.0287');
    await expectSettled(guard);
  });

  it('plain: HTTP 429 releases the reservation and rethrows', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', behaviour: { kind: 'http-error', status: 429 }, usage: { input_tokens: 1, output_tokens: 1 } });
    const call = guard.run(RESERVE, () => client.responses.create({ model: MODEL, input: 'x' }));
    await expect(call).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(emu.requests.at(-1)?.endpoint).toBe('openai-responses');
    await expectNothingSpent(guard);
  });

  it('stream fully read: response.completed usage, service_tier "flex", a web search → exact at flex', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', service_tier: 'flex', webSearchCalls: 1, usage: { input_tokens: 6000, output_tokens: 900, cached_tokens: 3000, reasoning_tokens: 300 } });
    const started = await guard.runStream(RESERVE, () =>
      client.responses.create({ model: MODEL, input: 'Say hello.', stream: true, service_tier: 'flex', tools: [{ type: 'web_search' }] }),
    );
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(responsesTexts(chunks)).toEqual(TEXT);
    const completed = chunks.at(-1);
    expect(completed?.type).toBe('response.completed');
    expect(field(completed, 'response', 'service_tier')).toBe('flex');
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, MODEL, 'flex', { inputTokens: 6000, cachedInputTokens: 3000, outputTokens: 900, reasoningTokens: 300, webSearchCalls: 1 });
    await expectSettled(guard);
  });

  it('stream aborted with AbortController mid-way → worst case', async () => {
    const guard = newGuard();
    const controller = new AbortController();
    emu.script({ endpoint: 'openai-responses', behaviour: { kind: 'stall', afterEvents: 5 }, usage: { input_tokens: 6000, output_tokens: 900 } });
    const started = await guard.runStream(RESERVE, () => client.responses.create({ model: MODEL, input: 'x', stream: true }, { signal: controller.signal }));
    if (!started.ok) throw new Error('refused');
    const { chunks } = await drain(started.stream, (_chunk, index) => {
      if (index === 3) controller.abort();
    });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.some((event) => event.type === 'response.completed')).toBe(false);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('consumer breaks mid-way → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', behaviour: { kind: 'stall', afterEvents: 5 }, usage: { input_tokens: 6000, output_tokens: 900 } });
    const started = await guard.runStream(RESERVE, () => client.responses.create({ model: MODEL, input: 'x', stream: true }));
    if (!started.ok) throw new Error('refused');
    const types: string[] = [];
    for await (const event of started.stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') break;
    }
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('socket dropped mid-stream → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', behaviour: { kind: 'drop', afterEvents: 6 }, usage: { input_tokens: 6000, output_tokens: 900 } });
    const started = await guard.runStream(RESERVE, () => client.responses.create({ model: MODEL, input: 'x', stream: true }));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(chunks.length).toBe(6);
    expect(error).toBeDefined();
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('stream: HTTP 500 releases the reservation and rethrows', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', behaviour: { kind: 'http-error', status: 500 }, usage: { input_tokens: 1, output_tokens: 1 } });
    await expect(guard.runStream(RESERVE, () => client.responses.create({ model: MODEL, input: 'x', stream: true }))).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect(emu.requests.at(-1)?.endpoint).toBe('openai-responses');
    await expectNothingSpent(guard);
  });

  it('stream never iterated, closed with stream.return() → worst case', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', usage: { input_tokens: 6000, output_tokens: 900 } });
    const started = await guard.runStream(RESERVE, () => client.responses.create({ model: MODEL, input: 'x', stream: true }));
    if (!started.ok) throw new Error('refused');
    expect(emu.requests.at(-1)?.endpoint).toBe('openai-responses');
    await started.stream.return(undefined);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });
});

describe('OpenAI Responses, never read', () => {
  it('stream never iterated and never closed → committed settles by itself at the reservation expiry', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', usage: { input_tokens: 6000, output_tokens: 900 } });
    const t0 = Date.now();
    const started = await guard.runStream({ ...RESERVE, ttlMs: 200 }, () => client.responses.create({ model: MODEL, input: 'x', stream: true }));
    if (!started.ok) throw new Error('refused');
    expect(emu.requests.at(-1)?.endpoint).toBe('openai-responses');
    const commit = await within(started.committed, SETTLE_MS, 'committed (never iterated)');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });
});

async function vi_waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
