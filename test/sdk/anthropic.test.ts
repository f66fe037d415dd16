// Issue 9's matrix, Anthropic SDK (@anthropic-ai/sdk 1.14) over the local emulator: Messages,
// plain and streamed, through createBudgetGuard. Written to the contract (see harness.ts).
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { Emulator } from './emulator.js';
import { sumUsd } from '../../src/index.js';
import { contract, drain, expectExact, expectNothingSpent, expectSettled, expectWorstCase, newGuard, priced, SETTLE_MS, within, useEmulator, CLAUDE_CACHED_USAGE } from './harness.js';

const HAIKU = 'claude-haiku-4-5';
const SONNET = 'claude-sonnet-4-5';
// Haiku reserves every input token at the 1-hour write rate ($2/M): 20,000 × 2 + 2,000 × 5 per million = $0.05.
const RESERVE_HAIKU = { model: HAIKU, inputTokens: 20_000, maxOutputTokens: 2_000 } as const;
const RESERVE_SONNET = { model: SONNET, inputTokens: 30_000, maxOutputTokens: 4_000 } as const;
const MESSAGES: Anthropic.MessageParam[] = [{ role: 'user', content: 'Say hello.' }];
const TEXT = ['Hello', ' from', ' the', ' emulator', '.'];

let emu: Emulator;
let client: Anthropic;

useEmulator((started) => {
  emu = started;
  client = new Anthropic({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
});

function texts(events: readonly Anthropic.RawMessageStreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : []));
}

function create(model: string, maxTokens: number, signal?: AbortSignal) {
  return client.messages.create({ model, max_tokens: maxTokens, messages: MESSAGES, stream: true }, signal === undefined ? {} : { signal });
}

