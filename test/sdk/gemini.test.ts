// Issue 9's matrix, Google Gen AI SDK (@google/genai 2.32) over the local emulator:
// generateContent and streamGenerateContent (SSE), through createBudgetGuard. Written to the
// contract (see harness.ts).
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { Emulator, GeminiUsageScript } from './emulator.js';
import { drain, expectExact, expectNothingSpent, expectSettled, expectWorstCase, newGuard, SETTLE_MS, within, useEmulator } from './harness.js';

const MODEL = 'gemini-2.5-flash';
// 20,000 × $0.30 + 4,000 × $2.50 per million = $0.016
const RESERVE = { model: MODEL, inputTokens: 20_000, maxOutputTokens: 4_000 } as const;
const TEXT = ['Hello', ' from', ' the', ' emulator', '.'];

let emu: Emulator;
let ai: GoogleGenAI;

useEmulator((started) => {
  emu = started;
  ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: emu.url, retryOptions: { attempts: 1 } } });
});

function texts(chunks: readonly GenerateContentResponse[]): string[] {
  return chunks.map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '');
}

function stream(signal?: AbortSignal) {
  return ai.models.generateContentStream({ model: MODEL, contents: 'Say hello.', config: { maxOutputTokens: 4000, ...(signal === undefined ? {} : { abortSignal: signal }) } });
}

/** thoughts EXCLUDED from candidates: total = prompt + candidates + thoughts */
const THOUGHTS_APART: GeminiUsageScript = { promptTokenCount: 1000, cachedContentTokenCount: 400, candidatesTokenCount: 200, thoughtsTokenCount: 800, totalTokenCount: 2000 };
/** thoughts INCLUDED in candidates: total = prompt + candidates */
const THOUGHTS_INSIDE: GeminiUsageScript = { promptTokenCount: 1000, cachedContentTokenCount: 400, candidatesTokenCount: 1000, thoughtsTokenCount: 800, totalTokenCount: 2000 };
// Either way: 1,000 input of which 400 cached, 1,000 output of which 800 thoughts.
// 600 × 0.30 + 400 × 0.03 + 1,000 × 2.50 per million = $0.002692
const THOUGHTS_USAGE = { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 1000, reasoningTokens: 800 } as const;

describe('Gemini generateContent, plain', () => {
  it('cache read, thoughts EXCLUDED from candidatesTokenCount (total = prompt + candidates + thoughts) → thoughts added', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_APART });
    const before = emu.count('gemini');
    const result = await guard.run(RESERVE, () => ai.models.generateContent({ model: MODEL, contents: 'Say hello.' }));
    expect(emu.count('gemini')).toBe(before + 1);
    if (!result.ok) throw new Error('refused');
    expect(result.response.text).toBe(TEXT.join(''));
    expectExact(result.commit, MODEL, 'standard', THOUGHTS_USAGE, '0.002692');
    await expectSettled(guard);
  });

  it('thoughts INCLUDED in candidatesTokenCount (total = prompt + candidates) → thoughts not billed twice', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_INSIDE });
    const result = await guard.run(RESERVE, () => ai.models.generateContent({ model: MODEL, contents: 'Say hello.' }));
    if (!result.ok) throw new Error('refused');
    expect(result.response.usageMetadata?.candidatesTokenCount).toBe(1000);
    expectExact(result.commit, MODEL, 'standard', THOUGHTS_USAGE, '0.002692');
    await expectSettled(guard);
  });

  it('tool-use prompt tokens with AUDIO modality are billed at the audio input rate (hand-worked $0.0015)', async () => {
    const guard = newGuard();
    emu.script({
      endpoint: 'gemini',
      usage: {
        promptTokenCount: 2000,
        promptTokensDetails: [
          { modality: 'TEXT', tokenCount: 1500 },
          { modality: 'AUDIO', tokenCount: 500 },
        ],
        toolUsePromptTokenCount: 300,
        toolUsePromptTokensDetails: [{ modality: 'AUDIO', tokenCount: 300 }],
        candidatesTokenCount: 100,
        totalTokenCount: 2400,
      },
    });
    const result = await guard.run({ ...RESERVE, audioInput: true }, () => ai.models.generateContent({ model: MODEL, contents: 'Transcribe.' }));
    if (!result.ok) throw new Error('refused');
    // 1,500 × 0.30 (text) + 800 × 1.00 (audio: 500 prompt + 300 tool-use) + 100 × 2.50 per million
    expectExact(result.commit, MODEL, 'standard', { inputTokens: 2300, audioInputTokens: 800, outputTokens: 100 }, '0.0015');
    await expectSettled(guard);
  });

  for (const status of [500, 429] as const) {
    it(`HTTP ${status} releases the reservation and rethrows the SDK error`, async () => {
      const guard = newGuard();
      emu.script({ endpoint: 'gemini', behaviour: { kind: 'http-error', status }, usage: { promptTokenCount: 1, totalTokenCount: 1 } });
      const before = emu.count('gemini');
      const call = guard.run(RESERVE, () => ai.models.generateContent({ model: MODEL, contents: 'x' }));
      await expect(call).rejects.toBeInstanceOf(ApiError);
      await expect(call).rejects.toMatchObject({ status });
      expect(emu.count('gemini')).toBe(before + 1);
      await expectNothingSpent(guard);
    });
  }
});

