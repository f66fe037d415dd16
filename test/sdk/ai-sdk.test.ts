// Issue 9's matrix, Vercel AI SDK 6 (`ai` with @ai-sdk/openai and @ai-sdk/anthropic 3) over the
// local emulator: generateText (the whole result to guard.run) and streamText (result.fullStream
// to guard.runStream). Written to the contract (see harness.ts).
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, streamText, type TextStreamPart, type ToolSet } from 'ai';
import { describe, expect, it } from 'vitest';
import type { Emulator, Endpoint } from './emulator.js';
import { drain, expectExact, expectNothingSpent, expectSettled, expectWorstCase, field, newGuard, SETTLE_MS, within, useEmulator, CLAUDE_CACHED_USAGE } from './harness.js';

const GPT = 'gpt-5.4-mini';
const HAIKU = 'claude-haiku-4-5';
const TEXT = ['Hello', ' from', ' the', ' emulator', '.'];

let emu: Emulator;
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;

useEmulator((started) => {
  emu = started;
  openai = createOpenAI({ baseURL: `${emu.url}/v1`, apiKey: 'test' });
  anthropic = createAnthropic({ baseURL: `${emu.url}/v1`, apiKey: 'test' });
});

type Part = TextStreamPart<ToolSet>;

function texts(parts: readonly Part[]): string[] {
  return parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
}

/** One provider path of the AI SDK, with the emulator script of a plain usage for it. */
interface Path {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly reserve: { readonly model: string; readonly inputTokens: number; readonly maxOutputTokens: number };
  readonly model: () => Parameters<typeof generateText>[0]['model'];
  /** Scripts a response with some usage (for the incomplete-stream cases). */
  readonly script: (behaviour: Parameters<Emulator['script']>[0]['behaviour']) => void;
}

const PATHS: readonly Path[] = [
  {
    name: 'OpenAI provider (Responses API)',
    endpoint: 'openai-responses',
    // 20,000 × 0.75 + 4,000 × 4.50 per million = $0.033
    reserve: { model: GPT, inputTokens: 20_000, maxOutputTokens: 4000 },
    model: () => openai(GPT),
    script: (behaviour) => emu.script({ endpoint: 'openai-responses', ...(behaviour === undefined ? {} : { behaviour }), usage: { input_tokens: 6000, output_tokens: 900 } }),
  },
  {
    name: 'Anthropic provider',
    endpoint: 'anthropic',
    // 20,000 × 2.00 (1-hour write rate) + 2,000 × 5 per million = $0.05
    reserve: { model: HAIKU, inputTokens: 20_000, maxOutputTokens: 2000 },
    model: () => anthropic(HAIKU),
    script: (behaviour) => emu.script({ endpoint: 'anthropic', ...(behaviour === undefined ? {} : { behaviour }), usage: { input_tokens: 5000, output_tokens: 1500 } }),
  },
];

