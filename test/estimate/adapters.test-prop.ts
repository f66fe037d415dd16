import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usageFromAiSdk, usageFromAnthropic, usageFromGemini, usageFromOpenAI } from '../../src/estimate/adapters.js';
import { estimateCost } from '../../src/estimate/estimate.js';
import { isLlmSpendError } from '../../src/errors.js';
import type { Usage } from '../../src/estimate/usage.js';

// Reproducible: FC_SEED=123 npx vitest run test/estimate/adapters.test-prop.ts
const seed = Number(process.env['FC_SEED'] ?? 42);
const options = { seed, numRuns: 300 };

const count = fc.integer({ min: 0, max: 10_000_000 });
/** A count and a part of it. */
const wholeAndPart = count.chain((whole) => fc.tuple(fc.constant(whole), fc.integer({ min: 0, max: whole })));
/** Anything that is not a valid token count. */
const badCount = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ min: 0.001, max: 1e6, noInteger: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, -0.5),
  fc.string(),
  fc.boolean(),
  fc.constant({}),
);

function wellFormed(usage: Usage): void {
  for (const [key, value] of Object.entries(usage)) {
    expect(value, key).not.toBeUndefined();
    expect(Number.isSafeInteger(value) && (value as number) >= 0, `${key} = ${String(value)}`).toBe(true);
  }
  const parts = (usage.cachedInputTokens ?? 0) + (usage.cacheWriteTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
  expect(parts).toBeLessThanOrEqual(usage.inputTokens);
  expect(usage.reasoningTokens ?? 0).toBeLessThanOrEqual(usage.outputTokens);
}

function throwsInvalidUsage(call: () => unknown): boolean {
  try {
    call();
  } catch (error) {
    return isLlmSpendError(error, 'INVALID_USAGE');
  }
  return false;
}

describe('adapter properties', () => {
  it('openai: inputTokens = prompt_tokens and outputTokens = completion_tokens (parts never added) for any counts', () => {
    fc.assert(
      fc.property(wholeAndPart, wholeAndPart, fc.boolean(), ([prompt, cached], [completion, reasoning], responsesApi) => {
        const usage = responsesApi
          ? usageFromOpenAI({ input_tokens: prompt, output_tokens: completion, input_tokens_details: { cached_tokens: cached }, output_tokens_details: { reasoning_tokens: reasoning } })
          : usageFromOpenAI({ usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: cached }, completion_tokens_details: { reasoning_tokens: reasoning } } });
        expect(usage.inputTokens).toBe(prompt);
        expect(usage.outputTokens).toBe(completion);
        expect(usage.cachedInputTokens ?? 0).toBe(cached);
        expect(usage.reasoningTokens ?? 0).toBe(reasoning);
        wellFormed(usage);
      }),
      options,
    );
  });

  it('openai: cached_tokens > prompt_tokens always throws INVALID_USAGE', () => {
    fc.assert(
      fc.property(count, fc.integer({ min: 1, max: 1000 }), (prompt, extra) =>
        throwsInvalidUsage(() => usageFromOpenAI({ prompt_tokens: prompt, completion_tokens: 1, prompt_tokens_details: { cached_tokens: prompt + extra } })),
      ),
      options,
    );
  });

  it('anthropic: inputTokens = input + cache reads + cache writes for any counts, and writes 5m + 1h = cache_creation_input_tokens', () => {
    fc.assert(
      fc.property(count, count, count, count, count, fc.boolean(), (input, reads, w5m, w1h, output, withSplit) => {
        const raw = withSplit
          ? { input_tokens: input, cache_read_input_tokens: reads, cache_creation_input_tokens: w5m + w1h, cache_creation: { ephemeral_5m_input_tokens: w5m, ephemeral_1h_input_tokens: w1h }, output_tokens: output }
          : { input_tokens: input, cache_read_input_tokens: reads, cache_creation_input_tokens: w5m + w1h, output_tokens: output };
        const usage = usageFromAnthropic(raw);
        expect(usage.inputTokens).toBe(input + reads + w5m + w1h);
        expect(usage.cachedInputTokens ?? 0).toBe(reads);
        expect((usage.cacheWriteTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0)).toBe(w5m + w1h);
        expect(usage.cacheWrite1hTokens ?? 0).toBe(withSplit ? w1h : 0);
        expect(usage.outputTokens).toBe(output);
        expect(usage.reasoningTokens).toBeUndefined();
        wellFormed(usage);
      }),
      options,
    );
  });

  it('anthropic: a 5m/1h split that does not add up to cache_creation_input_tokens always throws', () => {
    fc.assert(
      fc.property(count, count, count, (w5m, w1h, declared) => {
        fc.pre(declared !== w5m + w1h);
        return throwsInvalidUsage(() =>
          usageFromAnthropic({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: declared, cache_creation: { ephemeral_5m_input_tokens: w5m, ephemeral_1h_input_tokens: w1h } }),
        );
      }),
      options,
    );
  });

  it('gemini: output = candidates + thoughts and reasoning ≤ output; input = prompt + tool-use prompt', () => {
    fc.assert(
      fc.property(wholeAndPart, count, count, count, ([prompt, cached], candidates, thoughts, toolUse) => {
        const usage = usageFromGemini({
          usageMetadata: { promptTokenCount: prompt, cachedContentTokenCount: cached, candidatesTokenCount: candidates, thoughtsTokenCount: thoughts, toolUsePromptTokenCount: toolUse },
        });
        expect(usage.outputTokens).toBe(candidates + thoughts);
        expect(usage.reasoningTokens ?? 0).toBe(thoughts);
        expect(usage.reasoningTokens ?? 0).toBeLessThanOrEqual(usage.outputTokens);
        expect(usage.inputTokens).toBe(prompt + toolUse);
        expect(usage.cachedInputTokens ?? 0).toBe(cached);
        wellFormed(usage);
      }),
      options,
    );
  });

  it('gemini: audioInputTokens = prompt AUDIO − cached AUDIO when that is ≥ 0, and throws (never floors) when it is negative', () => {
    fc.assert(
      fc.property(count, count, count, count, (textPrompt, audioPrompt, textCached, audioCached) => {
        fc.pre(textCached <= textPrompt);
        const call = () =>
          usageFromGemini({
            promptTokenCount: textPrompt + audioPrompt,
            cachedContentTokenCount: textCached + audioCached,
            promptTokensDetails: [
              { modality: 'TEXT', tokenCount: textPrompt },
              { modality: 'AUDIO', tokenCount: audioPrompt },
            ],
            cacheTokensDetails: [
              { modality: 'TEXT', tokenCount: textCached },
              { modality: 'AUDIO', tokenCount: audioCached },
            ],
          });
        if (audioCached > audioPrompt) {
          expect(throwsInvalidUsage(call)).toBe(true);
        } else {
          const usage = call();
          expect(usage.audioInputTokens ?? 0).toBe(audioPrompt - audioCached);
          wellFormed(usage);
        }
      }),
      options,
    );
  });

  it('ai sdk: v5 and v6 shapes of the same usage give the same canonical usage', () => {
    fc.assert(
      fc.property(count, count, count, wholeAndPart, (noCache, reads, writes, [output, reasoning]) => {
        const input = noCache + reads + writes;
        const v6 = usageFromAiSdk({
          inputTokens: input,
          inputTokenDetails: { noCacheTokens: noCache, cacheReadTokens: reads, cacheWriteTokens: writes },
          outputTokens: output,
          outputTokenDetails: { textTokens: output - reasoning, reasoningTokens: reasoning },
          totalTokens: input + output,
          reasoningTokens: reasoning,
          cachedInputTokens: reads,
        });
        const v5 = usageFromAiSdk({ inputTokens: input, outputTokens: output, totalTokens: input + output, reasoningTokens: reasoning, cachedInputTokens: reads });
        expect(v6.inputTokens).toBe(input);
        expect(v6.cacheWriteTokens ?? 0).toBe(writes);
        const { cacheWriteTokens: _writes, ...v6WithoutWrites } = v6;
        expect(v6WithoutWrites).toEqual(v5);
        wellFormed(v6);
        wellFormed(v5);
      }),
      options,
    );
  });

  it('ai sdk v5: cachedInputTokens > inputTokens always throws INVALID_USAGE', () => {
    fc.assert(
      fc.property(count, fc.integer({ min: 1, max: 1000 }), (input, extra) =>
        throwsInvalidUsage(() => usageFromAiSdk({ inputTokens: input, outputTokens: 1, cachedInputTokens: input + extra })),
      ),
      options,
    );
  });

  it('all adapters: a bad value in any count field throws INVALID_USAGE and never returns a usage', () => {
    const cases = [
      (bad: unknown) => usageFromOpenAI({ prompt_tokens: bad, completion_tokens: 1 }),
      (bad: unknown) => usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: bad } }),
      (bad: unknown) => usageFromOpenAI({ input_tokens: 10, output_tokens: bad }),
      (bad: unknown) => usageFromAnthropic({ input_tokens: bad, output_tokens: 1 }),
      (bad: unknown) => usageFromAnthropic({ input_tokens: 1, output_tokens: 1, cache_read_input_tokens: bad }),
      (bad: unknown) => usageFromAnthropic({ input_tokens: 1, output_tokens: 1, cache_creation: { ephemeral_1h_input_tokens: bad } }),
      (bad: unknown) => usageFromGemini({ promptTokenCount: bad }),
      (bad: unknown) => usageFromGemini({ promptTokenCount: 10, thoughtsTokenCount: bad }),
      (bad: unknown) => usageFromGemini({ promptTokenCount: 10, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: bad }] }),
      (bad: unknown) => usageFromAiSdk({ inputTokens: bad, outputTokens: 1 }),
      (bad: unknown) => usageFromAiSdk({ inputTokens: 10, outputTokens: 1, inputTokenDetails: { cacheWriteTokens: bad } }),
    ];
    fc.assert(
      fc.property(badCount, fc.integer({ min: 0, max: cases.length - 1 }), (bad, index) => throwsInvalidUsage(() => cases[index]?.(bad))),
      options,
    );
  });

  it('all adapters: any accepted usage is priced by estimateCost without INVALID_USAGE, and its total is not negative', () => {
    fc.assert(
      fc.property(count, count, count, count, (a, b, c, d) => {
        const priced = [
          ['gpt-4o-mini', usageFromOpenAI({ prompt_tokens: a + b, completion_tokens: c + d, prompt_tokens_details: { cached_tokens: b }, completion_tokens_details: { reasoning_tokens: d } })],
          ['claude-haiku-4-5', usageFromAnthropic({ input_tokens: a, cache_read_input_tokens: b, cache_creation_input_tokens: c + d, cache_creation: { ephemeral_5m_input_tokens: c, ephemeral_1h_input_tokens: d }, output_tokens: a })],
          ['gemini-2.5-flash', usageFromGemini({ promptTokenCount: a + b, cachedContentTokenCount: b, candidatesTokenCount: c, thoughtsTokenCount: d })],
        ] as const;
        for (const [model, usage] of priced) {
          const cost = estimateCost({ model, ...usage, aggregate: true });
          expect(cost.total.startsWith('-')).toBe(false);
        }
      }),
      options,
    );
  });
});