describe('Gemini streamGenerateContent', () => {
  it('fully read, thoughts EXCLUDED from candidates → exact (final usageMetadata, not a running one)', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_APART });
    const started = await guard.runStream(RESERVE, () => stream());
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    expect(emu.requests.at(-1)?.path).toContain(':streamGenerateContent?alt=sse');
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, MODEL, 'standard', THOUGHTS_USAGE, '0.002692');
    await expectSettled(guard);
  });

  it('fully read, thoughts INCLUDED in candidates → exact, thoughts not billed twice', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_INSIDE });
    const started = await guard.runStream(RESERVE, () => stream());
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(error).toBeUndefined();
    expect(texts(chunks)).toEqual(TEXT);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectExact(commit, MODEL, 'standard', THOUGHTS_USAGE, '0.002692');
    await expectSettled(guard);
  });

  it('aborted with config.abortSignal mid-way → worst case (the running usageMetadata is not the bill)', async () => {
    const guard = newGuard();
    const controller = new AbortController();
    emu.script({ endpoint: 'gemini', behaviour: { kind: 'stall', afterEvents: 3 }, usage: THOUGHTS_APART });
    const started = await guard.runStream(RESERVE, () => stream(controller.signal));
    if (!started.ok) throw new Error('refused');
    const { chunks } = await drain(started.stream, (_chunk, index) => {
      if (index === 1) controller.abort();
    });
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThanOrEqual(3);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('consumer breaks mid-way → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', behaviour: { kind: 'stall', afterEvents: 3 }, usage: THOUGHTS_APART });
    const started = await guard.runStream(RESERVE, () => stream());
    if (!started.ok) throw new Error('refused');
    const seen: string[] = [];
    for await (const chunk of started.stream) {
      seen.push(texts([chunk])[0] ?? '');
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['Hello', ' from']);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('socket dropped mid-stream → worst case, stream-incomplete', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', behaviour: { kind: 'drop', afterEvents: 3 }, usage: THOUGHTS_APART });
    const started = await guard.runStream(RESERVE, () => stream());
    if (!started.ok) throw new Error('refused');
    const { chunks, error } = await drain(started.stream);
    expect(chunks.length).toBe(3);
    expect(error).toBeDefined();
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('HTTP 500 releases the reservation and rethrows', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', behaviour: { kind: 'http-error', status: 500 }, usage: { promptTokenCount: 1, totalTokenCount: 1 } });
    await expect(guard.runStream(RESERVE, () => stream())).rejects.toBeInstanceOf(ApiError);
    expect(emu.requests.at(-1)?.endpoint).toBe('gemini');
    await expectNothingSpent(guard);
  });

  it('never iterated, closed with stream.return() → worst case', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_APART });
    const started = await guard.runStream(RESERVE, () => stream());
    if (!started.ok) throw new Error('refused');
    expect(emu.requests.at(-1)?.endpoint).toBe('gemini');
    await started.stream.return(undefined);
    const commit = await within(started.committed, SETTLE_MS, 'committed');
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });

  it('never iterated and never closed → committed settles by itself at the reservation expiry', async () => {
    const guard = newGuard();
    emu.script({ endpoint: 'gemini', usage: THOUGHTS_APART });
    const t0 = Date.now();
    const started = await guard.runStream({ ...RESERVE, ttlMs: 200 }, () => stream());
    if (!started.ok) throw new Error('refused');
    const commit = await within(started.committed, SETTLE_MS, 'committed (never iterated)');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expectWorstCase(commit, started.reservation, ['stream-incomplete']);
    await expectSettled(guard);
  });
});