describe('AI SDK generateText', () => {
  it('OpenAI provider: cache read, reasoning, service tier "flex" reported → exact at flex', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', service_tier: 'flex', usage: { input_tokens: 5000, output_tokens: 1200, cached_tokens: 4096, reasoning_tokens: 1000 } });
    const before = emu.count('openai-responses');
    const result = await guard.run(PATHS[0]!.reserve, () =>
      generateText({ model: openai(GPT), prompt: 'Say hello.', maxOutputTokens: 4000, maxRetries: 0, providerOptions: { openai: { serviceTier: 'flex' } } }),
    );
    expect(emu.count('openai-responses')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.text).toBe(TEXT.join(''));
    expect(field(result.response.providerMetadata, 'openai', 'serviceTier')).toBe('flex');
    expectExact(result.commit, GPT, 'flex', { inputTokens: 5000, cachedInputTokens: 4096, outputTokens: 1200, reasoningTokens: 1000 });
    await expectSettled(guard);
  });

  it('OpenAI provider: service tier "default" → standard', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', usage: { input_tokens: 3000, output_tokens: 400, cached_tokens: 1024 } });
    const result = await guard.run(PATHS[0]!.reserve, () => generateText({ model: openai(GPT), prompt: 'Say hello.', maxRetries: 0 }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.text).toBe(TEXT.join(''));
    expectExact(result.commit, GPT, 'standard', { inputTokens: 3000, cachedInputTokens: 1024, outputTokens: 400 });
    await expectSettled(guard);
  });

  it('Anthropic provider: 5m and 1h writes, cache read, web searches billed from providerMetadata.anthropic.usage (hand-worked $0.02755)', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: CLAUDE_CACHED_USAGE,
    });
    const before = emu.count('anthropic');
    const result = await guard.run(PATHS[1]!.reserve, () => generateText({ model: anthropic(HAIKU), prompt: 'Say hello.', maxOutputTokens: 2000, maxRetries: 0 }));
    expect(emu.count('anthropic')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.text).toBe(TEXT.join(''));
    expect(field(result.response.providerMetadata, 'anthropic', 'usage', 'server_tool_use', 'web_search_requests')).toBe(2);
    expectExact(
      result.commit,
      HAIKU,
      'standard',
      { inputTokens: 13_050, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, outputTokens: 400, webSearchCalls: 2 },
      '0.02755',
    );
    await expectSettled(guard);
  });

  it('Anthropic provider: usage.service_tier "batch" → priced at batch', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'anthropic', usage: { input_tokens: 3000, cache_read_input_tokens: 1000, output_tokens: 600, service_tier: 'batch' } });
    const result = await guard.run(PATHS[1]!.reserve, () => generateText({ model: anthropic(HAIKU), prompt: 'Say hello.', maxRetries: 0 }));
    if (!result.ok) throw new Error('refused');
    expectExact(result.commit, HAIKU, 'batch', { inputTokens: 4000, cachedInputTokens: 1000, outputTokens: 600 }, '0.00305');
    await expectSettled(guard);
  });

  for (const path of PATHS) {
    it(`${path.name}: HTTP 500 releases the reservation and rethrows the AI SDK error`, async () => {
      const guard = newGuard();
      path.script({ kind: 'http-error', status: 500 });
      const before = emu.count(path.endpoint);
      const call = guard.run(path.reserve, () => generateText({ model: path.model(), prompt: 'x', maxRetries: 0 }));
      await expect(call).rejects.toSatisfy((error: unknown) => APICallError.isInstance(error) && error.statusCode === 500);
      expect(emu.count(path.endpoint)).toBe(before + 1);
      await expectNothingSpent(guard);
    });
  }
});