describe('Anthropic Messages, plain', () => {
  it('cache read, 5-minute and 1-hour writes, two web searches (hand-worked $0.02755)', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: CLAUDE_CACHED_USAGE,
    });
    const before = emu.count('anthropic');
    const result = await guard.run(RESERVE_HAIKU, () => client.messages.create({ model: HAIKU, max_tokens: 2000, messages: MESSAGES }));
    expect(emu.count('anthropic')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.content[0]).toMatchObject({ type: 'text', text: TEXT.join('') });
    // 50 × 1 + 10,000 × 0.10 + 2,000 × 1.25 + 1,000 × 2.00 + 400 × 5 per million = $0.00755, + 2 × $0.01
    expectExact(
      result.commit,
      HAIKU,
      'standard',
      { inputTokens: 13_050, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, outputTokens: 400, webSearchCalls: 2 },
      '0.02755',
    );
    await expectSettled(guard);
  });

  it('same usage without searches: hand-worked $0.00755', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: { input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 }, output_tokens: 400 },
    });
    const result = await guard.run(RESERVE_HAIKU, () => client.messages.create({ model: HAIKU, max_tokens: 2000, messages: MESSAGES }));
    if (!result.ok) throw new Error('refused');
    expectExact(result.commit, HAIKU, 'standard', { inputTokens: 13_050, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, outputTokens: 400 }, '0.00755');
    await expectSettled(guard);
  });

  it('a Message whose usage has output_tokens_details (thinking) is read as Anthropic, not as an OpenAI Responses usage', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: { input_tokens: 200, cache_read_input_tokens: 8000, output_tokens: 1500, output_tokens_details: { thinking_tokens: 1100 } },
    });
    const result = await guard.run(RESERVE_HAIKU, () => client.messages.create({ model: HAIKU, max_tokens: 2000, messages: MESSAGES }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.usage.output_tokens_details).toEqual({ thinking_tokens: 1100 });
    // 200 × 1 + 8,000 × 0.10 + 1,500 × 5 per million (thinking is part of output_tokens, billed once)
    expectExact(result.commit, HAIKU, 'standard', { inputTokens: 8200, cachedInputTokens: 8000, outputTokens: 1500, reasoningTokens: 1100 }, '0.0085');
    await expectSettled(guard);
  });

  it('usage.service_tier "batch" → priced at batch', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', usage: { input_tokens: 3000, cache_read_input_tokens: 1000, output_tokens: 600, service_tier: 'batch' } });
    const result = await guard.run(RESERVE_HAIKU, () => client.messages.create({ model: HAIKU, max_tokens: 2000, messages: MESSAGES }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.usage.service_tier).toBe('batch');
    // 3,000 × 0.50 + 1,000 × 0.05 + 600 × 2.50 per million
    expectExact(result.commit, HAIKU, 'batch', { inputTokens: 4000, cachedInputTokens: 1000, outputTokens: 600 }, '0.00305');
    await expectSettled(guard);
  });

  it('compaction: usage.iterations are billed (their sum), not the top-level counts', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: {
        input_tokens: 13_000,
        cache_read_input_tokens: 5000,
        output_tokens: 500,
        iterations: [
          { type: 'compaction', input_tokens: 60_000, output_tokens: 2000 },
          { type: 'message', input_tokens: 13_000, cache_read_input_tokens: 5000, output_tokens: 500 },
        ],
      },
    });
    const result = await guard.run({ ...RESERVE_HAIKU, inputTokens: 80_000, maxOutputTokens: 4000 }, () =>
      client.messages.create({ model: HAIKU, max_tokens: 4000, messages: MESSAGES }),
    );
    if (!result.ok) throw new Error('refused');
    // 73,000 × 1 + 5,000 × 0.10 + 2,500 × 5 per million
    expectExact(result.commit, HAIKU, 'standard', { inputTokens: 78_000, cachedInputTokens: 5000, outputTokens: 2500 }, '0.086');
    await expectSettled(guard);
  });

  it('compaction (brief example, Sonnet 4.5): 203,000 in / 4,500 out over the iterations, not the top-level 45,000 / 1,234', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: {
        input_tokens: 45_000,
        output_tokens: 1234,
        iterations: [
          { type: 'compaction', input_tokens: 180_000, output_tokens: 3500 },
          { type: 'message', input_tokens: 23_000, output_tokens: 1000 },
        ],
      },
    });
    const result = await guard.run({ model: SONNET, inputTokens: 180_000, maxOutputTokens: 8000 }, () =>
      client.messages.create({ model: SONNET, max_tokens: 8000, messages: MESSAGES }),
    );
    if (!result.ok) throw new Error('refused');
    // Each iteration is its own sampling call, billed at its own size: none reaches Sonnet's
    // long-context threshold (200,001 input tokens), so the bill is the sum of the iterations'
    // costs, 180,000 × 3 + 3,500 × 15 + 23,000 × 3 + 1,000 × 15 per million = $0.6765 — not one
    // 203,000-token call (which Sonnet 4.5's 200,000-token context no longer accepts, and which its
    // pre-2026-04-30 long-context price would have billed $1.31925), nor the top-level 45,000 / 1,234.
    const perIteration = sumUsd([
      priced(SONNET, 'standard', { inputTokens: 180_000, outputTokens: 3500 }),
      priced(SONNET, 'standard', { inputTokens: 23_000, outputTokens: 1000 }),
    ]);
    expect(perIteration).toBe('0.6765');
    expect(result.commit).not.toBeNull();
    const commit = result.commit!;
    expect({ usd: commit.usd, basis: commit.basis, fallback: contract(commit).fallback, tier: contract(commit).tier }).toEqual({
      usd: '0.6765',
      basis: 'usage',
      fallback: null,
      tier: 'standard',
    });
    await expectSettled(guard);
  });

  for (const status of [500, 429] as const) {
    it(`HTTP ${status} releases the reservation and rethrows the SDK error`, async () => {
      const guard = newGuard();
      emu.script({ endpoint: 'anthropic', behaviour: { kind: 'http-error', status }, usage: { input_tokens: 1, output_tokens: 1 } });
      const before = emu.count('anthropic');
      const call = guard.run(RESERVE_HAIKU, () => client.messages.create({ model: HAIKU, max_tokens: 2000, messages: MESSAGES }));
      await expect(call).rejects.toBeInstanceOf(Anthropic.APIError);
      await expect(call).rejects.toMatchObject({ status });
      expect(emu.count('anthropic')).toBe(before + 1);
      await expectNothingSpent(guard);
    });
  }
});