describe('AI SDK streamText (fullStream)', () => {
  it('OpenAI provider: fully read, cache read, reasoning, "priority" reported → exact at priority', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'openai-responses', service_tier: 'priority', usage: { input_tokens: 6000, output_tokens: 900, cached_tokens: 3000, reasoning_tokens: 300 } });
    const started = await guard.runStream(PATHS[0]!.reserve, () =>
      streamText({ model: openai(GPT), prompt: 'Say hello.', maxRetries: 0, providerOptions: { openai: { serviceTier: 'priority' } } }).fullStream,
    );
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    expect(chunks.at(-1)?.type).toBe('finish');
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, GPT, 'priority', { inputTokens: 6000, cachedInputTokens: 3000, outputTokens: 900, reasoningTokens: 300 });
    await expectSettled(guard);
  });

  it('Anthropic provider: fully read, 5m and 1h writes, read, web searches → exact (hand-worked $0.02755)', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'anthropic',
      usage: CLAUDE_CACHED_USAGE,
    });
    const started = await guard.runStream(PATHS[1]!.reserve, () => streamText({ model: anthropic(HAIKU), prompt: 'Say hello.', maxRetries: 0 }).fullStream);
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    expect(chunks.at(-1)?.type).toBe('finish');
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(
      commit,
      HAIKU,
      'standard',
      { inputTokens: 13_050, cachedInputTokens: 10_000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, outputTokens: 400, webSearchCalls: 2 },
      '0.02755',
    );
    await expectSettled(guard);
  });

  for (const path of PATHS) {
    describe(path.name, () => {
      it('aborted with abortSignal mid-way → worst case', async () => {
        const guard = newGuard();
        const controller = new AbortController();
        path.script({ kind: 'stall', afterEvents: 5 });
        const started = await guard.runStream(path.reserve, () =>
          streamText({ model: path.model(), prompt: 'x', maxRetries: 0, abortSignal: controller.signal }).fullStream,
        );
        if (!started.ok) throw new Error('refused');
        const { chunks } = await drain(started.stream, (part) => {
          if (part.type === 'text-delta') controller.abort();
        });
        expect(texts(chunks).length).toBeGreaterThanOrEqual(1);
        expect(chunks.some((part) => part.type === 'finish')).toBe(false);
        const commit = await within(started.committed, SETTLE_MS, 'committed');
        // fullStream reports the abort as an `abort` part and ends without throwing.
        expectWorstCase(commit, started.reservation, ['stream-incomplete']);
        await expectSettled(guard);
      });

      it('consumer breaks mid-way → worst case, stream-incomplete', async () => {
        const guard = newGuard();
        path.script({ kind: 'stall', afterEvents: 5 });
        const started = await guard.runStream(path.reserve, () => streamText({ model: path.model(), prompt: 'x', maxRetries: 0 }).fullStream);
        if (!started.ok) throw new Error('refused');
        const types: string[] = [];
        for await (const part of started.stream) {
          types.push(part.type);
          if (part.type === 'text-delta') break;
        }
        expect(types[0]).toBe('start');
        expect(types.at(-1)).toBe('text-delta');
        const commit = await within(started.committed, SETTLE_MS, 'committed');
        expectWorstCase(commit, started.reservation, ['stream-incomplete']);
        await expectSettled(guard);
      });

      it('socket dropped mid-stream → worst case, stream-incomplete', async () => {
        const guard = newGuard();
        path.script({ kind: 'drop', afterEvents: 5 });
        const started = await guard.runStream(path.reserve, () => streamText({ model: path.model(), prompt: 'x', maxRetries: 0 }).fullStream);
        if (!started.ok) throw new Error('refused');
        const { chunks, error } = await drain(started.stream);
        expect(texts(chunks).length).toBeGreaterThanOrEqual(1);
        // The AI SDK reports the failure as an `error` part (or a throw).
        expect(error !== undefined || chunks.some((part) => part.type === 'error')).toBe(true);
        const commit = await within(started.committed, SETTLE_MS, 'committed');
        expectWorstCase(commit, started.reservation, ['stream-incomplete']);
        await expectSettled(guard);
      });

      it('HTTP 500 releases the reservation; the APICallError reaches the consumer', async () => {
        const guard = newGuard();
        path.script({ kind: 'http-error', status: 500 });
        const before = emu.count(path.endpoint);
        let thrown: unknown;
        let chunks: Part[] = [];
        try {
          // onError: the AI SDK logs stream errors to the console by default.
          const started = await guard.runStream(path.reserve, () => streamText({ model: path.model(), prompt: 'x', maxRetries: 0, onError: () => undefined }).fullStream);
          if (!started.ok) throw new Error('refused');
          const read = await drain(started.stream);
          chunks = read.chunks;
          thrown = read.error;
          await within(
            started.committed.then(
              () => undefined,
              () => undefined,
            ),
            SETTLE_MS,
            'committed',
          );
        } catch (error) {
          thrown = error;
        }
        expect(emu.count(path.endpoint)).toBe(before + 1);
        const surfaced = thrown ?? chunks.find((part) => part.type === 'error')?.error;
        expect(APICallError.isInstance(surfaced) && surfaced.statusCode === 500, 'the APICallError (500) is surfaced').toBe(true);
        expect(texts(chunks)).toEqual([]);
        await expectNothingSpent(guard);
      });

      it('never iterated, closed with stream.return() → worst case', async () => {
        const guard = newGuard();
        path.script(undefined);
        const before = emu.count(path.endpoint);
        const started = await guard.runStream(path.reserve, () => streamText({ model: path.model(), prompt: 'x', maxRetries: 0 }).fullStream);
        if (!started.ok) throw new Error('refused');
        // streamText sends its request on its own, whether or not fullStream is read: wait for it.
        await waitFor(() => emu.count(path.endpoint) === before + 1);
        await started.stream.return(undefined);
        const commit = await within(started.committed, SETTLE_MS, 'committed');
        expectWorstCase(commit, started.reservation, ['stream-incomplete']);
        await expectSettled(guard);
      });

      it('never iterated and never closed → committed settles by itself at the reservation expiry', async () => {
        const guard = newGuard();
        path.script(undefined);
        const t0 = Date.now();
        const started = await guard.runStream({ ...path.reserve, ttlMs: 200 }, () => streamText({ model: path.model(), prompt: 'x', maxRetries: 0 }).fullStream);
        if (!started.ok) throw new Error('refused');
        const commit = await within(started.committed, SETTLE_MS, 'committed (never iterated)');
        expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
        expectWorstCase(commit, started.reservation, ['stream-incomplete']);
        await expectSettled(guard);
      });
    });
  }
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