describe('Anthropic Messages, streamed', () => {
  it('fully read: read, 5m and 1h writes, thinking, web searches → exact', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: {
        input_tokens: 100,
        cache_read_input_tokens: 20_000,
        cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 1500 },
        output_tokens: 2000,
        output_tokens_details: { thinking_tokens: 1200 },
        server_tool_use: { web_search_requests: 3 },
      },
    });
    const started = await guard.runStream(RESERVE_SONNET, () => create(SONNET, 4000));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    expect(chunks.map((event) => event.type).at(-1)).toBe('message_stop');
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, SONNET, 'standard', {
      inputTokens: 24_600,
      cachedInputTokens: 20_000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 1500,
      outputTokens: 2000,
      reasoningTokens: 1200,
      webSearchCalls: 3,
    });
    await expectSettled(guard);
  });

  it('fully read: usage.service_tier "batch" in message_start → priced at batch', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', usage: { input_tokens: 3000, cache_read_input_tokens: 1000, output_tokens: 600, service_tier: 'batch' } });
    const started = await guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, HAIKU, 'batch', { inputTokens: 4000, cachedInputTokens: 1000, outputTokens: 600 }, '0.00305');
    await expectSettled(guard);
  });

  it('fully read: iterations in message_delta are billed (their sum)', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: {
        input_tokens: 13_000,
        cache_read_input_tokens: 5000,
        output_tokens: 500,
        iterations: [
          { type: 'compaction', input_tokens: 60_000, output_tokens: 2000 },
          { type: 'message', input_tokens: 13_000, cache_read_input_tokens: 5000, output_tokens: 500 },
        ],
      },
    });
    const started = await guard.runStream({ ...RESERVE_HAIKU, inputTokens: 80_000, maxOutputTokens: 4000 }, () => create(HAIKU, 4000));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, HAIKU, 'standard', { inputTokens: 78_000, cachedInputTokens: 5000, outputTokens: 2500 }, '0.086');
    await expectSettled(guard);
  });

  it('aborted with AbortController mid-way → worst case (message_start usage is not the bill)', async () => {
    const guard = newGuard();
    const controller = new AbortController();
    emu.script({ endpoint: 'anthropic', behaviour: { kind: 'stall', afterEvents: 5 }, usage: { input_tokens: 5000, output_tokens: 1500 } });
    const started = await guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000, controller.signal));
    if (!started.ok) throw new Error('refused');
    const { chunks } = await drain(started.stream, (_event, index) => {
      if (index === 3) controller.abort();
    });
    expect(chunks[0]?.type).toBe('message_start');
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.some((event) => event.type === 'message_delta')).toBe(false);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    // The Anthropic SDK ends an aborted stream silently (no throw).
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('consumer breaks mid-way → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', behaviour: { kind: 'stall', afterEvents: 5 }, usage: { input_tokens: 5000, output_tokens: 1500 } });
    const started = await guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000));
    if (!started.ok) throw new Error('refused');
    const types: string[] = [];
    for await (const event of started.stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta') break;
    }
    // The SDK skips `ping` events.
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('socket dropped mid-stream → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', behaviour: { kind: 'drop', afterEvents: 5 }, usage: { input_tokens: 5000, output_tokens: 1500 } });
    const started = await guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000));
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    // 5 events sent: message_start, content_block_start, ping (skipped by the SDK), two deltas.
    expect(chunks.map((event) => event.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta']);
    expect(error).toBeDefined();
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('HTTP 500 before the stream releases the reservation and rethrows', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', behaviour: { kind: 'http-error', status: 500 }, usage: { input_tokens: 1, output_tokens: 1 } });
    await expect(guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000))).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    expect(emu.requests.at(-1)?.endpoint).toBe('anthropic');
    await expectNothingSpent(guard);
  });

  it('never iterated, closed with stream.return() → worst case', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', usage: { input_tokens: 5000, output_tokens: 1500 } });
    const started = await guard.runStream(RESERVE_HAIKU, () => create(HAIKU, 2000));
    if (!started.ok) throw new Error('refused');
    expect(emu.requests.at(-1)?.endpoint).toBe('anthropic');
    await started.stream.return(undefined);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('never iterated and never closed → committed settles by itself at the reservation expiry', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', usage: { input_tokens: 5000, output_tokens: 1500 } });
    const t0 = Date.now();
    const started = await guard.runStream({ ...RESERVE_HAIKU, ttlMs: 200 }, () => create(HAIKU, 2000));
    if (!started.ok) throw new Error('refused');
    const commit = await within(started.committed, SETTLE_MS, 'committed (never iterated)');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });
});
